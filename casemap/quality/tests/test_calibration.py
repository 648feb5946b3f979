"""Calibration: a practice lead sets an anonymised, pre-graded case through the page; auditors grade it once and
see their agreement with the agreed grades; practitioners cannot take part."""

from django.urls import reverse

from casemap.conftest import World
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.quality.default_tools import SIGNS_OF_SAFETY_CASE_AUDIT
from casemap.quality.models import AuditToolVersion, CalibrationAttempt, CalibrationExercise


def test_auditors_grade_the_same_case_and_see_their_agreement(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    lead = client_for(world.practice_lead)
    version = AuditToolVersion.objects.get(tool__name=SIGNS_OF_SAFETY_CASE_AUDIT)
    choose = rendered_form(lead, reverse("quality:calibration-new"), "record-form")
    assert str(version.pk) in choose.options["tool_version"]
    set_url = reverse("quality:calibration-new") + f"?tool_version={version.pk}"
    criteria = list(version.criteria.all())
    agreed = {f"score_{c.pk}": "6" for c in criteria}
    missing = post_changed(lead, set_url, "record-form", title="Family A", case_summary="Child A lives with Parent A.")
    assert missing.status_code == 200 and "Choose a score for this criterion" in missing.content.decode()
    response = post_changed(
        lead, set_url, "record-form", title="Family A", case_summary="Child A lives with Parent A.", **agreed
    )
    exercise = CalibrationExercise.objects.get()
    assert response.status_code == 302

    manager = client_for(world.manager)
    grades = {f"score_{c.pk}": "6" for c in criteria}
    grades[f"score_{criteria[0].pk}"] = "7"
    grades[f"score_{criteria[1].pk}"] = "2"
    url = reverse("quality:calibration-exercise", args=[exercise.pk])
    assert post_changed(manager, url, "record-form", **grades).status_code == 302
    result = manager.get(url).content.decode()
    assert result.count("The same") == len(criteria) - 2
    assert "Within one" in result and "Apart" in result
    assert CalibrationAttempt.objects.filter(auditor=world.manager).count() == 1
    assert client_for(world.worker).get(url).status_code == 404
