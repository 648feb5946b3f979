"""Sampling for the demo, through the real services: Liam's monthly peer audit of child protection and early help,
drawn this month with a recorded seed, its cases allocated to Liam and to Ruth (who never audits her own early
help team); and an inspection sample naming the worked example's children, not yet made."""

import datetime

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import CaseService
from casemap.people.models import Person
from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import AuditTool, ProgrammeKind
from casemap.quality.sampling_services import (
    ProgrammeDetails,
    auditors_for,
    inspection_child_add,
    programme_create,
    sample_draw,
    sampled_case_allocate,
)

# The seed of the demo's draw, so the demo authority draws the same cases each time it is made.
DEMO_SEED = 20260401


def demo_sampling_create(users: dict[str, User]) -> None:
    liam, ruth = users["liam"], users["ruth"]
    tool = AuditTool.objects.get(name=SIGNS_OF_SAFETY_CASE_AUDIT)
    teams = list(Team.objects.filter(name__in=["Child protection", "Early help"]))
    monthly = programme_create(
        acting_user=liam,
        details=ProgrammeDetails(
            name="Monthly peer audit",
            kind=ProgrammeKind.RANDOM,
            tool=tool,
            services=[CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.EARLY_HELP],
            teams=teams,
            size_number=6,
            monthly_cap=8,
            stratify_by_team=True,
            auditors=[liam, ruth],
        ),
    )
    draw = sample_draw(acting_user=liam, programme=monthly, seed=DEMO_SEED)
    for number, sampled in enumerate(draw.cases.select_related("case", "draw__programme").order_by("position")):
        allowed = auditors_for(sampled)
        if allowed and number < 5:  # the last one waits to be allocated
            sampled_case_allocate(acting_user=liam, sampled=sampled, auditor=allowed[number % len(allowed)])
    inspection = programme_create(
        acting_user=liam,
        details=ProgrammeDetails(
            name="Inspection sample",
            kind=ProgrammeKind.INSPECTION,
            tool=tool,
            due_on=timezone.localdate() + datetime.timedelta(days=21),
            auditors=[liam],
        ),
    )
    for child in Person.objects.filter(last_name="Cooper", is_child=True).order_by("pk")[:2]:
        inspection_child_add(acting_user=liam, programme=inspection, child=child)
