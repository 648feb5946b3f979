"""Feedback from children, young people, parents, carers, partner agencies and staff, given without an account.

A survey is data: its questions live in numbered versions, and a version is frozen once published, so every
response keeps the exact words it answered. Each survey has one privacy mode, told to the respondent before the
first question:

- named: the response is on the case, and whoever may see the case may read it;
- confidential: kept with the case for analysis only, never shown to the worker or the team;
- anonymous: on submission nothing is kept that leads back to the person: the response holds its survey
  version, service, team and month, and the invitation that brought it loses its person and case.
"""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from casemap.accounts.models import Service


class Audience(models.TextChoices):
    CHILD = "child", "A child"
    YOUNG_PERSON = "young_person", "A young person"
    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    PARTNER = "partner", "A partner agency"
    STAFF = "staff", "Staff"


class PrivacyMode(models.TextChoices):
    NAMED = "named", "Named: the worker reads it on the case"
    CONFIDENTIAL = "confidential", "Confidential: used for analysis only, not shown to the worker or team"
    ANONYMOUS = "anonymous", "Anonymous: nothing kept that says who answered"


class Theme(models.TextChoices):
    """The themes councils' feedback surveys share (DfE safeguarding performance framework, 2012)."""

    CONTACT = "contact", "Contact and communication"
    NEEDS = "needs", "Discussing needs"
    STAFF_BEHAVIOUR = "staff_behaviour", "Staff behaviour"
    LISTENING_PARENTS = "listening_parents", "Listening to parents"
    LISTENING_CHILDREN = "listening_children", "Listening to children"
    DIVERSITY = "diversity", "Disability, cultural and religious needs"
    SERVICES = "services", "Arranging services"
    IMPROVEMENTS = "improvements", "Improvements"
    SAFETY = "safety", "Feeling safe"
    IMPLEMENTATION = "implementation", "Using Signs of Safety"


class QuestionKind(models.TextChoices):
    AGREE = "agree", "Yes, partly or no"
    SCALE = "scale", "A scale from 0 to 10"
    TEXT = "text", "Their own words"


class Agreement(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class Channel(models.TextChoices):
    LINK = "link", "Their own link"
    WITH_WORKER = "with_worker", "Entered with worker"
    PAPER = "paper", "Paper form"


class Survey(models.Model):
    name = models.CharField(max_length=120, unique=True)
    audience = models.CharField(max_length=16, choices=Audience.choices)
    privacy = models.CharField(max_length=16, choices=PrivacyMode.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["audience", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_anonymous(self) -> bool:
        return self.privacy == PrivacyMode.ANONYMOUS


class SurveyVersion(models.Model):
    """The questions as asked. A published version never changes: changing a survey publishes a new one."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    introduction = models.TextField(help_text="Shown before the first question, under what happens to the answers")
    published_at = models.DateTimeField(null=True, blank=True)
    # Other languages' words for the introduction, by language code: {"cy": "…"}.
    introduction_translations = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="one_survey_version_number")]

    def __str__(self) -> str:
        return f"{self.survey} (version {self.number})"


class Question(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=QuestionKind.choices)
    text = models.CharField(max_length=200)
    hint = models.CharField(max_length=200, blank=True)
    theme = models.CharField(max_length=24, choices=Theme.choices)
    # Answers that mean a child may not be safe: in named and confidential surveys they start a task for the
    # allocated team. For a 0-10 scale, the answers are the numbers as text.
    alert_answers = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=False)
    reading_age = models.PositiveSmallIntegerField(help_text="Worked out from the words when the question is saved")
    # Other languages' words, by language code: {"cy": {"text": "…", "hint": "…"}}.
    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "position"], name="one_question_per_position")]

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """Who a named or confidential survey's link is for. An anonymous survey's link has no row here: what it
    needs (the survey version and the team) travels signed inside the link itself, so nothing kept can say whose
    link it was. Only a digest of the token is kept, so the database cannot give a link back."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="invitations")
    token_digest = models.CharField(max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback_invitations"
    )
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="feedback_invitations")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"feedback invitation {self.pk}"


class InvitationSent(models.Model):
    """That a person was asked for feedback, when, and what prompted it: at most one invitation per person in
    90 days, and never two for one event. It says nothing about whether they answered."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="+")
    sent_on = models.DateField()
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # "conference:12", "closure:40", or "" when a worker asked by hand.
    event = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "sent_on"], name="feedback_invited_person")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event"], condition=~models.Q(event=""), name="one_invitation_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"feedback asked of person {self.person_id} on {self.sent_on}"


class LinkUse(models.Model):
    """How often a link has been tried and whether it was used, keyed by the token's digest alone: no numbered
    key, so the order links were used in cannot be lined up with the order responses arrived in."""

    token_digest = models.CharField(max_length=64, primary_key=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    used = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"link tried {self.attempts} times"


class Response(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    service = models.CharField(max_length=32, choices=Service.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    # The first day of the month it was given: an anonymous response keeps no closer time than this.
    month = models.DateField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # Named and confidential responses only; always empty for anonymous ones.
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback_responses"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="feedback_responses"
    )
    given_on = models.DateField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["month", "team"], name="feedback_response_month_team"),
            models.Index(fields=["case"], condition=models.Q(case__isnull=False), name="feedback_response_case"),
        ]

    def __str__(self) -> str:
        return f"feedback response {self.pk}"


class TextCheck(models.TextChoices):
    UNCHECKED = "", "Not checked yet"
    SHOWN = "shown", "May be shown in results"
    WITHHELD = "withheld", "Kept out of results"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    agreement = models.CharField(max_length=8, choices=Agreement.choices, blank=True)
    scale = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    text = models.TextField(blank=True)
    # Free text is shown in results only for groups of 10 or more, and only once a member of staff has read it
    # for anything that could identify someone.
    text_check = models.CharField(max_length=8, choices=TextCheck.choices, blank=True)
    text_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")]
        indexes = [
            # The results show the words checked as fit to show: a few among all the answers.
            models.Index(
                fields=["question", "id"], condition=models.Q(text_check="shown"), name="feedback_answer_shown"
            )
        ]

    def __str__(self) -> str:
        return f"answer to question {self.question_id}"

    @property
    def given(self) -> str:
        if self.question.kind == QuestionKind.SCALE:
            return "" if self.scale is None else str(self.scale)
        if self.question.kind == QuestionKind.AGREE:
            return self.agreement
        return self.text


class ResponseCount(models.Model):
    """Responses counted by survey version, team and month as they are given (`casemap.feedback.counts`): the results
    add up a few rows for each team and month, not every response in the authority."""

    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=32, choices=Service.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    month = models.DateField()
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "service", "team", "month"], name="one_response_count")
        ]

    def __str__(self) -> str:
        return f"{self.n} responses"


class AnswerCount(models.Model):
    """Answers to the yes-partly-no and 0-10 questions counted as they are given, by question, service, month and
    answer: once in the respondent's team's row, once in the service's row (no team), which the results of every
    team read so that they add up the same few rows however large the authority."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    service = models.CharField(max_length=32, choices=Service.choices)
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    month = models.DateField()
    answer = models.CharField(max_length=8)  # "yes", "partly", "no", or a score "0" to "10"
    n = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "service", "team", "month", "answer"],
                condition=models.Q(team__isnull=False),
                name="one_answer_count_a_team",
            ),
            models.UniqueConstraint(
                fields=["question", "service", "month", "answer"],
                condition=models.Q(team__isnull=True),
                name="one_answer_count_a_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.n} answers {self.answer}"


class SafetyTask(models.Model):
    """A child's answer that says they may not be safe, for the allocated team to act on. It holds no answer
    text: the team opens the response on the case (named) or is told which child to see (confidential)."""

    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="feedback_safety_tasks")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    response = models.OneToOneField(Response, on_delete=models.PROTECT, related_name="safety_task")
    created_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    what_was_done = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["team"], condition=models.Q(done_at__isnull=True), name="feedback_task_open")]

    def __str__(self) -> str:
        return f"feedback safety task {self.pk}"


class InvitationEvent(models.TextChoices):
    CONFERENCE = "conference", "After a child protection conference"
    CLOSURE = "closure", "When the case closes"
    CARE_REVIEW = "care_review", "After a child in care review"


class InvitationRule(models.Model):
    """Which survey to offer after which event, and within how many working days: data, so each authority sets
    its own."""

    event = models.CharField(max_length=16, choices=InvitationEvent.choices)
    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="rules")
    within_working_days = models.PositiveSmallIntegerField(default=5)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["event", "survey"]
        constraints = [models.UniqueConstraint(fields=["event", "survey"], name="one_rule_per_event_and_survey")]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.survey}"


class DueOutcome(models.TextChoices):
    WAITING = "", "Waiting"
    ASKED = "asked", "Asked"
    NOT_ASKED = "not_asked", "Not asked"


class InvitationDue(models.Model):
    """Someone an event says should be asked for feedback, waiting for their worker to give or post the card."""

    rule = models.ForeignKey(InvitationRule, on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="feedback_due")
    event_key = models.CharField(max_length=40)  # "conference:12": one invitation per person per event
    event_on = models.DateField()
    due_by = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=12, choices=DueOutcome.choices, blank=True)
    outcome_reason = models.CharField(max_length=200, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_by", "pk"]
        constraints = [models.UniqueConstraint(fields=["person", "event_key"], name="one_due_per_person_event")]
        indexes = [models.Index(fields=["case"], condition=models.Q(outcome=""), name="feedback_due_waiting")]

    def __str__(self) -> str:
        return f"feedback due from person {self.person_id} after {self.event_key}"


class ChangeMade(models.Model):
    """ "You said, we did": a change made because of what people said, under the theme it answers."""

    theme = models.CharField(max_length=24, choices=Theme.choices)
    service = models.CharField(max_length=32, choices=Service.choices, blank=True, help_text="Empty: every service")
    you_said = models.TextField()
    we_did = models.TextField()
    made_on = models.DateField()
    published = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-made_on", "-pk"]

    def __str__(self) -> str:
        return f"change made on {self.made_on}"


class SubmissionAttempt(models.Model):
    """One try from one network address, kept an hour for the rate limit. The address is kept only as a keyed
    digest."""

    address_digest = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["address_digest", "at"], name="feedback_attempt_address")]

    def __str__(self) -> str:
        return f"try at {self.at}"


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)
