from typing import NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.access.policy import (
    can_change_person,
    can_grant_restricted_access,
    can_see_who_viewed,
    get_person_for_user,
)
from casemap.access.services import access_log_append
from casemap.accounts.models import User
from casemap.cases.selectors import person_cases, person_professionals, person_timeline
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, show_after_stale_save
from casemap.people.forms import EditAdultForm, EditChildForm, FamilyMemberWithCheckForm, SearchForm
from casemap.people.selectors import (
    family_details_to_offer,
    other_children_on_open_cases,
    person_family,
    person_possible_duplicates,
    person_search,
)
from casemap.people.services import family_member_add, person_update

RECORD_SECTIONS = [
    ("summary", "Summary"),
    ("family", "Family and network"),
    ("episodes", "Episodes and referrals"),
    ("timeline", "Timeline"),
]
EDITABLE_FIELDS = [
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "expected_birth_date",
    "sex",
    "ethnicity",
    "first_language",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
]
CHILD_ONLY_FIELDS = ["upn", "disabilities"]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@require_http_methods(["GET", "POST"])
def search(request: HttpRequest) -> HttpResponse:
    """Search terms travel in the POST body, never the URL, so they stay out of logs and history."""
    form = SearchForm(request.POST or None)
    results = None
    if request.method == "POST" and form.is_valid():
        results = person_search(
            user=_user(request),
            name=form.cleaned_data["name"],
            date_of_birth=form.cleaned_data["date_of_birth"],
            identifier=form.cleaned_data["identifier"],
        )
        access_log_append(
            user=_user(request),
            action=AccessAction.SEARCH,
            record_type="person",
            detail=f"{len(results)} results",
            request=request,
        )
    return render(request, "people/search.html", {"form": form, "results": results})


def person_detail(request: HttpRequest, person_id: int, section: str = "summary") -> HttpResponse:
    if section not in dict(RECORD_SECTIONS):
        raise_not_found()
    user = _user(request)
    person = get_person_for_user(user, person_id)
    context: dict[str, object] = {
        "person": person,
        "section": section,
        "sections": RECORD_SECTIONS,
        "can_change": can_change_person(user, person),
        "can_see_who_viewed": can_see_who_viewed(user, person),
        "can_grant": can_grant_restricted_access(user, person),
    }
    if section in {"summary", "episodes"}:
        context["cases"] = person_cases(user=user, person=person)
    if section in {"summary", "family"}:
        context["family"] = person_family(user=user, person=person)
    if section == "family":
        context["professionals"] = person_professionals(user=user, person=person)
    if section == "timeline":
        context["timeline"] = person_timeline(user=user, person=person, page_number=request.GET.get("page", 1))
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="person",
        record_id=person.pk,
        person=person,
        detail=section,
        request=request,
    )
    return render(request, f"people/record_{section}.html", context)


def person_print(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = get_person_for_user(user, person_id)
    access_log_append(
        user=user,
        action=AccessAction.PRINT,
        record_type="person",
        record_id=person.pk,
        person=person,
        request=request,
    )
    return render(
        request,
        "people/record_print.html",
        {
            "person": person,
            "cases": person_cases(user=user, person=person),
            "family": person_family(user=user, person=person),
            "timeline": person_timeline(user=user, person=person),
        },
    )


@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = get_person_for_user(user, person_id)
    if not can_change_person(user, person):
        raise_not_found()
    form_class = EditChildForm if person.is_child else EditAdultForm
    fields = EDITABLE_FIELDS + (CHILD_ONLY_FIELDS if person.is_child else [])
    kept = restore_kept_draft(request)
    if request.method == "POST" or kept is not None:
        form = form_class(request.POST if request.method == "POST" else kept)
        if kept is not None and request.method == "GET":
            messages.info(
                request,
                "You were signed out while editing. What you typed is shown below: check it and save.",
            )
        if request.method == "POST" and form.is_valid():
            try:
                person_update(
                    acting_user=user,
                    person=person,
                    expected_version=form.cleaned_data["version"],
                    request=request,
                    **{name: form.cleaned_data[name] for name in fields},
                )
            except StaleEditError as error:
                show_after_stale_save(form, error)
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, str(error) if isinstance(error, PermissionDenied) else error)
            else:
                messages.success(request, f"{person.full_name}'s details have been saved")
                return HttpResponseRedirect(reverse("people:detail", args=[person.pk]))
    else:
        initial = {name: getattr(person, name) for name in fields}
        initial["version"] = person.version
        form = form_class(initial=initial)
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="person",
        record_id=person.pk,
        person=person,
        detail="edit form",
        request=request,
    )
    return render(request, "people/person_edit.html", {"form": form, "person": person})


def raise_not_found() -> NoReturn:
    raise Http404("No record found")


@require_http_methods(["GET", "POST"])
def family_member_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    """Someone new in the person's family: the family's surname and address offered, the other children on the
    family's cases offered (ticked) for the same relationship, and a check for someone already recorded."""
    user = _user(request)
    person = get_person_for_user(user, person_id)
    if not can_change_person(user, person):
        raise_not_found()
    other_children = other_children_on_open_cases(user=user, person=person) if person.is_child else []
    form = FamilyMemberWithCheckForm(
        request.POST or restore_kept_draft(request),
        initial=family_details_to_offer(user=user, person=person),
        other_children=other_children,
    )
    duplicates = []
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        duplicates = person_possible_duplicates(
            user=user,
            first_name=data["first_name"],
            last_name=data["last_name"],
            date_of_birth=data["date_of_birth"],
        )
        if form.confirmed_not_a_duplicate(
            duplicates,
            "Someone with these details may already be recorded. Check the people listed, then confirm "
            "none of them is this person",
        ):
            try:
                relative = family_member_add(
                    acting_user=user,
                    person=person,
                    details={"is_child": data["is_child"], **{name: data[name] for name in EDITABLE_FIELDS}},
                    kind=data["kind"],
                    lives_with=data["lives_with"],
                    has_parental_responsibility=data["has_parental_responsibility"],
                    also_for=list(data.get("also_for") or []),
                    request=request,
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(None, str(error) if isinstance(error, PermissionDenied) else error)
            else:
                messages.success(request, f"{relative.full_name} has been added to {person.first_name}'s family")
                return HttpResponseRedirect(reverse("people:section", args=[person.pk, "family"]))
    context = {
        "form": form,
        "person": person,
        "duplicates": duplicates,
        "open_cases": [case for case in person_cases(user=user, person=person).cases if case.is_open],
    }
    return render(request, "people/family_member_add.html", context)


def person_access_log(request: HttpRequest, person_id: int) -> HttpResponse:
    """Who has looked at this record: for managers in the line."""
    user = _user(request)
    person = get_person_for_user(user, person_id)
    if not can_see_who_viewed(user, person):
        raise_not_found()
    entries = list(AccessLogEntry.objects.filter(person=person).select_related("user").order_by("-at", "-id")[:200])
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="access_log",
        record_id=person.pk,
        person=person,
        request=request,
    )
    return render(request, "people/access_log.html", {"person": person, "entries": entries})
