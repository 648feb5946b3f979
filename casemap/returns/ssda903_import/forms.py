"""The data officer's form to import an SSDA903 return: the ZIP holding its CSV files, the year it is for (or read
from the return), the team a child's new case goes to, and whether it is a dry run."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from casemap.returns.cin_import.forms import CensusImportForm, import_max_bytes, megabytes

ZIP_SIGNATURE = b"PK\x03\x04"


class Ssda903ImportForm(CensusImportForm):
    PREFIX = "ssda903"  # the returns page shows this form beside the census's, so its fields' ids differ

    field_order = ["file", "year", "team", "dry_run"]

    file = forms.FileField(
        label="The return, as a ZIP file",
        widget=forms.FileInput(attrs={"accept": ".zip,application/zip"}),
        error_messages={
            "required": "Choose the ZIP file holding the return",
            "empty": "The file is empty: choose the ZIP file holding the return's CSV files",
            "invalid": "Choose the ZIP file holding the return",
        },
    )
    year = forms.IntegerField(
        label="Which year is it for? (optional)",
        help_text="The year ending 31 March, for example 2026. Leave it empty and it is read from the latest date "
        "in the return.",
        required=False,
        error_messages={"invalid": "Enter the year as four digits, for example 2026"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-4"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.PREFIX)
        super().__init__(*args, **kwargs)
        self.fields["team"].label = "Which team should a child's new case go to?"
        self.fields[
            "team"
        ].help_text = (
            "A child with no case in Casemap gets one, held by this team, unallocated, for its manager to allocate."
        )
        self.fields["file"].help_text = (
            "The return's CSV files (header.csv, episodes.csv and the rest, one a table) in one ZIP file, smaller than "
            f"{megabytes(import_max_bytes())}"
        )
        # A bound field copies its label and hint when first made, and the base form has made them already.
        for name in ("team", "file"):
            self[name].label = str(self.fields[name].label)
            self[name].help_text = self.fields[name].help_text
        self.fields["team"].error_messages["required"] = "Choose the team a child's new case goes to"
        self._apply_govuk_attributes()

    def clean_file(self) -> UploadedFile:
        upload = self.upload_within_limit()
        start = upload.read(4)
        upload.seek(0)
        if start != ZIP_SIGNATURE:
            raise ValidationError("This file is not a ZIP file: put the return's CSV files in one ZIP file")
        return upload

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data["year"]
        latest = timezone.localdate().year + 1
        if year is not None and not 2000 <= year <= latest:
            raise ValidationError(f"Enter a year from 2000 to {latest}")
        return year
