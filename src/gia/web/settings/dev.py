"""Development: SQLite in ./var, debug pages, e-mails on the console. Never use in production."""

from gia.web.settings.base import *  # noqa: F403
from gia.web.settings.base import MIDDLEWARE, SECRET_KEY

DEBUG = True
SECRET_KEY = SECRET_KEY or "dev-only-not-secret-0c8f4e7a2b9d41f6a3e5c7b8d9e0f1a2"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
# the site's 404 page rather than Django's technical one listing every URL (remove to see that one)
MIDDLEWARE = [*MIDDLEWARE, "gia.web.views.errors.DevelopmentNotFoundMiddleware"]
