"""The web shell: start page, sign-in and sign-out, "my area", static files."""

from __future__ import annotations

from pathlib import Path

from chalice import Blueprint, Response

from chalicelib import auth
from chalicelib.config import DEFAULT_LANGUAGE
from chalicelib.errors import NotFound, Unauthenticated
from chalicelib.http import ANY_ROLE, PageContext, page_route, redirect, set_cookie
from chalicelib.web.render import render, render_error

pages = Blueprint(__name__)
STATIC = Path(__file__).resolve().parent / "static"
FONTS = Path(__file__).resolve().parent.parent / "fonts"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}
WEB_FONTS = {"NotoSansEthiopic-Regular.ttf"}
MY_SECTIONS = ("applications", "letters", "documents", "appointments")


@page_route(pages, "/")
def home(ctx: PageContext) -> Response:
    return render("home.html", ctx)


@page_route(pages, "/login", methods=("GET", "POST"))
def login(ctx: PageContext) -> Response:
    if ctx.request.method == "GET":
        if ctx.session is not None:
            return redirect(f"/my?lang={ctx.lang}")
        return render("login.html", ctx, error=None, email="")
    email = ctx.form.get("email", "").strip()[:254]
    try:
        session_id, _ = auth.create_session(email, ctx.form.get("password", "")[:256])
    except Unauthenticated as err:
        return render("login.html", ctx, status=401, error=f"login.error.{err.detail or 'wrong_credentials'}",
                      email=email)
    cookie = set_cookie(auth.SESSION_COOKIE, session_id)
    return redirect(f"/my?lang={ctx.lang}", [cookie])


@page_route(pages, "/logout", methods=("POST",), role=ANY_ROLE)
def logout(ctx: PageContext) -> Response:
    auth.end_session(ctx.cookies.get(auth.SESSION_COOKIE))
    return redirect(f"/?lang={ctx.lang}", [set_cookie(auth.SESSION_COOKIE, "", max_age=0)])


@page_route(pages, "/my", role=ANY_ROLE)
def my_area(ctx: PageContext) -> Response:
    return render("my.html", ctx, sections=MY_SECTIONS)


@pages.route("/static/fonts/{name}", methods=["GET"])
def font_file(name: str) -> Response:
    if name not in WEB_FONTS:
        return render_error(NotFound(), DEFAULT_LANGUAGE)
    return Response(body=(FONTS / name).read_bytes(), status_code=200, headers={
        "Content-Type": "font/ttf", "Cache-Control": "public, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff"})


@pages.route("/static/{name}", methods=["GET"])
def static_file(name: str) -> Response:
    path = (STATIC / name).resolve()
    if path.parent != STATIC or path.suffix not in STATIC_TYPES or not path.is_file():
        return render_error(NotFound(), DEFAULT_LANGUAGE)
    return Response(body=path.read_text(encoding="utf-8"), status_code=200, headers={
        "Content-Type": STATIC_TYPES[path.suffix], "Cache-Control": "public, max-age=3600",
        "X-Content-Type-Options": "nosniff"})
