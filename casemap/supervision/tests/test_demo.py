"""The demo's supervision: Sally's case supervision with Dana about the worked example with the map's scale,
acknowledged, and her appreciative inquiry with Dana's comments; a group supervision on another family with an anonymised learning entry; and overdue workers on
Dana's and Ayo's lists."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from casemap.accounts.models import User
from casemap.mapping.models import ScalingJudgement
from casemap.supervision.models import (
    AppreciativeInquiry,
    GroupSupervision,
    Supervision,
    SupervisionKind,
    SupervisionStatus,
)
from casemap.supervision.selectors import learning_log, overdue_lists


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_the_demo_has_supervision_and_overdue_workers() -> None:
    call_command("seed_demo", "--children", "10", "--quiet-logins", stdout=StringIO())
    sally, dana = User.objects.get(username="sally"), User.objects.get(username="dana")
    record = Supervision.objects.get(kind=SupervisionKind.CASE, supervisee=sally, supervisor=dana)
    assert record.status == SupervisionStatus.ACKNOWLEDGED
    assert record.case.family_name == "Merinda and Eddy's family"
    overall = ScalingJudgement.objects.filter(map__case=record.case, danger_statement=None).first()
    assert overall is not None and record.scale_score == overall.score
    today = timezone.localdate()
    assert {d.staff.username for d in overdue_lists(user=dana, today=today).staff} == {"tom"}
    ayo = User.objects.get(username="ayo")
    assert {d.staff.username for d in overdue_lists(user=ayo, today=today).staff} == {"jo"}
    session = GroupSupervision.objects.get()
    assert session.participants.count() == 5 and session.case.team.name == "Child protection"
    (jo_entry,) = learning_log(user=User.objects.get(username="jo"))
    assert not jo_entry.sees_family and jo_entry.learning_note
    glen = User.objects.get(username="glen")
    assert not overdue_lists(user=glen, today=today).staff, "Marcus's leave paused his clock"
    inquiry = AppreciativeInquiry.objects.get(worker=sally)
    assert inquiry.case == record.case and inquiry.manager_commented_by == dana
