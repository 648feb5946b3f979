"""Settings for `make run` on a laptop: the embedded SQLite database and demo mode."""

import os

os.environ.setdefault("CASEMAP_DEMO_MODE", "true")
os.environ.setdefault("DEBUG", "true")

from config.settings.base import *  # noqa: F403

SQLITE_PATH.parent.mkdir(exist_ok=True)  # noqa: F405
