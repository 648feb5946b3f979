"""Who may see each kind of supervision: the personas of every access test, plus the manager of another team.
Case supervision follows the child; personal supervision follows the staff member and never reaches a child."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone

from casemap.access.models import CaseAssignment
from casemap.access.policy import get_supervision_for_user, visible_supervisions
from casemap.accounts.models import User
from casemap.conftest import REFUSED, SEES
from casemap.supervision.services.records import case_supervision_record, supervision_sign
from casemap.supervision.services.staff import supervision_audit_assign, supervision_profile_set
from casemap.supervision.tests.conftest import SupervisionWorld, case_content

TODAY = timezone.localdate()
PERSONAL_SEES = ["worker", "manager", "service_manager"]  # supervisee, supervisor, supervisor's line manager
PERSONAL_REFUSED = ["teammate", "other_worker", "practice_lead", "chair", "data_officer", "administrator"]


def persona(supervised: SupervisionWorld, name: str) -> User:
    if name == "other_manager":
        return supervised.other_manager
    user: User = getattr(supervised.world, name)
    return user


@pytest.mark.parametrize("name", SEES)
def test_case_supervision_is_seen_by_whoever_sees_the_child(supervised: SupervisionWorld, name: str) -> None:
    record = supervised.case_supervision
    assert get_supervision_for_user(persona(supervised, name), record.pk) == record


@pytest.mark.parametrize("name", [*REFUSED, "other_manager"])
def test_case_supervision_is_not_found_for_others(supervised: SupervisionWorld, name: str) -> None:
    with pytest.raises(Http404):
        get_supervision_for_user(persona(supervised, name), supervised.case_supervision.pk)


def test_case_supervision_is_seen_by_a_practice_lead_only_while_assigned(supervised: SupervisionWorld) -> None:
    world = supervised.world
    with pytest.raises(Http404):
        get_supervision_for_user(world.practice_lead, supervised.case_supervision.pk)
    CaseAssignment.objects.create(
        case=world.case, user=world.practice_lead, purpose="Audit", assigned_by=world.service_manager,
        starts_on=TODAY - datetime.timedelta(days=1),
    )  # fmt: skip
    assert get_supervision_for_user(world.practice_lead, supervised.case_supervision.pk)


def test_a_draft_case_supervision_is_seen_only_by_its_two_people(supervised: SupervisionWorld) -> None:
    world = supervised.world
    draft = case_supervision_record(
        acting_user=world.manager, case=world.case, children=[world.child], content=case_content(world)
    )
    assert get_supervision_for_user(world.manager, draft.pk) == draft
    assert get_supervision_for_user(world.worker, draft.pk) == draft
    for name in ["teammate", "service_manager"]:
        with pytest.raises(Http404):
            get_supervision_for_user(getattr(world, name), draft.pk)
    supervision_sign(acting_user=world.manager, supervision=draft, expected_version=1)
    assert get_supervision_for_user(world.teammate, draft.pk) == draft


@pytest.mark.parametrize("name", PERSONAL_SEES)
def test_personal_supervision_is_seen_by_supervisee_supervisor_and_line_manager(
    supervised: SupervisionWorld, name: str
) -> None:
    record = supervised.personal_supervision
    assert get_supervision_for_user(persona(supervised, name), record.pk) == record


@pytest.mark.parametrize("name", [*PERSONAL_REFUSED, "other_manager"])
def test_personal_supervision_is_not_found_for_anyone_else(supervised: SupervisionWorld, name: str) -> None:
    with pytest.raises(Http404):
        get_supervision_for_user(persona(supervised, name), supervised.personal_supervision.pk)


def test_the_line_manager_is_the_one_recorded_not_a_role(supervised: SupervisionWorld) -> None:
    """Moving the supervisor's line to Ruth opens the record to her and closes it to Grace."""
    world = supervised.world
    supervision_profile_set(
        acting_user=world.service_manager, staff=world.manager, supervisor=world.service_manager,
        line_manager=supervised.other_manager,
    )  # fmt: skip
    record = supervised.personal_supervision
    assert get_supervision_for_user(supervised.other_manager, record.pk) == record
    with pytest.raises(Http404):
        get_supervision_for_user(world.service_manager, record.pk)


def test_personal_supervision_is_seen_by_a_practice_lead_only_under_an_audit_assignment(
    supervised: SupervisionWorld,
) -> None:
    world = supervised.world
    record = supervised.personal_supervision
    assignment = supervision_audit_assign(
        acting_user=world.service_manager, auditor=world.practice_lead, supervisee=world.worker,
        purpose="Random sample of supervision files", starts_on=TODAY,
    )  # fmt: skip
    assert get_supervision_for_user(world.practice_lead, record.pk) == record
    assignment.ends_on = TODAY - datetime.timedelta(days=1)
    assignment.save()
    with pytest.raises(Http404):
        get_supervision_for_user(world.practice_lead, record.pk)


def test_an_audit_assignment_for_another_worker_opens_nothing(supervised: SupervisionWorld) -> None:
    world = supervised.world
    supervision_audit_assign(
        acting_user=world.service_manager, auditor=world.practice_lead, supervisee=world.teammate,
        purpose="Sample", starts_on=TODAY,
    )  # fmt: skip
    assert not visible_supervisions(world.practice_lead).filter(pk=supervised.personal_supervision.pk).exists()


def test_a_case_assignment_never_opens_personal_supervision(supervised: SupervisionWorld) -> None:
    world = supervised.world
    CaseAssignment.objects.create(
        case=world.case, user=world.practice_lead, purpose="Audit", assigned_by=world.service_manager,
        starts_on=TODAY,
    )  # fmt: skip
    assert not visible_supervisions(world.practice_lead).filter(pk=supervised.personal_supervision.pk).exists()
