"""The sampling pages as each persona meets them: practice leads set up, draw, check and allocate; managers read the
programmes covering their teams; everyone else gets 404. Forms are posted exactly as the pages render them, every
page read and change is in the access log, and allocation gives the auditor time-boxed access to the case."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry, CaseAssignment
from casemap.accounts.models import Role, Team
from casemap.conftest import TeamFactory, UserFactory, World
from casemap.core.tests.rendered_forms import form_on_page, post_rendered, rendered_form
from casemap.quality.models import AuditSettings, SampledCase, SamplingProgramme
from casemap.quality.sampling import audit_access_ends
from casemap.quality.sampling_services import sample_draw, sampled_case_allocate
from casemap.quality.tests.sampling_seeded import TODAY, auditor, open_case, programme

DAYS = datetime.timedelta(days=1)


def _log_count(user_id: int, action: str, record_type: str) -> int:
    return AccessLogEntry.objects.filter(user_id=user_id, action=action, record_type=record_type).count()


def _drawn(world: World, size: int = 1, auditors: list | None = None) -> tuple[SamplingProgramme, SampledCase]:
    running = programme(world, auditors or [auditor()], size_number=size, teams=[world.team])
    draw = sample_draw(acting_user=world.practice_lead, programme=running, seed=99)
    return running, draw.cases.order_by("position").first()  # type: ignore[return-value]


# ---- setting up a programme through its page ---------------------------------------------------------------------


def test_a_practice_lead_sets_up_a_programme_through_the_form_as_rendered(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    nina = auditor()
    client = client_for(world.practice_lead)
    url = reverse("quality:programme-new")
    form = rendered_form(client, url, "sampling-form")
    tool = next(value for value in form.options["tool"] if value)
    before = _log_count(world.practice_lead.pk, AccessAction.CREATE, "sampling programme")
    response = post_rendered(
        client,
        url,
        form,
        name="Peer audit, child protection",
        tool=tool,
        teams=[str(world.team.pk)],
        size_number="2",
        monthly_cap="2",
        auditors=[str(nina.pk)],
    )
    assert response.status_code == 302
    made = SamplingProgramme.objects.get(name="Peer audit, child protection")
    assert list(made.teams.all()) == [world.team] and list(made.auditors.all()) == [nina]
    assert made.exclude_audited_months == 12 and made.exclude_auditors_own_team
    assert _log_count(world.practice_lead.pk, AccessAction.CREATE, "sampling programme") == before + 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({}, "Enter the sample size, as a number of cases or as a percentage"),
        ({"size_number": "3", "size_percent": "10"}, "not both"),
        ({"size_percent": "150"}, "The percentage must be 100 or less"),
        ({"size_number": "3", "case_status": "closed"}, "Enter how many days back closed cases are drawn from"),
    ],
)
def test_a_programme_that_cannot_work_is_refused_in_plain_words(  # type: ignore[no-untyped-def]
    world: World, client_for, typed: dict[str, str], message: str
) -> None:
    nina = auditor()
    client = client_for(world.practice_lead)
    url = reverse("quality:programme-new")
    form = rendered_form(client, url, "sampling-form")
    tool = next(value for value in form.options["tool"] if value)
    response = post_rendered(client, url, form, name="Audit", tool=tool, auditors=[str(nina.pk)], **typed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SamplingProgramme.objects.filter(name="Audit").exists()


def test_a_programme_is_changed_through_its_form_and_a_stale_page_is_refused(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    running = programme(world, [auditor()])
    client = client_for(world.practice_lead)
    url = reverse("quality:programme-edit", args=[running.pk])
    shown = rendered_form(client, url, "sampling-form")
    assert post_rendered(client, url, shown, size_number="4").status_code == 302
    running.refresh_from_db()
    assert running.size_number == 4 and running.version == 2
    again = post_rendered(client, url, shown, size_number="5")
    assert "changed this record" in again.content.decode()
    assert post_rendered(client, url, form_on_page(again, "sampling-form"), size_number="5").status_code == 302


# ---- drawing and checking ----------------------------------------------------------------------------------------


def test_a_draw_from_the_programme_page_shows_its_seed_and_checks_out(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        open_case(world, team=world.team, worker=world.teammate, received_on=TODAY - 9 * DAYS, surname=f"Elm{n}")
    running = programme(world, [auditor()], size_number=3)
    client = client_for(world.practice_lead)
    page = reverse("quality:programme", args=[running.pk])
    form = rendered_form(client, page, "draw-form")
    response = post_rendered(client, reverse("quality:draw-new", args=[running.pk]), form, seed="80312")
    assert response.status_code == 302
    draw = running.draws.get()
    assert draw.seed == 80312 and draw.cases.count() == 3 and draw.population_size == 6
    shown = client.get(response["Location"]).content.decode()
    assert "80312" in shown and "Check this draw" in shown
    checked = client.post(reverse("quality:draw-check", args=[draw.pk]), follow=True).content.decode()
    assert "the same 3 cases" in checked
    assert AccessLogEntry.objects.filter(record_type="sample draw", detail="checked: the same cases").exists()


def test_a_draw_with_no_seed_given_gets_a_fresh_one(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    running = programme(world, [auditor()], size_number=1)
    client = client_for(world.practice_lead)
    form = rendered_form(client, reverse("quality:programme", args=[running.pk]), "draw-form")
    post_rendered(client, reverse("quality:draw-new", args=[running.pk]), form)
    other = programme(world, [auditor("olu")], size_number=1, name="Other")
    post_rendered(client, reverse("quality:draw-new", args=[other.pk]), form)
    seeds = [running.draws.get().seed, other.draws.get().seed]
    assert seeds[0] != seeds[1] and all(seed >= 0 for seed in seeds)


def test_the_draw_page_names_no_family_the_viewer_may_not_see(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    _, sampled = _drawn(world)
    page = client_for(world.practice_lead).get(reverse("quality:draw", args=[sampled.draw_id])).content.decode()
    assert sampled.case.reference in page and "Cooper family" not in page
    seen_by_manager = client_for(world.manager).get(reverse("quality:draw", args=[sampled.draw_id]))
    assert (
        "Cooper family" in seen_by_manager.content.decode()
        and "Check this draw" not in seen_by_manager.content.decode()
    )


# ---- allocation and time-boxed access ----------------------------------------------------------------------------


def test_allocation_gives_the_auditor_the_case_until_thirty_days_after_the_audit(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    nina = auditor()
    _, sampled = _drawn(world, auditors=[nina])
    case_url = reverse("cases:detail", args=[sampled.case_id])
    nina_client = client_for(nina)
    assert nina_client.get(case_url).status_code == 404
    lead = client_for(world.practice_lead)
    url = reverse("quality:sampled-case-allocate", args=[sampled.pk])
    form = rendered_form(lead, url, "allocate-form")
    assert form.options["auditor"] == [str(nina.pk)]
    assert post_rendered(lead, url, form, auditor=str(nina.pk)).status_code == 302
    sampled.refresh_from_db()
    assert sampled.auditor == nina and sampled.assignment.purpose == "Practice audit"
    assert sampled.assignment.starts_on == TODAY and sampled.assignment.ends_on is None
    assert AccessLogEntry.objects.filter(
        user=world.practice_lead, action=AccessAction.GRANT, record_type="case"
    ).exists()
    assert nina_client.get(case_url).status_code == 200
    assert AccessLogEntry.objects.filter(user=nina, action=AccessAction.VIEW, record_type="case").exists()
    home = nina_client.get(reverse("quality:home")).content.decode()
    assert sampled.case.reference in home and "Cases sampled for you to audit" in home
    # Completed thirty days ago: the last day of access is today.
    assert AuditSettings.current().access_days_after_completion == 30
    audit_access_ends(sampled, TODAY - 30 * DAYS)
    assert nina_client.get(case_url).status_code == 200
    # Completed thirty-one days ago: access ended yesterday.
    audit_access_ends(sampled, TODAY - 31 * DAYS)
    assert CaseAssignment.objects.get(pk=sampled.assignment_id).ends_on == TODAY - DAYS
    assert nina_client.get(case_url).status_code == 404
    assert sampled.case.reference not in nina_client.get(reverse("quality:home")).content.decode()


def test_reallocation_ends_the_first_auditors_access_at_once(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    nina, olu = auditor(), auditor("olu")
    _, sampled = _drawn(world, auditors=[nina, olu])
    sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=nina)
    first = SampledCase.objects.get(pk=sampled.pk).assignment
    sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=olu)
    first.refresh_from_db()  # type: ignore[union-attr]
    assert first.ends_on == TODAY - DAYS  # type: ignore[union-attr]
    case_url = reverse("cases:detail", args=[sampled.case_id])
    assert client_for(nina).get(case_url).status_code == 404
    assert client_for(olu).get(case_url).status_code == 200


def test_peer_audit_never_allocates_an_auditor_their_own_teams_case(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    nina = auditor()
    running, sampled = _drawn(world, auditors=[world.practice_lead, nina])  # Liam is in the case's team
    url = reverse("quality:sampled-case-allocate", args=[sampled.pk])
    lead = client_for(world.practice_lead)
    form = rendered_form(lead, url, "allocate-form")
    assert form.options["auditor"] == [str(nina.pk)]
    assert "works in or manages the case&#x27;s team" in lead.get(url).content.decode()
    with pytest.raises(ValidationError, match="peer audit"):
        sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=world.practice_lead)
    running.exclude_auditors_own_team = False
    running.save()
    with pytest.raises(ValidationError, match="peer audit"):  # the draw keeps the rule it was drawn under
        sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=world.practice_lead)


def test_an_auditor_is_never_allocated_their_own_case(world: World) -> None:
    sally_the_auditor = world.worker
    sally_the_auditor.role = Role.TEAM_MANAGER  # a manager auditing, still the allocated worker
    sally_the_auditor.save()
    running = programme(world, [sally_the_auditor, auditor()], size_number=1, exclude_auditors_own_team=False)
    sampled = sample_draw(acting_user=world.practice_lead, programme=running, seed=1).cases.get()
    assert sampled.case_id == world.case.pk
    with pytest.raises(ValidationError, match="allocated worker"):
        sampled_case_allocate(acting_user=world.practice_lead, sampled=sampled, auditor=sally_the_auditor)


# ---- who sees what -----------------------------------------------------------------------------------------------


def _pages(running: SamplingProgramme, sampled: SampledCase) -> list[str]:
    return [
        reverse("quality:programme-list"),
        reverse("quality:programme", args=[running.pk]),
        reverse("quality:draw", args=[sampled.draw_id]),
    ]


@pytest.mark.parametrize("persona", ["worker", "teammate", "other_worker", "chair", "data_officer", "administrator"])
def test_nobody_outside_audit_and_management_sees_a_programme(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    running, sampled = _drawn(world)
    client = client_for(getattr(world, persona))
    for url in _pages(running, sampled):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("quality:programme-new")).status_code == 404
    assert client.get(reverse("quality:sampled-case-allocate", args=[sampled.pk])).status_code == 404


def test_another_services_manager_gets_404_and_the_teams_managers_read_only(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    running, sampled = _drawn(world)
    elsewhere: Team = TeamFactory(name="Youth justice")
    stranger = UserFactory(username="vik", role=Role.SERVICE_MANAGER)
    elsewhere.service_manager = stranger
    elsewhere.save()
    for url in _pages(running, sampled)[1:]:
        assert client_for(stranger).get(url).status_code == 404, url
    assert running.name not in client_for(stranger).get(reverse("quality:programme-list")).content.decode()
    for manager in (world.manager, world.service_manager):
        client = client_for(manager)
        for url in _pages(running, sampled):
            assert client.get(url).status_code == 200, url
        assert client.get(reverse("quality:programme-edit", args=[running.pk])).status_code == 404
        assert client.post(reverse("quality:draw-new", args=[running.pk]), {"seed": "1"}).status_code == 404
        assert client.post(reverse("quality:draw-check", args=[sampled.draw_id])).status_code == 404
        assert client.get(reverse("quality:sampled-case-allocate", args=[sampled.pk])).status_code == 404


def test_every_sampling_page_read_is_in_the_access_log(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    running, sampled = _drawn(world)
    client = client_for(world.practice_lead)
    for url, record_type in zip(
        _pages(running, sampled), ["sampling programme", "sampling programme", "sample draw"], strict=True
    ):
        before = _log_count(world.practice_lead.pk, AccessAction.VIEW, record_type)
        assert client.get(url).status_code == 200
        assert _log_count(world.practice_lead.pk, AccessAction.VIEW, record_type) == before + 1, url
    before = _log_count(world.practice_lead.pk, AccessAction.VIEW, "sampled case")
    client.get(reverse("quality:sampled-case-allocate", args=[sampled.pk]))
    assert _log_count(world.practice_lead.pk, AccessAction.VIEW, "sampled case") == before + 1


def test_the_audit_page_links_to_programmes_for_leads_and_managers_only(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    link = reverse("quality:programme-list")
    assert link in client_for(world.practice_lead).get(reverse("quality:home")).content.decode()
    assert link in client_for(world.manager).get(reverse("quality:home")).content.decode()
    assert link not in client_for(world.worker).get(reverse("quality:home")).content.decode()


def test_a_draw_is_logged_as_made(world: World) -> None:
    _drawn(world)
    entry = AccessLogEntry.objects.filter(record_type="sample draw", action=AccessAction.CREATE).get()
    assert entry.user_id == world.practice_lead.pk and "seed 99" in entry.detail
    assert timezone.localdate(entry.at) == TODAY
