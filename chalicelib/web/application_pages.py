"""Applying online: one question group per page, "add another person", check your answers, declaration,
submit once, receipt. Works without JavaScript; drafts can be continued after signing in again."""

from __future__ import annotations

import secrets
from typing import Any

from chalice import Blueprint, Response

from chalicelib.auth import CITIZEN
from chalicelib.errors import FieldError, ValidationFailed
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import applications, forms
from chalicelib.web.render import render

application_pages = Blueprint(__name__)


def _field_value(fld: forms.Field, name: str, ctx: PageContext) -> Any:
    if fld.type == "multichoice":
        return [v for v in ctx.form_lists.get(name, []) if v]
    raw = ctx.form.get(name, "")
    if fld.type == "yesno":
        return {"yes": True, "no": False}.get(raw)
    return raw


def _read_page(page: forms.Page, ctx: PageContext, existing: Any) -> Any:
    if page.repeat:
        count = int(ctx.form.get("entries", "0") or 0)
        entries = [{f.id: _field_value(f, f"e{n}.{f.id}", ctx) for f in page.fields} for n in range(min(count, 10))]
        action = ctx.form.get("action", "")
        if action == "add":
            entries.append({})
        elif action.startswith("remove-") and action[7:].isdigit():
            index = int(action[7:])
            entries = [e for n, e in enumerate(entries) if n != index]
        return entries
    return {f.id: _field_value(f, f"f.{f.id}", ctx) for f in page.fields}


def _errors_by_field(errors: list[FieldError]) -> dict[str, str]:
    return {e.field: e.message for e in errors}


@page_route(application_pages, "/my/applications", role=CITIZEN)
def overview(ctx: PageContext) -> Response:
    return render("applications.html", ctx, applications=applications.list_own(ctx.principal.subject),
                  forms=[forms.load_form(f) for f in forms.FORMS])


@page_route(application_pages, "/my/applications/new", methods=("POST",), role=CITIZEN)
def start(ctx: PageContext) -> Response:
    application = applications.create_draft(ctx.principal.subject, ctx.form.get("form_id", ""), ctx.lang)
    form = forms.load_form(application.form_id)
    return redirect(f"/my/applications/{application.application_id}/page/{form.pages[0].id}?lang={ctx.lang}")


def _page_view(ctx: PageContext, application: Any, page: forms.Page, values: Any, errors: dict[str, str],
               status: int = 200) -> Response:
    form = forms.load_form(application.form_id)
    if page.repeat and not isinstance(values, list):
        values = []
    if page.repeat and not values and int(page.repeat.get("min", 0)) > 0:
        values = [{}]
    pages = forms.applicable_pages(form, applications.answers(application))
    number = next((n for n, p in enumerate(pages, 1) if p.id == page.id), 1)
    return render("application_page.html", ctx, status=status, application=application, form=form, page=page,
                  values=values, errors=errors, number=number, total=len(pages))


@page_route(application_pages, "/my/applications/{application_id}/page/{page_id}", methods=("GET", "POST"),
            role=CITIZEN)
def question_page(ctx: PageContext, application_id: str, page_id: str) -> Response:
    application = applications.own(ctx.principal.subject, application_id)
    if application.status != applications.ApplicationStatus.DRAFT:
        return redirect(f"/my/applications/{application_id}/done?lang={ctx.lang}")
    form = forms.load_form(application.form_id)
    page = form.page(page_id)
    current = applications.answers(application)
    if ctx.request.method == "GET":
        return _page_view(ctx, application, page, current.get(page.id, [] if page.repeat else {}), {})
    values = _read_page(page, ctx, current.get(page.id))
    try:
        application = applications.save_answers(ctx.principal.subject, application_id, {page.id: values}, None,
                                                ctx.lang)
    except ValidationFailed as failed:
        return _page_view(ctx, application, page, values, _errors_by_field(failed.errors), status=422)
    if ctx.form.get("action", "").startswith(("add", "remove-")):
        return redirect(f"/my/applications/{application_id}/page/{page.id}?lang={ctx.lang}")
    following = forms.next_page(form, applications.answers(application), page.id)
    if ctx.form.get("return") == "check" or following is None:
        return redirect(f"/my/applications/{application_id}/check?lang={ctx.lang}")
    return redirect(f"/my/applications/{application_id}/page/{following.id}?lang={ctx.lang}")


@page_route(application_pages, "/my/applications/{application_id}/check", role=CITIZEN)
def check(ctx: PageContext, application_id: str) -> Response:
    application = applications.own(ctx.principal.subject, application_id)
    form = forms.load_form(application.form_id)
    answers = applications.answers(application)
    _, missing = forms.validate(form, answers, ctx.lang, complete=True)
    return render("application_check.html", ctx, application=application, form=form, answers=answers,
                  pages=forms.applicable_pages(form, answers), missing=_errors_by_field(missing),
                  display=applications.display, submit_token=secrets.token_urlsafe(24))


@page_route(application_pages, "/my/applications/{application_id}/submit", methods=("POST",), role=CITIZEN)
def submit(ctx: PageContext, application_id: str) -> Response:
    if ctx.form.get("declaration") != "yes":
        return redirect(f"/my/applications/{application_id}/check?lang={ctx.lang}&declaration=missing")
    # The token was made when the page was shown: a double click submits once and gets the same answer.
    applications.submit(ctx.principal.subject, application_id, ctx.lang, ctx.form.get("submit_token") or None)
    return redirect(f"/my/applications/{application_id}/done?lang={ctx.lang}")


@page_route(application_pages, "/my/applications/{application_id}/done", role=CITIZEN)
def done(ctx: PageContext, application_id: str) -> Response:
    application = applications.own(ctx.principal.subject, application_id)
    return render("application_done.html", ctx, application=application,
                  form=forms.load_form(application.form_id), receipt_url=applications.receipt_url(application))
