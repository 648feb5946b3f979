"""The statutory process for the demo, through the real services.

The worked example: a strategy discussion starts a section 47 enquiry for Darel, Alkira and Jirra; the initial
conference meets within 15 working days with Merinda and Eddy, Rose, Kerri and Pat, and the school, health and
police, is recorded in the Signs of Safety structure and decides a plan for each child; the first core group meets
within 10 working days; the first review is arranged. Other families give the lists of what is due something to
show: an enquiry waiting for its conference, an assessment past its 45 working days, a child in need plan with no
review.
"""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.demo import as_of
from casemap.cases.models import AbuseCategory, Case, CaseService, MemberRole, StrategyDecision
from casemap.cases.selectors import case_children
from casemap.cases.services import case_professional_add
from casemap.cases.services.statutory import assessment_start, cin_plan_start, strategy_discussion_record
from casemap.core.working_days import add_months, add_working_days, is_working_day
from casemap.mapping.services import map_sign_off
from casemap.meetings.models import (
    Attendance,
    ConferencePart,
    DistributionChannel,
    DocumentKind,
    Invitee,
    InviteeRole,
    Meeting,
    MeetingKind,
    ShareRestriction,
)
from casemap.meetings.services.arranging import attendance_record, invitee_add, meeting_arrange, meeting_conclude
from casemap.meetings.services.conference import (
    ReportAnswers,
    agency_report_add,
    childs_view_record,
    conference_map_start,
    decision_save,
    decision_sign,
    scores_reveal,
    sealed_score_give,
)
from casemap.meetings.services.distribution import distribution_prepare, distribution_release, document_draft

PROFESSIONALS = [
    ("PC Amir Jones", "Northbridge Police", "Domestic abuse officer"),
    ("Mr David Lowe", "Northbridge Primary School", "Alkira's class teacher"),
    ("Jane Hill", "Riverside Health Centre", "Health visitor"),
]


def _on_a_weekday(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def worked_example_strategy_discussion(case: Case, users: dict[str, User]) -> datetime.date:
    """The professionals on the case, an assessment for each child, and the strategy discussion ten days after
    the referral, once the first visits showed how frightened the children were. Returns the day of the
    discussion."""
    sally = users["sally"]
    opened = case.opened_on
    with as_of(opened):
        for name, agency, role in PROFESSIONALS:
            case_professional_add(acting_user=sally, case=case, name=name, agency_name=agency, role=role)
        for child in case_children(case):
            assessment_start(acting_user=sally, case=case, child=child, started_on=opened)
    discussed_on = opened + datetime.timedelta(days=10)
    with as_of(discussed_on):
        strategy_discussion_record(
            acting_user=sally,
            case=case,
            children=case_children(case),
            held_on=discussed_on,
            took_part="Sally Morgan (children's social care), PC Amir Jones (Northbridge Police), "
            "Jane Hill (Riverside Health Centre), Mr David Lowe (Northbridge Primary School)",
            decision=StrategyDecision.SECTION_47,
            reasons="Alkira was hurt in a fight between her parents, and the police have been called to the home "
            "before. All three children were there. We need to find out whether they are suffering, or likely to "
            "suffer, significant harm.",
        )
    return discussed_on


def worked_example_initial_conference(case: Case, users: dict[str, User], discussed_on: datetime.date) -> Meeting:
    """Arranged a week after the discussion for 13 working days after it (due by 15), with the family, their
    network and the agencies invited. Attendance is recorded on the day."""
    sally, hannah = users["sally"], users["hannah"]
    conference_on = _on_a_weekday(add_working_days(discussed_on, 13))
    with as_of(discussed_on + datetime.timedelta(days=7)):
        conference = meeting_arrange(
            acting_user=sally,
            case=case,
            kind=MeetingKind.INITIAL_CONFERENCE,
            children=case_children(case),
            starts_at=_at(conference_on, 10),
            ends_at=_at(conference_on, 12),
            venue="Conference room 1, Northbridge Civic Centre",
            chair=hannah,
        )
        adults = [m.person for m in case.memberships.select_related("person") if m.role == MemberRole.ADULT]
        for person in adults:
            conference.refresh_from_db()
            role = InviteeRole.PARENT if person.first_name in {"Merinda", "Eddy"} else InviteeRole.FAMILY
            invitee_add(acting_user=sally, meeting=conference, expected_version=None, person=person, role=role)
        for professional in case.professionals.order_by("pk"):
            invitee_add(acting_user=sally, meeting=conference, expected_version=None, professional=professional)
    with as_of(conference_on):
        for invitee in conference.invitees.select_related("person", "professional").order_by("pk"):
            attendance = Attendance.PRESENT
            extra: dict[str, object] = {"arrived_at": datetime.time(10)}
            if invitee.person and invitee.person.first_name == "Pat":
                attendance, extra = Attendance.APOLOGIES, {}
            if invitee.professional and "Police" in invitee.professional.agency.name:
                attendance = Attendance.REMOTE
            if invitee.person and invitee.person.first_name == "Eddy":
                extra |= {
                    "excluded_from": [ConferencePart.AGENCY_REPORTS],
                    "exclusion_reason": "The police report was not yet cleared to be shared with Eddy.",
                }
            attendance_record(acting_user=sally, invitee=invitee, expected_version=None, attendance=attendance, **extra)
    return conference


def worked_example_after_the_conference(case: Case, users: dict[str, User], conference: Meeting) -> None:
    """The first core group, held 8 working days after the conference, and the first review arranged for just
    before it is due, 3 months after the conference."""
    sally, hannah = users["sally"], users["hannah"]
    assert conference.held_on is not None
    core_group_on = _on_a_weekday(add_working_days(conference.held_on, 8))
    with as_of(conference.held_on):
        core_group = meeting_arrange(
            acting_user=sally,
            case=case,
            kind=MeetingKind.CORE_GROUP,
            children=case_children(case),
            starts_at=_at(core_group_on, 14),
            ends_at=_at(core_group_on, 15),
            venue="Family room, Northbridge Children's Centre",
        )
    if core_group_on <= timezone.localdate():
        with as_of(core_group_on):
            meeting_conclude(acting_user=sally, meeting=core_group, expected_version=None, held_on=core_group_on)
    review_on = _on_a_weekday(add_months(conference.held_on, 3) - datetime.timedelta(days=7))
    with as_of(core_group_on):
        meeting_arrange(
            acting_user=sally,
            case=case,
            kind=MeetingKind.REVIEW_CONFERENCE,
            children=case_children(case),
            starts_at=_at(review_on, 10),
            ends_at=_at(review_on, 12),
            venue="Conference room 1, Northbridge Civic Centre",
            chair=hannah,
        )


def demo_due_work_create(users: dict[str, User]) -> None:
    """Steps due on other families: an enquiry whose conference is overdue, an assessment past 45 working days, a
    child in need plan never reviewed. Each on an open case of the child protection team, old enough for it."""
    today = timezone.localdate()
    open_cases = Case.objects.filter(closed_on__isnull=True, team__name="Child protection").exclude(
        family_name="Merinda and Eddy's family"
    )
    tom = users["tom"]
    protection = open_cases.filter(allocated_worker=tom, service=CaseService.CHILD_PROTECTION)
    in_need = open_cases.filter(service=CaseService.CHILD_IN_NEED)
    enquiry_case = protection.filter(opened_on__lte=today - datetime.timedelta(days=40)).order_by("pk").first()
    if enquiry_case is not None:
        discussed_on = today - datetime.timedelta(days=30)
        with as_of(discussed_on):
            strategy_discussion_record(
                acting_user=tom,
                case=enquiry_case,
                children=case_children(enquiry_case),
                held_on=discussed_on,
                took_part="Tom (children's social care), Northbridge Police, the school nurse",
                decision=StrategyDecision.SECTION_47,
                reasons="A child told the school nurse that she is hit at home.",
            )
    assessment_case = in_need.filter(opened_on__lte=today - datetime.timedelta(days=90)).order_by("pk").first()
    if assessment_case is not None and assessment_case.allocated_worker is not None:
        started_on = today - datetime.timedelta(days=80)
        with as_of(started_on):
            assessment_start(
                acting_user=assessment_case.allocated_worker,
                case=assessment_case,
                child=case_children(assessment_case)[0],
                started_on=started_on,
            )
    plan_case = (
        in_need.filter(opened_on__lte=today - datetime.timedelta(days=120))
        .exclude(pk=getattr(assessment_case, "pk", None))
        .order_by("pk")
        .first()
    )
    if plan_case is not None and plan_case.allocated_worker is not None:
        started_on = today - datetime.timedelta(days=100)
        with as_of(started_on):
            for child in case_children(plan_case):
                cin_plan_start(
                    acting_user=plan_case.allocated_worker, case=plan_case, child=child, started_on=started_on
                )


REPORTS = {
    "Northbridge Police": ReportAnswers(
        worries="Police have been called to the home three times this year for arguments between Merinda and Eddy. "
        "On Tuesday night Alkira cut her foot on glass that was thrown.",
        working_well="Both parents spoke to officers calmly the next day and said they want help.",
        needs_to_happen="Merinda and Eddy stop fighting in front of the children, and call someone before it gets "
        "out of hand.",
        score=3,
        score_reason="Three call-outs this year, and a child hurt at the last one.",
        share_restriction=ShareRestriction.POLICE,
        restriction_reason="The investigation of Tuesday night is still open.",
    ),
    "Northbridge Primary School": ReportAnswers(
        worries="Alkira has been tired and quiet on Monday mornings, and said she was scared at home.",
        working_well="Kerri brings the children every day, on time. Darel helps Jirra into class.",
        needs_to_happen="Alkira can tell her teacher when she is worried, and the school hears about any fight.",
        childs_wishes="Alkira wants everyone at home to stop shouting.",
        score=5,
        score_reason="The children come to school every day, but Alkira is often worried.",
    ),
    "Riverside Health Centre": ReportAnswers(
        worries="Jirra missed two health checks. Merinda says she is not sleeping.",
        working_well="Jirra is growing well and his vaccinations are up to date.",
        needs_to_happen="Merinda sees her GP about her sleep, and Jirra's checks happen.",
        score=5,
        score_reason="The children are healthy; the worry is what happens at home.",
    ),
}

CHILDS_VIEW = (
    "Darel said he takes Alkira and Jirra to Rose's house when there is shouting, and he wants it to stop. Alkira "
    "drew her house of worries with broken glass in it, and her house of dreams with everyone eating tea together. "
    "Jirra said he likes it when Pat comes on Sundays."
)

SCORES = [
    ("Merinda", 6, "We have stopped the fights in front of the kids since Tuesday and Rose is helping."),
    ("Eddy", 6, "I go for a walk now when it starts. We want the kids to feel safe."),
    ("Rose", 5, "It has been calmer, but it has not been long."),
    ("Kerri", 5, "The school run is working and the kids seem happier."),
    ("PC Amir Jones", 3, "Three call-outs this year, and the last one a child was hurt."),
    ("Mr David Lowe", 4, "Alkira still says she is scared on Mondays."),
    ("Jane Hill", 5, "The children are well cared for day to day."),
    ("Sally Morgan", 3, "The fights have been dangerous and it is too soon to know whether the changes will last."),
]


def worked_example_conference_record(conference: Meeting, users: dict[str, User]) -> None:
    """The conference in the Signs of Safety structure, on its day: the agencies' reports, the conference map (a
    re-map of the family's signed map), the children's views, scores given in private and revealed together with
    the parents' first, then a plan for each child, signed by the chair."""
    sally, hannah, dana = users["sally"], users["hannah"], users["dana"]
    held_on = timezone.localtime(conference.starts_at).date()
    invitees = {invitee.name: invitee for invitee in conference.invitees.select_related("professional__agency")}
    with as_of(held_on - datetime.timedelta(days=5)):
        for invitee in invitees.values():
            if invitee.professional is None:
                continue
            answers = REPORTS[invitee.professional.agency.name]
            if not answers.share_restriction:
                answers = ReportAnswers(**{**answers.__dict__, "shared_with_family_on": timezone.localdate()})
            agency_report_add(acting_user=sally, meeting=conference, author=invitee, answers=answers)
    with as_of(held_on):
        conference.refresh_from_db()
        map_ = conference_map_start(acting_user=sally, meeting=conference, expected_version=None)
        childs_view_record(acting_user=sally, meeting=conference, expected_version=None, childs_view=CHILDS_VIEW)
        scorers: dict[str, Invitee] = {name.split()[0]: invitee for name, invitee in invitees.items()}
        scorers |= invitees
        for name, score, reason in SCORES:
            invitee = scorers[name]
            if not invitee.took_part:
                continue
            sealed_score_give(
                acting_user=sally,
                meeting=conference,
                invitee=invitee,
                danger_statement=None,
                score=score,
                reason=reason,
            )
        scores_reveal(acting_user=hannah, meeting=conference, expected_version=None)
        meeting_conclude(acting_user=hannah, meeting=conference, expected_version=None, held_on=held_on)
        conference.refresh_from_db()
        core_group = "Merinda Cooper, Eddy Cooper, Rose, Kerri, Sally Morgan, Mr David Lowe, Jane Hill"
        for child in case_children(conference.case):
            decision_save(
                acting_user=hannah,
                meeting=conference,
                child=child,
                expected_version=0,
                significant_harm=True,
                needs_plan=True,
                category=AbuseCategory.EMOTIONAL,
                reasons=f"{child.first_name} has seen and heard dangerous fights at home, and was in the house when "
                "Alkira was hurt. The changes the family have made are new and need to last.",
                lead_worker=sally,
                core_group=core_group,
            )
            decision_sign(acting_user=hannah, meeting=conference, child=child, expected_version=None)
        map_.refresh_from_db()
        map_sign_off(
            acting_user=dana,
            map_=map_,
            expected_version=None,
            reasons="The conference's map, as agreed at the conference.",
        )


def worked_example_decision_letter(conference: Meeting, users: dict[str, User]) -> None:
    """The decision letter the day after the conference: drafted by Sally, Merinda's copy given by hand, checked
    and released by Dana, the second person."""
    sally, dana = users["sally"], users["dana"]
    assert conference.held_on is not None
    with as_of(add_working_days(conference.held_on, 1)):
        letter = document_draft(acting_user=sally, meeting=conference, kind=DocumentKind.DECISION_LETTER)
        merinda = conference.invitees.get(person__first_name="Merinda")
        copy = distribution_prepare(
            acting_user=sally, document=letter, recipient=merinda, channel=DistributionChannel.BY_HAND
        )
        distribution_release(acting_user=dana, distribution=copy, expected_version=None)
