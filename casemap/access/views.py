"""Restricted records: a service manager restricts a record and decides, by name, who may see it."""

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.forms import GrantForm, RestrictForm
from casemap.access.models import AccessAction, RestrictedAccessGrant
from casemap.access.policy import can_grant_restricted_access, managed_team_ids
from casemap.access.services import access_log_append, restricted_access_grant, restricted_access_revoke
from casemap.accounts.models import User
from casemap.people.models import Person
from casemap.people.services import person_restrict


def _person_for_granting(request: HttpRequest, person_id: int) -> Person:
    """Reached without seeing the record itself: the manager's line must hold the person's case."""
    user: User = request.user  # type: ignore[assignment]
    person = Person.objects.filter(pk=person_id, archived_at__isnull=True).first()
    if person is None or not can_grant_restricted_access(user, person):
        raise Http404("No record found")
    return person


@require_http_methods(["GET", "POST"])
def restrict(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_granting(request, person_id)
    if person.is_restricted:
        return HttpResponseRedirect(reverse("access:grants", args=[person.pk]))
    form = RestrictForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person_restrict(acting_user=request.user, person=person, reason=form.cleaned_data["reason"], request=request)  # type: ignore[arg-type]
        messages.success(request, f"{person.full_name}'s record is now restricted")
        return HttpResponseRedirect(reverse("access:grants", args=[person.pk]))
    return render(request, "access/restrict.html", {"form": form, "person": person})


@require_http_methods(["GET", "POST"])
def grants(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_granting(request, person_id)
    user: User = request.user  # type: ignore[assignment]
    staff = User.objects.filter(team_id__in=managed_team_ids(user), is_active=True).order_by("last_name")
    form = GrantForm(request.POST or None, staff=staff)
    if request.method == "POST" and form.is_valid():
        expires_on: datetime.date | None = form.cleaned_data["expires_on"]
        expires_at = (
            timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max)) if expires_on else None
        )
        restricted_access_grant(
            acting_user=user,
            person=person,
            user=form.cleaned_data["user"],
            reason=form.cleaned_data["reason"],
            expires_at=expires_at,
            request=request,
        )
        messages.success(request, f"{form.cleaned_data['user']} can now see {person.full_name}'s record")
        return HttpResponseRedirect(reverse("access:grants", args=[person.pk]))
    current = list(
        RestrictedAccessGrant.objects.filter(person=person, revoked_at__isnull=True)
        .select_related("user", "granted_by")
        .order_by("-granted_at")
    )
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="access_grants",
        record_id=person.pk,
        person=person,
        request=request,
    )
    return render(
        request, "access/grants.html", {"form": form, "person": person, "grants": current, "now": timezone.now()}
    )


@require_POST
def revoke(request: HttpRequest, person_id: int, grant_id: int) -> HttpResponse:
    person = _person_for_granting(request, person_id)
    grant = RestrictedAccessGrant.objects.filter(pk=grant_id, person=person).first()
    if grant is None:
        raise Http404("No grant found")
    restricted_access_revoke(acting_user=request.user, grant=grant, request=request)  # type: ignore[arg-type]
    messages.success(request, f"{grant.user} can no longer see {person.full_name}'s record")
    return HttpResponseRedirect(reverse("access:grants", args=[person.pk]))
