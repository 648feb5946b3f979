"""Supervision for the demo, through the real services.

Dana supervises Sally and Tom, and Grace supervises Dana. Sally's case supervision with Dana about Merinda and
Eddy's family uses the scale from the family's signed map; Dana signs it and Sally acknowledges it with a comment.
Dana's personal supervision with Sally is signed too. Another family of the team is presented at group
supervision, with its map saved as a new draft of that family's map; Jo, from another team, takes part and sees
only her learning entry.
Tom was last supervised five weeks ago, and Jo, newly qualified a month ago, nine days ago: both show as overdue.
Marcus's leave pauses his clock. Sally's appreciative inquiry about her Three Houses work with Alkira has Dana's
comments beside it.
"""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.demo import as_of
from casemap.cases.models import Case
from casemap.cases.selectors import case_children
from casemap.mapping.models import Map, MapStatus, ScalingJudgement
from casemap.supervision.models import GroupRole, SupervisionSchedule
from casemap.supervision.services.group import (
    Participant,
    SessionMap,
    group_learning_note_save,
    group_supervision_record,
)
from casemap.supervision.services.inquiry import inquiry_comment, inquiry_record
from casemap.supervision.services.records import (
    ActionAgreed,
    SupervisionContent,
    case_supervision_record,
    personal_supervision_record,
    supervision_acknowledge,
    supervision_sign,
)
from casemap.supervision.services.staff import staff_leave_record, supervision_profile_set


def _personal(supervisor: User, supervisee: User, on: datetime.date, note: str) -> None:
    with as_of(on):
        record = personal_supervision_record(
            acting_user=supervisor,
            content=SupervisionContent(occurred_on=on, supervisee=supervisee, duration_minutes=90, working_well=note),
        )
        supervision_sign(acting_user=supervisor, supervision=record, expected_version=None)


def _worked_example_case_supervision(case: Case, sally: User, dana: User, held_on: datetime.date) -> None:
    overall = (
        ScalingJudgement.objects.filter(
            map__case=case, map__status__in=[MapStatus.SIGNED_OFF, MapStatus.SUPERSEDED], danger_statement=None
        )
        .order_by("-map__number", "pk")
        .first()
    )
    content = SupervisionContent(
        occurred_on=held_on,
        supervisee=sally,
        duration_minutes=60,
        worries="Eddy has not yet agreed to the rule about leaving the house when he has been drinking.",
        working_well="Rose collects the children from school every day, and Alkira named her as her safe person.",
        needs_to_happen="The network meets to go through the safety plan with Merinda and Eddy.",
        scale_score=overall.score if overall else 4,
        scale_zero_anchor=overall.zero_anchor if overall else "The children will be hurt if they stay at home",
        scale_ten_anchor=overall.ten_anchor if overall else "Everyone knows the children are safe enough",
        scale_reasons=overall.reason if overall else "The network is new and not yet tested.",
        decisions="Continue under the child protection plan; Sally to hold a network meeting within two weeks.",
        decision_reasons="The danger statements are not yet answered by what the network is doing.",
        next_discussion_on=held_on + datetime.timedelta(days=28),
    )
    with as_of(held_on):
        record = case_supervision_record(
            acting_user=dana,
            case=case,
            children=case_children(case),
            content=content,
            actions=[
                ActionAgreed(
                    "Arrange the network meeting with Rose, Kerri and Pat", sally, held_on + datetime.timedelta(days=14)
                )
            ],
        )
        record = supervision_sign(acting_user=dana, supervision=record, expected_version=None)
        supervision_acknowledge(
            acting_user=sally,
            supervision=record,
            expected_version=None,
            agrees=True,
            comment="A fair record. Rose may not manage Fridays; I will check at the network meeting.",
        )


def _group_supervision(users: dict[str, User], held_on: datetime.date) -> None:
    dana, tom, sally, jo, liam = users["dana"], users["tom"], users["sally"], users["jo"], users["liam"]
    case = (
        Case.objects.filter(team__name="Child protection", closed_on__isnull=True, opened_on__lt=held_on)
        .exclude(family_name="Merinda and Eddy's family")
        .order_by("-service", "pk")
        .first()
    )
    if case is None:
        return
    presenter, observer = (sally, tom) if case.allocated_worker_id == sally.pk else (tom, sally)
    has_draft = Map.objects.filter(case=case, status=MapStatus.DRAFT).exists()
    drawn = SessionMap(
        worries="Dad's drinking at weekends when the children are home\nThe eldest has missed school on Mondays",
        working_well="Grandad takes the children to football on Saturdays",
    )
    with as_of(held_on):
        session, _ = group_supervision_record(
            acting_user=dana,
            case=case,
            held_on=held_on,
            participants=[
                Participant(dana, GroupRole.FACILITATOR),
                Participant(presenter, GroupRole.PRESENTER),
                Participant(liam, GroupRole.ADVISER),
                Participant(observer, GroupRole.OBSERVER),
                Participant(jo, GroupRole.OBSERVER),
            ],
            presenter_question="How do I help Dad see what the weekends are like for the children?",
            next_steps="Ask the children's scaling questions with Dad present at the next visit.",
            session_map=SessionMap() if has_draft else drawn,
        )
    group_learning_note_save(
        acting_user=jo, session=session, note="Asking what the child would say keeps the question concrete."
    )


def demo_supervision_create(users: dict[str, User]) -> None:
    today = timezone.localdate()
    sally, tom, jo, marcus = users["sally"], users["tom"], users["jo"], users["marcus"]
    dana, ayo, glen, grace = users["dana"], users["ayo"], users["glen"], users["grace"]
    newly_qualified = SupervisionSchedule.objects.filter(name__startswith="Newly qualified").first()
    for staff, supervisor in ((sally, dana), (tom, dana), (jo, ayo), (marcus, glen)):
        supervision_profile_set(acting_user=grace, staff=staff, supervisor=supervisor, line_manager=supervisor)
    for manager in (dana, ayo, glen):
        supervision_profile_set(acting_user=grace, staff=manager, supervisor=grace, line_manager=grace)
    supervision_profile_set(
        acting_user=grace,
        staff=jo,
        supervisor=ayo,
        line_manager=ayo,
        schedule=newly_qualified,
        schedule_starts_on=today - datetime.timedelta(days=30),
    )
    case = Case.objects.filter(family_name="Merinda and Eddy's family").first()
    if case is not None:
        _worked_example_case_supervision(case, sally, dana, today - datetime.timedelta(days=6))
    _personal(dana, sally, today - datetime.timedelta(days=12), "Sally's direct work with Alkira and Jirra is careful.")
    _personal(dana, tom, today - datetime.timedelta(days=35), "Tom has taken on two new families well.")
    _personal(ayo, jo, today - datetime.timedelta(days=9), "Jo's first assessments are thorough.")
    _personal(glen, marcus, today - datetime.timedelta(days=40), "Marcus's group work is going well.")
    staff_leave_record(
        acting_user=grace,
        staff=marcus,
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today - datetime.timedelta(days=6),
    )
    _personal(grace, dana, today - datetime.timedelta(days=20), "Dana's team has no unallocated cases.")
    _group_supervision(users, today - datetime.timedelta(days=4))
    _appreciative_inquiry(case, sally, dana, today - datetime.timedelta(days=3))


def _appreciative_inquiry(case: Case | None, sally: User, dana: User, held_on: datetime.date) -> None:
    with as_of(held_on):
        inquiry = inquiry_record(
            acting_user=sally,
            held_on=held_on,
            case=case,
            went_well="Alkira told me what she worries about at home, in her own words, for the first time.",
            how_made_it_happen="I used the Three Houses, let her draw first and went at her pace.",
            who_helped="Her teacher found us a quiet room at school.",
            family_would_say="Rose said the children felt listened to.",
            learning="Slow down and let the child lead; the drawing does the work.",
            self_scale=7,
            closer_to_ten="Doing the same with Jirra, who is quieter.",
        )
        inquiry_comment(
            acting_user=dana, inquiry=inquiry, comments="A lovely piece of direct work: bring it to the team meeting."
        )
