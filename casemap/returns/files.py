"""Where exported returns are kept: one file per export, named by its reference, in RETURNS_DIR (default
var/returns). Only the returns pages read them, after authorising the data officer asking."""

import uuid
from pathlib import Path

from django.conf import settings


def returns_dir() -> Path:
    folder = Path(getattr(settings, "RETURNS_DIR", Path(settings.BASE_DIR) / "var" / "returns"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_path(reference: uuid.UUID, suffix: str = ".xml") -> Path:
    """`suffix` is the kind's (`ReturnExport.suffix`): .xml, .zip or .xlsx."""
    return returns_dir() / f"{reference}{suffix}"
