"""The child's voice: direct work tools (Three Houses, Fairy, Wizard, Safety House) as data, and each session
recorded in the child's own words, with who wrote them, consent, and whether it was read back to the child."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel


class VoiceTool(models.Model):
    """A direct work tool and its parts. `parts` is a list of {key, default_label, prompt} and, for a part
    where the child places themself on a 0 to 10 line, "scale": true."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)
    description = models.TextField(blank=True)
    parts = models.JSONField(default=list)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Untick to stop offering the tool for new sessions")

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def part(self, key: str) -> dict[str, object] | None:
        return next((part for part in self.parts if part.get("key") == key), None)


class ParentalConsent(models.TextChoices):
    GIVEN = "given", "Given"
    NOT_NEEDED = "not_needed", "Not needed"


class ShareConsent(models.TextChoices):
    YES = "yes", "Yes"
    SOME = "some", "Yes, with some people only"
    NO = "no", "No"
    NOT_ASKED = "not_asked", "Not asked yet"


class WrittenBy(models.TextChoices):
    CHILD = "child", "The child"
    WORKER = "worker", "The worker"
    OTHER = "other", "Someone else"


class ChildVoiceRecord(RecordedModel):
    """One session with one child using one tool."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="voice_records")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="voice_records")
    tool = models.ForeignKey(VoiceTool, on_delete=models.PROTECT, related_name="records")
    used_on = models.DateField()
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.CharField(max_length=255, blank=True, help_text="Who else was there")
    parental_consent = models.CharField(max_length=12, choices=ParentalConsent.choices)
    parental_consent_by = models.CharField(max_length=160, blank=True)
    parental_consent_not_needed_reason = models.TextField(blank=True)
    read_back = models.BooleanField(default=False, help_text="The child's words were read back to them")
    share_consent = models.CharField(max_length=12, choices=ShareConsent.choices, default=ShareConsent.NOT_ASKED)
    share_with = models.TextField(blank=True, help_text="Who the child is happy to share it with")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-used_on", "-pk"]
        indexes = [models.Index(fields=["child", "tool", "used_on"])]

    def __str__(self) -> str:
        return f"{self.tool} with {self.child_id} on {self.used_on}"


class VoiceEntry(models.Model):
    """One part of a session: the label the child chose, their exact words, and who wrote them down."""

    record = models.ForeignKey(ChildVoiceRecord, on_delete=models.CASCADE, related_name="entries")
    part_key = models.SlugField(max_length=40)
    label = models.CharField(max_length=120)
    words = models.TextField(blank=True)
    written_by = models.CharField(max_length=8, choices=WrittenBy.choices, default=WrittenBy.CHILD)
    scale_position = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(10)], help_text="Where the child put themself, 0 to 10"
    )
    position = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["record", "part_key"], name="voice_entry_part_once"),
            models.CheckConstraint(
                condition=models.Q(scale_position__isnull=True) | models.Q(scale_position__lte=10),
                name="voice_entry_scale_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.words[:40]}"

    @property
    def default_label(self) -> str:
        """The tool's own name for the part, where the child chose another."""
        part = self.record.tool.part(self.part_key) or {}
        return str(part.get("default_label", self.label))

    @property
    def is_renamed(self) -> bool:
        return self.label != self.default_label


class MadeWith(models.TextChoices):
    PAD = "pad", "Drawing pad"
    PICTURE = "picture", "Uploaded picture"
    PDF = "pdf", "Uploaded PDF or scan"


class ChildDrawing(RecordedModel):
    """A child's drawing: drawn on the pad in Casemap, or a photo or scan of one on paper, usually made in a
    session for one part of the tool (the House of Worries, say). The file is checked and cleaned on the way
    in (`casemap.core.uploads`) and kept in the database; it is served only to people who may see the child."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="drawings")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="drawings")
    record = models.ForeignKey(
        ChildVoiceRecord, on_delete=models.PROTECT, related_name="drawings", null=True, blank=True
    )
    part_key = models.SlugField(max_length=40, blank=True, help_text="The part of the tool, or blank for all of it")
    title = models.CharField(max_length=160, help_text="What the child said it shows")
    description = models.TextField(blank=True, help_text="The drawing described, for anyone who cannot see it")
    drawn_on = models.DateField()
    made_with = models.CharField(max_length=8, choices=MadeWith.choices)
    stored_file = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["drawn_on", "pk"]
        indexes = [models.Index(fields=["child", "drawn_on"])]

    def __str__(self) -> str:
        return f"Drawing {self.pk} by {self.child_id}"

    @property
    def is_picture(self) -> bool:
        return self.made_with != MadeWith.PDF

    @property
    def text_alternative(self) -> str:
        return self.description or self.title
