"""The catalogue files themselves: no key written twice (YAML would silently keep the last one)."""

from collections import Counter

import pytest

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir
from chalicelib.i18n import catalogue_files


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_no_key_is_written_twice(lang):
    keys: Counter[str] = Counter()
    for relative in catalogue_files(lang):
        lines = (content_dir() / relative).read_text(encoding="utf-8").splitlines()
        keys.update(line.split(":", 1)[0] for line in lines if line and not line.startswith(("#", " ")))
    assert [key for key, count in keys.items() if count > 1] == []


def test_every_area_catalogue_exists_in_every_language():
    areas = [path for path in (content_dir() / "i18n").iterdir() if path.is_dir()]
    for area in areas:
        assert sorted(p.stem for p in area.glob("*.yaml")) == sorted(SUPPORTED_LANGUAGES), area.name
