"""Settings for `make run` on a laptop: the embedded SQLite database and demo mode."""

import os

os.environ.setdefault("CASEMAP_DEMO_MODE", "true")
os.environ.setdefault("DEBUG", "true")
# The demo authority is made up: a number and code no real authority has.
os.environ.setdefault("CASEMAP_LA_NUMBER", "999")
os.environ.setdefault("CASEMAP_LA_CODE", "E06000999")

from config.settings.base import *  # noqa: F403

SQLITE_PATH.parent.mkdir(exist_ok=True)  # noqa: F405
