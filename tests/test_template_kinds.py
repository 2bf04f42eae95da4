"""Every document kind is rendered from its own template file, taken from `--templates DIR`.

A house folder holds every shipped template, each marked with a line
of its own; every shipped scenario is built with it (one by one, and as a
batch), and every document carries the mark of exactly its kind and passes
the Open XML SDK validator — also when the house templates went through a
LibreOffice save first, as a firm's edited files often have.
"""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from reportgen.build import evaluate
from reportgen.cli import main
from reportgen.shipped import KINDS, kinds
from tests.conftest import SCENARIOS
from tests.docx_reading import full_text, open_document
from tests.external_tools import (
    describe_errors,
    require,
    save_many_as_docx,
    soffice_available,
    validate_many,
    validator_available,
)

SAMPLES = sorted(p.name for p in SCENARIOS.iterdir() if (p / "scenario.yaml").is_file())


def mark(kind: str) -> str:
    return f"本所模板：{kind}"


@pytest.fixture(scope="module", params=[False, True], ids=["edited", "libreoffice"])
def house(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every shipped template, each marked; once more as LibreOffice saves them."""
    folder = tmp_path_factory.mktemp("house")
    for kind, path in kinds().items():
        document = docx.Document(path)
        document.add_paragraph(mark(kind))
        document.save(folder / f"{kind}.docx")
    if request.param:
        require(soffice_available(), "LibreOffice (soffice)")
        files = [folder / f"{kind}.docx" for kind in KINDS]
        for saved in save_many_as_docx(files, tmp_path_factory.mktemp("saved")):
            saved.replace(folder / saved.name)
    return folder


@pytest.fixture(scope="module")
def kind_of() -> dict[tuple[str, str], str]:
    """(scenario, file name) → the document kind it is rendered as."""
    return {
        (scenario, name): document.kind
        for scenario in SAMPLES
        for name, document in evaluate(SCENARIOS / scenario).documents.items()
    }


def check_outputs(out: Path, kind_of: dict[tuple[str, str], str]) -> None:
    documents = sorted(out.glob("*/*.docx"))
    assert {(p.parent.name, p.name) for p in documents} == set(kind_of)
    assert set(kind_of.values()) == set(KINDS)
    for path in documents:
        text = full_text(open_document(path))
        kind = kind_of[(path.parent.name, path.name)]
        others = [k for k in KINDS if k != kind and mark(k) in text.split("\n")]
        assert mark(kind) in text and not others, (path.name, kind, others)
    require(validator_available(), "the Open XML SDK validator (run `npm ci`)")
    invalid = {p: e for p, e in validate_many(documents).items() if e}
    assert not invalid, "\n".join(f"{p.name}: {describe_errors(e)}" for p, e in invalid.items())


def test_build_renders_every_kind_from_the_house_folder(
    house: Path, tmp_path: Path, kind_of
) -> None:
    out = tmp_path / "out"
    for scenario in SAMPLES:
        result = CliRunner().invoke(
            main, ["build", str(SCENARIOS / scenario), "-o", str(out), "--templates", str(house)]
        )
        assert result.exit_code == 0, result.output
    check_outputs(out, kind_of)


def test_batch_renders_every_kind_from_the_house_folder(
    house: Path, tmp_path: Path, kind_of
) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["batch", str(SCENARIOS), "-o", str(out), "-j", "2", "--templates", str(house)]
    )
    assert result.exit_code == 0, result.output
    assert f"{len(SAMPLES)} built" in result.output
    check_outputs(out, kind_of)
