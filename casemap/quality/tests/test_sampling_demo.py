"""The demo's sampling: a programme with one draw made with the demo's seed, its cases allocated to auditors who
may audit them (each can open the case), and an inspection sample naming the worked example's children."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casemap.access.policy import can_view_case
from casemap.quality.demo_sampling import DEMO_SEED
from casemap.quality.models import ProgrammeKind, SampleDraw, SamplingProgramme
from casemap.quality.sampling import draw_repeat
from casemap.quality.sampling_services import why_not_auditor


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_the_demo_has_a_drawn_and_allocated_sample() -> None:
    call_command("seed_demo", "--children", "40", "--quiet-logins", stdout=StringIO())
    draw = SampleDraw.objects.select_related("programme").get(programme__kind=ProgrammeKind.RANDOM)
    assert draw.seed == DEMO_SEED and draw.cases.exists()
    assert draw_repeat(draw).case_ids == list(draw.cases.order_by("position").values_list("case_id", flat=True))
    allocated = list(draw.cases.filter(auditor__isnull=False).select_related("case", "auditor", "draw__programme"))
    assert allocated
    for sampled in allocated:
        assert not why_not_auditor(sampled, sampled.auditor)  # type: ignore[arg-type]
        assert can_view_case(sampled.auditor, sampled.case)  # type: ignore[arg-type]
    inspection = SamplingProgramme.objects.get(kind=ProgrammeKind.INSPECTION)
    assert inspection.inspection_children.count() == 2 and inspection.due_on is not None
