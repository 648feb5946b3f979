"""The admin is not a way round the access policy: it shows nothing about children, deletes nothing, logs every
change to someone's access, and nobody changes their own access there.

Every post is built from the form as the admin rendered it: the test changes one value and sends the rest back."""

import datetime
import io
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db.models import Model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemap.access.models import AccessAction, AccessLogEntry, CaseAssignment
from casemap.access.services import restricted_access_grant
from casemap.accounts.demo import demo_personas_create
from casemap.accounts.models import Role, User
from casemap.accounts.services import ADMINISTRATOR_PERMISSIONS as ADMINISTRATOR_PERMISSIONS_IN_CODE
from casemap.accounts.services import (
    ADMINISTRATORS_GROUP,
    SELF_CHANGE_REFUSAL,
    administrator_bootstrap,
    administrators_group_sync,
)
from casemap.cases.services import case_professional_add
from casemap.conftest import TEST_PASSWORD, UserFactory, World, add_note
from casemap.core.models import NationalHoliday
from casemap.core.tests.rendered_forms import post_changed, rendered_form
from casemap.library.models import PracticeChampion

pytestmark = pytest.mark.django_db

NOTE = "Alkira told me about the shouting at night."
GRANT_REASON = "Kept for the Cooper court bundle"
ASSIGNMENT_PURPOSE = "Initial conference for Alkira"
# Nothing about the children or their family may appear on any admin page.
CHILD_DATA = ("Alkira", "Darel", "Merinda", "Cooper", NOTE, GRANT_REASON, ASSIGNMENT_PURPOSE)


def change_url(obj: Model) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def last_entry(**filters: object) -> AccessLogEntry:
    entry = AccessLogEntry.objects.filter(**filters).order_by("-id").first()
    assert entry is not None, f"nothing logged with {filters}"
    return entry


@pytest.fixture
def records(world: World) -> World:
    """Everything that hangs off a member of staff and could leak through the admin."""
    add_note(world, text=NOTE)
    restricted_access_grant(acting_user=world.manager, person=world.child, user=world.teammate, reason=GRANT_REASON)
    CaseAssignment.objects.create(
        case=world.case,
        user=world.chair,
        purpose=ASSIGNMENT_PURPOSE,
        assigned_by=world.manager,
        starts_on=timezone.localdate(),
    )
    case_professional_add(acting_user=world.worker, case=world.case, name="Ms Hill", agency_name="Hillside Primary")
    NationalHoliday.objects.create(date=datetime.date(2027, 6, 16), name="A one-off day", added_by=world.administrator)
    from casemap.quality.models import AuditSettings, AuditTool, ClosureAuditRule

    AuditSettings.current()
    ClosureAuditRule.objects.create(service="child_protection", tool=AuditTool.objects.order_by("pk").first())
    PracticeChampion.objects.create(user=world.teammate, team=world.team, starts_on=timezone.localdate())
    # Sign-in records for the read-only axes pages: a right password, then a wrong one (a success clears
    # the failures before it).
    sign_in = reverse("accounts:sign-in")
    Client().post(sign_in, {"username": world.teammate.username, "password": TEST_PASSWORD})
    Client().post(sign_in, {"username": world.teammate.username, "password": "not-it"})
    from axes.models import AccessFailureLog

    if not AccessFailureLog.objects.exists():  # kept only when AXES_ENABLE_ACCESS_FAILURE_LOG is on
        AccessFailureLog.objects.create(
            username=world.teammate.username, ip_address="127.0.0.1", user_agent="test", path_info=sign_in
        )
    return world


def every_admin_url(user: User) -> Iterator[tuple[str, int]]:
    """Each admin page with the status it must give: the index, each app, and for each registered model its
    list, add page, and every object's change, history and delete pages."""
    request = RequestFactory().get("/admin/")
    request.user = user
    yield reverse("admin:index"), 200
    yield reverse("admin:password_change"), 200
    apps = set()
    for model, model_admin in admin.site._registry.items():
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        apps.add(model._meta.app_label)
        objects = list(model._default_manager.all())
        assert objects, f"nothing to look at for {model.__name__}"
        yield reverse(f"{info}_changelist"), 200
        yield reverse(f"{info}_add"), 200 if model_admin.has_add_permission(request) else 403
        for obj in objects:
            yield reverse(f"{info}_change", args=[obj.pk]), 200
            yield reverse(f"{info}_history", args=[obj.pk]), 200
            yield reverse(f"{info}_delete", args=[obj.pk]), 403
    for app_label in sorted(apps):
        yield reverse("admin:app_list", args=[app_label]), 200


def a_superuser_made_by_hand() -> User:
    return UserFactory(username="root", role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)


@pytest.mark.parametrize("who", ["administrator", "superuser"])
def test_no_admin_page_shows_anything_about_children(records: World, client_for, who: str) -> None:
    # A superuser someone made by hand gets no further than an administrator: the admin itself holds the line.
    user = records.administrator if who == "administrator" else a_superuser_made_by_hand()
    client = client_for(user)
    visited = 0
    for url, status in every_admin_url(user):
        response = client.get(url)
        assert response.status_code == status, url
        page = response.content.decode()
        for word in CHILD_DATA:
            assert word not in page, f"{word!r} shown on {url}"
        visited += 1
    assert visited > 40  # every staff member, team, variant, tool, agency, national day and sign-in record seen


def test_the_admin_offers_no_groups_no_two_factor_secrets_and_no_records() -> None:
    registered = {f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry}
    assert registered == {
        "accounts.user",
        "accounts.team",
        "mapping.frameworkvariant",
        "voice.voicetool",
        "people.agency",
        "core.nationalholiday",
        "quality.auditsettings",
        "quality.closureauditrule",
        "library.practicechampion",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
    }


def test_making_oneself_a_service_manager_is_refused_and_logged(world: World, client_for) -> None:
    administrator = world.administrator
    client = client_for(administrator)
    # First post: one's own role.
    response = post_changed(client, change_url(administrator), "user_form", role=Role.SERVICE_MANAGER)
    assert response.status_code == 200
    assert SELF_CHANGE_REFUSAL in response.content.decode()
    # Second post: oneself as a team's service manager.
    response = post_changed(client, change_url(world.team), "team_form", service_manager=str(administrator.pk))
    assert response.status_code == 200
    assert SELF_CHANGE_REFUSAL in response.content.decode()

    administrator.refresh_from_db()
    world.team.refresh_from_db()
    assert administrator.role == Role.ADMINISTRATOR
    assert world.team.service_manager == world.service_manager
    refusals = AccessLogEntry.objects.filter(user=administrator, action=AccessAction.DENIED).order_by("id")
    assert [(entry.record_type, entry.record_id, entry.detail) for entry in refusals] == [
        ("user", str(administrator.pk), "change to own account refused: role"),
        ("team", str(world.team.pk), "change to own account refused: service_manager"),
    ]
    assert not AccessLogEntry.objects.filter(user=administrator, action=AccessAction.CHANGE).exists()


@pytest.mark.parametrize(
    "changes",
    [{"is_staff": None}, {"groups": []}, {"team": "team"}, {"is_active": None}],
    ids=["staff", "groups", "team", "active"],
)
def test_every_change_to_ones_own_access_is_refused(world: World, client_for, changes: dict) -> None:
    if changes.get("team") == "team":
        changes = {"team": str(world.team.pk)}
    client = client_for(world.administrator)
    response = post_changed(client, change_url(world.administrator), "user_form", **changes)
    assert SELF_CHANGE_REFUSAL in response.content.decode()
    world.administrator.refresh_from_db()
    assert world.administrator.is_staff and world.administrator.is_active and world.administrator.team is None
    assert world.administrator.groups.filter(name=ADMINISTRATORS_GROUP).exists()
    assert last_entry(user=world.administrator, action=AccessAction.DENIED).record_id == str(world.administrator.pk)


def test_ones_own_name_can_still_be_corrected(world: World, client_for) -> None:
    client = client_for(world.administrator)
    response = post_changed(client, change_url(world.administrator), "user_form", first_name="Alexandra")
    assert response.status_code == 302
    world.administrator.refresh_from_db()
    assert world.administrator.first_name == "Alexandra"
    assert not AccessLogEntry.objects.filter(user=world.administrator, action=AccessAction.DENIED).exists()


def test_a_second_administrator_makes_the_change_and_it_is_logged_with_before_and_after(
    world: World, client_for
) -> None:
    second = administrator_bootstrap(username="second-admin")
    client = client_for(second)
    response = post_changed(client, change_url(world.worker), "user_form", role=Role.SERVICE_MANAGER)
    assert response.status_code == 302
    world.worker.refresh_from_db()
    assert world.worker.role == Role.SERVICE_MANAGER
    entry = last_entry(user=second, action=AccessAction.CHANGE, record_type="user")
    assert entry.record_id == str(world.worker.pk)
    assert entry.person is None
    assert entry.detail == "role: practitioner -> service_manager"

    # The first administrator's own promotion, refused to them, is made by the second.
    response = post_changed(client, change_url(world.administrator), "user_form", role=Role.SERVICE_MANAGER)
    assert response.status_code == 302
    assert last_entry(user=second, record_id=str(world.administrator.pk)).detail == (
        "role: administrator -> service_manager"
    )


def test_line_manager_group_and_staff_changes_are_logged(world: World, client_for) -> None:
    client = client_for(world.administrator)
    response = post_changed(client, change_url(world.team), "team_form", manager=str(world.teammate.pk))
    assert response.status_code == 302
    team_entry = last_entry(user=world.administrator, record_type="team")
    assert (team_entry.action, team_entry.record_id) == (AccessAction.CHANGE, str(world.team.pk))
    assert team_entry.detail == f"manager: user {world.manager.pk} -> user {world.teammate.pk}"

    (group,) = rendered_form(client, change_url(world.teammate), "user_form").options["groups"]
    response = post_changed(client, change_url(world.teammate), "user_form", is_staff="on", groups=[group])
    assert response.status_code == 302
    user_entry = last_entry(user=world.administrator, record_type="user")
    assert user_entry.record_id == str(world.teammate.pk)
    assert user_entry.detail == "is_staff: False -> True; groups: none -> Administrators"


def test_adding_staff_and_teams_is_logged(world: World, client_for) -> None:
    client = client_for(world.administrator)
    response = post_changed(
        client,
        reverse("admin:accounts_user_add"),
        "user_form",
        username="newstarter",
        password1="a long first passphrase 7",
        password2="a long first passphrase 7",
    )
    assert response.status_code == 302
    starter = User.objects.get(username="newstarter")
    assert not starter.is_superuser
    entry = last_entry(user=world.administrator, record_type="user", record_id=str(starter.pk))
    assert entry.action == AccessAction.CREATE
    assert entry.detail.startswith("role: practitioner; team: none; is_active: True; is_staff: False")

    response = post_changed(
        client, reverse("admin:accounts_team_add"), "team_form", name="Fostering", service="children_in_care"
    )
    assert response.status_code == 302
    team_entry = last_entry(user=world.administrator, record_type="team")
    assert team_entry.action == AccessAction.CREATE
    assert team_entry.detail == "name: none -> Fostering; service: none -> children_in_care"


def test_setting_someone_elses_password_is_logged_and_ones_own_goes_to_the_ordinary_page(
    world: World, client_for
) -> None:
    client = client_for(world.administrator)
    url = reverse("admin:auth_user_password_change", args=[world.worker.pk])
    response = post_changed(
        client, url, "user_form", password1="a new long passphrase 42", password2="a new long passphrase 42"
    )
    assert response.status_code == 302
    assert last_entry(user=world.administrator, record_id=str(world.worker.pk)).detail == (
        "password set by an administrator"
    )
    own = client.get(reverse("admin:auth_user_password_change", args=[world.administrator.pk]))
    assert own.status_code == 302
    assert own["Location"] == reverse("admin:password_change")


def test_nothing_can_be_deleted_in_the_admin(records: World, client_for) -> None:
    client = client_for(records.administrator)
    for obj in (records.worker, records.team):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"post": "yes"}).status_code == 403
    actions = rendered_form(client, reverse("admin:accounts_user_changelist"), "changelist-form").options["action"]
    assert "delete_selected" not in actions
    assert "deactivate" in actions
    assert not any(
        records.administrator.has_perm(f"{model._meta.app_label}.delete_{model._meta.model_name}")
        for model in admin.site._registry
    )


def run_action(client: Client, action: str, user: User):  # type: ignore[no-untyped-def]
    return post_changed(
        client,
        reverse("admin:accounts_user_changelist"),
        "changelist-form",
        press="index",
        action=action,
        _selected_action=str(user.pk),
    )


def test_deactivating_ends_every_session_and_is_logged(world: World, client_for) -> None:
    workers_client = client_for(world.worker)
    record = reverse("people:detail", args=[world.child.pk])
    assert workers_client.get(record).status_code == 200
    administrators_client = client_for(world.administrator)
    sessions_before = Session.objects.count()

    response = run_action(administrators_client, "deactivate", world.worker)

    assert response.status_code == 302
    world.worker.refresh_from_db()
    assert not world.worker.is_active
    assert Session.objects.count() == sessions_before - 1
    assert not any(s.get_decoded().get("_auth_user_id") == str(world.worker.pk) for s in Session.objects.all())
    signed_out = workers_client.get(record)
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith(reverse("accounts:sign-in"))
    assert last_entry(user=world.administrator, record_id=str(world.worker.pk)).detail == (
        "is_active: True -> False; sessions ended: 1"
    )


def test_unticking_active_on_the_form_also_ends_their_sessions(world: World, client_for) -> None:
    client_for(world.worker)
    response = post_changed(client_for(world.administrator), change_url(world.worker), "user_form", is_active=None)
    assert response.status_code == 302
    assert last_entry(user=world.administrator, record_id=str(world.worker.pk)).detail == (
        "is_active: True -> False; sessions ended: 1"
    )


def test_one_cannot_deactivate_oneself(world: World, client_for) -> None:
    client = client_for(world.administrator)
    response = run_action(client, "deactivate", world.administrator)
    assert response.status_code == 302
    world.administrator.refresh_from_db()
    assert world.administrator.is_active
    assert SELF_CHANGE_REFUSAL in client.get(response["Location"]).content.decode()
    assert last_entry(user=world.administrator, action=AccessAction.DENIED).detail == (
        "change to own account refused: is_active"
    )


def test_resetting_two_factor_removes_the_device_and_is_logged(world: World, client_for) -> None:
    client_for(world.worker)  # has a device and a session
    client = client_for(world.administrator)
    response = run_action(client, "reset_two_factor", world.worker)
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=world.worker).exists()
    assert last_entry(user=world.administrator, record_id=str(world.worker.pk)).detail == (
        "two-factor devices removed: 1; sessions ended: 1"
    )
    run_action(client, "reset_two_factor", world.administrator)
    assert TOTPDevice.objects.filter(user=world.administrator).exists()
    assert last_entry(user=world.administrator, action=AccessAction.DENIED).detail == (
        "change to own account refused: two-factor"
    )


ADMINISTRATOR_PERMISSIONS = {
    f"{app}.{action}_{model}"
    for app, model in [
        ("accounts", "user"),
        ("accounts", "team"),
        ("mapping", "frameworkvariant"),
        ("voice", "voicetool"),
        ("people", "agency"),
        ("core", "nationalholiday"),
        ("library", "practicechampion"),
    ]
    for action in ("view", "add", "change")
} | {"axes.view_accessattempt", "axes.view_accesslog", "axes.view_accessfailurelog"}
ADMINISTRATOR_PERMISSIONS |= {
    "quality.view_auditsettings",
    "quality.change_auditsettings",
    "quality.view_closureauditrule",
    "quality.add_closureauditrule",
    "quality.change_closureauditrule",
}


def _assert_administrator_without_superpowers(user: User) -> None:
    user = User.objects.get(pk=user.pk)
    assert user.is_staff and not user.is_superuser
    assert user.get_all_permissions() == ADMINISTRATOR_PERMISSIONS


def test_the_test_administrator_is_not_a_superuser(world: World) -> None:
    _assert_administrator_without_superpowers(world.administrator)


def test_the_administrators_group_refuses_a_permission_that_does_not_exist(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    administrators = administrators_group_sync()
    kept = set(administrators.permissions.values_list("pk", flat=True))
    wanted = ADMINISTRATOR_PERMISSIONS_IN_CODE | {"voice": {"voicetool": ("view", "archive")}}
    monkeypatch.setattr("casemap.accounts.services.ADMINISTRATOR_PERMISSIONS", wanted)
    with pytest.raises(ImproperlyConfigured, match=r"do not exist: voice\.archive_voicetool$"):
        administrators_group_sync()
    assert set(administrators.permissions.values_list("pk", flat=True)) == kept


def test_no_seeded_administrator_is_a_superuser(db: None) -> None:
    demo = demo_personas_create()
    _assert_administrator_without_superpowers(demo["admin"])
    _assert_administrator_without_superpowers(administrator_bootstrap(username="first-admin"))
    assert not User.objects.filter(is_superuser=True).exists()
    assert not Permission.objects.filter(codename__startswith="delete_", group__name=ADMINISTRATORS_GROUP).exists()


def test_the_first_administrator_is_made_on_the_command_line_and_logged(db: None) -> None:
    call_command("administrator_create", "first-admin", stdout=io.StringIO())
    user = User.objects.get(username="first-admin")
    assert (user.role, user.is_staff, user.is_superuser, user.has_usable_password()) == (
        Role.ADMINISTRATOR,
        True,
        False,
        False,
    )
    entry = last_entry(record_type="user", record_id=str(user.pk))
    assert entry.action == AccessAction.CREATE
    assert entry.detail.startswith("made an administrator on the command line: role: none -> administrator")
    assert entry.at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_social_workers_registration_number_is_checked_kept_and_logged(world: World, client_for) -> None:
    client = client_for(world.administrator)
    url = change_url(world.worker)
    refused = post_changed(client, url, "user_form", social_work_england_number="12345")
    assert refused.status_code == 200
    assert "SW followed by its digits" in refused.content.decode()

    response = post_changed(client, url, "user_form", social_work_england_number="sw 123 456")
    assert response.status_code == 302
    world.worker.refresh_from_db()
    assert world.worker.social_work_england_number == "SW123456"
    entry = last_entry(user=world.administrator, record_type="user", record_id=str(world.worker.pk))
    assert entry.detail == "social_work_england_number: none -> SW123456"

    taken = post_changed(client, change_url(world.teammate), "user_form", social_work_england_number="SW123456")
    assert taken.status_code == 200
    assert "Another member of staff has this Social Work England registration number" in taken.content.decode()

    # Blank for someone who is not a registered social worker.
    response = post_changed(client, url, "user_form", social_work_england_number="")
    assert response.status_code == 302
    world.worker.refresh_from_db()
    assert world.worker.social_work_england_number == ""
