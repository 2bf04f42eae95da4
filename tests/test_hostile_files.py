"""Hostile files on the other side of a build: the output folder, drafts for diff, templates.

Each ends with exit code 2, a message naming the file (and --output where the
output folder is at fault), no traceback, and nothing written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hostile
import pytest
from hostile import SCENARIOS, run, snapshot

# — the output folder ————————————————————————————————————————————————————————————————


def output_is(kind: str) -> Callable[[Path, Path], tuple[Path, str]]:
    """Damage to the output side: returns the -o to use and the path the message names."""

    def damage(tree: Path, out: Path) -> tuple[Path, str]:
        if kind == "file":
            target = tree.parent / "report.txt"
            target.write_text("x")
            return target, "report.txt"
        if kind == "parent file":
            target = tree.parent / "report.txt"
            target.write_text("x")
            return target / "out", "report.txt"
        if kind == "unit folder file":
            shutil.rmtree(out / "benxi-2022")
            (out / "benxi-2022").write_text("x")
            return out, "out/benxi-2022"
        if kind == "unit folder link":
            shutil.rmtree(out / "benxi-2022")
            (tree.parent / "elsewhere").mkdir()
            (out / "benxi-2022").symlink_to(tree.parent / "elsewhere")
            return out, "out/benxi-2022"
        raise AssertionError(kind)

    return damage


OUTPUT_CASES = ["file", "parent file", "unit folder file", "unit folder link"]


@pytest.mark.parametrize("kind", OUTPUT_CASES)
def test_an_unusable_output_folder_ends_plainly(
    kind: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    out = tree.parent / "out"
    assert run("build", str(tree / "benxi-2022"), "-o", str(out))[0] == 0
    target, named = output_is(kind)(tree, out)
    before = snapshot(tree.parent, tree)
    message = re.escape(named) + r" --output: the output is a file( or a link)?, not a folder"
    code, output = run("build", str(tree / "benxi-2022"), "-o", str(target))
    assert code == 2, output
    assert "Traceback" not in output
    assert re.search(message, output), output
    assert snapshot(tree.parent, tree) == before
    # A batch reports the unit it could not write and builds the rest (and its summary).
    code, output = run("batch", str(tree), "-o", str(target))
    assert code == 2, output
    assert "Traceback" not in output
    assert re.search(message, output), output


# — drafts handed to diff ——————————————————————————————————————————————————————————————


DRAFT_CASES = [
    "encrypted",
    "deflate64",
    "aes",
    "deep scores",
    "scores not json",
    "truncated",
    "text",
]


@pytest.mark.parametrize("kind", DRAFT_CASES)
def test_a_hostile_draft_ends_plainly(
    kind: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    assert run("build", str(tree / "benxi-2022"), "-o", "old")[0] == 0
    assert run("build", str(tree / "benxi-2022"), "-o", "new")[0] == 0
    draft = Path("new/benxi-2022/绩效评价报告.docx")
    scores = Path("new/benxi-2022/scores.json")
    data = draft.read_bytes()
    if kind == "encrypted":
        draft.write_bytes(hostile.with_flag(data, 1))
    elif kind == "deflate64":
        draft.write_bytes(hostile.with_method(data, 9))
    elif kind == "aes":
        draft.write_bytes(hostile.with_method(data, 99))
    elif kind == "deep scores":
        scores.write_text("[" * 100000 + "]" * 100000)
    elif kind == "scores not json":
        scores.write_text("{not json")
    elif kind == "truncated":
        draft.write_bytes(data[: len(data) // 3])
    elif kind == "text":
        draft.write_text("not a document")
    named = "new/benxi-2022/scores.json" if "scores" in kind else "new/benxi-2022/绩效评价报告.docx"
    before = snapshot(tree.parent, tree)
    for args in (("old", "new"), ("old/benxi-2022/绩效评价报告.docx", str(draft))):
        if "scores" in kind and args[0] != "old":
            continue
        code, output = run("diff", *args)
        assert code == 2, output
        assert "Traceback" not in output
        assert re.search(re.escape(named) + r"(:\d+)?: ", output), output
    assert snapshot(tree.parent, tree) == before


@pytest.mark.parametrize("kind", hostile.BEYOND_BOUNDS)
def test_a_draft_beyond_the_bounds_ends_plainly(
    kind: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft whose document declares too much (a cell spanning a billion columns, a
    table of too many rows…) is refused before anything reads it: by diff of the two
    drafts, of their folders and with --redline, by import, and by build --compare-to."""
    monkeypatch.chdir(tree.parent)
    assert run("build", str(tree / "benxi-2022"), "-o", "old")[0] == 0
    shutil.copytree("old", "new")
    draft = Path("new/benxi-2022/绩效评价报告.docx")
    draft.write_bytes(hostile.beyond_bounds(draft.read_bytes(), kind))
    named = re.escape(str(draft))
    _, says = hostile.BEYOND_BOUNDS[kind]
    message = named + r": not a readable Word document: word/document\.xml: " + re.escape(says)
    before = snapshot(tree.parent, tree)
    for args in (
        ("diff", "old", "new"),
        ("diff", "old/benxi-2022/绩效评价报告.docx", str(draft)),
        ("diff", "old/benxi-2022/绩效评价报告.docx", str(draft), "--redline", "redline.docx"),
        ("import", str(draft), "-o", "imported"),
        ("build", str(tree / "benxi-2022"), "-o", "built", "--compare-to", "new"),
    ):
        code, output = run(*args)
        assert code == 2, (args, output)
        assert "Traceback" not in output
        assert re.search(message, output), (args, output)
    assert snapshot(tree.parent, tree) == before


def _without_privileges() -> None:
    """In the child: root no longer overrides permissions (the bounding set loses
    CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH and CAP_FOWNER before Python is executed)."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2, 3):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "cannot drop a capability")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="permissions as Linux has them")
def test_a_read_only_output_folder_ends_plainly(tree: Path) -> None:
    """A read-only output folder, and a read-only parent of one to be made."""
    work = tree.parent
    command = [sys.executable, "-m", "reportgen.cli", "build", "scenarios/benxi-2022", "-o"]
    subprocess.run([*command, "out"], cwd=work, check=True, capture_output=True)
    (work / "locked").mkdir()
    before = snapshot(work, tree)
    for folder in (work / "out", work / "locked", *(work / "out").rglob("*")):
        folder.chmod(0o555 if folder.is_dir() else 0o444)
    try:
        for target, named in (("out", "out"), ("locked/new", "locked")):
            result = subprocess.run(
                [*command, target],
                cwd=work,
                capture_output=True,
                text=True,
                preexec_fn=_without_privileges if os.geteuid() == 0 else None,
            )
            assert result.returncode == 2, result.stdout + result.stderr
            assert "Traceback" not in result.stderr
            assert re.search(
                rf"{named}\S* --output: the output cannot be written: Permission denied",
                result.stderr,
            ), result.stderr
        assert snapshot(work, tree) == before
    finally:
        for folder in (work / "out", work / "locked", *(work / "out").rglob("*")):
            folder.chmod(0o755 if folder.is_dir() else 0o644)


# — templates handed to --template ——————————————————————————————————————————————————

SHIPPED_TEMPLATE = SCENARIOS.parent / "templates" / "docx" / "performance_report.docx"
BROKEN_PART = b"<w:document><w:body"


def _document(text: str) -> bytes:
    """A document part whose one paragraph holds `text`."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>"
    return f'<?xml version="1.0"?><w:document xmlns:w="{w}">{body}</w:document>'.encode()


TEMPLATE_CASES = {
    "text": (lambda good: b"not a document", "not a zip archive"),
    "encrypted": (lambda good: hostile.with_flag(good, 1), "it is encrypted"),
    "deflate64": (lambda good: hostile.with_method(good, 9), "compression method 9"),
    "malformed XML": (
        lambda good: hostile.replace_member(good, "word/document.xml", BROKEN_PART),
        "word/document.xml is not well-formed XML",
    ),
    "a zip bomb": (
        lambda good: hostile.with_member(good, "word/media/x.bin", b"\0" * (64 * 1024 * 1024)),
        "unpacks 200× beyond its size",
    ),
    "a filter that fails on its value": (
        lambda good: hostile.replace_member(
            good, "word/document.xml", _document("{{ project.name|money }}")
        ),
        "template error: InvalidOperation",
    ),
    "a division by zero": (
        lambda good: hostile.replace_member(good, "word/document.xml", _document("{{ 1 / 0 }}")),
        "template error: ZeroDivisionError: division by zero (near '{{ 1 / 0 }}')",
    ),
    "a range too large": (
        lambda good: hostile.replace_member(
            good, "word/document.xml", _document("{% for i in range(10**9) %}{% endfor %}")
        ),
        "template error: OverflowError",
    ),
    "a part that is not UTF-8": (
        lambda good: hostile.replace_member(
            good,
            "word/document.xml",
            '<?xml version="1.0" encoding="GBK"?><w:document xmlns:w="x">中</w:document>'.encode(
                "gbk"
            ),
        ),
        "not UTF-8 XML",
    ),
}


FAILING_WHEN_RENDERED = {
    "a filter that fails on its value",
    "a division by zero",
    "a range too large",
}


@pytest.mark.parametrize("kind", TEMPLATE_CASES)
def test_a_hostile_template_ends_plainly(
    kind: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tree.parent)
    assert run("build", str(tree / "benxi-2022"), "-o", "out")[0] == 0
    make, message = TEMPLATE_CASES[kind]
    Path("house.docx").write_bytes(make(SHIPPED_TEMPLATE.read_bytes()))
    before = snapshot(tree.parent, tree)
    commands = [("build", str(tree / "benxi-2022"), "-o", "out", "--template", "house.docx")]
    if kind not in FAILING_WHEN_RENDERED:  # `templates check` does not render
        commands.append(("templates", "check", "house.docx"))
    for args in commands:
        code, output = run(*args)
        assert code == 2, output
        assert "Traceback" not in output
        assert re.search(r"house\.docx(:\S*)?( \S+)?: .*" + re.escape(message), output), output
    assert snapshot(tree.parent, tree) == before


@pytest.mark.parametrize("kind", hostile.BEYOND_BOUNDS)
def test_a_template_beyond_the_bounds_ends_plainly(
    kind: str, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A template whose document declares too much is refused before it is compiled: by
    build --template and --templates, templates check, and render."""
    monkeypatch.chdir(tree.parent)
    assert run("build", str(tree / "benxi-2022"), "-o", "out")[0] == 0
    damaged = hostile.beyond_bounds(SHIPPED_TEMPLATE.read_bytes(), kind)
    Path("house.docx").write_bytes(damaged)
    Path("house").mkdir()
    Path("house/performance_report.docx").write_bytes(damaged)
    Path("data.json").write_text('{"project": {"name": "x"}}', encoding="utf-8")
    _, says = hostile.BEYOND_BOUNDS[kind]
    before = snapshot(tree.parent, tree)
    for args, named in (
        (
            ("build", str(tree / "benxi-2022"), "-o", "out", "--template", "house.docx"),
            "house.docx",
        ),
        (("build", str(tree / "benxi-2022"), "-o", "out", "--templates", "house"), "house/"),
        (("templates", "check", "house.docx"), "house.docx"),
        (("render", "house.docx", "data.json", "-o", "rendered.docx"), "house.docx"),
    ):
        code, output = run(*args)
        assert code == 2, (args, output)
        assert "Traceback" not in output
        expected = "not a readable Word template: word/document.xml: " + says
        assert re.search(re.escape(named) + r"\S*: " + re.escape(expected), output), output
    assert snapshot(tree.parent, tree) == before


# `score` and `check` read a scenario as a 绩效评价报告 (the schemes' own kinds they leave alone).
