"""A .docx handed to `diff` may come from anywhere: hostile or broken files end plainly.

Each case is a small archive built here: an external entity, an entity bomb, a zip
bomb, too many entries, a missing document part, and a file that is no zip at all.
Every one must end with exit code 2, a message naming the file, and no traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.build import produce
from reportgen.cli import main
from reportgen.review import untrusted
from tests.conftest import BENXI

DOCUMENT = "word/document.xml"
BODY = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return produce(BENXI, tmp_path_factory.mktemp("good")).directory / "绩效评价报告.docx"


def _archive(path: Path, parts: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def _diff(good: Path, bad: Path) -> str:
    result = CliRunner().invoke(main, ["diff", str(good), str(bad)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert bad.name in result.output
    return result.output


def test_external_entities_are_never_resolved(good: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        + BODY.format(text="&x;")
    )
    output = _diff(good, _archive(tmp_path / "xxe.docx", {DOCUMENT: xxe}))
    assert "declares a DTD" in output
    assert "机密内容" not in output


def test_entity_bombs_are_refused(good: Path, tmp_path: Path) -> None:
    entities = '<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
    )
    bomb = f"<!DOCTYPE w:document [{entities}]>" + BODY.format(text="&i;")
    assert "declares a DTD" in _diff(good, _archive(tmp_path / "laughs.docx", {DOCUMENT: bomb}))


def test_zip_bombs_are_refused_while_unpacking(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(untrusted, "MAX_UNPACKED", 8 * 1024 * 1024)
    zeros = BODY.format(text="0" * (16 * 1024 * 1024))
    output = _diff(good, _archive(tmp_path / "bomb.docx", {DOCUMENT: zeros}))
    assert "unpacks" in output


def test_archives_with_absurdly_many_entries_are_refused(good: Path, tmp_path: Path) -> None:
    parts: dict[str, bytes | str] = {f"junk/{i}.xml": "" for i in range(untrusted.MAX_ENTRIES + 1)}
    assert "entries" in _diff(good, _archive(tmp_path / "many.docx", parts))


def test_a_file_that_is_no_document_is_reported_plainly(good: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.docx"
    text.write_text("不是Word文档", encoding="utf-8")
    assert "not a zip archive" in _diff(good, text)
    empty = _archive(tmp_path / "empty.docx", {"other.xml": "<a/>"})
    assert "it has no word/document.xml" in _diff(good, empty)
    broken = _archive(tmp_path / "broken.docx", {DOCUMENT: "<w:document><w:body>"})
    assert "not well-formed XML" in _diff(good, broken)


def test_a_missing_draft_is_named(good: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["diff", str(good), str(tmp_path / "nowhere.docx")])
    assert result.exit_code == 2
    assert "nowhere.docx: no such file or folder" in result.output
