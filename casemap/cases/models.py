import datetime

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from casemap.core.models import RecordedModel


class CaseService(models.TextChoices):
    REFERRAL = "referral", "Referral (awaiting decision)"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED = "child_in_need", "Child in need"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILD_IN_CARE = "child_in_care", "Child in care"
    CARE_LEAVER = "care_leaver", "Care leaver"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"


# Days between visits before a case shows as overdue. Local policy; these are common defaults.
VISIT_INTERVAL_DAYS = {
    CaseService.REFERRAL: 7,
    CaseService.EARLY_HELP: 28,
    CaseService.CHILD_IN_NEED: 28,
    CaseService.CHILD_PROTECTION: 14,
    CaseService.CHILD_IN_CARE: 42,
    CaseService.CARE_LEAVER: 56,
    CaseService.YOUTH_JUSTICE: 28,
}


class ReferralSource(models.TextChoices):
    FAMILY = "1A", "Individual: family member, relative or carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance, including neighbours and child minders"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other, including strangers"
    SCHOOLS = "2A", "Schools"
    EDUCATION = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    PRIMARY_HEALTH = "3D", "Health: other primary health services"
    EMERGENCY = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "Local authority: social care"
    LA_INTERNAL = "5B", "Local authority: other internal"
    LA_EXTERNAL = "5C", "Local authority: external"
    LA_EARLY_HELP = "5D", "Local authority: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class ReferralDecision(models.TextChoices):
    PENDING = "", "Not decided yet"
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    ASSESSMENT = "assessment", "Assessment"


class PrimaryNeed(models.TextChoices):
    N1 = "N1", "Abuse, neglect and exploitation"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental disability or illness"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"
    N0 = "N0", "Not stated"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Services ceased for any other reason, including child no longer in need"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class Case(RecordedModel):
    """The piece of work with a family: its children and adults, allocated worker and team, service."""

    service = models.CharField(max_length=32, choices=CaseService.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="cases")
    allocated_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocated_cases",
    )
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    family_name = models.CharField(
        max_length=160, help_text="How the case is known, for example 'Merinda and Eddy's family'"
    )
    members = models.ManyToManyField("people.Person", through="CaseMember", related_name="cases")
    professionals = models.ManyToManyField("people.Professional", blank=True, related_name="cases")
    # Updated by the case-note service so overdue visits need no aggregate per row.
    last_visit_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[professionals])

    class Meta:
        indexes = [
            models.Index(fields=["allocated_worker", "closed_on"], name="case_worker_open"),
            models.Index(fields=["team", "closed_on"], name="case_team_open"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C{self.pk:07d}"

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def visit_due_on(self) -> datetime.date:
        interval = datetime.timedelta(days=VISIT_INTERVAL_DAYS[CaseService(self.service)])
        return (self.last_visit_on or self.opened_on) + interval


class MemberRole(models.TextChoices):
    CHILD = "child", "Child"
    ADULT = "adult", "Adult in the family"


class CaseMember(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="case_memberships")
    role = models.CharField(max_length=8, choices=MemberRole.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_member_unique")]
        indexes = [models.Index(fields=["person", "case"], name="case_member_person")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.case_id}"


class SocialWorkerChangeReason(models.TextChoices):
    """Why a child's social worker changed, in the DfE's codes for the SSDA903 return (SW_REASON). First contact is
    the return's code for a child's first social worker; the others are the reasons a case goes to a different one."""

    MANAGE = "MANAGE", "A manager's decision, for example to balance caseloads"
    FCONTA = "FCONTA", "First contact: the child's first social worker"
    LEFTRL = "LEFTRL", "The social worker left their role"
    ORGRST = "ORGRST", "The service was reorganised"
    TSPROC = "TSPROC", "The case moved team as the usual process, for example when the child came into care"
    ABSENC = "ABSENC", "The social worker is away, for example ill or on leave"
    CHCHAN = "CHCHAN", "The child asked for a different social worker"
    PCCHAN = "PCCHAN", "A parent or carer asked for a different social worker"
    SWDIED = "SWDIED", "The social worker died"
    OTHERS = "OTHERS", "Another reason"


# The reasons a manager chooses from when a case goes to a different social worker.
CHANGE_REASONS = [choice for choice in SocialWorkerChangeReason.choices if choice[0] != SocialWorkerChangeReason.FCONTA]


class Allocation(models.Model):
    """Allocation history: one row per period a worker and team held the case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="allocations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=255, blank=True)
    # Why the case went to this worker from a different one; empty for the case's first worker, an allocation to
    # the same worker (a change of team) and one held unallocated.
    change_reason = models.CharField(
        "Why the social worker changed", max_length=6, choices=SocialWorkerChangeReason.choices, blank=True
    )

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.worker_id} from {self.started_at:%Y-%m-%d}"


class Referral(RecordedModel):
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="referrals")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    received_on = models.DateField()
    source = models.CharField(max_length=2, choices=ReferralSource.choices)
    referrer_name = models.CharField(max_length=160, blank=True)
    what_was_reported = models.TextField()
    decision = models.CharField(max_length=16, choices=ReferralDecision.choices, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Why the manager decided as they did: shown on the case page and the children's timelines, never logged.
    decision_reasons = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]
        indexes = [
            # What waits for a manager's decision: few rows among every referral the authority ever had.
            models.Index(fields=["case"], condition=models.Q(decision=""), name="referral_awaiting_decision"),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} for {self.child_id}"


class Episode(RecordedModel):
    """A child's period of service (the census counts children, so one row per child)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="episodes")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="episodes")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="episodes")
    service = models.CharField(max_length=32, choices=CaseService.choices)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(max_length=3, choices=ClosureReason.choices, blank=True)
    primary_need = models.CharField(max_length=2, choices=PrimaryNeed.choices, default=PrimaryNeed.N0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="episode_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} for {self.child_id} from {self.started_on}"


class NoteKind(models.TextChoices):
    HOME_VISIT = "home_visit", "Home visit"
    STATUTORY_VISIT = "statutory_visit", "Statutory visit"
    OFFICE_VISIT = "office_visit", "Office or school visit"
    PHONE_CALL = "phone_call", "Phone call"
    MEETING = "meeting", "Meeting"
    DIRECT_WORK = "direct_work", "Direct work with the child"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    OTHER = "other", "Other"


VISIT_KINDS = {NoteKind.HOME_VISIT, NoteKind.STATUTORY_VISIT, NoteKind.OFFICE_VISIT, NoteKind.DIRECT_WORK}


class CaseNote(RecordedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notes")
    children = models.ManyToManyField("people.Person", related_name="case_notes")
    kind = models.CharField(max_length=32, choices=NoteKind.choices)
    occurred_on = models.DateField()
    present = models.TextField(blank=True, help_text="Who was there")
    child_seen = models.BooleanField(default=False)
    child_seen_alone = models.BooleanField(default=False)
    text = models.TextField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-occurred_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on}"


class ChronologyKind(models.TextChoices):
    PERSON_CREATED = "person_created", "Record created"
    PERSON_CHANGED = "person_changed", "Details changed"
    REFERRAL = "referral", "Referral received"
    REFERRAL_DECISION = "referral_decision", "Referral decision"
    CASE_OPENED = "case_opened", "Case opened"
    CASE_CLOSED = "case_closed", "Case closed"
    ALLOCATED = "allocated", "Case allocated"
    EPISODE_STARTED = "episode_started", "Episode started"
    EPISODE_ENDED = "episode_ended", "Episode ended"
    NOTE = "note", "Case note"
    VISIT = "visit", "Visit"
    RELATIONSHIP = "relationship", "Family and network"
    MAP_STARTED = "map_started", "Signs of Safety map started"
    MAP_SIGNED_OFF = "map_signed_off", "Signs of Safety map signed off"
    CHILDS_VOICE = "childs_voice", "Child's voice"
    SAFETY_NETWORK = "safety_network", "Safety network"
    SAFETY_PLAN = "safety_plan", "Safety plan"
    WORDS_AND_PICTURES = "words_and_pictures", "Words and Pictures"
    SIGN_OFF = "sign_off", "Sign-off asked for or returned"
    ASSESSMENT = "assessment", "Assessment"
    STRATEGY_DISCUSSION = "strategy_discussion", "Strategy discussion"
    SECTION_47 = "section_47", "Section 47 enquiry"
    PROTECTION_PLAN = "protection_plan", "Child protection plan"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    MEETING = "meeting", "Meeting"
    CASE_SUPERVISION = "case_supervision", "Case supervision"
    MANAGEMENT_OVERSIGHT = "management_oversight", "Management oversight"
    CARE_PERIOD = "care_period", "Period of care"
    PLACEMENT = "placement", "Placement or legal status"
    CARE_REVIEW = "care_review", "Child in care review"
    MISSING = "missing", "Missing or away from placement"
    ADOPTION = "adoption", "Adoption"
    LEAVING_CARE = "leaving_care", "Leaving care"


class ChronologyEntry(models.Model):
    """An event on a child's timeline, written by the service that made the change, never by hand."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="chronology")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    occurred_on = models.DateField()
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=32, choices=ChronologyKind.choices)
    summary = models.CharField(max_length=255)
    detail = models.TextField(blank=True)
    source_type = models.CharField(max_length=64)
    source_id = models.BigIntegerField()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["person", "-occurred_on", "-id"], name="chronology_person_date")]
        verbose_name_plural = "chronology entries"

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.summary}"


# Per-child statutory records. Each is written by `casemap/cases/services/statutory.py`, which puts it on the
# child's timeline, in its history and in the access log. The CIN census and Annex A read them; nothing is re-keyed.


class AssessmentFactor(models.TextChoices):
    """Factors identified at assessment, with the CIN census codes."""

    F1A = "1A", "Alcohol misuse by the child"
    F1B = "1B", "Alcohol misuse by the parents or carers"
    F1C = "1C", "Alcohol misuse by another person in the household"
    F2A = "2A", "Drug misuse by the child"
    F2B = "2B", "Drug misuse by the parents or carers"
    F2C = "2C", "Drug misuse by another person in the household"
    F3A = "3A", "Domestic abuse: the child is the subject"
    F3B = "3B", "Domestic abuse: the parents or carers are the subject"
    F3C = "3C", "Domestic abuse: another person in the household is the subject"
    F4A = "4A", "Mental health of the child"
    F4B = "4B", "Mental health of the parents or carers"
    F4C = "4C", "Mental health of another person in the household"
    F5A = "5A", "Learning disability of the child"
    F5B = "5B", "Learning disability of the parents or carers"
    F5C = "5C", "Learning disability of another person in the household"
    F6A = "6A", "Physical disability or illness of the child"
    F6B = "6B", "Physical disability or illness of the parents or carers"
    F6C = "6C", "Physical disability or illness of another person in the household"
    F7A = "7A", "Young carer"
    F8B = "8B", "Privately fostered: overseas child who intends to return"
    F8C = "8C", "Privately fostered: overseas child who intends to stay"
    F8D = "8D", "Privately fostered: UK child in an educational placement"
    F8E = "8E", "Privately fostered: UK child in an alternative family arrangement"
    F8F = "8F", "Privately fostered: other"
    F9A = "9A", "Unaccompanied asylum-seeking child"
    F10A = "10A", "Going or being missing"
    F11A = "11A", "Child sexual exploitation"
    F12A = "12A", "Trafficking"
    F13A = "13A", "Gangs"
    F14A = "14A", "Socially unacceptable behaviour"
    F15A = "15A", "Self-harm"
    F16A = "16A", "Neglect"
    F17A = "17A", "Emotional abuse"
    F18B = "18B", "Physical abuse by another child"
    F18C = "18C", "Physical abuse by an adult"
    F19B = "19B", "Sexual abuse by another child"
    F19C = "19C", "Sexual abuse by an adult"
    F20 = "20", "Other"
    F21 = "21", "No factors identified"
    F22A = "22A", "Female genital mutilation"
    F23A = "23A", "Abuse linked to faith or belief"
    F24A = "24A", "Child criminal exploitation"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Early help"
    CHILD_IN_NEED_PLAN = "cin_plan", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion (section 47)"
    COME_INTO_CARE = "care", "The child comes into care"


class Assessment(RecordedModel):
    """A child and family assessment (45 working days from its start to its authorisation)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="assessments")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="assessments")
    referral = models.ForeignKey(Referral, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="assessments")
    started_on = models.DateField()
    authorised_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    factors = models.JSONField(default=list, blank=True, help_text="CIN census factor codes")
    outcome = models.CharField(max_length=16, choices=AssessmentOutcome.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(authorised_on__isnull=True) | models.Q(authorised_on__gte=models.F("started_on")),
                name="assessment_authorised_after_start",
            )
        ]
        # Oversight points walk assessments in the order they started (the oldest missed point first).
        indexes = [
            models.Index(
                fields=["started_on", "id"], name="assessment_started", condition=models.Q(archived_at__isnull=True)
            )
        ]

    def __str__(self) -> str:
        return f"Assessment of {self.child_id} from {self.started_on}"


class StrategyDecision(models.TextChoices):
    SECTION_47 = "section_47", "Start a section 47 enquiry"
    SINGLE_AGENCY = "single_agency", "Single-agency section 47 enquiry by children's social care"
    ASSESSMENT = "assessment", "No section 47 enquiry: continue the assessment"
    NO_FURTHER_ACTION = "nfa", "No further action"


class StrategyDiscussion(RecordedModel):
    """Agencies meet or talk about whether a child is suffering, or likely to suffer, significant harm."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="strategy_discussions")
    children = models.ManyToManyField("people.Person", related_name="strategy_discussions")
    held_on = models.DateField()
    took_part = models.TextField(help_text="Who took part, and for which agency")
    decision = models.CharField(max_length=16, choices=StrategyDecision.choices)
    reasons = models.TextField()

    history = HistoricalRecords(m2m_fields=[children])

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Strategy discussion on {self.held_on}"

    @property
    def starts_enquiries(self) -> bool:
        return self.decision in {StrategyDecision.SECTION_47, StrategyDecision.SINGLE_AGENCY}


class EnquiryOutcome(models.TextChoices):
    CONFERENCE = "conference", "Initial child protection conference"
    CHILD_IN_NEED = "cin", "Child in need plan: conference not required"
    NO_FURTHER_ACTION = "nfa", "No further action: conference not required"


class Section47Enquiry(RecordedModel):
    """An enquiry under section 47 of the Children Act 1989, started by a strategy discussion: its start date is
    that discussion's, never typed apart."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="section47_enquiries")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="section47_enquiries")
    strategy_discussion = models.ForeignKey(StrategyDiscussion, on_delete=models.PROTECT, related_name="enquiries")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_on = models.DateField(editable=False)
    outcome = models.CharField(max_length=12, choices=EnquiryOutcome.choices, blank=True)
    completed_on = models.DateField(null=True, blank=True)
    # "Conference not required" (the census's ICPCnotRequired) needs its reason and the manager who agreed.
    conference_not_required = models.BooleanField(default=False)
    not_required_reason = models.TextField(blank=True)
    not_required_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        constraints = [
            models.UniqueConstraint(fields=["strategy_discussion", "child"], name="enquiry_one_per_child"),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(completed_on__gte=models.F("started_on")),
                name="enquiry_completed_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(conference_not_required=False)
                | (~models.Q(not_required_reason="") & models.Q(not_required_agreed_by__isnull=False)),
                name="enquiry_not_required_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Section 47 enquiry for {self.child_id} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.completed_on is None


class AbuseCategory(models.TextChoices):
    NEGLECT = "NEG", "Neglect"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    EMOTIONAL = "EMO", "Emotional abuse"
    MULTIPLE = "MUL", "Multiple categories"


class PlanEndReason(models.TextChoices):
    NO_LONGER_AT_RISK = "no_longer_at_risk", "The child is no longer at risk of significant harm"
    COME_INTO_CARE = "in_care", "The child came into care"
    MOVED_AWAY = "moved_away", "The child moved to another authority"
    EIGHTEEN = "eighteen", "The child reached 18"
    DIED = "died", "The child died"


class ChildProtectionPlan(RecordedModel):
    """A child protection plan. It starts on the date of the conference that decided it (the census rule 2885):
    the conference decision opens it, so the date is never typed apart."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="protection_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="protection_plans")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_on = models.DateField()
    initial_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    latest_category = models.CharField(max_length=3, choices=AbuseCategory.choices)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=PlanEndReason.choices, blank=True)
    # Plans this child had with other authorities; those recorded here are counted from the records.
    previous_plans_elsewhere = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="protection_plan_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(ended_on__isnull=True), name="protection_plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Child protection plan for {self.child_id} from {self.started_on}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class ChildInNeedPlan(RecordedModel):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="child_in_need_plans")
    child = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="child_in_need_plans")
    episode = models.ForeignKey(Episode, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="cin_plan_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["child"], condition=models.Q(ended_on__isnull=True), name="cin_plan_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Child in need plan for {self.child_id} from {self.started_on}"


# Children in care: periods of care, episodes and the SSDA903 facts, kept in their own module.
from casemap.cases.care_models import *  # noqa: E402, F403
