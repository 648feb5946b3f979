"""Changes to staff accounts and teams made by administrators.

Every change to someone's access (role, team, line managers, active, staff, groups, permissions) goes on the
access log, naming the fields and their old and new values: nothing about children is written. Nobody changes
their own access: another administrator must, so one administrator cannot promote themselves.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string
from django_otp.plugins.otp_totp.models import TOTPDevice

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import Role, Team, User

ADMINISTRATORS_GROUP = "Administrators"
# What an administrator may do in the admin, and nothing more: no delete anywhere (staff are deactivated),
# and the sign-in records are read-only.
ADMINISTRATOR_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {"user": ("view", "add", "change"), "team": ("view", "add", "change")},
    "mapping": {"frameworkvariant": ("view", "add", "change")},
    "voice": {"voicetool": ("view", "add", "change")},
    "people": {"agency": ("view", "add", "change")},
    "core": {"nationalholiday": ("view", "add", "change")},
    "quality": {"auditsettings": ("view", "change"), "closureauditrule": ("view", "add", "change")},
    "library": {"practicechampion": ("view", "add", "change")},
    "axes": {"accessattempt": ("view",), "accesslog": ("view",), "accessfailurelog": ("view",)},
}
SELF_CHANGE_REFUSAL = "Another administrator must make changes to your own account."


class AccountChangeRefused(PermissionDenied):
    """The change would alter the acting administrator's own access."""


def administrators_group_sync() -> Group:
    """The administrators' group with exactly the permissions above (a missing one is an error, not a gap)."""
    wanted = [
        (app_label, f"{action}_{model}")
        for app_label, models in ADMINISTRATOR_PERMISSIONS.items()
        for model, actions in models.items()
        for action in actions
    ]
    with transaction.atomic():
        group, _ = Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)
        found = Permission.objects.filter(
            content_type__app_label__in={app_label for app_label, _ in wanted},
            codename__in={codename for _, codename in wanted},
        ).values_list("content_type__app_label", "codename", "pk")
        permission_ids = {(app_label, codename): pk for app_label, codename, pk in found}
        missing = [
            f"{app_label}.{codename}" for app_label, codename in wanted if (app_label, codename) not in permission_ids
        ]
        if missing:
            raise ImproperlyConfigured(f"The administrators' permissions do not exist: {', '.join(missing)}")
        group.permissions.set([permission_ids[key] for key in wanted])
    return group


def _names(items: Iterable[object]) -> str:
    return ", ".join(sorted(str(item) for item in items)) or "none"


def user_access(
    user: User, *, groups: Iterable[Group] | None = None, permissions: Iterable[Permission] | None = None
) -> dict[str, str]:
    """What decides a member of staff's access, as words for the log. Groups and permissions may be given
    as they are about to be saved; otherwise they are read from the database."""
    if groups is None:
        groups = user.groups.all() if user.pk else []
    if permissions is None:
        permissions = user.user_permissions.select_related("content_type") if user.pk else []
    return {
        "role": user.role,
        "team": f"team {user.team_id}" if user.team_id else "none",
        "is_active": str(user.is_active),
        "is_staff": str(user.is_staff),
        "is_superuser": str(user.is_superuser),
        "groups": _names(group.name for group in groups),
        "permissions": _names(f"{p.content_type.app_label}.{p.codename}" for p in permissions),
    }


def team_access(team: Team) -> dict[str, str]:
    return {
        "name": team.name,
        "service": team.service,
        "manager": f"user {team.manager_id}" if team.manager_id else "none",
        "service_manager": f"user {team.service_manager_id}" if team.service_manager_id else "none",
    }


def access_changes(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    """Each changed field with its old and new value, for example {"role": "practitioner -> service_manager"}."""
    return {
        field: f"{before.get(field, 'none')} -> {value}"
        for field, value in after.items()
        if before.get(field, "none") != value
    }


def _detail(changes: dict[str, str]) -> str:
    return "; ".join(f"{field}: {change}" for field, change in changes.items())


def own_access_fields(*, acting_user: User, record_type: str, record_id: object, changes: dict[str, str]) -> list[str]:
    """The changed fields that touch the acting user's own access: any of them on their own account, and a
    team's line-manager fields when the old or new value names them."""
    if record_type == "user":
        return list(changes) if str(record_id) == str(acting_user.pk) else []
    own = f"user {acting_user.pk}"
    return [
        field
        for field, change in changes.items()
        if field in {"manager", "service_manager"} and own in change.split(" -> ")
    ]


def account_change_refuse(
    *, acting_user: User, record_type: str, record_id: object, fields: list[str], request: HttpRequest | None = None
) -> None:
    """Log the refusal of a change to one's own access, then refuse it. Call it outside any transaction that
    the refusal rolls back, or the log loses the refusal."""
    access_log_append(
        user=acting_user,
        action=AccessAction.DENIED,
        record_type=record_type,
        record_id=record_id,
        detail=f"change to own account refused: {', '.join(fields)}",
        request=request,
    )
    raise AccountChangeRefused(SELF_CHANGE_REFUSAL)


def _sessions_end(user: User) -> int:
    """Delete every session of this user from the session store (ASVS V7.4.2)."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    if not issubclass(store, DatabaseSessionStore):
        raise ImproperlyConfigured("Sessions must be kept in the database, so that a member of staff's can be ended.")
    ended = 0
    for session in store.get_model_class().objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


def _log_change(
    *, acting_user: User, record_type: str, record_id: object, detail: str, request: HttpRequest | None
) -> None:
    access_log_append(
        user=acting_user,
        action=AccessAction.CHANGE,
        record_type=record_type,
        record_id=record_id,
        detail=detail,
        request=request,
    )


def staff_create(*, acting_user: User, user: User, request: HttpRequest | None = None) -> User:
    """Save a new member of staff (from the admin's add form) and log what access they start with."""
    with transaction.atomic():
        user.is_superuser = False
        user.save()
        access_log_append(
            user=acting_user,
            action=AccessAction.CREATE,
            record_type="user",
            record_id=user.pk,
            detail="; ".join(f"{field}: {value}" for field, value in user_access(user).items()),
            request=request,
        )
    return user


def staff_change(
    *, acting_user: User, user: User, groups: Iterable[Group] | None = None, request: HttpRequest | None = None
) -> User:
    """Save an administrator's change to a member of staff: `user` carries the new values and `groups` the new
    groups (None keeps them). A change to one's own access is refused; deactivating ends their sessions."""
    with transaction.atomic():
        saved = User.objects.select_for_update().get(pk=user.pk)
        new_groups = list(groups) if groups is not None else list(saved.groups.all())
        changes = access_changes(user_access(saved), user_access(user, groups=new_groups))
        if own_access_fields(acting_user=acting_user, record_type="user", record_id=user.pk, changes=changes):
            raise AccountChangeRefused(SELF_CHANGE_REFUSAL)
        user.save()
        user.groups.set(new_groups)
        if saved.is_active and not user.is_active:
            changes["sessions ended"] = str(_sessions_end(user))
        # Not access, but what the SSDA903 return reports a social worker by: logged with who changed it.
        if saved.social_work_england_number != user.social_work_england_number:
            changes["social_work_england_number"] = (
                f"{saved.social_work_england_number or 'none'} -> {user.social_work_england_number or 'none'}"
            )
        if changes:
            _log_change(
                acting_user=acting_user, record_type="user", record_id=user.pk, detail=_detail(changes), request=request
            )
    return user


def staff_deactivate(*, acting_user: User, user: User, request: HttpRequest | None = None) -> User:
    """Staff are deactivated, never deleted, so their records stay attributable. Their sessions end at once."""
    if user.pk == acting_user.pk:
        account_change_refuse(
            acting_user=acting_user, record_type="user", record_id=user.pk, fields=["is_active"], request=request
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        changes = {}
        if user.is_active:
            user.is_active = False
            user.save(update_fields=["is_active"])
            changes["is_active"] = "True -> False"
        changes["sessions ended"] = str(_sessions_end(user))
        _log_change(
            acting_user=acting_user, record_type="user", record_id=user.pk, detail=_detail(changes), request=request
        )
    return user


def staff_two_factor_reset(*, acting_user: User, user: User, request: HttpRequest | None = None) -> User:
    """Remove someone's authenticator app (a lost phone): they set up a new one at their next sign-in."""
    if user.pk == acting_user.pk:
        account_change_refuse(
            acting_user=acting_user, record_type="user", record_id=user.pk, fields=["two-factor"], request=request
        )
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        changes = {"two-factor devices removed": str(removed), "sessions ended": str(_sessions_end(user))}
        _log_change(
            acting_user=acting_user, record_type="user", record_id=user.pk, detail=_detail(changes), request=request
        )
    return user


def staff_password_set_record(*, acting_user: User, user: User, request: HttpRequest | None = None) -> None:
    """Log that an administrator set or removed someone else's password (never the password itself)."""
    _log_change(
        acting_user=acting_user,
        record_type="user",
        record_id=user.pk,
        detail="password set by an administrator",
        request=request,
    )


def team_save(*, acting_user: User, team: Team, request: HttpRequest | None = None) -> Team:
    """Save a new or changed team and log it; a change naming the acting user as a line manager is refused."""
    with transaction.atomic():
        saved = Team.objects.select_for_update().filter(pk=team.pk).first() if team.pk else None
        changes = access_changes(team_access(saved) if saved is not None else {}, team_access(team))
        if own_access_fields(acting_user=acting_user, record_type="team", record_id=team.pk, changes=changes):
            raise AccountChangeRefused(SELF_CHANGE_REFUSAL)
        team.save()
        if changes:
            access_log_append(
                user=acting_user,
                action=AccessAction.CHANGE if saved is not None else AccessAction.CREATE,
                record_type="team",
                record_id=team.pk,
                detail=_detail(changes),
                request=request,
            )
    return team


def administrator_bootstrap(*, username: str) -> User:
    """Make an account an administrator from the server's command line (the first administrator of a new
    installation; later ones are made in the admin by another administrator). Never a superuser. The log
    names the account itself, as there is nobody signed in to name."""
    with transaction.atomic():
        user, created = User.objects.select_for_update().get_or_create(username=username)
        before = {} if created else user_access(user)
        if created:
            user.set_unusable_password()
        user.role = Role.ADMINISTRATOR
        user.is_staff = True
        user.is_superuser = False
        user.save()
        user.groups.add(administrators_group_sync())
        changes = access_changes(before, user_access(user))
        access_log_append(
            user=user,
            action=AccessAction.CREATE if created else AccessAction.CHANGE,
            record_type="user",
            record_id=user.pk,
            detail=f"made an administrator on the command line: {_detail(changes)}",
        )
    return user
