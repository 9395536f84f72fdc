"""The career pass as a PDF portfolio for applications (fpdf2): headings in the young person's language,
their own words as written, in any script (fallback fonts, HarfBuzz shaping). Photos are listed, not
embedded: the PDF stays small for old phones and e-mail attachments."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from chalicelib.i18n import translate
from chalicelib.services import careers
from chalicelib.services.letter_pdf import FONTS, SCRIPT_FONTS

LINK_SECONDS = 300
_JOINING = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")
_FALLBACKS = (("NotoNaskh", "NotoNaskhArabic-Regular.ttf"), ("NotoEthiopic", "NotoSansEthiopic-Regular.ttf"))


def _date(value: str | None) -> str:
    if not value:
        return ""
    try:
        return date.fromisoformat(value[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return value


class _Portfolio:
    def __init__(self, lang: str) -> None:
        from fpdf import FPDF

        self.lang = lang
        family, filename, self.direction, self.line = SCRIPT_FONTS.get(lang, ("NotoSans", None, "ltr", 1.3))
        self.pdf = pdf = FPDF(format="A4")
        pdf.set_margins(20, 18, 20)
        pdf.set_auto_page_break(True, margin=18)
        pdf.add_font("NotoSans", fname=str(FONTS / "NotoSans-Regular.ttf"))
        pdf.add_font("NotoSans", style="B", fname=str(FONTS / "NotoSans-Bold.ttf"))
        for fallback, fallback_file in _FALLBACKS:
            pdf.add_font(fallback, fname=str(FONTS / fallback_file))
        if filename and family not in dict(_FALLBACKS):
            pdf.add_font(family, fname=str(FONTS / filename))
        self.family = family if filename else "NotoSans"
        # Whatever the main script, the young person's own words may be in any of them.
        pdf.set_fallback_fonts([name for name in ("NotoSans", *dict(_FALLBACKS)) if name != self.family],
                               exact_match=False)
        self.shaping: bool | None = None
        pdf.add_page()

    def t(self, key: str, **params: object) -> str:
        return translate(self.lang, key, **params)

    def text(self, value: str, size: float = 10.5, bold: bool = False, gap: float = 1.0) -> None:
        if not value:
            return
        # Bold exists for the Latin font only; other scripts are set in their regular face.
        self.pdf.set_font("NotoSans" if bold and self.family == "NotoSans" else self.family,
                          style="B" if bold and self.family == "NotoSans" else "", size=size)
        # HarfBuzz only where a script needs joining (Arabic letters): it costs ~10x per line.
        shaping = bool(_JOINING.search(value))
        if shaping != self.shaping:
            if shaping:
                self.pdf.set_text_shaping(use_shaping_engine=True, direction=self.direction, language=self.lang)
            else:
                self.pdf.set_text_shaping(False)
            self.shaping = shaping
        self.pdf.multi_cell(w=0, h=size * 0.3528 * self.line * 1.25, text=value,
                            align="R" if self.direction == "rtl" else "L", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(gap)

    def heading(self, key: str) -> None:
        self.pdf.ln(3)
        self.text(self.t(key), size=14, bold=True, gap=2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())


@dataclass(frozen=True)
class Download:
    url: str
    expires_at: str


def portfolio_download(owner: str, lang: str) -> Download:
    """The PDF, rendered now, stored under exports/ (expires after a day) and fetched through a 5-minute
    link: API Gateway returns binary bodies only when the first Accept type matches, which a browser's
    link never does, so files always travel through S3."""
    from chalicelib import aws
    from chalicelib.config import settings

    pdf = render_portfolio(owner, lang)
    key = f"exports/{owner}/{secrets.token_urlsafe(12)}.pdf"
    s3 = aws.s3()
    s3.put_object(Bucket=settings().documents_bucket, Key=key, Body=pdf, ContentType="application/pdf",
                  ServerSideEncryption="aws:kms")
    url = s3.generate_presigned_url("get_object", ExpiresIn=LINK_SECONDS, Params={
        "Bucket": settings().documents_bucket, "Key": key, "ResponseContentType": "application/pdf",
        "ResponseContentDisposition": 'attachment; filename="career-pass.pdf"'})
    expires = datetime.now(UTC) + timedelta(seconds=LINK_SECONDS)
    return Download(url, expires.isoformat(timespec="seconds"))


def render_portfolio(owner: str, lang: str, today: date | None = None) -> bytes:
    view = careers.pass_view(owner, careers.usable_pass(owner))
    doc = _Portfolio(lang)
    doc.text(doc.t("careers.pdf.title"), size=18, bold=True, gap=1)
    doc.text(f"{view.name} · {doc.t('careers.pdf.made_on', date=(today or date.today()).strftime('%d.%m.%Y'))}",
             size=10)

    strengths = {s["id"]: s["title"] for s in careers.strengths(lang)}
    levels = {s["level"]: s["label"] for s in careers.scale(lang)}
    if view.strengths or view.interests:
        doc.heading("careers.strengths.title")
        for strength_id, level in sorted(view.strengths.items(), key=lambda item: -item[1]):
            if strength_id in strengths:
                doc.text(f"{strengths[strength_id]}: {levels.get(level, level)}")
        titles = {i["id"]: i["title"] for i in careers.interests(lang)}
        if view.interests:
            doc.text(doc.t("careers.strengths.interests"), size=9.5, gap=0)
            doc.text(", ".join(titles[i] for i in view.interests if i in titles))

    if view.experiences:
        doc.heading("careers.experiences.title")
        for entry in view.experiences:
            data = entry.data
            doc.text(data["title"], size=11.5, bold=True, gap=0)
            period = _date(data["start"]) + (f" – {_date(data.get('end'))}" if data.get("end") else "")
            doc.text(" · ".join(part for part in (doc.t(f"careers.experience.kind.{data['kind']}"),
                                                  data.get("place", ""), period) if part), size=9.5)
            for field in ("did", "learned"):
                if data.get(field):
                    # Label and the young person's words apart: only the label needs the UI's script.
                    doc.text(doc.t(f"careers.experience.{field}"), size=9.5, gap=0)
                    doc.text(data[field])
            doc.pdf.ln(2)

    if view.goals or view.talks:
        doc.heading("careers.plan.title")
        for entry in view.goals:
            target = f" ({_date(entry.data.get('target'))})" if entry.data.get("target") else ""
            doc.text(entry.data["title"] + target, size=11.5, bold=True, gap=0)
            for step in entry.data.get("steps", []):
                mark = "[x]" if step.get("done") else "[ ]"
                due = f" – {_date(step.get('due'))}" if step.get("due") else ""
                doc.text(f"{mark} {step['title']}{due}", gap=0)
            doc.pdf.ln(2)
        for entry in view.talks:
            doc.text(f"{_date(entry.data['held_on'])} · {entry.data['with_whom']}", bold=True, gap=0)
            doc.text(entry.data["agreed"])

    if view.assessments:
        doc.heading("careers.assessments.title")
        for entry in view.assessments:
            data = entry.data
            doc.text(f"{data['assessor_name']} ({doc.t('careers.role.' + data['role'])}), {_date(data['given_on'])}",
                     bold=True, gap=0)
            rated = [f"{strengths[k]}: {levels.get(v, v)}" for k, v in data.get("levels", {}).items() if k in strengths]
            if rated:
                doc.text("; ".join(rated))
            doc.text(data.get("comment", ""))

    accepted = [d for d in view.documents if d.status == "accepted"]
    if accepted:
        doc.heading("careers.documents.title")
        for document in accepted:
            doc.text(f"{document.filename} ({doc.t('documents.category.' + document.category)})", gap=0)
    return doc.output()

