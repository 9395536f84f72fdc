"""Career pass pages for young people (phone first, no JavaScript needed), the parents' page and
consent, the assessor's one-time page, and the counsellor's read-only view of shared passes."""

from __future__ import annotations

import json
from typing import Any

from chalice import Blueprint, Response

from chalicelib.auth import STAFF, YOUTH
from chalicelib.config import settings
from chalicelib.errors import BadRequest, Forbidden, NotFound, ValidationFailed
from chalicelib.http import PageContext, page_route, redirect
from chalicelib.services import audit, careers, documents
from chalicelib.web.render import render

careers_pages = Blueprint(__name__)


def _errors(failed: ValidationFailed) -> dict[str, str]:
    return {e.field: e.message for e in failed.errors}


def _catalogue(lang: str) -> dict[str, Any]:
    return {"strengths": careers.strengths(lang), "scale": careers.scale(lang), "interests": careers.interests(lang),
            "groups": careers.groups(lang)}


def _pass_or_overview(ctx: PageContext) -> tuple[Any, Response | None]:
    """The usable pass; before the parents' consent, instead, the way back to the overview that asks for it."""
    try:
        return careers.usable_pass(ctx.principal.subject), None
    except Forbidden as err:
        if err.detail != "career_consent_required":
            raise
        return None, redirect(f"/careers?lang={ctx.lang}")


def _consent_gate(ctx: PageContext) -> Response | None:
    return _pass_or_overview(ctx)[1]


# -- overview and the parents' consent -----------------------------------------------------------------


def _overview(ctx: PageContext, status: int = 200, errors: dict[str, str] | None = None,
              form: dict[str, str] | None = None, delete_error: bool = False) -> Response:
    career_pass = careers.start_pass(ctx.principal.subject)
    return render("careers.html", ctx, status=status, career_pass=career_pass, errors=errors or {},
                  form=form or {}, sent=ctx.query.get("sent") == "1", delete_error=delete_error)


@page_route(careers_pages, "/careers", role=YOUTH)
def overview(ctx: PageContext) -> Response:
    return _overview(ctx)


@page_route(careers_pages, "/careers/consent-request", methods=("POST",), role=YOUTH)
def consent_request(ctx: PageContext) -> Response:
    form = {"parent_name": ctx.form.get("parent_name", ""), "parent_email": ctx.form.get("parent_email", "").strip(),
            "lang": ctx.form.get("lang", ctx.lang)}
    try:
        request = careers.parse(careers.ConsentRequestIn, form, ctx.lang)
    except ValidationFailed as failed:
        return _overview(ctx, status=422, errors=_errors(failed), form=form)
    careers.request_consent(ctx.principal.subject, request)
    return redirect(f"/careers?lang={ctx.lang}&sent=1")


@page_route(careers_pages, "/careers/parents")
def parents(ctx: PageContext) -> Response:
    return render("careers_parents.html", ctx, token=None, errors={}, done=False, name="")


@page_route(careers_pages, "/careers/consent/{token}", methods=("GET", "POST"))
def consent(ctx: PageContext, token: str) -> Response:
    careers.open_link(token, "consent")  # unknown, used or expired: the friendly 404 page
    if ctx.request.method == "GET":
        return render("careers_parents.html", ctx, token=token, errors={}, done=False, name="")
    form = {"parent_name": ctx.form.get("parent_name", ""), "agree": ctx.form.get("agree") == "yes"}
    try:
        careers.give_consent(token, careers.parse(careers.ConsentIn, form, ctx.lang), ctx.lang)
    except ValidationFailed as failed:
        return render("careers_parents.html", ctx, status=422, token=token, errors=_errors(failed),
                      done=False, name=form["parent_name"])
    return render("careers_parents.html", ctx, token=None, errors={}, done=True, name="")


# -- strengths and external assessments -------------------------------------------------------------


def _strengths(ctx: PageContext, status: int = 200, **extra: Any) -> Response:
    career_pass, gate = _pass_or_overview(ctx)
    if gate:
        return gate
    owner = ctx.principal.subject
    return render("careers_strengths.html", ctx, status=status, career_pass=career_pass,
                  assessments=careers.list_entries(owner, "assessment"), roles=careers.ASSESSOR_ROLES,
                  saved=ctx.query.get("saved") == "1", **_catalogue(ctx.lang), **{"link": None, "error": None, **extra})


@page_route(careers_pages, "/careers/strengths", methods=("GET", "POST"), role=YOUTH)
def strengths(ctx: PageContext) -> Response:
    if ctx.request.method == "GET":
        return _strengths(ctx)
    levels = {key[2:]: value for key, value in ctx.form.items() if key.startswith("s.") and value}
    answer = {"levels": {k: int(v) if v.isdigit() else -1 for k, v in levels.items()},
              "interests": ctx.form_lists.get("interest", [])}
    try:
        careers.save_self_assessment(ctx.principal.subject, careers.parse(careers.SelfAssessmentIn, answer, ctx.lang),
                                     ctx.lang)
    except ValidationFailed:
        return _strengths(ctx, status=422, error="error.strength_unknown")
    return redirect(f"/careers/strengths?lang={ctx.lang}&saved=1")


@page_route(careers_pages, "/careers/assessment-links", methods=("POST",), role=YOUTH)
def assessment_link(ctx: PageContext) -> Response:
    role = ctx.form.get("role", "")
    if role not in careers.ASSESSOR_ROLES:
        return _strengths(ctx, status=422, error="error.career_role_unknown")
    token, expires = careers.create_assessment_link(ctx.principal.subject, role, ctx.lang)
    return _strengths(ctx, link={"url": f"{settings().public_base_url}/careers/assess/{token}?lang={ctx.lang}",
                                 "expires": expires.strftime("%d.%m.%Y"), "role": role})


@page_route(careers_pages, "/careers/assess/{token}", methods=("GET", "POST"))
def assess(ctx: PageContext, token: str) -> Response:
    link, first_name = careers.assessment_subject(token)
    values = {"token": token, "first_name": first_name, "role": link.role, "errors": {}, "form": {},
              "done": False, **_catalogue(ctx.lang)}
    if ctx.request.method == "GET":
        return render("careers_assess.html", ctx, **values)
    levels = {key[2:]: int(v) if v.isdigit() else -1 for key, v in ctx.form.items() if key.startswith("s.") and v}
    form = {"assessor_name": ctx.form.get("assessor_name", ""), "levels": levels,
            "comment": ctx.form.get("comment", "")}
    try:
        careers.add_assessment(token, careers.parse(careers.AssessmentIn, form, ctx.lang), ctx.lang)
    except ValidationFailed as failed:
        return render("careers_assess.html", ctx, status=422, **{**values, "errors": _errors(failed),
                                                                  "form": form})
    return render("careers_assess.html", ctx, **{**values, "done": True})


# -- experiences ------------------------------------------------------------------------------------

_EXPERIENCE_FIELDS = ("kind", "title", "place", "start", "end", "did", "learned")


def _experience_form(ctx: PageContext) -> dict[str, Any]:
    form: dict[str, Any] = {name: ctx.form.get(name, "") for name in _EXPERIENCE_FIELDS}
    form["end"] = form["end"] or None
    return form


@page_route(careers_pages, "/careers/experiences", role=YOUTH)
def experiences(ctx: PageContext) -> Response:
    if gate := _consent_gate(ctx):
        return gate
    return render("careers_experiences.html", ctx, items=careers.list_entries(ctx.principal.subject, "experience"))


@page_route(careers_pages, "/careers/experiences/new", methods=("GET", "POST"), role=YOUTH)
def new_experience(ctx: PageContext) -> Response:
    if ctx.request.method == "GET":
        return _consent_gate(ctx) or render("careers_experience_form.html", ctx, form={"kind": "internship"},
                                            errors={})
    form = _experience_form(ctx)
    try:
        entry = careers.add_entry(ctx.principal.subject, "experience",
                                  careers.parse(careers.ExperienceIn, form, ctx.lang))
    except ValidationFailed as failed:
        return render("careers_experience_form.html", ctx, status=422, form=form, errors=_errors(failed))
    return redirect(f"/careers/experiences/{entry.id}?lang={ctx.lang}&added=1")


def _experience_page(ctx: PageContext, entry_id: str, status: int = 200, error: str | None = None) -> Response:
    owner = ctx.principal.subject
    entry = careers.get_entry(owner, "experience", entry_id)
    attached = [d for d in careers.career_documents(owner) if d.link_id == entry_id]
    return render("careers_experience.html", ctx, status=status, entry=entry, attached=attached, error=error,
                  added=ctx.query.get("added") == "1", uploaded=ctx.query.get("uploaded") == "1",
                  kinds=tuple(documents.ALLOWED_TYPES))


@page_route(careers_pages, "/careers/experiences/{entry_id}", role=YOUTH)
def experience(ctx: PageContext, entry_id: str) -> Response:
    return _experience_page(ctx, entry_id)


@page_route(careers_pages, "/careers/experiences/{entry_id}/delete", methods=("POST",), role=YOUTH)
def delete_experience(ctx: PageContext, entry_id: str) -> Response:
    careers.delete_entry(ctx.principal.subject, "experience", entry_id)
    return redirect(f"/careers/experiences?lang={ctx.lang}")


def _ticket_page(ctx: PageContext, category: str, kind: str, experience_id: str | None, back: str) -> Response:
    extension = documents.ALLOWED_TYPES.get(kind, ("",))[0]
    ticket = careers.create_upload(ctx.principal.subject, f"{category}{extension}", kind, documents.MAX_BYTES,
                                   category, experience_id=experience_id,
                                   redirect=f"{settings().public_base_url}{back}?lang={ctx.lang}&uploaded=1")
    return render("upload.html", ctx, ticket=ticket, kind=kind, category=category)


@page_route(careers_pages, "/careers/experiences/{entry_id}/upload", methods=("POST",), role=YOUTH)
def experience_upload(ctx: PageContext, entry_id: str) -> Response:
    try:
        return _ticket_page(ctx, ctx.form.get("category", ""), ctx.form.get("kind", ""), entry_id,
                            f"/careers/experiences/{entry_id}")
    except BadRequest as err:
        return _experience_page(ctx, entry_id, status=400, error=f"error.{err.detail}")


# -- my plan: goals with steps, counselling talks ----------------------------------------------------


def _plan(ctx: PageContext, status: int = 200, errors: dict[str, str] | None = None,
          form: dict[str, Any] | None = None, which: str = "") -> Response:
    owner = ctx.principal.subject
    return render("careers_plan.html", ctx, status=status, goals=careers.list_entries(owner, "goal"),
                  talks=careers.list_entries(owner, "talk"), errors=errors or {}, form=form or {}, which=which,
                  step_kinds=("application", "open_day", "counselling", "internship", "other"))


@page_route(careers_pages, "/careers/plan", role=YOUTH)
def plan(ctx: PageContext) -> Response:
    return _consent_gate(ctx) or _plan(ctx)


@page_route(careers_pages, "/careers/plan/goals", methods=("POST",), role=YOUTH)
def add_goal(ctx: PageContext) -> Response:
    steps = []
    for n in range(3):
        title = ctx.form.get(f"step{n}.title", "")
        if title.strip():
            steps.append({"title": title, "kind": ctx.form.get(f"step{n}.kind", "other"),
                          "due": ctx.form.get(f"step{n}.due") or None})
    form = {"title": ctx.form.get("title", ""), "target": ctx.form.get("target") or None, "steps": steps}
    return _add_to_plan(ctx, "goal", form)


def _add_to_plan(ctx: PageContext, kind: str, form: dict[str, Any]) -> Response:
    try:
        careers.add_entry(ctx.principal.subject, kind, careers.parse(careers.ENTRY_MODELS[kind], form, ctx.lang))
    except ValidationFailed as failed:
        return _plan(ctx, status=422, errors=_errors(failed), form=form, which=kind)
    return redirect(f"/careers/plan?lang={ctx.lang}")


@page_route(careers_pages, "/careers/plan/goals/{entry_id}/steps", methods=("POST",), role=YOUTH)
def tick_step(ctx: PageContext, entry_id: str) -> Response:
    """Mark one step done or not done (a button per step, so it works without JavaScript)."""
    index = int(ctx.form["step"]) if ctx.form.get("step", "").isdigit() else -1
    careers.toggle_step(ctx.principal.subject, entry_id, index)
    return redirect(f"/careers/plan?lang={ctx.lang}#goal-{entry_id}")


@page_route(careers_pages, "/careers/plan/talks", methods=("POST",), role=YOUTH)
def add_talk(ctx: PageContext) -> Response:
    form = {"held_on": ctx.form.get("held_on", ""), "with_whom": ctx.form.get("with_whom", ""),
            "agreed": ctx.form.get("agreed", "")}
    return _add_to_plan(ctx, "talk", form)


@page_route(careers_pages, "/careers/plan/{kind}/{entry_id}/delete", methods=("POST",), role=YOUTH)
def delete_plan_entry(ctx: PageContext, kind: str, entry_id: str) -> Response:
    if kind not in ("goal", "talk"):
        raise NotFound()
    careers.delete_entry(ctx.principal.subject, kind, entry_id)
    return redirect(f"/careers/plan?lang={ctx.lang}")


# -- documents -------------------------------------------------------------------------------------


def _documents(ctx: PageContext, status: int = 200, error: str | None = None) -> Response:
    return _consent_gate(ctx) or render(
        "careers_documents.html", ctx, status=status, error=error,
        items=careers.career_documents(ctx.principal.subject),
        kinds=tuple(documents.ALLOWED_TYPES), uploaded=ctx.query.get("uploaded") == "1")


@page_route(careers_pages, "/careers/documents", role=YOUTH)
def career_documents(ctx: PageContext) -> Response:
    return _documents(ctx)


@page_route(careers_pages, "/careers/documents/upload", methods=("POST",), role=YOUTH)
def documents_upload(ctx: PageContext) -> Response:
    try:
        return _ticket_page(ctx, ctx.form.get("category", ""), ctx.form.get("kind", ""), None, "/careers/documents")
    except BadRequest as err:
        return _documents(ctx, status=400, error=f"error.{err.detail}")


@page_route(careers_pages, "/careers/documents/{document_id}/download", role=YOUTH)
def download(ctx: PageContext, document_id: str) -> Response:
    document = careers.own_document(ctx.principal.subject, document_id)
    if document.status != "accepted":
        raise NotFound()
    return redirect(documents.download_url(document))


# -- sharing -----------------------------------------------------------------------------------------


def _sharing(ctx: PageContext, status: int = 200, errors: dict[str, str] | None = None, email: str = "") -> Response:
    return _consent_gate(ctx) or render(
        "careers_share.html", ctx, status=status, shares=careers.list_shares(ctx.principal.subject),
        errors=errors or {}, email=email, revoked=ctx.query.get("revoked") == "1")


@page_route(careers_pages, "/careers/share", methods=("GET", "POST"), role=YOUTH)
def share(ctx: PageContext) -> Response:
    if ctx.request.method == "GET":
        return _sharing(ctx)
    email = ctx.form.get("counsellor_email", "").strip()
    try:
        careers.share_with(ctx.principal.subject,
                           careers.parse(careers.ShareIn, {"counsellor_email": email}, ctx.lang), ctx.lang)
    except ValidationFailed as failed:
        return _sharing(ctx, status=422, errors=_errors(failed), email=email)
    return redirect(f"/careers/share?lang={ctx.lang}")


@page_route(careers_pages, "/careers/share/{share_id}/revoke", methods=("POST",), role=YOUTH)
def revoke(ctx: PageContext, share_id: str) -> Response:
    careers.revoke_share(ctx.principal.subject, share_id)
    return redirect(f"/careers/share?lang={ctx.lang}&revoked=1")


# -- export ------------------------------------------------------------------------------------------


@page_route(careers_pages, "/careers/export.pdf", role=YOUTH)
def export_pdf(ctx: PageContext) -> Response:
    from chalicelib.services import career_pdf

    return redirect(career_pdf.portfolio_download(ctx.principal.subject, ctx.lang).url)


@page_route(careers_pages, "/careers/export.json", role=YOUTH)
def export_json(ctx: PageContext) -> Response:
    data = careers.export_data(ctx.principal.subject)
    return Response(body=json.dumps(data, ensure_ascii=False, indent=1), status_code=200, headers={
        "Content-Type": "application/json; charset=utf-8",
        "Content-Disposition": 'attachment; filename="career-pass.json"', "Cache-Control": "no-store"})


@page_route(careers_pages, "/careers/delete", methods=("POST",), role=YOUTH)
def delete_pass(ctx: PageContext) -> Response:
    if ctx.form.get("confirm") != "yes":
        return _overview(ctx, status=422, delete_error=True)
    careers.delete_pass(ctx.principal.subject)
    return render("careers_deleted.html", ctx)


# -- counsellors ------------------------------------------------------------------------------------


@page_route(careers_pages, "/staff/careers", role=STAFF)
def staff_list(ctx: PageContext) -> Response:
    return render("staff_careers.html", ctx, shares=careers.shares_for_counsellor(ctx.principal.subject))


@page_route(careers_pages, "/staff/careers/{share_id}", role=STAFF)
def staff_view(ctx: PageContext, share_id: str) -> Response:
    share_record, view = careers.shared_pass(ctx.principal.subject, share_id)
    audit.record(ctx.principal.subject, "career_pass_read", share_id, ctx.request_id)
    return render("staff_career.html", ctx, share=share_record, view=view, **_catalogue(ctx.lang))
