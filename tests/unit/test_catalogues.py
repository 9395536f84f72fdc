"""Every UI string exists in every language, with the same placeholders."""

import re

import pytest

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.i18n import catalogue, pick_language, text_direction

PLACEHOLDER = re.compile(r"{(\w+)}")


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_catalogue_has_every_german_key_and_no_extra(lang):
    assert set(catalogue(lang)) == set(catalogue("de"))


@pytest.mark.parametrize("lang", SUPPORTED_LANGUAGES)
def test_no_message_is_empty_and_placeholders_match(lang):
    for key, text in catalogue(lang).items():
        assert text.strip(), f"{lang}:{key} is empty"
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(catalogue("de")[key])), key


def test_right_to_left_languages():
    assert [lang for lang in SUPPORTED_LANGUAGES if text_direction(lang) == "rtl"] == ["ar", "fa", "ur"]


def test_language_choice_order():
    assert pick_language("xx", "fa", accept_language="en") == "fa"
    assert pick_language(None, accept_language="ti-ER,ti;q=0.9,en;q=0.5") == "ti"
    assert pick_language(None, accept_language="fr-FR") == "de"
