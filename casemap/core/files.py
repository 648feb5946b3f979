"""Keeping a cleaned upload and handing it back.

A file is served only as an attachment, with the type found when it was checked, and headers that stop a browser
guessing another type, running anything in it, or keeping a copy. Callers authorise the person asking first and
write the access log; this module knows nothing about whose file it is.
"""

import hashlib
import re
import unicodedata

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from casemap.accounts.models import User
from casemap.core.models import StoredFile
from casemap.core.uploads import EXTENSIONS, CleanUpload

_UNSAFE = re.compile(r"[^A-Za-z0-9 ,._()-]+")


def safe_filename(name: str, *, max_length: int = 100) -> str:
    """A file name with no folders, control characters or anything a browser or file system could misread."""
    base = re.split(r"[\\/]", name or "")[-1]
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", ascii_name)
    cleaned = re.sub(r"-{2,}", "-", re.sub(r"\s+", " ", cleaned)).strip(" .-")
    return cleaned[:max_length].strip(" .-")


def stored_file_create(*, upload: CleanUpload, original_name: str, acting_user: User) -> StoredFile:
    """Keep a cleaned upload. Call inside the service's transaction, beside the record it belongs to."""
    return StoredFile.objects.create(
        content=upload.content,
        content_type=upload.content_type,
        size=len(upload.content),
        sha256=hashlib.sha256(upload.content).hexdigest(),
        width=upload.width,
        height=upload.height,
        original_name=safe_filename(original_name, max_length=120),
        created_by=acting_user,
    )


def stored_file_response(stored_file: StoredFile, *, filename: str) -> HttpResponse:
    """The file as a download. `filename` is made safe and given the extension of the file's real type."""
    extension = EXTENSIONS.get(stored_file.content_type, "bin")
    stem = safe_filename(filename).rsplit(".", 1)[0] if "." in safe_filename(filename) else safe_filename(filename)
    content = bytes(stored_file.content)
    response = HttpResponse(content, content_type=stored_file.content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{stem or 'file'}.{extension}")
    response["Content-Length"] = str(len(content))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "no-store, max-age=0"
    return response
