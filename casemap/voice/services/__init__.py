"""Writes to the child's voice records. Every change names the acting user, runs in one transaction, refuses
a stale save, and logs access against the child; a recorded session also goes on the child's timeline."""

from casemap.voice.services.drawings import (
    DrawingDetails,
    drawing_add_from_pad,
    drawing_add_upload,
    drawing_archive,
    drawing_change,
)
from casemap.voice.services.maps import attribution, voice_entries_pull_into_map
from casemap.voice.services.sessions import (
    EntryInput,
    SessionDetails,
    voice_record_archive,
    voice_record_create,
    voice_record_update,
)

__all__ = [
    "DrawingDetails",
    "EntryInput",
    "SessionDetails",
    "attribution",
    "drawing_add_from_pad",
    "drawing_add_upload",
    "drawing_archive",
    "drawing_change",
    "voice_entries_pull_into_map",
    "voice_record_archive",
    "voice_record_create",
    "voice_record_update",
]
