"""Administrators manage staff accounts and teams here. Records about children are never shown or edited in the
admin: they change only through the services, which write the chronology and the access log.

Every change to someone's access made here is written to the access log by `casemap.accounts.services`, and an
administrator cannot change their own access: another administrator must. See docs/administration.md.
"""

import copy
from collections.abc import Callable
from typing import Any, cast

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from casemap.accounts.models import Team, User
from casemap.accounts.services import (
    AccountChangeRefused,
    access_changes,
    account_change_refuse,
    own_access_fields,
    staff_change,
    staff_create,
    staff_deactivate,
    staff_password_set_record,
    staff_two_factor_reset,
    team_access,
    team_save,
    user_access,
)
from casemap.core.admin import NoDeleteAdmin

# Groups are set in code (`administrators_group_sync`), so nobody widens their own group here; a TOTP device's
# page shows its secret key, which would let an administrator pass someone else's two-factor check; the background
# worker's task rows are its own (a data officer follows a job on its returns page).
for unwanted in (Group, TOTPDevice, DBTaskResult):
    if admin.site.is_registered(unwanted):
        admin.site.unregister(unwanted)


def _acting(request: HttpRequest) -> User:
    return cast(User, request.user)


def _refusing_own_access(
    form_class: type[forms.ModelForm],
    *,
    request: HttpRequest,
    record_type: str,
    proposed_changes: Callable[[forms.ModelForm], dict[str, str]],
) -> type[forms.ModelForm]:
    """The admin form, refusing (on the form, and in the access log) a change to the acting user's own access."""

    class OwnAccessRefusingForm(form_class):  # type: ignore[valid-type,misc]
        def clean(self) -> dict[str, Any]:
            cleaned: dict[str, Any] = super().clean()
            if self.errors:
                return cleaned
            acting_user = _acting(request)
            fields = own_access_fields(
                acting_user=acting_user,
                record_type=record_type,
                record_id=self.instance.pk,
                changes=proposed_changes(self),
            )
            if fields:
                try:
                    account_change_refuse(
                        acting_user=acting_user,
                        record_type=record_type,
                        record_id=self.instance.pk or "",
                        fields=fields,
                        request=request,
                    )
                except AccountChangeRefused as refusal:
                    raise ValidationError(str(refusal)) from refusal
            return cleaned

    return OwnAccessRefusingForm


def _proposed_user_changes(form: forms.ModelForm) -> dict[str, str]:
    proposed = copy.copy(form.instance)
    for field in ("role", "team", "is_active", "is_staff", "is_superuser"):
        if field in form.cleaned_data:
            setattr(proposed, field, form.cleaned_data[field])
    return access_changes(user_access(form.instance), user_access(proposed, groups=form.cleaned_data.get("groups")))


def _proposed_team_changes(form: forms.ModelForm) -> dict[str, str]:
    proposed = copy.copy(form.instance)
    for field in ("name", "service", "manager", "service_manager"):
        if field in form.cleaned_data:
            setattr(proposed, field, form.cleaned_data[field])
    before = team_access(form.instance) if form.instance.pk else {}
    return access_changes(before, team_access(proposed))


class StaffChangeForm(UserChangeForm):  # type: ignore[type-arg]
    def clean_social_work_england_number(self) -> str:
        # Typed with spaces or in lower case ("sw 123 456"), it is the same number; the model's check follows.
        number = "".join(self.cleaned_data.get("social_work_england_number", "").split()).upper()
        User._meta.get_field("social_work_england_number").run_validators(number)
        return number


@admin.register(User)
class CasemapUserAdmin(NoDeleteAdmin, UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active", "is_staff")
    list_filter = ("role", "team", "is_active", "is_staff")
    # No superuser box and no single permissions: an administrator's permissions come from the Administrators
    # group, and nobody is a superuser. Nothing here lists the records, grants or assignments someone holds.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name", "email")}),
        ("Casemap", {"fields": ("role", "team", "job_title", "social_work_england_number")}),
        ("Access", {"fields": ("is_active", "is_staff", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    form = StaffChangeForm
    filter_horizontal = ("groups",)
    actions = ("deactivate", "reset_two_factor")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:
            return form  # the add form sets only a username and password
        return _refusing_own_access(form, request=request, record_type="user", proposed_changes=_proposed_user_changes)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # A change is saved with its groups in save_related, so the access log has both in one entry.
        if not change:
            staff_create(acting_user=_acting(request), user=obj, request=request)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        if not change:
            super().save_related(request, form, formsets, change)
            return
        staff_change(
            acting_user=_acting(request), user=form.instance, groups=form.cleaned_data.get("groups"), request=request
        )

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        user = self.get_object(request, unquote(id))
        if user is not None and user.pk == request.user.pk:
            # One's own password is changed on the ordinary page, which asks for the current password.
            self.message_user(request, "Change your own password here: you will be asked for your current one.")
            return HttpResponseRedirect(reverse("admin:password_change"))
        with transaction.atomic():
            before = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None and User.objects.filter(pk=user.pk).values_list("password", flat=True).get() != before:
                staff_password_set_record(acting_user=_acting(request), user=user, request=request)
        return response

    @admin.action(description="Deactivate the selected staff (they are signed out at once)", permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, staff_deactivate, "Deactivated")

    @admin.action(description="Reset the selected staff's two-factor sign-in (lost phone)", permissions=["change"])
    def reset_two_factor(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        self._each(request, queryset, staff_two_factor_reset, "Reset two-factor sign-in for")

    def _each(self, request: HttpRequest, queryset: QuerySet[User], service: Callable[..., User], done: str) -> None:
        changed = 0
        for user in queryset:
            try:
                service(acting_user=_acting(request), user=user, request=request)
                changed += 1
            except AccountChangeRefused as refusal:
                self.message_user(request, str(refusal), messages.ERROR)
        if changed:
            self.message_user(request, f"{done} {changed} member{'s' if changed != 1 else ''} of staff.")


@admin.register(Team)
class TeamAdmin(NoDeleteAdmin):
    list_display = ("name", "service", "manager", "service_manager")
    fields = ("name", "service", "manager", "service_manager")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        return _refusing_own_access(form, request=request, record_type="team", proposed_changes=_proposed_team_changes)

    def save_model(self, request: HttpRequest, obj: Team, form: Any, change: bool) -> None:
        team_save(acting_user=_acting(request), team=obj, request=request)


class ReadOnlySignInRecords(NoDeleteAdmin):
    """Sign-in attempts are about staff, kept for investigating lock-outs; nobody edits or removes them here."""

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class SignInAttemptAdmin(ReadOnlySignInRecords, AccessAttemptAdmin):
    # Without the submitted form data: the sign-in form is nobody's business but the person signing in.
    fieldsets = (
        (None, {"fields": ("username", "path_info", "failures_since_start", "expiration")}),
        ("Browser", {"fields": ("user_agent", "ip_address", "http_accept")}),
    )


class SignInLogAdmin(ReadOnlySignInRecords, AccessLogAdmin):
    pass


class SignInFailureAdmin(ReadOnlySignInRecords, AccessFailureLogAdmin):
    pass


for model, model_admin in (
    (AccessAttempt, SignInAttemptAdmin),
    (AccessLog, SignInLogAdmin),
    (AccessFailureLog, SignInFailureAdmin),
):
    if admin.site.is_registered(model):  # only where axes registered its own (AXES_ENABLE_ADMIN)
        admin.site.unregister(model)
        admin.site.register(model, model_admin)
