"""Writes for feedback: invitations, responses by link or entered by staff, and the safety tasks a child's answer
can start."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casemap.access.guard import REFUSED_MESSAGE
from casemap.access.models import AccessAction
from casemap.access.policy import READ_ONLY_ROLES, can_view_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import Role, Team, User
from casemap.cases.models import Case
from casemap.feedback.counts import count_response
from casemap.feedback.links import TRIES_PER_LINK, LinkExpired, new_token, read_token, token_digest
from casemap.feedback.models import (
    Agreement,
    Answer,
    Audience,
    Channel,
    Invitation,
    InvitationSent,
    LinkUse,
    PrivacyMode,
    Question,
    QuestionKind,
    Response,
    SafetyTask,
    Survey,
    SurveyVersion,
    TextCheck,
    month_of,
)
from casemap.people.models import Person

DAYS_BETWEEN_INVITATIONS = 90

NOT_ON_CASE = "Choose someone on this family's record"
CHILD_SURVEY_FOR_ADULT = "This survey is for children and young people: choose a child"
ADULT_SURVEY_FOR_CHILD = "This survey is for adults: choose a parent or carer"
NO_PERSON_FOR_PARTNER = "A partner agency's survey is not for a member of the family"
STAFF_SURVEY_ON_CASE = "The staff survey is sent to staff, not to a family"
NOT_PUBLISHED = "This survey has no published version yet"
NOT_ACTIVE = "This survey is no longer in use"
LINK_NOT_VALID = _("This link does not work. Check it was copied in full, or ask your worker for a new one.")
LINK_USED = _("This link has already been used. Thank you for your feedback.")
LINK_EXPIRED = _("This link has expired. If you still want to tell us what you think, ask your worker for a new one.")
LINK_LIMITED = _("This link has been tried too many times, so it has stopped working. Ask your worker for a new one.")
ANSWER_NEEDED = "Answer this question"
CHOOSE_AN_ANSWER = "Choose one of the answers"
SCALE_RANGE = "Choose a number from 0 to 10"
NOTHING_ANSWERED = _("Answer at least one question before you send your answers")
GIVEN_IN_FUTURE = "The date must be today or in the past"


def current_version(survey: Survey) -> SurveyVersion:
    version = survey.versions.filter(published_at__isnull=False).order_by("-number").first()
    if version is None:
        raise ValidationError({"survey": NOT_PUBLISHED})
    return version


def invited_recently(person: Person, today: datetime.date) -> datetime.date | None:
    """The day this person was last invited, if it is within the last 90 days."""
    since = today - datetime.timedelta(days=DAYS_BETWEEN_INVITATIONS)
    last = InvitationSent.objects.filter(person=person, sent_on__gt=since).order_by("-sent_on").first()
    return last.sent_on if last else None


def _fits_audience(survey: Survey, person: Person | None) -> None:
    if survey.audience == Audience.STAFF:
        raise ValidationError({"survey": STAFF_SURVEY_ON_CASE})
    if survey.audience == Audience.PARTNER:
        if person is not None:
            raise ValidationError({"person": NO_PERSON_FOR_PARTNER})
        return
    if person is None:
        raise ValidationError({"person": NOT_ON_CASE})
    for_children = survey.audience in {Audience.CHILD, Audience.YOUNG_PERSON}
    if for_children and not person.is_child:
        raise ValidationError({"person": CHILD_SURVEY_FOR_ADULT})
    if not for_children and person.is_child:
        raise ValidationError({"person": ADULT_SURVEY_FOR_CHILD})


def _check_may_ask(acting_user: User, case: Case, person: Person | None) -> None:
    if acting_user.role in READ_ONLY_ROLES or not can_view_case(acting_user, case):
        raise PermissionDenied(REFUSED_MESSAGE)
    if person is not None and not case.memberships.filter(person=person).exists():
        raise ValidationError({"person": NOT_ON_CASE})


def _log(
    user: User, action: AccessAction, record_id: object, person: Person | None, request: HttpRequest | None
) -> None:
    access_log_append_each(
        user=user, action=action, record_type="feedback", record_id=record_id, people=[person], request=request
    )


def invitation_create(
    *,
    acting_user: User,
    case: Case,
    survey: Survey,
    person: Person | None,
    event: str = "",
    request: HttpRequest | None = None,
) -> str:
    """A single-use link for one person on the case (none for a partner agency). Returns its token, which is
    never stored: the caller shows or prints it once. An anonymous survey's link is kept nowhere with the person."""
    _check_may_ask(acting_user, case, person)
    if not survey.is_active:
        raise ValidationError({"survey": NOT_ACTIVE})
    _fits_audience(survey, person)
    version = current_version(survey)
    today = timezone.localdate()
    with transaction.atomic():
        if person is not None:
            # Held so that two workers inviting the same person at once cannot both pass the 90-day rule.
            Person.objects.select_for_update().filter(pk=person.pk).first()
            last = invited_recently(person, today)
            if last is not None:
                next_day = last + datetime.timedelta(days=DAYS_BETWEEN_INVITATIONS)
                raise ValidationError(
                    {
                        "person": f"{person.full_name} was asked for feedback on {last:%-d %B %Y}. Nobody is asked "
                        f"more than once in {DAYS_BETWEEN_INVITATIONS} days: ask again from {next_day:%-d %B %Y}"
                    }
                )
            InvitationSent.objects.create(person=person, survey=survey, sent_on=today, sent_by=acting_user, event=event)
        token = new_token(version_id=version.pk, team_id=case.team_id)
        if not survey.is_anonymous:
            Invitation.objects.create(
                version=version, token_digest=token_digest(token), person=person, case=case, team_id=case.team_id,
                created_by=acting_user,
            )  # fmt: skip
        _log(acting_user, AccessAction.CREATE, f"feedback invitation: {survey.name}", person, request)
    return token


def staff_link_create(*, acting_user: User, survey: Survey, team_id: int) -> str:
    """A link to the staff survey for a member of a team; anonymous by design, so it is kept nowhere."""
    if acting_user.role not in {Role.ADMINISTRATOR, Role.PRACTICE_LEAD}:
        raise PermissionDenied(REFUSED_MESSAGE)
    if survey.audience != Audience.STAFF or not survey.is_anonymous:
        raise ValidationError({"survey": "Choose the staff survey"})
    return new_token(version_id=current_version(survey).pk, team_id=team_id)


@dataclass(frozen=True)
class OpenLink:
    """A link that may be answered now: its survey version, team, and for a named or confidential survey who it
    is for."""

    version: SurveyVersion
    team: Team
    invitation: Invitation | None


def open_link(token: str) -> OpenLink:
    """The link, if it may still be answered; otherwise ValidationError in words for the respondent."""
    try:
        content = read_token(token)
    except LinkExpired:
        raise ValidationError(LINK_EXPIRED) from None
    if content is None:
        raise ValidationError(LINK_NOT_VALID)
    version = SurveyVersion.objects.select_related("survey").filter(pk=content.version_id).first()
    team = Team.objects.filter(pk=content.team_id).first()
    if version is None or team is None:
        raise ValidationError(LINK_NOT_VALID)
    invitation = None
    if not version.survey.is_anonymous:
        invitation = (
            Invitation.objects.select_related("person", "case").filter(token_digest=token_digest(token)).first()
        )
        if invitation is None:
            raise ValidationError(LINK_NOT_VALID)
    use = LinkUse.objects.filter(token_digest=token_digest(token)).first()
    if use is not None and use.used:
        raise ValidationError(LINK_USED)
    if use is not None and use.attempts > TRIES_PER_LINK:
        raise ValidationError(LINK_LIMITED)
    return OpenLink(version=version, team=team, invitation=invitation)


def link_count_attempt(token: str) -> None:
    """One more try at answering this link; ten are allowed."""
    use, _ = LinkUse.objects.get_or_create(token_digest=token_digest(token))
    LinkUse.objects.filter(pk=use.pk).update(attempts=F("attempts") + 1)


def _clean_answers(version: SurveyVersion, given: Mapping[int, str]) -> list[tuple[Question, str]]:
    errors: dict[str, str] = {}
    cleaned: list[tuple[Question, str]] = []
    for question in version.questions.all():
        value = (given.get(question.pk) or "").strip()
        field = f"question_{question.pk}"
        if not value:
            if question.required:
                errors[field] = ANSWER_NEEDED
            continue
        if question.kind == QuestionKind.AGREE and value not in Agreement.values:
            errors[field] = CHOOSE_AN_ANSWER
        elif question.kind == QuestionKind.SCALE and (not value.isdigit() or not 0 <= int(value) <= 10):
            errors[field] = SCALE_RANGE
        cleaned.append((question, value))
    if errors:
        raise ValidationError(errors)
    if not cleaned:
        raise ValidationError(NOTHING_ANSWERED)
    return cleaned


def _save_answers(response: Response, answers: list[tuple[Question, str]]) -> list[Answer]:
    saved = []
    for question, value in answers:
        answer = Answer(response=response, question=question)
        if question.kind == QuestionKind.AGREE:
            answer.agreement = value
        elif question.kind == QuestionKind.SCALE:
            answer.scale = int(value)
        else:
            answer.text = value
        saved.append(answer)
    Answer.objects.bulk_create(saved)
    count_response(response, saved)
    return saved


def _raise_safety_task(response: Response, answers: list[tuple[Question, str]]) -> SafetyTask | None:
    """A child who says they may not be safe: a task for the allocated team now, holding no words of theirs."""
    if response.case is None or response.person is None:
        return None
    if not any(value in question.alert_answers for question, value in answers):
        return None
    return SafetyTask.objects.create(
        case=response.case, person=response.person, team=response.case.team, response=response
    )


def _new_response(
    version: SurveyVersion,
    *,
    team_id: int,
    service: str,
    channel: str,
    person: Person | None,
    case: Case | None,
    given_on: datetime.date,
    entered_by: User | None,
) -> Response:
    response = Response(version=version, service=service, team_id=team_id, month=month_of(given_on), channel=channel)
    if version.survey.privacy != PrivacyMode.ANONYMOUS:
        response.person, response.case, response.given_on, response.entered_by = person, case, given_on, entered_by
    response.save()
    return response


def response_submit_by_link(*, token: str, given: Mapping[int, str]) -> Response:
    """The respondent's own answers, once per link. An anonymous response keeps only its survey version, service,
    team and month."""
    with transaction.atomic():
        link = open_link(token)
        use, _ = LinkUse.objects.get_or_create(token_digest=token_digest(token))
        use = LinkUse.objects.select_for_update().get(pk=use.pk)
        if use.used:
            raise ValidationError(LINK_USED)
        answers = _clean_answers(link.version, given)
        invitation = link.invitation
        response = _new_response(
            link.version, team_id=link.team.pk, service=link.team.service, channel=Channel.LINK,
            person=invitation.person if invitation else None, case=invitation.case if invitation else None,
            given_on=timezone.localdate(), entered_by=None,
        )  # fmt: skip
        _save_answers(response, answers)
        use.used = True
        use.save(update_fields=["used"])
        _raise_safety_task(response, answers)
        return response


def response_enter(
    *,
    acting_user: User,
    case: Case,
    survey: Survey,
    person: Person | None,
    channel: str,
    given_on: datetime.date,
    given: Mapping[int, str],
    request: HttpRequest | None = None,
) -> Response:
    """Answers given with a worker beside the respondent, or typed from a paper form."""
    _check_may_ask(acting_user, case, person)
    _fits_audience(survey, person)
    if channel not in {Channel.WITH_WORKER, Channel.PAPER}:
        raise ValidationError({"channel": "Say how the answers were given"})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": GIVEN_IN_FUTURE})
    version = current_version(survey)
    with transaction.atomic():
        answers = _clean_answers(version, given)
        response = _new_response(
            version, team_id=case.team_id, service=case.team.service, channel=channel, person=person, case=case,
            given_on=given_on, entered_by=acting_user,
        )  # fmt: skip
        _save_answers(response, answers)
        _raise_safety_task(response, answers)
        if not survey.is_anonymous:
            _log(acting_user, AccessAction.CREATE, f"response {response.pk}", person, request)
        return response


def safety_task_done(
    *, acting_user: User, task: SafetyTask, what_was_done: str, request: HttpRequest | None = None
) -> SafetyTask:
    if not what_was_done.strip():
        raise ValidationError({"what_was_done": "Say what was done"})
    if acting_user.role in READ_ONLY_ROLES or not can_view_case(acting_user, task.case):
        raise PermissionDenied(REFUSED_MESSAGE)
    with transaction.atomic():
        held = SafetyTask.objects.select_for_update().get(pk=task.pk)
        if held.done_at is not None:
            raise ValidationError("This was already marked done")
        held.done_at, held.done_by, held.what_was_done = timezone.now(), acting_user, what_was_done.strip()
        held.save(update_fields=["done_at", "done_by", "what_was_done"])
        _log(acting_user, AccessAction.CHANGE, f"safety task {held.pk}", held.person, request)
        return held


def answer_text_check(*, acting_user: User, answer: Answer, decision: str) -> Answer:
    """A member of staff has read someone's words: they may be shown in results, or are kept out."""
    if acting_user.role not in {Role.PRACTICE_LEAD, Role.DATA_OFFICER}:
        raise PermissionDenied(REFUSED_MESSAGE)
    if decision not in {TextCheck.SHOWN, TextCheck.WITHHELD}:
        raise ValidationError({"decision": "Choose whether the words may be shown"})
    Answer.objects.filter(pk=answer.pk).update(text_check=decision, text_checked_by=acting_user)
    answer.text_check, answer.text_checked_by = decision, acting_user
    return answer
