"""The content check that `make test` runs over content/faq, and that it catches each kind of mistake."""

import shutil

import pytest
import yaml

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir
from chalicelib.services.faq_content import check_faq, markup_to_html, plain_text

REQUIRED_IDS = """bg-what-is bg-eligibility bg-apply bg-documents bg-amounts bg-rent-heating bg-payment-date
bg-renewal bg-report-changes bg-side-income bg-assets bg-health-insurance bg-duties-reductions
bg-missed-appointment bg-moving bg-education-participation bg-one-off-needs bg-job-support
bg-absence-travel bg-objection bg-under-25 bg-trainees-students bg-contact bg-interpreter
asyl-benefits-during-procedure asyl-after-recognition asyl-work-permit asyl-integration-course
asyl-qualification-recognition asyl-bank-account corona-simplified-access corona-self-employed
corona-short-time-work corona-contact-appointments corona-illness-quarantine corona-one-off-payments
corona-school-meals portal-upload portal-digital-mail portal-online-application""".split()


def test_published_content_has_no_problems():
    faq, problems = check_faq()
    assert problems == []
    assert set(REQUIRED_IDS) <= set(faq.topics)
    assert len(faq.entries) == len(faq.topics) * len(SUPPORTED_LANGUAGES)


def test_groups_match_the_services_groups():
    from chalicelib.services.faq import FAQ_GROUPS

    faq, _ = check_faq()
    assert faq.groups == FAQ_GROUPS


def test_every_translation_is_marked_and_german_is_the_original():
    faq, _ = check_faq()
    for (_, lang), entry in faq.entries.items():
        assert entry.translation == ("original" if lang == "de" else entry.translation)
        assert entry.translation in ("original", "reviewed", "machine")


@pytest.fixture
def content_copy(tmp_path):
    target = tmp_path / "faq"
    shutil.copytree(content_dir() / "faq", target)
    return target


def _edit(path, **changes):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


@pytest.mark.parametrize("mistake,expected", [
    (lambda root: (root / "ti" / "bg-apply.yaml").unlink(), "ti/bg-apply.yaml: missing"),
    (lambda root: _edit(root / "fa" / "bg-apply.yaml", title=""), "fa/bg-apply.yaml: empty title"),
    (lambda root: _edit(root / "en" / "bg-apply.yaml", answer="<b>Apply</b> now."), "contains HTML"),
    (lambda root: _edit(root / "en" / "bg-apply.yaml", answer="See [here](https://x.de)."), "contains a link"),
    (lambda root: _edit(root / "de" / "bg-amounts.yaml", answer="Sie bekommen 563 Euro im Monat.",
                        details=""), "amount without the year"),
    (lambda root: _edit(root / "ar" / "bg-apply.yaml", translation="auto"), "translation must be one of"),
    (lambda root: _edit(root / "de" / "bg-apply.yaml", checked_on="2999-01-01"), "not in the future"),
    (lambda root: (root / "de" / "notes.yaml").write_text("id: notes"), "id not in the catalogue"),
    (lambda root: (root / "draft.txt").write_text("x"), "unexpected file draft.txt"),
    (lambda root: _edit(root / "de" / "corona-school-meals.yaml", answer="Das Mittagessen wurde geliefert."),
     "must say when the rules applied"),
])
def test_the_check_names_each_kind_of_mistake(content_copy, mistake, expected):
    mistake(content_copy)
    _, problems = check_faq(content_copy)
    assert any(expected in p for p in problems), problems


def test_catalogue_mistakes_are_named(content_copy):
    catalogue = content_copy / "topics.yaml"
    data = yaml.safe_load(catalogue.read_text(encoding="utf-8"))
    data["topics"].append(dict(data["topics"][0]))
    data["topics"][1]["link"] = "http//broken"
    data["topics"][2]["sources"] = [{"label": "§ 1", "url": "ftp://x"}]
    catalogue.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _, problems = check_faq(content_copy)
    assert any("duplicate id bg-what-is" in p for p in problems)
    assert any("bg-eligibility: link" in p for p in problems)
    assert any("bg-apply: source" in p for p in problems)


def test_markup_is_escaped_before_it_is_formatted():
    html = markup_to_html("Erster <script>x</script> **fett**\n\n- eins\n- zwei")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<strong>fett</strong>" in html and "<ul><li>eins</li><li>zwei</li></ul>" in html
    assert plain_text("- **a**\nb") == "a\nb"
