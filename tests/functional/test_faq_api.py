"""The FAQ JSON API: lists, entries, search, audio, feedback and staff statistics."""

from urllib.parse import parse_qs, urlparse

import pytest
import requests

from chalicelib.models.faq import FaqEntryRecord
from tests.conftest import bearer

pytestmark = pytest.mark.usefixtures("published_faq")


def test_list_of_a_group_in_catalogue_order(client):
    body = client.get("/api/faq?lang=fa&group=asyl").json()
    assert body["lang"] == "fa" and body["groups"] == ["buergergeld", "asyl", "corona", "portal"]
    assert [i["id"] for i in body["items"]][:2] == ["asyl-benefits-during-procedure", "asyl-after-recognition"]
    assert all(i["group"] == "asyl" for i in body["items"]) and len(body["items"]) == 6


def test_list_of_all_groups(client):
    assert len(client.get("/api/faq?lang=ti").json()["items"]) == 40


def test_entry_has_every_field_and_the_audio_url(client):
    body = client.get("/api/faq/bg-objection?lang=ar").json()
    assert set(body) >= {"id", "lang", "title", "answer", "details", "sources", "checked_on", "translation",
                         "audio_url"}
    assert body["translation"] == "machine" and body["lang"] == "ar"
    assert body["sources"][0]["label"].startswith("§")
    assert body["audio_url"].endswith("/api/faq/bg-objection/audio?lang=ar")


def test_unknown_language_answers_400_listing_the_supported_ones(client):
    response = client.get("/api/faq?lang=fr")
    assert response.status == 400
    assert "de, en, ar, fa, ur, ti" in response.json()["detail"]


def test_unknown_id_answers_404(client):
    assert client.get("/api/faq/bg-nothing?lang=de").status == 404
    assert client.get("/api/faq/..%2Fetc?lang=de").status == 404


def test_unknown_group_answers_400(client):
    assert client.get("/api/faq?lang=de&group=steuern").status == 400


def test_missing_translation_says_so_and_offers_german_and_english(client):
    record = FaqEntryRecord.get("ti", "bg-interpreter")
    record.delete()
    try:
        response = client.get("/api/faq/bg-interpreter?lang=ti")
        assert response.status == 404
        body = response.json()
        assert body["type"].endswith("/translation_missing") and "de, en" in body["detail"]
    finally:
        record.save()


@pytest.mark.parametrize("lang,query,expected", [
    ("de", "hartz 4 wie viel geld bekomme ich", "bg-amounts"),
    ("de", "Kaution für die neue Wohnung", "bg-moving"),
    ("en", "I disagree with the decision", "bg-objection"),
    ("ar", "الايجار والتدفئة", "bg-rent-heating"),
    ("fa", "حساب بانکی", "asyl-bank-account"),
])
def test_search_puts_the_right_entry_first(client, lang, query, expected):
    body = client.get(f"/api/faq/search?lang={lang}&q={requests.utils.quote(query)}").json()
    assert body["lang"] == lang and body["results"][0]["id"] == expected
    scores = [r["score"] for r in body["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("query", ["", "%20%20", "x" * 501])
def test_empty_or_overlong_query_answers_400(client, query):
    assert client.get(f"/api/faq/search?lang=de&q={query}").status == 400


def test_audio_redirects_to_a_short_lived_url_of_real_mp3(client):
    response = client.get("/api/faq/bg-apply/audio?lang=ur")
    assert response.status == 302
    location = response.headers["Location"]
    # moto does not enforce expiry: check what we generate.
    assert parse_qs(urlparse(location).query)["X-Amz-Expires"] == ["300"]
    audio = requests.get(location, timeout=10)
    assert audio.status_code == 200 and audio.headers["Content-Type"] == "audio/mpeg"
    assert audio.content[:3] == b"ID3" or audio.content[0] == 0xFF
    assert len(audio.content) > 5000


def test_feedback_is_counted_anonymously_and_staff_see_it(client, tokens):
    for helpful in (True, False, False):
        response = client.post("/api/faq/bg-renewal/feedback", json_body={"lang": "fa", "helpful": helpful})
        assert response.status == 204
    assert client.post("/api/faq/search/not-found", json_body={"lang": "ti"}).status == 204
    stats = client.get("/api/staff/faq-stats", headers=bearer(tokens["staff"])).json()
    row = next(i for i in stats["items"] if (i["id"], i["lang"]) == ("bg-renewal", "fa"))
    assert (row["helpful"], row["not_helpful"]) >= (1, 2)
    assert stats["not_found"]["ti"] >= 1


def test_feedback_for_a_missing_entry_is_refused_and_not_counted(client, tokens):
    assert client.post("/api/faq/bg-nothing/feedback", json_body={"lang": "de", "helpful": True}).status == 404
    stats = client.get("/api/staff/faq-stats", headers=bearer(tokens["staff"])).json()
    assert not any(i["id"] == "bg-nothing" for i in stats["items"])


def test_feedback_rejects_extra_fields_such_as_free_text(client):
    response = client.post("/api/faq/bg-renewal/feedback", json_body={"lang": "de", "helpful": True,
                                                                       "comment": "Ich heiße Anna"})
    assert response.status == 422


def test_citizens_cannot_read_staff_statistics(client, tokens):
    assert client.get("/api/staff/faq-stats", headers=bearer(tokens["anna"])).status == 403
