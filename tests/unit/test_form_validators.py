"""Property tests for the answer validators: names in any script, IBANs, dates, amounts."""

import datetime as dt
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from chalicelib.services.forms import Field, check_value

LANGS = {lang: lang for lang in ("de", "en", "ar", "fa", "ur", "ti")}


def field(kind, **options):
    return Field(id="x", type=kind, label=LANGS, help=None, required=True, when=None,
                 choices=options.get("choices", ()), max_length=options.get("max_length", 200),
                 dates=options.get("dates", "any"))


def ok(kind, value, **options):
    return check_value(field(kind, **options), value, "de", "p.x", today=dt.date(2026, 11, 24)) == []


LATIN = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzäöüßéèçñABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜ"))
ARABIC = st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويپچژگکی"))
WORD = st.one_of(st.text(LATIN, min_size=1, max_size=15), st.text(ARABIC, min_size=1, max_size=15))


@given(st.lists(WORD, min_size=1, max_size=4), st.sampled_from([" ", "-", "'"]))
def test_names_of_letters_in_any_script_are_accepted(words, joiner):
    assert ok("name", joiner.join(words)[:100])


@given(st.text(min_size=1, max_size=30).filter(lambda s: any(c.isdigit() or c in "<>@#$%{};/\\" for c in s)))
def test_names_with_digits_or_symbols_are_refused(name):
    assert not ok("name", name)


def test_names_with_arabic_diacritics_and_geez_letters_are_accepted():
    assert ok("name", "مُحَمَّد") and ok("name", "ኣማኑኤል") and ok("name", "O'Neil-Müller")
    for bad in ("Anna²", "٣٣", "Anna  Maria", "-Anna", "Anna ", "A_nna"):
        assert not ok("name", bad), bad


def iban(country, bban):
    digits = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(digits) % 97
    return f"{country}{check:02d}{bban}"


@given(st.text("0123456789", min_size=18, max_size=18))
def test_german_ibans_with_right_check_digits_pass_and_any_changed_digit_fails(bban):
    valid = iban("DE", bban)
    assert ok("iban", valid)
    position = 4 + len(bban) // 2
    changed = valid[:position] + str((int(valid[position]) + 1) % 10) + valid[position + 1:]
    assert not ok("iban", changed)


@given(st.text("0123456789", min_size=17, max_size=19).filter(lambda s: len(s) != 18))
def test_german_ibans_of_the_wrong_length_fail(bban):
    assert not ok("iban", iban("DE", bban))


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2026, 11, 24)))
def test_past_dates_pass_where_only_the_past_is_possible(day):
    assert ok("date", day.isoformat(), dates="past")


@given(st.dates(min_value=dt.date(2026, 11, 25), max_value=dt.date(2031, 12, 31)))
def test_future_dates_fail_where_only_the_past_is_possible(day):
    assert not ok("date", day.isoformat(), dates="past")
    assert ok("date", day.isoformat(), dates="future")


@given(st.text(max_size=12).filter(lambda s: not s.strip() or s.count("-") != 2))
def test_text_that_is_not_an_iso_date_fails(text):
    assert not ok("date", text)


@given(st.decimals(min_value=0, max_value=1_000_000, places=2, allow_nan=False, allow_infinity=False))
def test_amounts_in_euros_and_cents_pass(amount):
    assert ok("money", str(amount))


@given(st.decimals(max_value=Decimal("-0.01"), places=2, allow_nan=False, allow_infinity=False))
def test_negative_amounts_fail(amount):
    assert not ok("money", str(amount))


@given(st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False, allow_infinity=False).filter(
    lambda d: d != d.quantize(Decimal("0.01"))))
def test_fractions_of_a_cent_fail(amount):
    assert not ok("money", str(amount))


def test_other_formats():
    assert ok("postcode", "12345") and not ok("postcode", "1234") and not ok("postcode", "1234a")
    assert ok("email", "anna@example.org") and not ok("email", "anna@")
    assert ok("phone", "+49 171 2345678") and not ok("phone", "call me")
    assert ok("yesno", True) and not ok("yesno", "yes")
    choices = (("a", LANGS), ("nothing", LANGS))
    assert ok("multichoice", ["a"], choices=choices) and not ok("multichoice", ["a", "nothing"], choices=choices)
    assert not ok("multichoice", [], choices=choices) and not ok("choice", "b", choices=choices)
    assert not ok("text", "x" * 201) and ok("textarea", "x" * 1999, max_length=2000)
