"""The offer files in content/offers/ and the rules that need no AWS: format, status from dates, contact
normalisation, input checks, CSV cells."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir, load_yaml
from chalicelib.services import offer_interest, offers
from chalicelib.services.offers import ContentError, parse_offer

FILES = sorted(path.stem for path in (content_dir() / "offers").glob("*.yaml"))
PUBLISHED_ON = dt.date(2026, 11, 24)


def raw(offer_id: str = "buergerwerkstatt-website") -> dict:
    return copy.deepcopy(load_yaml(f"offers/{offer_id}.yaml"))


def test_there_are_six_to_eight_offers_of_every_kind_and_one_finished():
    catalogue = offers.catalogue()
    assert 6 <= len(catalogue) <= 8 and sorted(catalogue) == FILES
    assert {o.kind for o in catalogue.values()} == set(offers.KINDS)
    statuses = {o.status(PUBLISHED_ON) for o in catalogue.values()}
    assert statuses == {"upcoming", "running", "finished"}
    assert any(o.online and o.place is None for o in catalogue.values())


@pytest.mark.parametrize("offer_id", FILES)
def test_every_offer_file_follows_the_format(offer_id):
    offer = parse_offer(raw(offer_id), offer_id)
    assert set(offer.texts) == set(SUPPORTED_LANGUAGES)
    for lang in SUPPORTED_LANGUAGES:
        assert all(offer.text(lang)[field].strip() for field in offers.TEXT_FIELDS)
    for lang in ("ar", "fa", "ur", "ti"):  # really translated, not German copied
        assert offer.text(lang)["title"] != offer.text("de")["title"]
    assert offer.translation["de"] == "original"
    assert offer.capacity is None or offer.capacity >= 0
    assert offer.starts_on <= offer.ends_on and offer.updated == PUBLISHED_ON
    assert offer.deleted_after == offer.ends_on + dt.timedelta(days=offers.RETENTION_DAYS)


def test_tigrinya_is_written_in_geez_script():
    for offer in offers.catalogue().values():
        title = offer.text("ti")["title"]
        assert sum("\u1200" <= c <= "\u137f" for c in title) > len(title) / 3, offer.id


@pytest.mark.parametrize("change,reason", [
    (lambda d: d.pop("ends_on"), "ends_on"),
    (lambda d: d.update(ends_on=dt.date(2027, 1, 1)), "before starts_on"),
    (lambda d: d.update(kind="party"), "kind"),
    (lambda d: d.update(target_group="cats"), "target_group"),
    (lambda d: d.update(capacity=-1), "capacity"),
    (lambda d: d.update(capacity="20"), "capacity"),
    (lambda d: d.update(capacity=True), "capacity"),
    (lambda d: d.update(starts_on="next week"), "starts_on"),
    (lambda d: d.pop("ti"), "ti"),
    (lambda d: d["ar"].pop("schedule"), "ar"),
    (lambda d: d["fa"].update(title="  "), "empty"),
    (lambda d: d["en"].update(description="See <a href='x'>here</a>"), "plain text"),
    (lambda d: d["de"].update(summary="Mehr auf https://example.org"), "plain text"),
    (lambda d: d.update(languages=["de", "fr"]), "languages"),
    (lambda d: d.update(translation={"de": "original"}), "translation"),
    (lambda d: d.update(place=None, online=False), "place"),
    (lambda d: d.update(id="Other"), "id"),
])
def test_a_broken_offer_file_is_refused_with_the_reason(change, reason):
    data = raw()
    change(data)
    with pytest.raises(ContentError, match=reason):
        parse_offer(data, "buergerwerkstatt-website")


def test_capacity_null_means_no_limit_and_zero_is_allowed():
    data = raw()
    data["capacity"] = None
    assert parse_offer(data, "buergerwerkstatt-website").capacity is None
    data["capacity"] = 0
    assert parse_offer(data, "buergerwerkstatt-website").capacity == 0


def test_status_follows_the_dates():
    offer = offers.get("bewerbungstraining-dezember")
    assert offer.status(dt.date(2026, 11, 30)) == "upcoming"
    assert offer.status(offer.starts_on) == offer.status(offer.ends_on) == "running"
    assert offer.status(offer.ends_on + dt.timedelta(days=1)) == "finished"


def test_listing_filters_and_puts_finished_offers_last():
    everything = offers.listing(today=PUBLISHED_ON)
    assert everything[-1].status(PUBLISHED_ON) == "finished"
    assert [o.id for o in offers.listing(kind="job_fair", today=PUBLISHED_ON)] == ["jobmesse-2027"]
    assert all("ti" in o.languages for o in offers.listing(language="ti", today=PUBLISHED_ON))
    assert offers.listing(kind="course", status="finished", today=PUBLISHED_ON) == []


@pytest.mark.parametrize("first,second", [
    ("Lena@Example.org", "lena@example.ORG"),
    ("0171 2345678", "+49 171 2345678"),
    ("0171/234 56 78", "0049 (171) 2345678"),
])
def test_one_person_has_one_contact_key_however_they_write_it(first, second):
    assert offer_interest.contact_key(first) == offer_interest.contact_key(second)


def test_email_and_phone_keys_differ_and_keys_do_not_contain_the_contact():
    channel, key = offer_interest.contact_key("lena@example.org")
    assert channel == "email" and "lena" not in key and len(key) == 64
    assert offer_interest.contact_key("0171 2345678")[0] == "phone"
    assert offer_interest.contact_key("lena@example.org") != offer_interest.contact_key("lena@example.net")


def _interest(**changes):
    base = {"name": "Lena", "contact": "lena@example.org", "preferred_lang": "de", "message": "", "consent": True}
    return offer_interest.Interest(**{**base, **changes})


def test_good_interest_has_no_errors():
    assert offer_interest.check_interest(_interest(), "de") == []
    assert offer_interest.check_interest(_interest(name="x" * 100, message="y" * 1000), "de") == []


@pytest.mark.parametrize("changes,field", [
    ({"name": ""}, "name"), ({"name": "\u200b "}, "name"), ({"name": "x" * 101}, "name"),
    ({"contact": "lena"}, "contact"), ({"contact": "lena@example.org\n"}, "contact"),
    ({"preferred_lang": "fr"}, "preferred_lang"), ({"message": "y" * 1001}, "message"),
    ({"consent": False}, "consent"), ({"consent": 1}, "consent"),
])
def test_each_bad_field_gets_its_own_message_in_the_visitors_language(changes, field):
    errors = offer_interest.check_interest(_interest(**changes), "ti")
    assert [e.field for e in errors] == [field]
    assert errors[0].message != offer_interest.check_interest(_interest(**changes), "de")[0].message


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+49 171", "'+49 171"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Lena", "Lena"), ("", ""), (None, ""), ("a=b", "a=b"),
])
def test_csv_cells_that_a_spreadsheet_would_run_start_with_an_apostrophe(value, expected):
    assert offer_interest.csv_cell(value) == expected


def test_the_confirmation_mail_carries_the_link_and_nothing_personal(monkeypatch):
    class Fake:
        public_base_url = "https://kjc.example"

    monkeypatch.setattr(offer_interest, "settings", lambda: Fake)
    for lang in SUPPORTED_LANGUAGES:
        subject, body = offer_interest.mail_text(lang, "pending_confirmation", "T" * 43)
        assert f"https://kjc.example/offers/confirm/{'T' * 43}?lang={lang}" in body and "48" in body
        assert "Kreisjobcenter" in subject
        _, already = offer_interest.mail_text(lang, "confirmed", None)
        assert "/offers/confirm/" not in already
