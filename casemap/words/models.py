"""Words and Pictures: a booklet that explains to the children who is worried, about what, what happened and
what the plan is. Each version is drafted, agreed with each parent (or not, in their words), and given to each
child with a parent present. A child may instead have a record of how the explanation was given."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel


class BookletStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    AGREED = "agreed", "Agreed with a parent"
    GIVEN = "given", "Given to the children"
    SUPERSEDED = "superseded", "Replaced by a newer version"


class WordsAndPicturesBooklet(RecordedModel):
    """One version of a booklet. Its pages change only while no parent's view is recorded on it; after that a
    change means a new version, which copies the pages and replaces this one."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="booklets")
    children = models.ManyToManyField("people.Person", related_name="booklets")
    title = models.CharField(max_length=160)
    status = models.CharField(max_length=12, choices=BookletStatus.choices, default=BookletStatus.DRAFT)
    number = models.PositiveIntegerField(help_text="1 for the case's first booklet version, 2 for the next")
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="booklet_number_per_case")]

    def __str__(self) -> str:
        return f"{self.title} (version {self.number})"

    @property
    def is_current(self) -> bool:
        return self.status != BookletStatus.SUPERSEDED and not self.is_archived


class BookletPage(models.Model):
    """One page: a picture above words a child understands."""

    booklet = models.ForeignKey(WordsAndPicturesBooklet, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveIntegerField()
    heading = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    # A checked and cleaned PNG or JPEG (casemap.core.uploads), served only through the booklet's access rules.
    # A stored file never changes, so a new version of the booklet shares its pictures with the old one.
    picture = models.ForeignKey("core.StoredFile", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    picture_description = models.CharField(
        max_length=200, blank=True, help_text="What the picture shows, for anyone who cannot see it"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.heading or self.text[:40]


class AgreementResponse(models.TextChoices):
    AGREED = "agreed", "Agrees"
    AGREED_WITH_CHANGES = "agreed_with_changes", "Agrees, with changes"
    DOES_NOT_AGREE = "does_not_agree", "Does not agree"


class ParentAgreement(models.Model):
    """What one parent said about the wording of one version, in their words where they disagree."""

    booklet = models.ForeignKey(WordsAndPicturesBooklet, on_delete=models.PROTECT, related_name="agreements")
    parent = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    response = models.CharField(max_length=20, choices=AgreementResponse.choices)
    their_words = models.TextField(blank=True, help_text="What they want changed or disagree with")
    agreed_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["booklet", "parent"], name="booklet_agreement_once")]

    def __str__(self) -> str:
        return f"{self.get_response_display()} on {self.agreed_on}"


class BookletGiven(models.Model):
    """The day a child was given the booklet, who was there, and what the child said or added."""

    booklet = models.ForeignKey(WordsAndPicturesBooklet, on_delete=models.PROTECT, related_name="givings")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="booklets_given")
    given_on = models.DateField()
    parent_present = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    others_present = models.CharField(max_length=255, blank=True)
    explained_by = models.CharField(max_length=160)
    child_kept_copy = models.BooleanField()
    child_said = models.TextField(blank=True, help_text="What the child said, asked or added")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["given_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["booklet", "child"], name="booklet_given_once_per_child")]
        indexes = [models.Index(fields=["child", "given_on"])]

    def __str__(self) -> str:
        return f"Given to {self.child_id} on {self.given_on}"


class ExplanationRecord(RecordedModel):
    """For authorities that accept it instead of a booklet: how the worries and the plan were explained."""

    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="explanation_records")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="explanation_records")
    explained_on = models.DateField()
    how = models.TextField(help_text="How the explanation was given")
    explained_by = models.CharField(max_length=160)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-explained_on", "-pk"]
        indexes = [models.Index(fields=["child", "explained_on"])]

    def __str__(self) -> str:
        return f"Explanation to {self.child_id} on {self.explained_on}"
