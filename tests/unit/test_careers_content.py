"""The career pass content: the strengths catalogue and the parents' e-mail are complete in six languages."""

import re

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import load_yaml
from chalicelib.services import careers


def _texts(node):
    if isinstance(node, dict) and set(node) == set(SUPPORTED_LANGUAGES):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value)


def test_every_text_of_the_catalogue_exists_in_six_languages_without_markup():
    catalogue = careers.catalogue()
    texts = list(_texts({k: catalogue[k] for k in ("scale", "groups", "strengths", "interests")}))
    expected = len(catalogue["scale"]) + len(catalogue["groups"]) + 2 * len(catalogue["strengths"]) + len(
        catalogue["interests"])
    assert len(texts) == expected
    for text in texts:
        for lang, value in text.items():
            assert value.strip() and "<" not in value, (lang, value)


def test_ids_are_unique_and_stable_in_form_and_strengths_belong_to_a_group():
    catalogue = careers.catalogue()
    ids = [s["id"] for s in catalogue["strengths"]] + [i["id"] for i in catalogue["interests"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z_]+", i) for i in ids)
    groups = {g["id"] for g in catalogue["groups"]}
    assert {s["group"] for s in catalogue["strengths"]} == groups


def test_the_scale_runs_from_one_upwards_without_gaps():
    levels = [s["level"] for s in careers.catalogue()["scale"]]
    assert levels == list(range(1, len(levels) + 1)) and len(levels) >= 3


def test_content_is_dated_with_a_source_and_translation_marks():
    catalogue = careers.catalogue()
    assert str(catalogue["updated"]) == "2026-11-24"
    assert "https://" in catalogue["source"]
    assert catalogue["translation"]["de"] == "original"
    assert set(catalogue["translation"]) == set(SUPPORTED_LANGUAGES)


def test_the_parents_mail_has_the_link_in_every_language_and_no_other_placeholder():
    mail = load_yaml("careers/consent_mail.yaml")
    for lang in SUPPORTED_LANGUAGES:
        assert mail[lang]["subject"].strip()
        assert set(re.findall(r"{(\w+)}", mail[lang]["body"])) == {"link", "days"}, lang
