"""Practice audit records for the route-wide bad-input test: an audit in progress with a safeguarding concern, an
inadequate audit completed and waiting for a moderator and the manager's reply, one in another team waiting for
the team manager's moderation, an action, a draft tool version, a calibration case and a sampled case."""

import datetime
import random

from django.utils import timezone

from casemap.access.models import CaseAssignment
from casemap.accounts.models import User
from casemap.conftest import World, make_case
from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import (
    Audit,
    AuditTool,
    InadequateResponse,
    Moderation,
    SampledCase,
    SampleDraw,
    SamplingProgramme,
)
from casemap.quality.services.audits import (
    AUDIT_PURPOSE,
    CriterionEntry,
    audit_action_add,
    audit_complete,
    audit_save,
    audit_start,
    moderation_assign,
)
from casemap.quality.services.calibration import exercise_create
from casemap.quality.services.tools import version_draft

# Who opens each route: the auditor (a practice lead), or the team manager who acknowledges, replies and moderates.
QUALITY_PRACTICE_LEAD_ROUTES = {
    "quality:audit-start",
    "quality:sampled-case-start",
    "quality:reaudit-start",
    "quality:audit-edit",
    "quality:audit-action-new",
    "quality:audit-complete",
    "quality:moderator-choose",
    "quality:tool-new",
    "quality:tool-new-version",
    "quality:tool-version-edit",
    "quality:tool-version-publish",
    "quality:calibration",
    "quality:calibration-new",
    "quality:calibration-exercise",
}
QUALITY_MANAGER_ROUTES = {"quality:audit-acknowledge", "quality:audit-reply", "quality:moderate"}


class _Never(random.Random):
    def random(self) -> float:
        return 0.99


def _audited(world: World, auditor: User, case, score: int) -> Audit:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    CaseAssignment.objects.create(case=case, user=auditor, purpose=AUDIT_PURPOSE, assigned_by=auditor, starts_on=today)
    audit = audit_start(acting_user=auditor, case=case, tool=AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT))
    entries = {c.pk: CriterionEntry(score=score) for c in audit.tool_version.criteria.all()}
    return audit_save(
        acting_user=auditor, audit=audit, expected_version=audit.version, entries=entries, overall_judgement=score
    )


def seed_quality_for_routes(world: World) -> tuple[dict[str, int | str], dict[tuple[str, str], int | str]]:
    lead, manager = world.practice_lead, world.manager
    today = timezone.localdate()
    in_progress = _audited(world, lead, world.case, 6)
    in_progress = audit_save(
        acting_user=lead, audit=in_progress, expected_version=in_progress.version, entries={},
        overall_judgement=6, safeguarding_concern=True, safeguarding_detail="Left alone overnight",
    )  # fmt: skip
    action = audit_action_add(
        acting_user=lead, audit=in_progress, description="Update the plan", owner=world.worker,
        due_on=today + datetime.timedelta(days=7),
    )  # fmt: skip
    inadequate = _audited(world, lead, world.case, 1)
    inadequate = audit_complete(acting_user=lead, audit=inadequate, expected_version=inadequate.version, rng=_Never())
    other_case = make_case(
        acting=world.other_worker, team=world.other_team, worker=world.other_worker,
        manager=User.objects.get(pk=world.other_team.manager_id), surname="Nguyen",
    )  # fmt: skip
    elsewhere = _audited(world, lead, other_case, 2)
    elsewhere = audit_complete(acting_user=lead, audit=elsewhere, expected_version=elsewhere.version, rng=_Never())
    moderation_assign(acting_user=lead, moderation=Moderation.objects.get(audit=elsewhere), moderator=manager)
    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    published = tool.versions.get(number=1)
    draft = version_draft(acting_user=lead, tool=tool)
    exercise = exercise_create(
        acting_user=lead, tool_version=published, title="Family A", case_summary="Child A lives with Parent A.",
        reference_scores={c.pk: 5 for c in published.criteria.all()},
    )  # fmt: skip
    programme = SamplingProgramme.objects.create(name="Monthly sample", tool=tool, created_by=lead, modified_by=lead)
    draw = SampleDraw.objects.create(
        programme=programme, seed=1, cut_off=timezone.now(), period_start=today.replace(day=1), drawn_by=lead
    )
    sampled = SampledCase.objects.create(draw=draw, case=world.case, position=1, auditor=lead, due_on=today)
    objects: dict[str, int | str] = {
        "audit_id": in_progress.pk,
        "tool_id": tool.pk,
        "version_id": published.pk,
        "exercise_id": exercise.pk,
    }
    per_route: dict[tuple[str, str], int | str] = {
        ("quality:sampled-case-start", "sampled_case_id"): sampled.pk,
        ("quality:action-done", "action_id"): action.pk,
        ("quality:reaudit-start", "response_id"): InadequateResponse.objects.get(audit=inadequate).pk,
        ("quality:audit-reply", "audit_id"): inadequate.pk,
        ("quality:moderator-choose", "audit_id"): inadequate.pk,
        ("quality:moderate", "audit_id"): elsewhere.pk,
        ("quality:tool-version-edit", "version_id"): draft.pk,
        ("quality:tool-version-publish", "version_id"): draft.pk,
    }
    return objects, per_route
