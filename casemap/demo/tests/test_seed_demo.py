"""The demo authority is made through the real services and includes the worked-example family."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casemap.access.policy import can_view_case, managed_cases, visible_people
from casemap.accounts.models import User
from casemap.cases.models import Case, ChildProtectionPlan, ChronologyEntry, Section47Enquiry
from casemap.feedback.models import ChangeMade, Response
from casemap.mapping.models import ScalingJudgement
from casemap.meetings.models import MeetingKind, MeetingStatus
from casemap.meetings.selectors import due_lists
from casemap.people.models import Person

pytestmark = pytest.mark.django_db


@override_settings(DEMO_MODE=True)
def test_seed_demo_builds_the_authority_and_prints_the_sign_ins() -> None:
    out = StringIO()
    call_command("seed_demo", "--children", "30", stdout=out)
    printed = out.getvalue()
    assert "sally" in printed
    assert "demo-casemap-2026" in printed
    sally = User.objects.get(username="sally")
    seed_case = Case.objects.get(family_name="Merinda and Eddy's family")
    assert seed_case.allocated_worker == sally
    assert seed_case.service == "child_protection"
    names = set(seed_case.members.values_list("first_name", flat=True))
    assert {"Merinda", "Eddy", "Darel", "Alkira", "Jirra"} <= names
    alkira = Person.objects.get(first_name="Alkira", last_name="Cooper")
    assert visible_people(sally).filter(pk=alkira.pk).exists()
    assert ChronologyEntry.objects.filter(person=alkira).count() >= 8
    assert Person.objects.filter(is_child=True).count() >= 30
    # The worked example's map: three danger statements with goals, scaled by family, worker, manager, network;
    # re-mapped at the initial conference, which superseded it.
    seed_map = seed_case.maps.get(number=1)
    assert seed_map.status == "superseded"
    assert len(seed_map.snapshot["pairs"]) == 3
    assert {j["rater_role"] for j in seed_map.snapshot["overall_judgements"]} == {
        "parent",
        "worker",
        "manager",
        "network",
    }
    # The statutory process: strategy discussion, an enquiry for each child, the initial conference (quorate, in
    # time, its map a re-map scored afresh with the parents first), a plan for each child from the conference's
    # date, the first core group held and the first review arranged.
    conference = seed_case.meetings.get(kind=MeetingKind.INITIAL_CONFERENCE)
    assert conference.status == MeetingStatus.HELD and conference.held_on <= conference.due_on
    assert conference.map.previous == seed_map and conference.map.status == "signed_off"
    revealed = list(ScalingJudgement.objects.filter(map=conference.map).order_by("pk"))
    assert [j.rater_role for j in revealed[:2]] == ["parent", "parent"] and len(revealed) >= 6
    plans = ChildProtectionPlan.objects.filter(case=seed_case)
    assert {plan.child.first_name for plan in plans} == {"Darel", "Alkira", "Jirra"}
    assert {plan.started_on for plan in plans} == {conference.held_on}
    assert Section47Enquiry.objects.filter(case=seed_case, outcome="conference").count() == 3
    assert seed_case.meetings.filter(kind=MeetingKind.CORE_GROUP, status=MeetingStatus.HELD).exists()
    assert seed_case.meetings.filter(kind=MeetingKind.REVIEW_CONFERENCE, status=MeetingStatus.ARRANGED).exists()
    letter = conference.conference_documents.get()
    assert letter.distributions.get().released_by == User.objects.get(username="dana")
    hannah = User.objects.get(username="hannah")
    assert can_view_case(hannah, seed_case)
    # Other families give the lists of what is due something to show.
    assert due_lists(managed_cases(User.objects.get(username="dana"))).overdue
    # Each child's Three Houses and the family's safety network.
    assert seed_case.voice_records.filter(tool__key="three-houses").count() == 3
    network = seed_case.network_members.filter(is_active=True).select_related("person")
    assert {member.display_name.split()[0] for member in network} >= {"Rose", "Kerri", "Pat"}
    # The family's feedback: Alkira's named answers on the case, her parents' anonymous ones kept with nobody.
    alkira_said = Response.objects.get(case=seed_case)
    assert alkira_said.person == alkira and alkira_said.version.survey.audience == "child"
    assert Response.objects.filter(version__survey__audience="parent", person=None, case=None).count() >= 2
    assert ChangeMade.objects.filter(published=True).exists()
    # Every team has cases, every persona can sign in.
    assert Case.objects.values("team").distinct().count() == 4
    assert all(user.check_password("demo-casemap-2026") for user in User.objects.all())
    # Running it again adds nothing.
    call_command("seed_demo", "--children", "30", stdout=StringIO())
    assert Case.objects.filter(family_name="Merinda and Eddy's family").count() == 1


@override_settings(DEMO_MODE=False, DEBUG=False)
def test_seed_demo_refuses_outside_demo_mode() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="demo mode"):
        call_command("seed_demo", stdout=StringIO())


def test_the_families_are_seeded_without_reaching_into_the_practice_apps() -> None:
    """Cases comes before mapping, safety, voice and words; only the demo app above them all calls their demos."""
    import ast
    from pathlib import Path

    import casemap.cases.demo

    tree = ast.parse(Path(casemap.cases.demo.__file__).read_text())
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    practice_apps = ("casemap.mapping", "casemap.safety", "casemap.voice", "casemap.words", "casemap.demo")
    assert not [module for module in imported if module.startswith(practice_apps)]
