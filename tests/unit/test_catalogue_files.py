"""The catalogue files themselves: no key written twice (YAML would silently keep the last one)."""

from collections import Counter

import pytest

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_no_key_is_written_twice(lang):
    lines = (content_dir() / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8").splitlines()
    keys = Counter(line.split(":", 1)[0] for line in lines if line and not line.startswith(("#", " ")))
    assert [key for key, count in keys.items() if count > 1] == []
