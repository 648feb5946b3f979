"""The statutory records and meetings pages, used as a person does: each form posted exactly as the page renders
it, and who may open each page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessLogEntry
from casemap.cases.models import Assessment, ChildInNeedPlan, Section47Enquiry, StrategyDiscussion
from casemap.cases.services.statutory import (
    assessment_start,
    cin_plan_start,
    previous_plans,
    protection_plan_open,
    strategy_discussion_record,
)
from casemap.conftest import TeamFactory, UserFactory, make_case
from casemap.core.tests.rendered_forms import form_on_page, post_changed, post_rendered, refused_as_stale, rendered_form
from casemap.core.working_days import add_months, add_working_days
from casemap.meetings.models import Attendance, Meeting, MeetingKind, MeetingStatus
from casemap.meetings.services.arranging import meeting_arrange, meeting_conclude, meeting_reschedule
from casemap.meetings.services.conference import decision_save
from casemap.meetings.tests.conftest import arrange_initial_conference, at, next_weekday, quorate

TODAY = timezone.localdate()


def date_fields(name: str, day: datetime.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_a_worker_records_a_strategy_discussion_from_the_case_page(world, client_for):
    client = client_for(world.worker)
    case_url = reverse("cases:detail", args=[world.case.pk])
    page = client.get(case_url).content.decode()
    url = reverse("cases:strategy-new", args=[world.case.pk])
    assert url in page
    form = rendered_form(client, url, "record-form")
    you = next(value for value in form.options["took_part_known"] if value == "you")
    response = post_changed(
        client,
        url,
        "record-form",
        children=[str(world.child.pk), str(world.sibling.pk)],
        took_part_known=[you],
        took_part_other="PC Jones, County Police",
        decision="section_47",
        reasons="Alkira told her teacher about Tuesday night",
        **date_fields("held_on", TODAY - datetime.timedelta(days=2)),
    )
    assert response.status_code == 302
    discussion = StrategyDiscussion.objects.get(case=world.case)
    assert discussion.took_part == "Sally Worker, PC Jones, County Police"
    assert Section47Enquiry.objects.filter(strategy_discussion=discussion).count() == 2
    assert "Record the outcome" in client.get(case_url).content.decode()


def test_a_strategy_discussion_in_the_future_is_refused_on_the_form(world, client_for):
    client = client_for(world.worker)
    url = reverse("cases:strategy-new", args=[world.case.pk])
    response = post_changed(
        client,
        url,
        "record-form",
        children=[str(world.child.pk)],
        took_part_other="PC Jones",
        decision="section_47",
        reasons="Worried",
        **date_fields("held_on", TODAY + datetime.timedelta(days=2)),
    )
    assert response.status_code == 200
    assert "The date of the discussion must be today or in the past" in response.content.decode()
    assert not StrategyDiscussion.objects.exists()


def test_an_assessment_is_started_and_authorised_by_the_manager(world, client_for):
    client = client_for(world.worker)
    response = post_changed(
        client,
        reverse("cases:assessment-new", args=[world.case.pk]),
        "record-form",
        child=str(world.child.pk),
        **date_fields("started_on", TODAY - datetime.timedelta(days=5)),
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get(child=world.child)
    authorise = reverse("cases:assessment-authorise", args=[world.case.pk, assessment.pk])
    assert client.get(authorise).status_code == 404  # the worker does not authorise
    manager = client_for(world.manager)
    assert authorise in manager.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    response = post_changed(
        manager,
        authorise,
        "record-form",
        factors=["3A", "4B"],
        outcome="cin_plan",
        **date_fields("authorised_on", TODAY),
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.factors == ["3A", "4B"]


def test_an_enquirys_outcome_without_a_conference_names_the_manager_who_agreed(world, client_for, enquiries):
    client = client_for(world.worker)
    enquiry = enquiries.enquiries[0]
    url = reverse("cases:enquiry-complete", args=[world.case.pk, enquiry.pk])
    response = post_changed(client, url, "record-form", outcome="cin", **date_fields("completed_on", TODAY))
    assert "Say why a conference is not required" in response.content.decode()
    shown = form_on_page(response, "record-form")
    assert str(world.manager.pk) in shown.options["agreed_by"]
    response = post_changed(
        client,
        url,
        "record-form",
        outcome="cin",
        not_required_reason="Mum and the children moved to her sister's; dad has no contact",
        agreed_by=str(world.manager.pk),
        **date_fields("completed_on", TODAY),
    )
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.conference_not_required and enquiry.not_required_agreed_by == world.manager


def test_a_child_in_need_plan_is_started_and_ended(world, client_for):
    client = client_for(world.worker)
    post_changed(
        client,
        reverse("cases:cin-plan-new", args=[world.case.pk]),
        "record-form",
        child=str(world.sibling.pk),
        **date_fields("started_on", TODAY - datetime.timedelta(days=3)),
    )
    plan = ChildInNeedPlan.objects.get(child=world.sibling)
    response = post_changed(
        client,
        reverse("cases:cin-plan-end", args=[world.case.pk, plan.pk]),
        "record-form",
        **date_fields("ended_on", TODAY - datetime.timedelta(days=4)),
    )
    assert "A plan cannot end before it started" in response.content.decode()
    plan.refresh_from_db()
    assert plan.ended_on is None


def test_arranging_a_conference_from_the_case_then_inviting_and_recording_attendance(world, client_for, enquiries):
    client = client_for(world.worker)
    day = next_weekday(TODAY + datetime.timedelta(days=2))
    response = post_changed(
        client,
        reverse("meetings:new", args=[world.case.pk]),
        "record-form",
        kind="icpc",
        children=[str(world.child.pk), str(world.sibling.pk)],
        starts="10:00",
        ends="12pm",
        venue="Room 2, Civic Centre",
        chair=str(world.chair.pk),
        **date_fields("day", day),
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(case=world.case)
    assert meeting.due_on == add_working_days(enquiries.discussion_on, 15)
    assert timezone.localtime(meeting.starts_at).hour == 10
    page_url = reverse("meetings:detail", args=[meeting.pk])
    page = client.get(page_url).content.decode()
    assert "Not quorate" in page

    form = rendered_form(client, page_url, "invite-form")
    assert f"person-{world.mother.pk}" in form.options["who"]
    invite_url = reverse("meetings:invitee-new", args=[meeting.pk])
    response = post_rendered(client, invite_url, form, who=f"person-{world.mother.pk}", role="parent")
    assert response.status_code == 302
    mother = meeting.invitees.get(person=world.mother)
    assert mother.role == "parent" and mother.name == world.mother.full_name

    attendance_url = reverse("meetings:attendance", args=[meeting.pk, mother.pk])
    response = post_changed(
        client,
        attendance_url,
        "record-form",
        attendance="present",
        arrived="10:05",
        left="9am",
        interpreter="Pitjantjatjara",
        excluded_from=["agency_reports"],
    )
    body = response.content.decode()
    assert "The time they left must be after the time they arrived" in body
    assert "Say why they were asked to leave" in body
    response = post_changed(
        client,
        attendance_url,
        "record-form",
        attendance="present",
        arrived="10:05",
        interpreter="Pitjantjatjara",
        excluded_from=["agency_reports"],
        exclusion_reason="The police report was not yet cleared for sharing",
    )
    assert response.status_code == 302
    mother.refresh_from_db()
    assert mother.attendance == Attendance.PRESENT and mother.excluded_from == ["agency_reports"]


def test_an_inquorate_conference_is_adjourned_through_the_end_page(world, client_for, enquiries):
    meeting = arrange_initial_conference(world)
    chair = client_for(world.chair)
    url = reverse("meetings:end", args=[meeting.pk])
    held_on = timezone.localtime(meeting.starts_at).date()
    response = post_changed(chair, url, "record-form", outcome="held", **date_fields("held_on", held_on))
    assert "not quorate" in response.content.decode()
    again_on = add_working_days(held_on, 3)
    response = post_changed(
        chair,
        url,
        "record-form",
        outcome="adjourned",
        reconvene_time="2pm",
        interim_plan="Eddy stays at his brother's until the conference meets again",
        **date_fields("held_on", held_on),
        **date_fields("reconvene_day", again_on),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ADJOURNED
    again = Meeting.objects.get(previous=meeting)
    assert again.due_on == meeting.due_on and timezone.localtime(again.starts_at).hour == 14


def test_a_quorate_conference_is_recorded_as_held(world, client_for, enquiries):
    meeting = quorate(world, arrange_initial_conference(world))
    chair = client_for(world.chair)
    held_on = timezone.localtime(meeting.starts_at).date()
    response = post_changed(
        chair,
        reverse("meetings:end", args=[meeting.pk]),
        "record-form",
        outcome="held",
        **date_fields("held_on", held_on),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    page = chair.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Decision letter by" in page


def test_a_new_date_does_not_move_the_due_date_and_a_stale_change_is_refused(world, client_for, enquiries):
    meeting = arrange_initial_conference(world)
    client = client_for(world.worker)
    url = reverse("meetings:change", args=[meeting.pk])

    def someone_else_moves_it() -> None:
        meeting_reschedule(
            acting_user=world.teammate,
            meeting=Meeting.objects.get(pk=meeting.pk),
            expected_version=None,
            starts_at=meeting.starts_at + datetime.timedelta(hours=1),
            ends_at=None,
            venue="Room 3",
        )

    again = refused_as_stale(client, url, "record-form", someone_else_moves_it, venue="Online")
    assert post_rendered(client, url, again).status_code == 302
    meeting.refresh_from_db()
    assert meeting.venue == "Online" and meeting.due_on == add_working_days(enquiries.discussion_on, 15)


def test_what_is_due_for_the_worker_the_team_and_the_chair(world, client_for, enquiries):
    assessment_start(
        acting_user=world.worker, case=world.case, child=world.child, started_on=TODAY - datetime.timedelta(days=29)
    )
    cin_plan_start(
        acting_user=world.worker, case=world.case, child=world.sibling, started_on=TODAY - datetime.timedelta(days=3)
    )
    worker = client_for(world.worker)
    page = worker.get(reverse("meetings:due")).content.decode()
    assert "Assessment to be authorised" in page
    # A step with no meeting arranged links to the case's statutory records.
    assert f'href="{reverse("cases:detail", args=[world.case.pk])}#statutory"' in page
    assert "Initial child protection conference" in page
    assert "Child in need review" in page
    assert (
        "Statutory steps on your cases: 0 overdue, 2 due in the next 5 working days"
        in worker.get(reverse("cases:my-caseload")).content.decode()
    )
    manager = client_for(world.manager)
    assert "Assessment to be authorised" in manager.get(reverse("meetings:due") + "?for=team").content.decode()
    assert AccessLogEntry.objects.filter(record_type="due_list", user=world.manager).exists()
    meeting = arrange_initial_conference(world)
    # Once arranged, the step links to its meeting.
    team_page = manager.get(reverse("meetings:due") + "?for=team").content.decode()
    assert f'href="{reverse("meetings:detail", args=[meeting.pk])}"' in team_page
    chair = client_for(world.chair)
    page = chair.get(reverse("meetings:due") + "?for=chair").content.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in page
    assert "Initial child protection conference" in page and "Assessment to be authorised" not in page
    assert chair.get(reverse("meetings:due") + "?for=mine").status_code == 404


def test_a_chair_sees_only_the_conferences_they_are_assigned_to(world, client_for, enquiries):
    other_team = TeamFactory(name="Child protection north")
    other_manager = UserFactory(username="owen", role="team_manager", team=other_team)
    other_team.manager = other_manager
    other_team.save()
    other_case = make_case(acting=other_manager, team=other_team, worker=None, manager=other_manager, surname="Smith")
    mine = arrange_initial_conference(world)
    second_chair = UserFactory(username="chris", role="conference_chair")
    children = list(other_case.members.filter(is_child=True))
    strategy_discussion_record(
        acting_user=other_manager,
        case=other_case,
        children=children,
        held_on=TODAY - datetime.timedelta(days=3),
        took_part="Owen",
        decision="section_47",
        reasons="Worried",
    )
    theirs = meeting_arrange(
        acting_user=other_manager,
        case=other_case,
        kind=MeetingKind.INITIAL_CONFERENCE,
        children=children,
        starts_at=at(next_weekday(TODAY + datetime.timedelta(days=5))),
        ends_at=None,
        venue="Room 9",
        chair=second_chair,
    )
    chair = client_for(world.chair)
    assert chair.get(reverse("meetings:detail", args=[mine.pk])).status_code == 200
    assert chair.get(reverse("meetings:detail", args=[theirs.pk])).status_code == 404
    listed = chair.get(reverse("meetings:due") + "?for=chair").content.decode()
    assert "Room 9" not in listed and other_case.family_name not in listed


@pytest.mark.parametrize("persona", ["other_worker", "practice_lead", "data_officer", "administrator"])
def test_anyone_who_may_not_see_the_case_gets_not_found_on_every_page(world, client_for, enquiries, persona):
    meeting = arrange_initial_conference(world)
    invitee = meeting.invitees.first()
    assessment = assessment_start(
        acting_user=world.worker, case=world.case, child=world.child, started_on=TODAY - datetime.timedelta(days=2)
    )
    client = client_for(getattr(world, persona))
    urls = [
        reverse("meetings:new", args=[world.case.pk]),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:change", args=[meeting.pk]),
        reverse("meetings:cancel", args=[meeting.pk]),
        reverse("meetings:invitee-new", args=[meeting.pk]),
        reverse("meetings:attendance", args=[meeting.pk, invitee.pk]),
        reverse("meetings:end", args=[meeting.pk]),
        reverse("cases:strategy-new", args=[world.case.pk]),
        reverse("cases:assessment-new", args=[world.case.pk]),
        reverse("cases:assessment-authorise", args=[world.case.pk, assessment.pk]),
        reverse("cases:enquiry-complete", args=[world.case.pk, enquiries.enquiries[0].pk]),
        reverse("cases:cin-plan-new", args=[world.case.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url


def test_the_meeting_page_shows_each_childs_decision_on_its_own(world, client_for, enquiries):
    meeting = quorate(world, arrange_initial_conference(world))
    meeting_conclude(
        acting_user=world.chair,
        meeting=meeting,
        expected_version=None,
        held_on=timezone.localtime(meeting.starts_at).date(),
    )
    decision_save(
        acting_user=world.chair,
        meeting=meeting,
        child=world.child,
        expected_version=0,
        significant_harm=False,
        needs_plan=False,
        category="",
        reasons="The family have made the home safe",
    )
    page = client_for(world.worker).get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    cards = page.split('class="govuk-summary-card__title"')[1:]
    alkira = next(card for card in cards if card.startswith(">Alkira"))
    darel = next(card for card in cards if card.startswith(">Darel"))
    assert "Saved, not signed" in alkira and "No child protection plan" in alkira
    assert "Not started" in darel and "Saved, not signed" not in darel


def test_the_decision_page_gives_the_dates_a_plan_sets(world, client_for, enquiries):
    meeting = quorate(world, arrange_initial_conference(world))
    held_on = timezone.localtime(meeting.starts_at).date()
    meeting_conclude(acting_user=world.chair, meeting=meeting, expected_version=None, held_on=held_on)
    page = client_for(world.chair).get(reverse("meetings:conference-decision", args=[meeting.pk, world.child.pk]))
    core_group_by = add_working_days(held_on, 10)
    review_by = add_months(held_on, 3)
    assert (
        f"the first core group is due by {core_group_by:%-d %B %Y} and the next review conference by "
        f"{review_by:%-d %B %Y}" in page.content.decode()
    )


def test_earlier_plans_with_other_authorities_are_recorded_on_the_plan(world, client_for):
    plan = protection_plan_open(
        acting_user=world.worker, case=world.case, child=world.child, started_on=TODAY, category="NEG"
    )
    client = client_for(world.worker)
    url = reverse("cases:plans-elsewhere", args=[world.case.pk, plan.pk])
    assert url in client.get(reverse("cases:detail", args=[world.case.pk])).content.decode()
    response = post_changed(client, url, "record-form", count="-1")
    assert "Enter a number from 0 to 50" in response.content.decode()
    assert post_changed(client, url, "record-form", count="2").status_code == 302
    plan.refresh_from_db()
    assert plan.previous_plans_elsewhere == 2 and previous_plans(world.child, before=plan) == 2
    assert client_for(world.other_worker).get(url).status_code == 404


def test_a_long_list_shows_the_soonest_and_links_to_the_whole_list_a_page_at_a_time(
    world, client_for, enquiries, monkeypatch
):
    monkeypatch.setattr("casemap.meetings.views.due.SUMMARY_ROWS", 1)
    monkeypatch.setattr("casemap.meetings.views.due.PAGE_ROWS", 1)
    cin_plan_start(
        acting_user=world.worker, case=world.case, child=world.sibling, started_on=TODAY - datetime.timedelta(days=1)
    )
    assessment_start(
        acting_user=world.worker, case=world.case, child=world.child, started_on=TODAY - datetime.timedelta(days=1)
    )
    client = client_for(world.worker)
    page = client.get(reverse("meetings:due")).content.decode()
    assert "Due later (2)" in page
    soonest, then = "Child in need review", "Assessment to be authorised"  # due in 3 months, and in 45 working days
    assert soonest in page and then not in page
    assert 'href="?for=mine&amp;list=later">See all 2 due later</a>' in page

    first = client.get(reverse("meetings:due"), {"for": "mine", "list": "later"}).content.decode()
    assert '<h1 class="govuk-heading-l">Due later</h1>' in first and soonest in first and then not in first
    assert "Page 1 of 2" in first and 'href="?for=mine&amp;list=later&amp;page=2"' in first
    second = client.get(reverse("meetings:due"), {"for": "mine", "list": "later", "page": "2"}).content.decode()
    assert then in second and soonest not in second
    assert client.get(reverse("meetings:due"), {"for": "mine", "list": "nothing"}).status_code == 404
