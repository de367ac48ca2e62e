"""`make demo` and local development: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

from config.settings.base import *  # noqa: F403
from config.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
