"""The data officer's form to import a census: the file, the team its open cases go to, and whether it is a dry
run. The file's type is read from its first bytes, never from its name."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from casemap.accounts.models import Team
from casemap.core.forms import GovukForm

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
BYTE_ORDER_MARK = b"\xef\xbb\xbf"
# What a file that is not XML often is, by its first bytes.
NOT_XML = [
    (b"PK\x03\x04", "a ZIP file or an Office document (a spreadsheet?)"),
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
]


def import_max_bytes() -> int:
    """The largest census file the page takes (RETURNS_IMPORT_MAX_BYTES; 50 MB unless set)."""
    return int(getattr(settings, "RETURNS_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def megabytes(size: int) -> str:
    """50 MB, 50.2 MB (so a file just over the limit does not read as the limit), 300 KB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"


class CensusImportForm(GovukForm):
    file = forms.FileField(
        label="The census file",
        widget=forms.FileInput(attrs={"accept": ".xml,application/xml,text/xml"}),
        error_messages={
            "required": "Choose the census file to import",
            "empty": "The file is empty: choose the census file your previous system made",
            "invalid": "Choose the census file to import",
        },
    )
    team = forms.ModelChoiceField(
        label="Which team should the open cases go to?",
        help_text="Open cases are held by this team, unallocated, for its manager to allocate. Closed cases need "
        "no one.",
        queryset=Team.objects.order_by("name"),
        empty_label="Choose a team",
        error_messages={
            "required": "Choose the team the open cases go to",
            "invalid_choice": "Choose one of the teams listed",
        },
    )
    dry_run = forms.BooleanField(
        label="Dry run: check the file and show what would happen, keeping nothing",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "The Children in Need census your previous system made, as XML (the file it sends the DfE), smaller "
            f"than {megabytes(import_max_bytes())}"
        )
        # A bound field copies its hint when first made, and the base form has made it already.
        self["file"].help_text = self.fields["file"].help_text
        self._apply_govuk_attributes()

    def upload_within_limit(self) -> UploadedFile:
        """The uploaded file, refused when larger than the limit, read from its start."""
        upload: UploadedFile = self.cleaned_data["file"]
        limit = import_max_bytes()
        if upload.size is not None and upload.size > limit:
            raise ValidationError(
                f"The file must be smaller than {megabytes(limit)}: this one is {megabytes(upload.size)}"
            )
        upload.seek(0)
        return upload

    def clean_file(self) -> UploadedFile:
        upload = self.upload_within_limit()
        start = upload.read(512).removeprefix(BYTE_ORDER_MARK).lstrip()
        upload.seek(0)
        for signature, kind in NOT_XML:
            if start.startswith(signature):
                raise ValidationError(f"This file is {kind}, not XML: choose the census file, which is XML")
        if not start.startswith(b"<"):
            raise ValidationError("This file is not XML: choose the census file, which is XML")
        return upload
