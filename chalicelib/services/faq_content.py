"""The FAQ as edited by staff: content/faq/topics.yaml plus content/faq/<lang>/<id>.yaml.

`load_faq` reads and checks everything; `check_faq` lists every problem so that the content check in
`make test` and the publish step refuse broken content with a readable reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import yaml

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir

TRANSLATION_KINDS = ("original", "reviewed", "machine")
MAX_ANSWER_WORDS = 140  # "about 120"; Urdu writes many postpositions as separate words
CURRENCY = re.compile(r"(\bEUR\b|\bEuro\b|€|یورو|يورو|ዩሮ)", re.IGNORECASE)
YEAR = re.compile(r"20[0-9]{2}")
PANDEMIC_YEARS = re.compile(r"20(19|20|21|22|23)")
HTML_TAG = re.compile(r"<[a-zA-Z/!][^>]*>")
MD_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ALLOWED_FILES = {"topics.yaml", "FORMAT.md"}


@dataclass(frozen=True)
class Source:
    label: str
    url: str


@dataclass(frozen=True)
class Topic:
    id: str
    group: str
    position: int
    sources: tuple[Source, ...]
    link: str | None
    review: str | None


@dataclass(frozen=True)
class Entry:
    id: str
    lang: str
    group: str
    position: int
    title: str
    answer: str
    details: str
    search_terms: tuple[str, ...]
    checked_on: str
    translation: str
    sources: tuple[Source, ...]
    link: str | None
    review: str | None

    def spoken_text(self) -> str:
        """What is read aloud: the question, then the short answer, without markup."""
        return f"{self.title}\n\n{plain_text(self.answer)}"

    def content_hash(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Faq:
    groups: tuple[str, ...]
    topics: dict[str, Topic]
    entries: dict[tuple[str, str], Entry] = field(default_factory=dict)
    reviews: dict[str, str] = field(default_factory=dict)

    def entry(self, topic_id: str, lang: str) -> Entry | None:
        return self.entries.get((topic_id, lang))


class ContentError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:20]))
        self.problems = problems


def plain_text(markup: str) -> str:
    lines = [line[2:] if line.startswith("- ") else line for line in markup.strip().splitlines()]
    return "\n".join(lines).replace("**", "")


def markup_to_html(markup: str) -> str:
    """The FAQ's small markup (paragraphs, `- ` lists, **bold**) as HTML. Escapes first."""
    blocks: list[str] = []
    items: list[str] = []
    paragraph: list[str] = []

    def inline(text: str) -> str:
        return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text))

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{inline(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{inline(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for raw in markup.strip().splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("- "):
            if paragraph:
                blocks.append(f"<p>{inline(' '.join(paragraph))}</p>")
                paragraph.clear()
            items.append(line[2:])
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "\n".join(blocks)


def _https(url: object) -> bool:
    if not isinstance(url, str):
        return False
    parsed = urlparse(url)
    return parsed.scheme == "https" and bool(parsed.netloc) and "." in parsed.netloc and " " not in url


def _markup_problems(where: str, text: str) -> list[str]:
    problems = []
    if HTML_TAG.search(text):
        problems.append(f"{where}: contains HTML")
    if MD_LINK.search(text):
        problems.append(f"{where}: contains a link (links belong in the catalogue)")
    if text.count("**") % 2:
        problems.append(f"{where}: unbalanced **bold**")
    return problems


def _load_topics(root: Path, problems: list[str]) -> tuple[tuple[str, ...], dict[str, Topic], dict[str, str]]:
    data = yaml.safe_load((root / "topics.yaml").read_text(encoding="utf-8"))
    groups = tuple(data["groups"])
    reviews = dict(data.get("reviews") or {})
    topics: dict[str, Topic] = {}
    for position, raw in enumerate(data["topics"]):
        topic_id = raw.get("id")
        if not isinstance(topic_id, str) or not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", topic_id):
            problems.append(f"topics.yaml: bad id {topic_id!r}")
            continue
        if topic_id in topics:
            problems.append(f"topics.yaml: duplicate id {topic_id}")
        if raw.get("group") not in groups:
            problems.append(f"{topic_id}: unknown group {raw.get('group')!r}")
        sources = []
        for source in raw.get("sources") or []:
            if not source.get("label") or not _https(source.get("url")):
                problems.append(f"{topic_id}: source {source!r} needs a label and an https url")
            else:
                sources.append(Source(source["label"], source["url"]))
        if not sources:
            problems.append(f"{topic_id}: no legal source")
        link = raw.get("link")
        if link is not None and not _https(link):
            problems.append(f"{topic_id}: link {link!r} is not a well-formed https url")
        review = raw.get("review")
        if review is not None and review not in reviews:
            problems.append(f"{topic_id}: unknown review flag {review!r}")
        topics[topic_id] = Topic(topic_id, raw.get("group", ""), position, tuple(sources), link, review)
    return groups, topics, reviews


def _load_entry(path: Path, topic: Topic, lang: str, problems: list[str]) -> Entry | None:
    where = f"{lang}/{path.name}"
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        problems.append(f"{where}: not valid YAML ({err.__class__.__name__})")
        return None
    if raw.get("id") != topic.id or raw.get("lang") != lang:
        problems.append(f"{where}: id/lang do not match the file's place")
    for name in ("title", "answer", "checked_on", "translation"):
        if not str(raw.get(name) or "").strip():
            problems.append(f"{where}: empty {name}")
    terms = raw.get("search_terms") or []
    if not isinstance(terms, list) or not terms or not all(isinstance(t, str) and t.strip() for t in terms):
        problems.append(f"{where}: search_terms must be a list of words")
        terms = []
    if raw.get("translation") not in TRANSLATION_KINDS:
        problems.append(f"{where}: translation must be one of {TRANSLATION_KINDS}")
    if lang == "de" and raw.get("translation") != "original":
        problems.append(f"{where}: the German text is the original")
    checked = raw.get("checked_on")
    if not isinstance(checked, dt.date) or checked > dt.date.today():
        problems.append(f"{where}: checked_on must be a date, not in the future")
    answer, details = str(raw.get("answer") or ""), str(raw.get("details") or "")
    for name, text in (("title", str(raw.get("title") or "")), ("answer", answer), ("details", details)):
        problems.extend(_markup_problems(f"{where} {name}", text))
    if len(answer.split()) > MAX_ANSWER_WORDS:
        problems.append(f"{where}: answer has {len(answer.split())} words (at most {MAX_ANSWER_WORDS})")
    combined = (answer + " " + details).translate(_DIGITS)
    if CURRENCY.search(combined) and not YEAR.search(combined):
        problems.append(f"{where}: an amount without the year it applies to")
    if topic.group == "corona" and not PANDEMIC_YEARS.search(answer.translate(_DIGITS)):
        problems.append(f"{where}: a corona entry must say when the rules applied")
    return Entry(
        id=topic.id, lang=lang, group=topic.group, position=topic.position,
        title=str(raw.get("title") or "").strip(), answer=answer.strip(), details=details.strip(),
        search_terms=tuple(t.strip() for t in terms), checked_on=str(checked),
        translation=str(raw.get("translation")), sources=topic.sources, link=topic.link, review=topic.review)


def check_faq(root: Path | None = None) -> tuple[Faq, list[str]]:
    root = root or content_dir() / "faq"
    problems: list[str] = []
    groups, topics, reviews = _load_topics(root, problems)
    faq = Faq(groups=groups, topics=topics, reviews=reviews)
    for item in root.iterdir():
        if item.is_file() and item.name not in ALLOWED_FILES:
            problems.append(f"unexpected file {item.name} (not part of the catalogue)")
        if item.is_dir() and item.name not in SUPPORTED_LANGUAGES:
            problems.append(f"unexpected folder {item.name}")
    for lang in SUPPORTED_LANGUAGES:
        folder = root / lang
        present = {p.stem for p in folder.glob("*.yaml")} if folder.is_dir() else set()
        for extra in sorted(present - topics.keys()):
            problems.append(f"{lang}/{extra}.yaml: id not in the catalogue")
        for other in sorted(p.name for p in folder.iterdir() if p.suffix != ".yaml") if folder.is_dir() else []:
            problems.append(f"{lang}/{other}: unexpected file")
        for topic in topics.values():
            path = folder / f"{topic.id}.yaml"
            if not path.is_file():
                problems.append(f"{lang}/{topic.id}.yaml: missing")
                continue
            entry = _load_entry(path, topic, lang, problems)
            if entry is not None:
                faq.entries[(topic.id, lang)] = entry
    return faq, problems


def load_faq(root: Path | None = None) -> Faq:
    faq, problems = check_faq(root)
    if problems:
        raise ContentError(problems)
    return faq
