"""Free fonts of the same style for the official ones, for PDFs made without them.

Chinese government documents are set in 仿宋_GB2312, 楷体_GB2312, 黑体 and
方正小标宋简体, which are not free and rarely installed on a server. LibreOffice
finds fonts through fontconfig on Linux, so its converter is given a
configuration that maps each missing official family to a free one from Debian
(fonts-noto-cjk, fonts-arphic-ukai, fonts-liberation2); a family that is
installed is left alone, so the real fonts, where present, give exact output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from reportgen.render.xml import escape


@dataclass(frozen=True)
class Substitute:
    families: tuple[str, ...]  # the official family and the names it goes by
    free: tuple[str, ...]  # free families of the same style, the first installed wins
    bold: bool = False  # a heavy face: the free family's bold stands in for it


SUBSTITUTES = (
    Substitute(("仿宋_GB2312", "仿宋", "FangSong", "FangSong_GB2312"), ("Noto Serif CJK SC",)),
    Substitute(
        ("楷体_GB2312", "楷体", "KaiTi", "KaiTi_GB2312"),
        ("AR PL UKai CN", "LXGW WenKai", "Noto Serif CJK SC"),
    ),
    Substitute(("黑体", "SimHei"), ("Noto Sans CJK SC",)),
    Substitute(("宋体", "SimSun", "NSimSun"), ("Noto Serif CJK SC",)),
    Substitute(
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S"), ("Noto Serif CJK SC",), True
    ),
    Substitute(("Times New Roman",), ("Liberation Serif", "DejaVu Serif")),
)
SYSTEM_CONFIG = "/etc/fonts/fonts.conf"


def fontconfig_file(folder: Path) -> Path | None:
    """Write the configuration into `folder` and return it (None where fontconfig is not
    what LibreOffice uses, or nothing needs a substitute)."""
    installed = installed_families()
    if installed is None:
        return None
    rules = [
        _rule(family, free, substitute.bold)
        for substitute in SUBSTITUTES
        if not installed & {f.casefold() for f in substitute.families}
        and (free := next((f for f in substitute.free if f.casefold() in installed), None))
        for family in substitute.families
    ]
    if not rules:
        return None
    system = os.environ.get("FONTCONFIG_FILE") or SYSTEM_CONFIG
    path = folder / "fonts.conf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>\n  <include ignore_missing="yes">{escape(system)}</include>\n'
        + "".join(rules)
        + "</fontconfig>\n",
        encoding="utf-8",
    )
    return path


def installed_families() -> set[str] | None:
    """Every family fontconfig knows, case-folded (None without fontconfig)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, "--format", "%{family}\n"],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=30,
            check=True,
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip().casefold() for line in listed.splitlines() for name in line.split(",")}


def _rule(family: str, free: str, bold: bool) -> str:
    weight = '    <edit name="weight" mode="assign"><const>bold</const></edit>\n' if bold else ""
    return (
        '  <match target="pattern">\n'
        f'    <test name="family"><string>{escape(family)}</string></test>\n'
        f'    <edit name="family" mode="assign" binding="strong"><string>{escape(free)}</string>'
        "</edit>\n"
        f"{weight}"
        "  </match>\n"
    )
