"""Feedback for the demo, through the real services.

The worked example's family: Alkira answers the children's survey on her own link (named, so Sally reads it on
the case); Merinda and Eddy answer the parents' survey, which is anonymous: their answers count in the results and
are kept with nobody. Across the authority, parents' answers over the last year, more in some teams than others,
so some cells of the results are shown and some are "c"; young people's confidential answers, one of them saying
they do not feel safe where they live (a task waits for that family's team); people's words, some checked by
Liam and some waiting; the staff survey, answered anonymously; and, from the conferences, closures and care
reviews of the last month, the people their workers should now ask; and two changes made in "You said, we did".
"""

import datetime
import random

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import Case
from casemap.feedback.changes import change_record
from casemap.feedback.due import invitations_due_refresh
from casemap.feedback.models import Answer, Channel, Question, QuestionKind, Survey, TextCheck, Theme
from casemap.feedback.services import (
    answer_text_check,
    current_version,
    invitation_create,
    response_enter,
    response_submit_by_link,
    staff_link_create,
)
from casemap.people.models import Person

# Responses wanted from parents in each team over the year: one team has too few to show anything.
PARENTS_PER_TEAM = {"Child protection": 46, "Front door and assessment": 30, "Early help": 19, "Youth and care": 4}
PARENT_WORDS = [
    "The social worker explained what the worries were in words I understood.",
    "I wish meetings were not always in the morning when I work.",
    "Our family plan was written the way we talk, which helped.",
    "It took too long for anyone to call me back.",
    "The scaling question helped me see we were getting somewhere.",
    "I did not know who to ring when our worker was away.",
]


def _answers(survey: Survey, rng: random.Random, words: str = "") -> dict[int, str]:
    given: dict[int, str] = {}
    for question in current_version(survey).questions.all():
        if question.kind == QuestionKind.AGREE:
            given[question.pk] = rng.choices(["yes", "partly", "no"], weights=[6, 3, 1])[0]
        elif question.kind == QuestionKind.SCALE:
            given[question.pk] = str(rng.choices(range(11), weights=[1, 1, 1, 2, 2, 3, 4, 5, 6, 4, 3])[0])
        elif words:
            given[question.pk] = words
    return given


def _question(survey: Survey, text: str) -> Question:
    return current_version(survey).questions.get(text=text)


def _worked_example(case: Case, sally: User) -> None:
    children = Survey.objects.get(name="What children think of our help")
    parents = Survey.objects.get(name="What parents think of our help")
    alkira = case.members.get(first_name="Alkira")
    token = invitation_create(acting_user=sally, case=case, survey=children, person=alkira)
    response_submit_by_link(
        token=token,
        given={
            _question(children, "Did you know what the grown-ups were worried about?").pk: "yes",
            _question(children, "Did we listen to you?").pk: "yes",
            _question(children, "Do you feel safe at home now?").pk: "partly",
            _question(children, "Did we help?").pk: "yes",
            _question(children, "Is there anything else you want to tell us?").pk: "I liked drawing my three houses.",
        },
    )
    for first_name, respect, words in [
        ("Merinda", "yes", "Sally wrote our plan in our words. I knew what I had to do."),
        ("Eddy", "partly", "I still do not always know what happens next."),
    ]:
        parent = case.members.get(first_name=first_name)
        token = invitation_create(acting_user=sally, case=case, survey=parents, person=parent)
        given = _answers(parents, random.Random(first_name))
        given[_question(parents, "I was treated with respect").pk] = respect
        given[_question(parents, "Is there anything you want to tell us about our work with you?").pk] = words
        response_submit_by_link(token=token, given=given)


def _with_adult(team: Team, worked_example: Case | None) -> list[tuple[Case, Person]]:
    cases = (
        Case.objects.filter(team=team, allocated_worker__isnull=False)
        .exclude(pk=worked_example.pk if worked_example else None)
        .select_related("allocated_worker")
        .order_by("pk")
    )
    found = []
    for case in cases[:60]:
        adult = case.members.filter(is_child=False).order_by("pk").first()
        if adult is not None:
            found.append((case, adult))
    return found


def _parents_across_teams(rng: random.Random, today: datetime.date, worked_example: Case | None) -> None:
    parents = Survey.objects.get(name="What parents think of our help")
    for team_name, wanted in PARENTS_PER_TEAM.items():
        families = _with_adult(Team.objects.get(name=team_name), worked_example)
        if not families:
            continue
        for index in range(min(wanted, len(families) * 3)):
            case, adult = families[index % len(families)]
            words = rng.choice(PARENT_WORDS) if rng.random() < 0.4 else ""
            response_enter(
                acting_user=case.allocated_worker, case=case, survey=parents, person=adult,  # type: ignore[arg-type]
                channel=rng.choice([Channel.PAPER, Channel.WITH_WORKER]),
                given_on=today - datetime.timedelta(days=rng.randint(0, 360)), given=_answers(parents, rng, words),
            )  # fmt: skip


def _young_people(rng: random.Random, today: datetime.date) -> None:
    young = Survey.objects.get(name="What young people think of our help")
    safe = _question(young, "I feel safe where I live now")
    cases = Case.objects.filter(team__name="Youth and care", allocated_worker__isnull=False).order_by("pk")
    teenagers = Person.objects.filter(
        is_child=True, date_of_birth__lte=today - datetime.timedelta(days=13 * 365), case_memberships__case__in=cases
    ).order_by("pk")[:8]
    for index, person in enumerate(teenagers):
        case = cases.filter(memberships__person=person).first()
        given = _answers(young, rng)
        given[safe.pk] = "no" if index == 0 else "yes"
        response_enter(
            acting_user=case.allocated_worker, case=case, survey=young, person=person,  # type: ignore[union-attr,arg-type]
            channel=Channel.WITH_WORKER, given_on=today - datetime.timedelta(days=index * 9), given=given,
        )  # fmt: skip


def _staff_survey(users: dict[str, User], rng: random.Random) -> None:
    staff = Survey.objects.get(name="Staff survey: working the Signs of Safety way")
    liam = users["liam"]
    for member in User.objects.filter(team__isnull=False, is_active=True).order_by("pk")[:30]:
        token = staff_link_create(acting_user=liam, survey=staff, team_id=member.team_id)  # type: ignore[arg-type]
        response_submit_by_link(token=token, given=_answers(staff, rng))


def _check_some_words(liam: User) -> None:
    waiting = Answer.objects.filter(question__kind=QuestionKind.TEXT, text_check=TextCheck.UNCHECKED)
    for answer in waiting.exclude(text="").order_by("pk")[:12]:
        answer_text_check(acting_user=liam, answer=answer, decision=TextCheck.SHOWN)


def _changes_made(users: dict[str, User], today: datetime.date) -> None:
    change_record(
        acting_user=users["liam"], theme=Theme.CONTACT, service="",
        you_said="Parents told us it took too long for anyone to call them back, and they did not know who to ring "
        "when their worker was away.",
        we_did="Every call is returned the same working day, and each family's safety plan now names the duty "
        "number to ring when their worker is away.",
        made_on=today - datetime.timedelta(days=40), published=True,
    )  # fmt: skip
    change_record(
        acting_user=users["grace"], theme=Theme.NEEDS, service="cin_cp",
        you_said="Some parents did not always know what happens next after a conference.",
        we_did="The chair now reads out the next steps, with dates, at the end of every conference.",
        made_on=today - datetime.timedelta(days=12), published=False,
    )  # fmt: skip


def demo_feedback_create(users: dict[str, User]) -> None:
    rng = random.Random(2026)
    today = timezone.localdate()
    worked_example = Case.objects.filter(members__first_name="Merinda", members__last_name="Cooper").first()
    if worked_example is not None:
        _worked_example(worked_example, users["sally"])
    _parents_across_teams(rng, today, worked_example)
    _young_people(rng, today)
    _staff_survey(users, rng)
    _check_some_words(users["liam"])
    _changes_made(users, today)
    invitations_due_refresh()
