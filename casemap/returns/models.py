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
    # Each rule broken: code, type (Error or Query), message, child_id and fields, as the rules reported them; and
    # each rule that could not be run on the file (type "Not run", with what it needs in fields).
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
        return sum(1 for failure in self.failures if failure["type"] == "Query")


class ImportStatus(models.TextChoices):
    REFUSED = "refused", "Refused: nothing was imported"
    IMPORTED = "imported", "Imported"
    DRY_RUN = "dry_run", "Dry run: nothing was kept"
    FAILED = "failed", "Stopped by an error in Casemap: the children before it were imported"


class ReturnImport(models.Model):
    """A return brought in from another system (`casemap/returns/cin_import/`): who imported which file, when, for
    which team, and what became of each child. The rejections, and the notes on what was left out or is to be
    checked, are kept in plain words, each with the child's identifier in the file and the field (`{"child_id",
    "field", "message", "detail", "person_id", "line"}`), never the child's details."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=16, choices=ReturnKind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    dry_run = models.BooleanField(default=False)
    status = models.CharField(max_length=16, choices=ImportStatus.choices)
    filename = models.CharField(max_length=255, blank=True)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    # The collection year the file says it is, ending 31 March; none when the file was refused before it was read.
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    children_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=list, blank=True)
    notes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} import ({self.reference})"

    @property
    def imported(self) -> int:
        return self.created + self.updated


class JobKind(models.TextChoices):
    EXPORT_CIN_CENSUS = "export_cin_census", "Children in Need census export"
    EXPORT_SSDA903 = "export_ssda903", "SSDA903 export"
    EXPORT_ANNEX_A = "export_annex_a", "Ofsted Annex A export"
    IMPORT_CIN_CENSUS = "import_cin_census", "Children in Need census import"
    IMPORT_SSDA903 = "import_ssda903", "SSDA903 import"


class JobStatus(models.TextChoices):
    WAITING = "waiting", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReturnJob(models.Model):
    """An export or import a data officer started from the returns pages, run by the background worker. The page
    shows its progress; when it is done it leads to what it made."""

    kind = models.CharField(max_length=24, choices=JobKind.choices)
    # What the data officer chose on the form: the collection year, a period, an uploaded file's name on disk.
    parameters = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=8, choices=JobStatus.choices, default=JobStatus.WAITING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Children done so far, out of how many (unknown until the work has counted them).
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    export = models.ForeignKey(ReturnExport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    imported = models.ForeignKey(ReturnImport, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Why it failed, in plain words: never a child's details.
    problem = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display().lower()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {JobStatus.DONE, JobStatus.FAILED}

    @property
    def percent_done(self) -> int:
        if self.status == JobStatus.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, self.done * 100 // self.total)
