"""Jinja2 rendering with the visitor's language, text direction and CSRF token."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from chalice import Response

from chalicelib.config import SUPPORTED_LANGUAGES
from chalicelib.errors import DomainError
from chalicelib.i18n import LANGUAGE_NAMES, text_direction, translate

TEMPLATES = Path(__file__).resolve().parent / "templates"
HTML = "text/html; charset=utf-8"
CSP = ("default-src 'self'; img-src 'self' data:; media-src 'self' https: http:; "
       "style-src 'self'; font-src 'self'; script-src 'self'; connect-src 'self' https: http:; "
       "form-action 'self' https: http:; frame-ancestors 'none'")


@functools.cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def render_html(template: str, lang: str, status: int = 200, **context: Any) -> Response:
    def t(key: str, **params: Any) -> str:
        return translate(lang, key, **params)

    page = environment().get_template(template).render(
        lang=lang, dir=text_direction(lang), t=t, languages=SUPPORTED_LANGUAGES,
        language_names=LANGUAGE_NAMES, **context)
    return Response(body=page, status_code=status, headers={
        "Content-Type": HTML, "Content-Language": lang, "Content-Security-Policy": CSP})


def render(template: str, ctx: Any, status: int = 200, **context: Any) -> Response:
    """Render a page for a PageContext: adds the signed-in user and the CSRF token."""
    kept = {k: v for k, v in ctx.query.items() if k not in ("lang", "reported", "thanks")}
    return render_html(template, ctx.lang, status=status, principal=ctx.principal,
                       csrf_token=ctx.csrf_token, path=ctx.request.path,
                       switch_query=urlencode(kept) + "&" if kept else "", **context)


def render_error(err: DomainError, lang: str) -> Response:
    # The specific message where the error names one (as problem+json does), else the general one.
    from chalicelib.i18n import catalogue

    key = f"error.{err.detail}" if err.detail else ""
    if key not in catalogue(lang):
        key = f"error.{err.code}.detail"
    return render_html("error.html", lang, status=err.status, principal=None, csrf_token="",
                       path="/", switch_query="", code=err.code, status_code=err.status,
                       detail=translate(lang, key, **err.params))


def error_page(err: DomainError, ctx: Any) -> Response:
    response = render_error(err, ctx.lang)
    for name, value in err.headers.items():
        response.headers[name] = value
    return response
