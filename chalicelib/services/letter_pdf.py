"""Letters as PDF (fpdf2). German body; an optional plain-language summary in the citizen's language,
shaped with HarfBuzz so Arabic, Farsi, Urdu and Tigrinya render correctly (fonts ship in chalicelib/fonts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SCRIPT_FONTS = {
    "ar": ("NotoNaskh", "NotoNaskhArabic-Regular.ttf", "rtl", 1.4),
    "fa": ("NotoNaskh", "NotoNaskhArabic-Regular.ttf", "rtl", 1.4),
    "ur": ("NotoNastaliq", "NotoNastaliqUrdu-Regular.ttf", "rtl", 1.6),
    "ti": ("NotoEthiopic", "NotoSansEthiopic-Regular.ttf", "ltr", 1.3),
}
SENDER = "Kreisjobcenter · Kreishaus · Musterstraße 1 · 12345 Musterstadt"


def render_letter(subject: str, body: str, recipient_name: str, letter_date: date,
                  summary: str | None = None, summary_lang: str | None = None,
                  summary_heading: str = "Kurz gesagt") -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(25, 20, 20)
    pdf.add_font("NotoSans", fname=str(FONTS / "NotoSans-Regular.ttf"))
    pdf.add_font("NotoSans", style="B", fname=str(FONTS / "NotoSans-Bold.ttf"))
    pdf.add_page()
    pdf.set_font("NotoSans", size=8)
    pdf.cell(text=SENDER, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("NotoSans", size=11)
    pdf.cell(text=recipient_name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(12)
    pdf.cell(w=0, text=letter_date.strftime("%d.%m.%Y"), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("NotoSans", style="B", size=13)
    pdf.multi_cell(w=0, text=subject, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("NotoSans", size=11)
    pdf.multi_cell(w=0, h=6, text=body.strip(), new_x="LMARGIN", new_y="NEXT")
    if summary and summary_lang and summary_lang != "de":
        pdf.ln(8)
        pdf.set_font("NotoSans", style="B", size=11)
        pdf.cell(text=summary_heading, new_x="LMARGIN", new_y="NEXT")
        family, filename, direction, line_height = SCRIPT_FONTS.get(summary_lang, ("NotoSans", None, "ltr", 1.3))
        if filename:
            pdf.add_font(family, fname=str(FONTS / filename))
        pdf.set_font(family, size=12)
        pdf.set_text_shaping(use_shaping_engine=True, direction=direction, language=summary_lang)
        pdf.multi_cell(w=0, h=12 * 0.3528 * line_height * 1.2, text=summary,
                       align="R" if direction == "rtl" else "L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_shaping(False)
    return bytes(pdf.output())
