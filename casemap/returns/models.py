"""Exports of the statutory returns: who made each one and when, where its file is, and what the DfE's rules
found in it. The file itself is kept on disk (`casemap/returns/files.py`), written as it is exported."""

import uuid

from django.conf import settings
from django.db import models


class ReturnKind(models.TextChoices):
    CIN_CENSUS = "cin_census", "Children in Need census"
    SSDA903 = "ssda903", "SSDA903 (children looked after)"
    ANNEX_A = "annex_a", "Ofsted Annex A"


# How each kind of return is kept and downloaded: the file's suffix and its media type, and the record type its
# children are logged under in the access log when it is exported and downloaded.
FILE_FORMATS = {
    ReturnKind.CIN_CENSUS: (".xml", "application/xml", "CIN census"),
    ReturnKind.SSDA903: (".zip", "application/zip", "SSDA903"),
    ReturnKind.ANNEX_A: (".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Annex A"),
}


class ReturnExport(models.Model):
    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=ReturnKind.choices)
    # The collection year, ending 31 March; Annex A has none (it is made for an inspection, as at a day).
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    children = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    ruleset = models.CharField(max_length=32, blank=True)
    # Each rule broken: code, type (Error or Query), message, child_id and fields, as the rules reported them.
    failures = models.JSONField(default=list, blank=True)
    # Why the rules could not be run on the file, if they could not.
    validation_problem = models.TextField(blank=True)
    # The days a return made for an inspection covers (Annex A), and each of its lists with the rows it holds.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    list_rows = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year or self.period_label} ({self.reference})"

    @property
    def suffix(self) -> str:
        return FILE_FORMATS[ReturnKind(self.kind)][0]

    @property
    def content_type(self) -> str:
        return FILE_FORMATS[ReturnKind(self.kind)][1]

    @property
    def access_log_record(self) -> str:
        return FILE_FORMATS[ReturnKind(self.kind)][2]

    @property
    def checked_by_rules(self) -> bool:
        """Whether the DfE publishes rules the file is checked against: Ofsted publishes none for Annex A."""
        return self.kind != ReturnKind.ANNEX_A

    @property
    def period_label(self) -> str:
        if self.period_start is None or self.period_end is None:
            return ""
        return f"{self.period_start:%-d %B %Y} to {self.period_end:%-d %B %Y}"

    @property
    def filename(self) -> str:
        year = f"-{self.year}" if self.year else ""
        return f"{self.kind.replace('_', '-')}{year}-{self.created_at:%Y%m%d-%H%M}{self.suffix}"

    @property
    def error_count(self) -> int:
        return sum(1 for failure in self.failures if failure["type"] == "Error")

    @property
    def query_count(self) -> int:
        return sum(1 for failure in self.failures if failure["type"] != "Error")
