"""Letters on the web: the citizen's mailbox and consent; staff send letters and follow them."""

from __future__ import annotations

from chalice import Blueprint, Response

from chalicelib.auth import CITIZEN, STAFF
from chalicelib.errors import BadRequest, NotFound
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import audit, letters, people
from chalicelib.web.render import render

letters_pages = Blueprint(__name__)


@page_route(letters_pages, "/my/letters", role=CITIZEN)
def mailbox(ctx: PageContext) -> Response:
    items, cursor = letters.mailbox(ctx.principal.subject, 20, ctx.query.get("after"))
    return render("mailbox.html", ctx, letters=items, next_cursor=cursor,
                  consent=letters.get_consent(ctx.principal.subject), saved=ctx.query.get("saved") == "1")


@page_route(letters_pages, "/my/letters/consent", methods=("POST",), role=CITIZEN)
def consent(ctx: PageContext) -> Response:
    digital = ctx.form.get("digital")
    if digital not in ("yes", "no"):
        raise BadRequest()
    lang = ctx.form.get("notice_lang", ctx.lang)
    email = ctx.principal.email if digital == "yes" else None
    letters.set_consent(ctx.principal.subject, digital == "yes", email, lang)
    return redirect(f"/my/letters?lang={ctx.lang}&saved=1")


@page_route(letters_pages, "/my/letters/{letter_id}", role=CITIZEN)
def letter_page(ctx: PageContext, letter_id: str) -> Response:
    letter, url = letters.open_letter(ctx.principal.subject, letter_id)
    return render("letter.html", ctx, letter=letter, download_url=url)


@page_route(letters_pages, "/staff/letters", role=STAFF)
def staff_list(ctx: PageContext) -> Response:
    status = ctx.query.get("status", "delivered")
    if status not in {s.value for s in letters.LetterStatus}:
        raise BadRequest()
    items, cursor = letters.by_status(status, 50, ctx.query.get("after"))
    audit.record(ctx.principal.subject, f"letters.list.{status}", "letters", ctx.request_id)
    return render("staff_letters.html", ctx, letters=items, status=status, statuses=[s.value for s in
                  letters.LetterStatus], next_cursor=cursor, created=ctx.query.get("created"))


@page_route(letters_pages, "/staff/letters/new", methods=("GET", "POST"), role=STAFF)
def staff_new(ctx: PageContext) -> Response:
    template_id = (ctx.form or ctx.query).get("template", "einladung")
    tpl = letters.template(template_id)
    if ctx.request.method == "GET":
        return render("staff_letter_new.html", ctx, templates=letters.TEMPLATES, letter_template=tpl, error=None,
                      form={})
    values = {name: ctx.form.get(f"value_{name}", "").strip()[:500] for name in tpl.required}
    try:
        citizen = people.find_citizen_by_email(ctx.form.get("email", ""))
        summary_lang = ctx.form.get("summary_lang") or None
        letter = letters.create_letter(ctx.principal.subject, citizen.id, tpl.subject, tpl.id, values, None,
                                       summary_lang if summary_lang in ("en", "ar", "fa", "ur", "ti") else None)
    except (BadRequest, NotFound) as err:
        return render("staff_letter_new.html", ctx, status=400, templates=letters.TEMPLATES, letter_template=tpl,
                      error=f"error.{err.detail or err.code}", form=ctx.form)
    audit.record(ctx.principal.subject, "letters.create", f"citizen#{citizen.id}", ctx.request_id)
    return redirect(f"/staff/letters/{letter.letter_id}?lang={ctx.lang}")


@page_route(letters_pages, "/staff/letters/{letter_id}", role=STAFF)
def staff_letter(ctx: PageContext, letter_id: str) -> Response:
    letter = letters.staff_letter(letter_id)
    audit.record(ctx.principal.subject, "letters.read", f"citizen#{letter.citizen}", ctx.request_id)
    return render("staff_letter.html", ctx, letter=letter,
                  download_url=letters.pdf_url(letter) if letter.pdf_key else None)
