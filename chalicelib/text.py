"""Text normalisation and features per language, shared by FAQ search and the chatbot.

Citizens type on phones: no umlauts, Arabic or Persian letter variants, no ZWNJ, Persian digits,
Ge'ez letters that sound alike. Both the content and the query go through the same normalisation, so
the variants meet. Words are stemmed where Snowball has a stemmer (de, en, ar); character n-grams
inside words catch inflection and typos in every language.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Control, zero-width and direction-override characters: stripped from whatever citizens type.
INVISIBLE = r"\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")
# "At least one visible character", as request schemas state it.
VISIBLE_PATTERN = rf"[^\s{INVISIBLE}]"


def clean_input(text: str) -> str:
    """Invisible characters replaced by spaces, whitespace folded."""
    return " ".join(_INVISIBLE.sub(" ", unicodedata.normalize("NFC", text or "")).split())


_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_ARABIC_SCRIPT = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ی", "ي": "ی", "ې": "ی", "ۍ": "ی", "ے": "ی", "ئ": "ی",
    "ك": "ک", "ة": "ه", "ۀ": "ه", "ہ": "ه", "ھ": "ه", "ۃ": "ه", "ؤ": "و", "ٹ": "ت", "ڈ": "د", "ڑ": "ر",
    "\u200c": "", "\u200d": "", "\u0640": "", "،": " ", "؟": " ", "؛": " ", "۔": " ",
})
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_GERMAN = [("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"), ("ae", "a"), ("oe", "o"), ("ue", "u")]
_WORD = re.compile(r"\w+", re.UNICODE)
# Ge'ez families that sound alike in Tigrinya and are written either way: ሐ/ኀ -> ሀ, ሠ -> ሰ, ፀ -> ጸ, ዐ -> አ.
_GEEZ_FAMILIES = {0x1210: 0x1200, 0x1280: 0x1200, 0x1220: 0x1230, 0x1340: 0x1338, 0x12D0: 0x12A0}
_STEMMERS = {"de": "german", "en": "english", "ar": "arabic"}


def _fold_geez(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        base = code & ~0x7
        if base in _GEEZ_FAMILIES:
            code = _GEEZ_FAMILIES[base] + (code & 0x7)
        if code == 0x12A3:  # ኣ is often typed as አ
            code = 0x12A0
        out.append(chr(code))
    return "".join(out).replace("፡", " ").replace("።", " ").replace("፣", " ").replace("፧", " ")


def normalise(text: str, lang: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().translate(_DIGITS)
    if lang in ("ar", "fa", "ur"):
        text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_SCRIPT)
    elif lang == "ti":
        text = _fold_geez(text)
    else:
        for source, target in _GERMAN:
            text = text.replace(source, target)
        text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text


def words(text: str, lang: str) -> list[str]:
    return _WORD.findall(normalise(text, lang))


@functools.cache
def _stemmer(lang: str):  # noqa: ANN202 - snowballstemmer has no type hints
    import snowballstemmer

    name = _STEMMERS.get(lang)
    return snowballstemmer.stemmer(name) if name else None


@functools.lru_cache(maxsize=50_000)
def stem(word: str, lang: str) -> str:
    stemmer = _stemmer(lang)
    return stemmer.stemWord(word) if stemmer is not None else word


def char_ngrams(word: str, sizes: tuple[int, ...] = (3, 4)) -> list[str]:
    padded = f"<{word}>"
    return [padded[i:i + n] for n in sizes for i in range(len(padded) - n + 1)]


def features(text: str, lang: str, char_weight: float = 0.3,
             sizes: tuple[int, ...] = (3, 4)) -> dict[str, float]:
    """Sparse term counts: stemmed words (prefix `w:`) and in-word character n-grams (`c:`)."""
    counts: dict[str, float] = {}
    for word in words(text, lang):
        key = "w:" + stem(word, lang)
        counts[key] = counts.get(key, 0.0) + 1.0
        if len(word) >= 3 and char_weight:
            for gram in char_ngrams(word, sizes):
                key = "c:" + gram
                counts[key] = counts.get(key, 0.0) + char_weight
    return counts
