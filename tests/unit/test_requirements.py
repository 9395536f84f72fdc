from pathlib import Path

from local.requirements import ROOT, expected_requirements


def test_requirements_txt_is_generated_from_pyproject():
    assert (Path(ROOT) / "requirements.txt").read_text() == expected_requirements(), (
        "requirements.txt drifted from pyproject.toml: run `make requirements`")
