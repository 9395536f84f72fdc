"""Forms as data (content/forms/*.yaml): which pages apply, validation of answers, the content check.

Answers are a JSON object `{page id: {field id: value}}`; a repeated page holds a list of such objects.
A draft may be incomplete (only the format of what is there is checked); a submission must be complete
for every page that applies. Answers to pages that do not apply are dropped, so a changed branch leaves
nothing behind.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.content import content_dir, load_yaml
from chalicelib.errors import FieldError, NotFound
from chalicelib.i18n import translate

FORMS = ("erstantrag", "weiterbewilligung", "veraenderungsmitteilung")
TYPES = {"text", "textarea", "name", "date", "money", "yesno", "choice", "multichoice", "iban", "email", "phone",
         "postcode"}
NAME_SEPARATORS = frozenset(" '\u2019-.")
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,190}\.[^@\s]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()/-]{5,24}[0-9]$")
_POSTCODE = re.compile(r"^[0-9]{5}$")
_IBAN = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$")
IBAN_LENGTHS = {"DE": 22, "AT": 20, "NL": 18, "BE": 16, "FR": 27, "IT": 27, "ES": 24, "PL": 28, "LU": 20}
MAX_MONEY = Decimal("1000000")
_INVISIBLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


@dataclass(frozen=True)
class Condition:
    page: str
    field: str
    equals: Any = None
    among: tuple[Any, ...] = ()
    contains: Any = None

    def holds(self, answers: dict[str, Any]) -> bool:
        page = answers.get(self.page)
        value = page.get(self.field) if isinstance(page, dict) else None
        if self.contains is not None:
            return isinstance(value, list) and self.contains in value
        if self.among:
            return value in self.among
        return value == self.equals


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: dict[str, str]
    help: dict[str, str] | None
    required: bool
    when: Condition | None
    choices: tuple[tuple[str, dict[str, str]], ...]
    max_length: int
    dates: str


@dataclass(frozen=True)
class Page:
    id: str
    title: dict[str, str]
    help: dict[str, str] | None
    when: Condition | None
    repeat: dict[str, Any] | None
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Form:
    id: str
    version: int
    title: dict[str, str]
    intro: dict[str, str]
    declaration: dict[str, str]
    pages: tuple[Page, ...]
    index: dict[str, Page] = field(default_factory=dict, compare=False)

    def page(self, page_id: str) -> Page:
        if page_id not in self.index:
            raise NotFound()
        return self.index[page_id]


def _condition(raw: dict[str, Any] | None) -> Condition | None:
    if not raw:
        return None
    page, _, field_id = str(raw["field"]).partition(".")
    return Condition(page, field_id, raw.get("equals"), tuple(raw.get("in") or ()), raw.get("contains"))


def _parse(data: dict[str, Any]) -> Form:
    pages = []
    for raw_page in data["pages"]:
        fields = tuple(Field(
            id=f["id"], type=f["type"], label=f["label"], help=f.get("help"), required=f.get("required", True),
            when=_condition(f.get("when")),
            choices=tuple((str(c["value"]), c["label"]) for c in f.get("choices") or ()),
            max_length=int(f.get("max_length") or (2000 if f["type"] == "textarea" else 200)),
            dates=f.get("dates", "any")) for f in raw_page["fields"])
        pages.append(Page(raw_page["id"], raw_page["title"], raw_page.get("help"), _condition(raw_page.get("when")),
                          raw_page.get("repeat"), fields))
    form = Form(data["id"], int(data["version"]), data["title"], data["intro"], data["declaration"], tuple(pages))
    form.index.update({p.id: p for p in pages})
    return form


@functools.cache
def load_form(form_id: str) -> Form:
    if form_id not in FORMS:
        raise NotFound()
    return _parse(load_yaml(f"forms/{form_id}.yaml"))


def applicable_pages(form: Form, answers: dict[str, Any]) -> list[Page]:
    return [page for page in form.pages if page.when is None or page.when.holds(answers)]


def next_page(form: Form, answers: dict[str, Any], after: str | None) -> Page | None:
    pages = applicable_pages(form, answers)
    ids = [p.id for p in pages]
    if after is None:
        return pages[0] if pages else None
    position = ids.index(after) + 1 if after in ids else 0
    return pages[position] if position < len(pages) else None


# -- validation ---------------------------------------------------------------------------------------------


def _error(lang: str, where: str, key: str, **params: Any) -> FieldError:
    return FieldError(field=where, message=translate(lang, f"form.error.{key}", **params))


def _iban_ok(value: str) -> bool:
    if not _IBAN.match(value):
        return False
    expected = IBAN_LENGTHS.get(value[:2])
    if expected is not None and len(value) != expected:
        return False
    digits = "".join(str(int(c, 36)) for c in value[4:] + value[:4])
    return int(digits) % 97 == 1


def is_name(value: str) -> bool:
    """Letters of any script (with their combining marks), single spaces, hyphens, apostrophes and
    dots between them; no digits of any kind (also not ² or ٣), no symbols."""
    if not value or not value[0].isalpha():
        return False
    previous_separator = False
    for char in value:
        if char.isalpha() or unicodedata.category(char) in ("Mn", "Mc"):
            previous_separator = False
        elif char in NAME_SEPARATORS and not previous_separator:
            previous_separator = True
        else:
            return False
    return value[-1].isalpha() or value[-1] == "." or unicodedata.category(value[-1]) in ("Mn", "Mc")


def normalise_value(fld: Field, value: Any) -> Any:
    """Values as they are stored: strings trimmed and cleaned, IBANs without spaces, amounts as strings."""
    if fld.type in ("yesno",):
        return value
    if fld.type == "multichoice":
        return value
    if isinstance(value, str):
        value = " ".join(_INVISIBLE.sub(" ", value).split()) if fld.type != "textarea" else _INVISIBLE.sub(
            "", value).strip()
        if fld.type == "iban":
            value = value.replace(" ", "").upper()
        if fld.type == "money":
            value = value.replace(",", ".")
    if fld.type == "money" and isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    return value


def check_value(fld: Field, value: Any, lang: str, where: str, today: dt.date | None = None) -> list[FieldError]:
    """The format of one answer (present and not empty)."""
    today = today or dt.date.today()
    kind = fld.type
    if kind == "yesno":
        return [] if isinstance(value, bool) else [_error(lang, where, "yesno")]
    if kind == "multichoice":
        allowed = {c for c, _ in fld.choices}
        if not isinstance(value, list) or not value or any(v not in allowed for v in value) or len(set(value)) != len(
                value):
            return [_error(lang, where, "choice")]
        if "nothing" in value and len(value) > 1:
            return [_error(lang, where, "nothing_alone")]
        return []
    if not isinstance(value, str):
        return [_error(lang, where, "text")]
    if kind == "choice":
        return [] if value in {c for c, _ in fld.choices} else [_error(lang, where, "choice")]
    if len(value) > fld.max_length:
        return [_error(lang, where, "too_long", limit=fld.max_length)]
    if kind == "name" and (len(value) > 100 or not is_name(value)):
        return [_error(lang, where, "name")]
    if kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return [_error(lang, where, "date")]
        if day.year < 1900 or day.year > today.year + 5:
            return [_error(lang, where, "date")]
        if fld.dates == "past" and day > today:
            return [_error(lang, where, "date_future")]
        if fld.dates == "future" and day < today:
            return [_error(lang, where, "date_past")]
        return []
    if kind == "money":
        try:
            amount = Decimal(value)
        except InvalidOperation:
            return [_error(lang, where, "money")]
        if not amount.is_finite() or amount < 0 or amount > MAX_MONEY or amount != amount.quantize(Decimal("0.01")):
            return [_error(lang, where, "money")]
        return []
    if kind == "iban":
        return [] if _iban_ok(value) else [_error(lang, where, "iban")]
    if kind == "email":
        return [] if _EMAIL.match(value) else [_error(lang, where, "email")]
    if kind == "phone":
        return [] if _PHONE.match(value) else [_error(lang, where, "phone")]
    if kind == "postcode":
        return [] if _POSTCODE.match(value) else [_error(lang, where, "postcode")]
    return []


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def validate(form: Form, answers: Any, lang: str, complete: bool) -> tuple[dict[str, Any], list[FieldError]]:
    """Clean answers and the errors, one per field, in `lang`. `complete`: required answers must be there."""
    if not isinstance(answers, dict):
        return {}, [_error(lang, "answers", "structure")]
    errors: list[FieldError] = []
    cleaned: dict[str, Any] = {}
    for page_id in answers:
        if page_id not in form.index:
            errors.append(_error(lang, page_id, "unknown"))
    for page in applicable_pages(form, answers):
        raw = answers.get(page.id)
        if page.repeat:
            entries = raw if isinstance(raw, list) else ([] if raw is None else None)
            if entries is None:
                errors.append(_error(lang, page.id, "structure"))
                continue
            if len(entries) > int(page.repeat.get("max", 10)):
                errors.append(_error(lang, page.id, "too_many", limit=page.repeat.get("max", 10)))
                continue
            if complete and len(entries) < int(page.repeat.get("min", 0)):
                errors.append(_error(lang, page.id, "required"))
            cleaned_entries = []
            for number, entry in enumerate(entries):
                entry_clean, entry_errors = _validate_fields(page, entry, lang, complete, f"{page.id}.{number}",
                                                             answers)
                errors.extend(entry_errors)
                cleaned_entries.append(entry_clean)
            cleaned[page.id] = cleaned_entries
        else:
            if raw is None and not complete:
                continue
            page_clean, page_errors = _validate_fields(page, raw if raw is not None else {}, lang, complete, page.id,
                                                       answers)
            errors.extend(page_errors)
            cleaned[page.id] = page_clean
    return cleaned, errors


def _validate_fields(page: Page, raw: Any, lang: str, complete: bool, prefix: str,
                     answers: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    if not isinstance(raw, dict):
        return {}, [_error(lang, prefix, "structure")]
    errors: list[FieldError] = []
    known = {f.id for f in page.fields}
    errors.extend(_error(lang, f"{prefix}.{name}", "unknown") for name in raw if name not in known)
    view = {**answers, page.id: raw}
    cleaned: dict[str, Any] = {}
    for fld in page.fields:
        if fld.when is not None and not fld.when.holds(view):
            continue
        value = normalise_value(fld, raw.get(fld.id))
        where = f"{prefix}.{fld.id}"
        if _empty(value):
            if complete and fld.required:
                errors.append(_error(lang, where, "required"))
            continue
        problems = check_value(fld, value, lang, where)
        errors.extend(problems)
        if not problems:
            cleaned[fld.id] = value
    return cleaned, errors


# -- the content check ---------------------------------------------------------------------------------------


def _texts(where: str, texts: Any, problems: list[str]) -> None:
    if not isinstance(texts, dict) or set(texts) != set(SUPPORTED_LANGUAGES):
        problems.append(f"{where}: needs exactly the six languages")
        return
    problems.extend(f"{where}.{lang}: empty" for lang, text in texts.items() if not str(text or "").strip())


def check_form_file(data: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    form_id = data.get("id")
    for name in ("title", "intro", "declaration"):
        _texts(f"{form_id}.{name}", data.get(name), problems)
    seen_fields: dict[str, set[str]] = {}
    repeated: set[str] = set()
    choices: dict[tuple[str, str], set[str]] = {}
    for page in data.get("pages") or []:
        page_id = page.get("id", "")
        if not re.fullmatch(r"[a-z_]+", page_id) or page_id in seen_fields:
            problems.append(f"{form_id}: bad or duplicate page id {page_id!r}")
        _texts(f"{form_id}.{page_id}.title", page.get("title"), problems)
        if page.get("help") is not None:
            _texts(f"{form_id}.{page_id}.help", page.get("help"), problems)
        if page.get("repeat"):
            _texts(f"{form_id}.{page_id}.repeat.add", page["repeat"].get("add"), problems)
        for kind, condition in (("page", page.get("when")),):
            _check_condition(f"{form_id}.{page_id} ({kind})", condition, seen_fields, repeated, choices, problems)
        fields: set[str] = set()
        seen_fields[page_id] = fields
        for fld in page.get("fields") or []:
            fid = fld.get("id", "")
            where = f"{form_id}.{page_id}.{fid}"
            if not re.fullmatch(r"[a-z_]+", fid) or fid in fields:
                problems.append(f"{where}: bad or duplicate field id")
            if fld.get("type") not in TYPES:
                problems.append(f"{where}: unknown type {fld.get('type')!r}")
            _texts(f"{where}.label", fld.get("label"), problems)
            if fld.get("help") is not None:
                _texts(f"{where}.help", fld.get("help"), problems)
            if fld.get("type") in ("choice", "multichoice"):
                values = [str(c.get("value")) for c in fld.get("choices") or []]
                if not values or len(values) != len(set(values)):
                    problems.append(f"{where}: choices missing or repeated")
                for choice in fld.get("choices") or []:
                    _texts(f"{where}.{choice.get('value')}", choice.get("label"), problems)
                choices[(page_id, fid)] = set(values)
            _check_condition(where, fld.get("when"), {**seen_fields, page_id: fields | set()}, repeated, choices,
                             problems, same_page=page_id)
            fields.add(fid)
        if page.get("repeat"):
            repeated.add(page_id)
        if not fields:
            problems.append(f"{form_id}.{page_id}: no fields")
    return problems


def _check_condition(where: str, condition: Any, seen: dict[str, set[str]], repeated: set[str],
                     choices: dict[tuple[str, str], set[str]], problems: list[str],
                     same_page: str | None = None) -> None:
    if not condition:
        return
    page_id, _, field_id = str(condition.get("field", "")).partition(".")
    if page_id not in seen or field_id not in seen[page_id]:
        problems.append(f"{where}: condition on {condition.get('field')!r}, which is not an earlier field")
        return
    if page_id in repeated and page_id != same_page:
        problems.append(f"{where}: condition on a repeated page")
    allowed = choices.get((page_id, field_id))
    wanted = [condition["contains"]] if "contains" in condition else list(condition.get("in") or []) or (
        [condition["equals"]] if "equals" in condition else [])
    if not wanted:
        problems.append(f"{where}: condition without equals, in or contains")
    if allowed is not None and any(str(v) not in allowed for v in wanted):
        problems.append(f"{where}: branch can never apply (value not among the choices)")


def check_forms() -> list[str]:
    problems = []
    folder = content_dir() / "forms"
    for form_id in FORMS:
        path = folder / f"{form_id}.yaml"
        if not path.is_file():
            problems.append(f"{form_id}.yaml missing")
            continue
        problems.extend(check_form_file(load_yaml(f"forms/{form_id}.yaml")))
    for other in folder.iterdir():
        if other.suffix == ".yaml" and other.stem not in FORMS:
            problems.append(f"{other.name}: not a known form")
    return problems
