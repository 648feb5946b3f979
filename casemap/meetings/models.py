"""Meetings about a family's children: child protection conferences, core groups, child in need reviews, family
network meetings and child in care reviews.

A meeting's due date is worked out from the events recorded (`casemap/meetings/timescales.py`) when it is
arranged, and kept: moving the meeting never moves the date its timeliness is judged by. A conference is recorded
in the Signs of Safety structure on a map of the case (the map, its danger statements and its scaling judgements
are the mapping app's own; nothing is copied), with each agency's report, scores given in private and revealed
together, and a decision for each child.
"""

import uuid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel

if TYPE_CHECKING:
    from casemap.cases.models import Case


class MeetingKind(models.TextChoices):
    INITIAL_CONFERENCE = "icpc", "Initial child protection conference"
    REVIEW_CONFERENCE = "rcpc", "Review child protection conference"
    CORE_GROUP = "core_group", "Core group"
    CHILD_IN_NEED_REVIEW = "cin_review", "Child in need review"
    FAMILY_NETWORK = "family_network", "Family network meeting"
    CHILD_IN_CARE_REVIEW = "cla_review", "Child in care review"


CONFERENCE_KINDS = {MeetingKind.INITIAL_CONFERENCE, MeetingKind.REVIEW_CONFERENCE}


class MeetingStatus(models.TextChoices):
    ARRANGED = "arranged", "Arranged"
    HELD = "held", "Held"
    ADJOURNED = "adjourned", "Adjourned"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = {MeetingStatus.ARRANGED}


class Meeting(RecordedModel):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField(max_length=16, choices=MeetingKind.choices)
    children = models.ManyToManyField("people.Person", through="MeetingChild", related_name="meetings")
    # Worked out from the records when the meeting is arranged; never typed, never moved by a new date.
    due_on = models.DateField(null=True, blank=True)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    venue = models.CharField(max_length=200, help_text="The place or the video link, never a family's address")
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="chaired_meetings"
    )
    status = models.CharField(max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.ARRANGED)
    held_on = models.DateField(null=True, blank=True)
    # The meeting this one follows on from: the conference a core group or review follows, or the one adjourned.
    previous = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    interim_plan = models.TextField(blank=True, help_text="What happens until an adjourned meeting meets again")
    quorum_override_reason = models.TextField(blank=True)
    cancelled_reason = models.TextField(blank=True)
    childs_view = models.TextField(blank=True, help_text="The child's view, in their words or as they showed it")
    # The conference record in Signs of Safety structure.
    map = models.ForeignKey("mapping.Map", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    scores_revealed_at = models.DateTimeField(null=True, blank=True)
    # Calendar invitations: SEQUENCE goes up each time the date, time, place or status changes.
    calendar_sequence = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["case", "kind", "status"], name="meeting_case_kind"),
            models.Index(fields=["chair", "status", "starts_at"], name="meeting_chair"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.starts_at:%Y-%m-%d}"

    @property
    def reference(self) -> str:
        return f"M{self.pk:07d}"

    @property
    def is_conference(self) -> bool:
        return self.kind in CONFERENCE_KINDS

    @property
    def is_open(self) -> bool:
        return self.status == MeetingStatus.ARRANGED


class MeetingChild(models.Model):
    """A child the meeting is about, with the enquiry an initial conference answers or the plan it reviews."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="meeting_children")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    enquiry = models.ForeignKey(
        "cases.Section47Enquiry", on_delete=models.PROTECT, null=True, blank=True, related_name="conferences"
    )
    plan = models.ForeignKey(
        "cases.ChildProtectionPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="meetings"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="meeting_child_unique")]

    def __str__(self) -> str:
        return f"{self.child_id} at {self.meeting_id}"


class AgencyType(models.TextChoices):
    """Agencies as a conference's quorum counts them: health is one agency, however many health staff come."""

    SOCIAL_CARE = "social_care", "Children's social care"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    PROBATION = "probation", "Probation"
    ADULT_SERVICES = "adult_services", "Adult services (mental health, drugs and alcohol)"
    HOUSING = "housing", "Housing"
    LEGAL = "legal", "Local authority legal services"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER = "other", "Other agency"
    FAMILY = "family", "Family and network (not an agency)"


class InviteeRole(models.TextChoices):
    CHILD = "child", "Child or young person"
    PARENT = "parent", "Parent or carer"
    FAMILY = "family", "Family or network member"
    FOSTER_CARER = "foster_carer", "Foster carer"
    PROFESSIONAL = "professional", "Professional"
    STAFF = "staff", "Casemap user"


FAMILY_ROLES = {InviteeRole.CHILD, InviteeRole.PARENT, InviteeRole.FAMILY, InviteeRole.FOSTER_CARER}


class Attendance(models.TextChoices):
    INVITED = "", "Not recorded yet"
    PRESENT = "present", "Present"
    REMOTE = "remote", "Joined remotely"
    APOLOGIES = "apologies", "Sent apologies"
    REPORT_ONLY = "report_only", "Sent a report only"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


ATTENDED = {Attendance.PRESENT, Attendance.REMOTE}


class ConferencePart(models.TextChoices):
    """The parts of a conference in the Signs of Safety structure, in order: a family member may be asked to leave
    for one of them, and their copy of the record then leaves it out."""

    FAMILY_AND_NETWORK = "family_and_network", "Family and network"
    WHAT_BROUGHT_US_HERE = "what_brought_us_here", "What has brought us here: worries and what is working well"
    CHILD_AND_PARENTS = "child_and_parents", "The child's and parents' views"
    AGENCY_REPORTS = "agency_reports", "Agency reports"
    DANGER_STATEMENTS = "danger_statements", "Danger statements, each scaled"
    DECISION = "decision", "Decision"
    PLAN = "plan", "Plan and next steps"


class Invitee(RecordedModel):
    """Someone invited, chosen from the people, professionals and staff on the record, with how they took part."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="invitees")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    professional = models.ForeignKey(
        "people.Professional", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=160)
    role = models.CharField(max_length=16, choices=InviteeRole.choices)
    agency_type = models.CharField(max_length=16, choices=AgencyType.choices)
    agency_name = models.CharField(max_length=160, blank=True)
    attendance = models.CharField(max_length=16, choices=Attendance.choices, blank=True)
    arrived_at = models.TimeField(null=True, blank=True)
    left_at = models.TimeField(null=True, blank=True)
    interpreter = models.CharField(max_length=120, blank=True, help_text="The language, if an interpreter was there")
    advocate = models.CharField(max_length=160, blank=True)
    excluded_from = models.JSONField(default=list, blank=True, help_text="Parts of the conference they left for")
    exclusion_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(person__isnull=False)
                | models.Q(professional__isnull=False)
                | models.Q(user__isnull=False),
                name="invitee_is_on_the_record",
            ),
            models.CheckConstraint(
                condition=models.Q(left_at__isnull=True)
                | models.Q(arrived_at__isnull=True)
                | models.Q(left_at__gte=models.F("arrived_at")),
                name="invitee_leaves_after_arriving",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def case(self) -> "Case":
        """The meeting's case: what the write guard asks the access policy about."""
        return self.meeting.case

    @property
    def is_family(self) -> bool:
        return self.role in FAMILY_ROLES

    @property
    def took_part(self) -> bool:
        return self.attendance in ATTENDED


class ShareRestriction(models.TextChoices):
    NONE = "", "None: it can be shared with the family"
    POLICE = "police", "Police information not yet cleared for sharing"
    FABRICATED_ILLNESS = "fii", "Concerns about fabricated or induced illness"
    LEGAL = "legal", "Legal advice"


class AgencyReport(RecordedModel):
    """An agency's report to a conference, in the three Signs of Safety columns, with the agency's own scale."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="agency_reports")
    author = models.ForeignKey(Invitee, on_delete=models.PROTECT, related_name="reports")
    worries = models.TextField(help_text="What are you worried about?")
    working_well = models.TextField(help_text="What is working well?")
    needs_to_happen = models.TextField(help_text="What needs to happen?")
    childs_wishes = models.TextField(blank=True, help_text="What the child wishes, as the agency knows it")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    score_reason = models.TextField(blank=True)
    shared_with_family_on = models.DateField(null=True, blank=True)
    share_restriction = models.CharField(max_length=8, choices=ShareRestriction.choices, blank=True)
    restriction_reason = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=10), name="agency_report_score_0_to_10"
            ),
            models.CheckConstraint(
                condition=models.Q(share_restriction="") | ~models.Q(restriction_reason=""),
                name="agency_report_restriction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Report from {self.author}"

    @property
    def case(self) -> "Case":
        """The meeting's case: what the write guard asks the access policy about."""
        return self.meeting.case


class SealedScore(models.Model):
    """A score given in private at a conference, seen by nobody until the chair reveals them all together. Once
    revealed, each becomes a scaling judgement on the conference's map, parents first."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="sealed_scores")
    invitee = models.ForeignKey(Invitee, on_delete=models.PROTECT, related_name="+")
    # A statement taken off the map takes its scores with it, as its scaling judgements do.
    danger_statement = models.ForeignKey(
        "mapping.DangerStatement", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(0), MaxValueValidator(10)])
    reason = models.TextField()
    given_at = models.DateTimeField(auto_now_add=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "invitee", "danger_statement"], name="sealed_score_once_per_statement"
            ),
            models.UniqueConstraint(
                fields=["meeting", "invitee"],
                condition=models.Q(danger_statement__isnull=True),
                name="sealed_score_once_overall",
            ),
            models.CheckConstraint(condition=models.Q(score__lte=10), name="sealed_score_0_to_10"),
        ]

    def __str__(self) -> str:
        return f"Score from {self.invitee_id}"


class ConferenceDecision(RecordedModel):
    """The conference's decision for one child. Signing a decision for a plan opens the child protection plan on
    the conference's date; at a review, ending the plan or keeping it (with its category) is decided here too."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    significant_harm = models.BooleanField(
        null=True, help_text="Is the child suffering, or likely to suffer, significant harm?"
    )
    needs_plan = models.BooleanField(null=True)
    category = models.CharField(max_length=3, blank=True)
    category_still_relevant = models.BooleanField(null=True)
    reasons = models.TextField(blank=True)
    lead_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    core_group = models.TextField(blank=True, help_text="Who is in the core group")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    plan = models.ForeignKey(
        "cases.ChildProtectionPlan", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "child"], name="decision_one_per_child")]

    def __str__(self) -> str:
        return f"Decision for {self.child_id} at {self.meeting_id}"

    @property
    def case(self) -> "Case":
        """The meeting's case: what the write guard asks the access policy about."""
        return self.meeting.case

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None


class Dissent(models.Model):
    """An agency that disagrees with a decision, and why, kept beside it."""

    decision = models.ForeignKey(ConferenceDecision, on_delete=models.CASCADE, related_name="dissents")
    invitee = models.ForeignKey(Invitee, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Dissent from {self.invitee_id}"


# The decision letter and the full record, and their distribution


class DocumentKind(models.TextChoices):
    DECISION_LETTER = "decision_letter", "Decision letter"
    FULL_RECORD = "full_record", "Full record"


class ConferenceDocumentManager(models.Manager["ConferenceDocument"]):
    def panel(self) -> object:
        """The documents panel of the meeting this manager is reached through (`meeting.conference_documents`):
        the meeting page includes the panel, which brings its own reads, so the page's view need not know about
        documents."""
        meeting = getattr(self, "instance", None)
        if not isinstance(meeting, Meeting):
            raise TypeError("The documents panel is read through a meeting: meeting.conference_documents.panel")
        # Imported here: the documents module reads these models.
        from casemap.meetings.documents import documents_panel

        return documents_panel(meeting)


class ConferenceDocument(models.Model):
    """One version of a meeting's decision letter or full record. Its content is read from the meeting's records
    when the version is made and never changes; a comment makes a new version, and earlier versions stay
    readable."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="conference_documents")
    kind = models.CharField(max_length=16, choices=DocumentKind.choices)
    number = models.PositiveIntegerField(help_text="Version 1, 2, 3 of this document")
    content = models.JSONField(help_text="The records as they were when this version was made")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    amended_after_comment_from = models.ForeignKey(
        Invitee, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    amendment_note = models.TextField(blank=True, help_text="What was changed after the comment")

    objects = ConferenceDocumentManager()

    class Meta:
        ordering = ["kind", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "kind", "number"], name="conference_document_version"),
            models.CheckConstraint(
                condition=models.Q(number=1, amended_after_comment_from__isnull=True)
                | models.Q(number__gt=1, amended_after_comment_from__isnull=False),
                name="conference_document_amended_after_a_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, version {self.number}"

    @property
    def case(self) -> "Case":
        return self.meeting.case


class DistributionChannel(models.TextChoices):
    POST = "post", "First-class post"
    SECURE_EMAIL = "secure_email", "Secure email"
    BY_HAND = "by_hand", "By hand"
    IN_MEETING = "in_meeting", "In the meeting"


class Distribution(RecordedModel):
    """One recipient's copy of one version. Prepared with the address or email read from the record at that time
    (never typed) and the copy as it then reads; released by a second person who checks it. Preparing a copy again
    archives the one it replaces."""

    document = models.ForeignKey(ConferenceDocument, on_delete=models.PROTECT, related_name="distributions")
    recipient = models.ForeignKey(Invitee, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=16, choices=DistributionChannel.choices)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    email = models.EmailField(blank=True)
    copy = models.JSONField(help_text="The recipient's copy as it read when prepared")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    address_checked_with_family = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(released_by__isnull=True, released_at__isnull=True)
                | models.Q(released_by__isnull=False, released_at__isnull=False),
                name="distribution_released_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} for {self.recipient_id}"

    @property
    def case(self) -> "Case":
        """The meeting's case: what the write guard asks the access policy about."""
        return self.document.meeting.case

    @property
    def is_released(self) -> bool:
        return self.released_at is not None


class ReportClearance(models.Model):
    """A report with a share restriction (police, fabricated or induced illness, legal) cleared for the family's
    copies: who cleared it, when and why. Until then a family copy leaves the report out."""

    report = models.OneToOneField(AgencyReport, on_delete=models.PROTECT, related_name="family_clearance")
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cleared_at = models.DateTimeField()
    reason = models.TextField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Clearance of report {self.report_id}"


class BreachStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class DisclosureBreach(RecordedModel):
    """A copy sent in error: what happened, who reported it and when. Open until a manager in the team's line
    closes it with what was done."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    distribution = models.ForeignKey(Distribution, on_delete=models.PROTECT, related_name="breaches")
    what_happened = models.TextField()
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField()
    status = models.CharField(max_length=8, choices=BreachStatus.choices, default=BreachStatus.OPEN)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    what_was_done = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_at"]
        indexes = [models.Index(fields=["case", "status"], name="disclosure_breach_case")]

    def __str__(self) -> str:
        return f"Disclosure breach {self.pk}"

    @property
    def reference(self) -> str:
        return f"B{self.pk:07d}"
