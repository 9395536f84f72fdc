import pytest

from chalicelib.text import features, normalise, words


@pytest.mark.parametrize("lang,variants", [
    ("de", ["Bürgergeld", "BUERGERGELD", "burgergeld"]),
    ("ar", ["الإيجار", "الايجار", "الأيجار"]),
    ("fa", ["می‌خواهم", "ميخواهم", "میخواهم"]),
    ("ur", ["کرایہ", "كرايه", "کرایه"]),
    ("ti", ["ሐገዝ", "ሀገዝ", "ኀገዝ"]),
])
def test_spelling_variants_meet(lang, variants):
    assert len({normalise(v, lang) for v in variants}) == 1


def test_digits_of_every_script_become_ascii():
    assert normalise("۱۲۳ ١٢٣", "fa") == "123 123"


def test_arabic_diacritics_and_tatweel_are_removed():
    assert normalise("مَرْحَبـــا", "ar") == "مرحبا"


def test_features_combine_stems_and_character_ngrams():
    feats = features("Mieten", "de")
    assert "w:miet" in feats
    assert any(k.startswith("c:") for k in feats)


def test_words_split_on_punctuation_in_every_script():
    assert words("Hallo, Welt!", "de") == ["hallo", "welt"]
    assert words("سلام، خوبی؟", "fa") == ["سلام", "خوبی"]
    assert words("ሰላም። ከመይ", "ti") == ["ሰላም", "ከመይ"]
