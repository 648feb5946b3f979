"""Agreement between auditors and moderators, and with calibration exercises, on small hand-made sets."""

import pytest
from django.urls import reverse

from casemap.conftest import World
from casemap.quality.agreement import agrees_within_one, calibration_results, moderation_agreement
from casemap.quality.models import (
    AuditTool,
    CalibrationAttempt,
    CalibrationExercise,
    Moderation,
    ModerationReason,
    Scale,
)
from casemap.quality.tests.results_data import (
    SIGNS_OF_SAFETY_CASE_AUDIT,
    completed_audit,
    criteria_of,
    moderate,
    version_of,
)

pytestmark = pytest.mark.django_db

VOICE, MAP, PAIRS = (
    "The child's voice",
    "The map: worries, what is working well, what needs to happen",
    ("Danger statements and safety goals"),
)


def moderated_set(world: World) -> None:
    """Three moderated audits by the practice lead, two by the team manager, one moderation not finished."""
    for mine, theirs, overall in (
        ([5, 7, 2], [5, 8, 5], (5, 6)),
        ([6, 6, 6], [6, 4, 6], (6, 6)),
        ([9, 3, 0], [8, 3, 0], (9, 9)),
    ):
        audit = completed_audit(
            case=world.case, team=world.team, auditor=world.practice_lead, scores=mine, overall=overall[0]
        )
        moderate(audit, moderator=world.service_manager, scores=theirs, overall=overall[1])
    for _ in range(2):
        audit = completed_audit(case=world.case, team=world.team, auditor=world.manager, scores=[4, 4, 4])
        moderate(audit, moderator=world.service_manager, scores=[4, 4, 4])
    waiting = completed_audit(case=world.case, team=world.team, auditor=world.practice_lead, scores=[0, 0, 0])
    Moderation.objects.create(audit=waiting, reason=ModerationReason.INADEQUATE, moderator=world.service_manager)


def test_agreement_by_criterion_and_by_auditor(world: World) -> None:
    moderated_set(world)
    found = moderation_agreement(tool=AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT))
    rows = {row.label: row for row in found.by_criterion}
    assert list(rows) == [VOICE, MAP, PAIRS, "Overall judgement"]
    voice, map_, pairs, overall = rows.values()
    assert (voice.moderated_audits, voice.compared, voice.exact, voice.within_one) == (5, 5, 4, 5)
    assert (map_.exact, map_.within_one) == (3, 4)
    assert (pairs.exact, pairs.within_one) == (4, 4)
    assert (voice.exact_share, voice.within_one_share) == ("80%", "100%")
    assert (overall.compared, overall.exact_share, overall.within_one_share) == (3, "67%", "100%")
    by_auditor = {row.label: row for row in found.by_auditor}
    lead = by_auditor[str(world.practice_lead)]
    assert (lead.moderated_audits, lead.compared, lead.exact, lead.within_one) == (3, 9, 5, 7)
    assert (lead.exact_share, lead.within_one_share) == ("56%", "78%")
    manager = by_auditor[str(world.manager)]
    assert (manager.moderated_audits, manager.enough, manager.exact_share) == (2, False, "")


def test_on_ofsteds_grades_within_one_is_the_same_grade() -> None:
    assert not agrees_within_one(Scale.OFSTED, 2, 3)
    assert agrees_within_one(Scale.OFSTED, 3, 3)
    assert agrees_within_one(Scale.SIGNS_OF_SAFETY, 2, 3) and not agrees_within_one(Scale.SIGNS_OF_SAFETY, 2, 4)


def test_the_page_says_when_there_are_not_enough_moderated_audits(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    moderated_set(world)
    page = client_for(world.practice_lead).get(reverse("quality:results-agreement")).content.decode()
    auditors = page.split("By auditor", 1)[1]
    assert str(world.manager) in auditors and "Not enough moderated audits" in auditors
    assert ">56%<" in auditors and ">78%<" in auditors


def test_an_auditor_sees_only_their_own_agreement(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    moderated_set(world)
    page = client_for(world.manager).get(reverse("quality:results-agreement"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "How far your grades agree" in text
    assert str(world.practice_lead) not in text.split("By auditor", 1)[1]


@pytest.mark.parametrize("persona", ["data_officer", "administrator"])
def test_agreement_and_calibration_are_not_for_those_outside_audit(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    client = client_for(getattr(world, persona))
    assert client.get(reverse("quality:results-agreement")).status_code == 404
    assert client.get(reverse("quality:results-calibration")).status_code == 404


def exercise_with_attempts(world: World) -> CalibrationExercise:
    version = version_of()
    first, second, third = (str(criterion.pk) for criterion in criteria_of(version)[:3])
    exercise = CalibrationExercise.objects.create(
        tool_version=version,
        title="The Lee family",
        case_summary="Two children, a map and a plan.",
        reference_scores={first: 5, second: 7, third: 2},
        created_by=world.practice_lead,
    )
    CalibrationAttempt.objects.create(
        exercise=exercise, auditor=world.practice_lead, scores={first: 5, second: 8, third: 6}
    )
    CalibrationAttempt.objects.create(exercise=exercise, auditor=world.manager, scores={first: 5, second: 7, third: 2})
    return exercise


def test_each_attempt_against_the_reference(world: World) -> None:
    exercise_with_attempts(world)
    (result,) = calibration_results()
    lead, manager = result.attempts
    assert (lead.compared, lead.exact, lead.within_one) == (3, 1, 2)
    assert (lead.exact_share, lead.within_one_share) == ("33%", "67%")
    assert [cell.verdict for cell in lead.cells[:4]] == ["Same", "Within one", "Different", "Not graded"]
    assert (manager.exact_share, manager.within_one_share) == ("100%", "100%")


def test_a_practice_lead_sees_every_attempt_and_an_auditor_their_own(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    exercise_with_attempts(world)
    url = reverse("quality:results-calibration")
    everyone = client_for(world.practice_lead).get(url).content.decode()
    assert str(world.manager) in everyone and str(world.practice_lead) in everyone
    own = client_for(world.manager).get(url).content.decode()
    assert "The Lee family" in own and str(world.practice_lead) not in own.split("The Lee family", 1)[1]
    nothing = client_for(world.worker).get(url)
    assert nothing.status_code == 200 and "You have not graded a calibration exercise yet" in nothing.content.decode()
