"""The Chalice app: builds the app and registers the blueprints. No logic lives here."""

import os

# pydantic looks for plugins through importlib.metadata at import (~25 ms of cold start); we use none.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from chalice import Chalice

from chalicelib.api.applications import applications_api
from chalicelib.api.auth_routes import auth_api
from chalicelib.api.careers import careers_api
from chalicelib.api.chat import chat_api
from chalicelib.api.faq import faq_api
from chalicelib.api.letters import letters_api
from chalicelib.api.offers import offers_api
from chalicelib.api.portal import portal_api
from chalicelib.api.system import system_api
from chalicelib.auth import authorizer_blueprint
from chalicelib.http import install_middleware
from chalicelib.web.application_pages import application_pages
from chalicelib.web.careers_pages import careers_pages
from chalicelib.web.chat_pages import chat_pages
from chalicelib.web.faq_pages import faq_pages
from chalicelib.web.letters_pages import letters_pages
from chalicelib.web.offers_pages import offers_pages
from chalicelib.web.pages import pages
from chalicelib.web.portal_pages import portal_pages

app = Chalice(app_name="kreisjobcenter")
app.api.binary_types = ["application/pdf", "audio/mpeg", "application/octet-stream", "font/ttf"]
install_middleware(app)
app.register_blueprint(authorizer_blueprint)
app.register_blueprint(auth_api)
app.register_blueprint(system_api)
app.register_blueprint(faq_api)
app.register_blueprint(chat_api)
app.register_blueprint(portal_api)
app.register_blueprint(letters_api)
app.register_blueprint(applications_api)
app.register_blueprint(offers_api)
app.register_blueprint(careers_api)
app.register_blueprint(pages)
app.register_blueprint(faq_pages)
app.register_blueprint(chat_pages)
app.register_blueprint(portal_pages)
app.register_blueprint(letters_pages)
app.register_blueprint(application_pages)
app.register_blueprint(offers_pages)
app.register_blueprint(careers_pages)
