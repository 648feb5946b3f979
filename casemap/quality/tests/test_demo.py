"""The demo's practice audit: Liam's completed audit of Sally's work with the worked example, with her own
scores, Merinda's words and an action on Sally's caseload; an inadequate audit waiting for a moderator and a reply;
and a calibration case."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from casemap.accounts.models import User
from casemap.quality.models import Audit, AuditStatus, CalibrationExercise, InadequateResponse, Moderation
from casemap.quality.selectors_audits import audit_work


@pytest.mark.django_db
@override_settings(DEMO_MODE=True)
def test_the_demo_has_audits_to_learn_from() -> None:
    call_command("seed_demo", "--children", "10", "--quiet-logins", stdout=StringIO())
    sally, liam = User.objects.get(username="sally"), User.objects.get(username="liam")
    audit = Audit.objects.get(case__family_name="Merinda and Eddy's family")
    assert audit.status == AuditStatus.COMPLETED and audit.auditor == liam and audit.practitioner == sally
    assert audit.family_contact_person.first_name == "Merinda"
    assert all(row.practitioner_score is not None for row in audit.scores.all())
    assert [action.description for action in audit_work(sally).actions] == [
        "Ask Alkira, Darel and Jirra to scale at the next review"
    ]
    weak = Moderation.objects.get(moderator__isnull=True).audit
    assert InadequateResponse.objects.get(audit=weak).manager == weak.team.manager
    assert CalibrationExercise.objects.count() == 1
