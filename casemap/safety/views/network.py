"""Safety network and family tree pages. Each view finds the record through the selectors (404 for anyone who
may not see the case or person), calls one service, and renders; the services decide who may change what,
through the write guard. Forms keep what was typed on errors, and after a stale save carry the current version."""

from typing import Any, NoReturn

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case, get_case_for_user, get_person_for_user
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import OUT_OF_DATE_MESSAGE, posted_version, show_refusal
from casemap.people.models import Person
from casemap.safety.ecomap import EcomapPerson, ecomap_layout
from casemap.safety.forms import DeactivateForm, MemberAddForm, MemberChangeForm
from casemap.safety.genogram import FamilyPerson, family_tree_layout
from casemap.safety.models import SafetyNetworkMember
from casemap.safety.selectors import (
    case_family,
    case_network,
    case_professionals,
    family_tree_data,
    get_network_member_for_user,
    network_candidates,
)
from casemap.safety.services import network as services
from casemap.safety.views.common import REFUSALS, refusal_text

MEMBER_FIELDS = [
    "name",
    "relationship_kind",
    "relationship_text",
    "phone",
    "email",
    "address",
    "roles",
    "told_danger_statements_on",
    "agreed_to_plan_on",
    "notes",
]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found() -> NoReturn:
    raise Http404("No network member found")


def _network_url(case: Case) -> str:
    return reverse("safety:network", args=[case.pk])


def _case_for_form(request: HttpRequest, case_id: int) -> Case:
    """The case, if the user may see it. Its network's forms are offered only to those the policy lets add to
    it; a post goes to the service, which decides."""
    case = get_case_for_user(_user(request), case_id)
    if request.method != "POST" and not can_add_to_case(_user(request), case):
        _not_found()
    return case


def _member_for_form(request: HttpRequest, member_id: int) -> SafetyNetworkMember:
    """The member, if the user may see them; their forms are offered as `_case_for_form` says. Opening a form is a
    view of the children's records, so it goes in the access log."""
    member = get_network_member_for_user(_user(request), member_id)
    if request.method != "POST" and not can_add_to_case(_user(request), member.case):
        _not_found()
    if request.method == "GET":
        children, _adults = case_family(case=member.case)
        access_log_append_each(
            user=_user(request),
            action=AccessAction.VIEW,
            record_type=services.RECORD_TYPE,
            record_id=member.pk,
            people=children or [None],
            request=request,
        )
    return member


def _ecomap(case: Case, members: list[SafetyNetworkMember], professionals: list[Any], children: list[Person]) -> Any:
    active = [m for m in members if m.is_active]
    linked = {m.professional_id for m in active if m.professional_id}
    people = [
        EcomapPerson(m.display_name, m.relationship_label, "network", tuple(m.role_labels), m.has_way_to_reach)
        for m in active
    ] + [
        EcomapPerson(p.name, f"{p.role or 'Professional'}, {p.agency}", "professional")
        for p in professionals
        if p.pk not in linked
    ]
    return ecomap_layout(children=[child.first_name for child in children], people=people)


def network(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    children, _adults = case_family(case=case)
    members = case_network(case=case)
    professionals = case_professionals(case=case)
    access_log_append_each(
        user=user,
        action=AccessAction.VIEW,
        record_type="safety_network",
        record_id=case.pk,
        people=children or [None],
        request=request,
    )
    return render(
        request,
        "safety/network.html",
        {
            "case": case,
            "children": children,
            "members": members,
            "without_contact": [m for m in members if m.is_active and not m.has_way_to_reach],
            "ecomap": _ecomap(case, members, professionals, children),
            "can_change": can_add_to_case(user, case),
        },
    )


@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case_for_form(request, case_id)
    candidates = network_candidates(case=case, user=_user(request))
    form = MemberAddForm(request.POST or restore_kept_draft(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = services.network_member_add(
                acting_user=_user(request),
                case=case,
                person=data["person"],
                professional=data["professional"],
                request=request,
                **{name: data[name] for name in MEMBER_FIELDS},
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{member.display_name} added to the safety network")
            return HttpResponseRedirect(_network_url(case))
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/member_form.html", {"form": form, "case": case}, status=status)


@require_http_methods(["GET", "POST"])
def member_change(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_form(request, member_id)
    initial = {name: getattr(member, name) for name in MEMBER_FIELDS}
    form = MemberChangeForm(request.POST or restore_kept_draft(request), initial=initial, record=member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.network_member_update(
                acting_user=_user(request),
                member=member,
                expected_version=data["version"],
                request=request,
                **{name: data[name] for name in MEMBER_FIELDS},
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{member.display_name}'s details saved")
            return HttpResponseRedirect(_network_url(member.case))
    status = 400 if request.method == "POST" else 200
    return render(
        request, "safety/member_form.html", {"form": form, "case": member.case, "member": member}, status=status
    )


@require_http_methods(["GET", "POST"])
def member_deactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_form(request, member_id)
    if not member.is_active:
        return HttpResponseRedirect(_network_url(member.case))
    form = DeactivateForm(request.POST or restore_kept_draft(request), record=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_member_deactivate(
                acting_user=_user(request),
                member=member,
                expected_version=form.cleaned_data["version"],
                inactive_since=form.cleaned_data["inactive_since"],
                reason=form.cleaned_data["reason"],
                request=request,
            )
        except REFUSALS as error:
            show_refusal(form, error)
        else:
            messages.success(request, f"{member.display_name} is no longer an active member of the safety network")
            return HttpResponseRedirect(_network_url(member.case))
    status = 400 if request.method == "POST" else 200
    return render(request, "safety/member_deactivate.html", {"form": form, "member": member}, status=status)


@require_POST
def member_reactivate(request: HttpRequest, member_id: int) -> HttpResponse:
    member = _member_for_form(request, member_id)
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(_network_url(member.case))
    try:
        services.network_member_reactivate(
            acting_user=_user(request),
            member=member,
            expected_version=version,
            request=request,
        )
    except REFUSALS as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, f"{member.display_name} is an active member of the safety network again")
    return HttpResponseRedirect(_network_url(member.case))


def family_tree(request: HttpRequest, person_id: int) -> HttpResponse:
    user = _user(request)
    person = get_person_for_user(user, person_id)
    people, links = family_tree_data(user=user, person=person)
    focus = FamilyPerson(person.pk, person.full_name, person.first_name, person.sex, person.date_of_birth)
    tree = family_tree_layout(focus=focus, people=people, links=links)
    access_log_append_each(
        user=user,
        action=AccessAction.VIEW,
        record_type="family_tree",
        record_id=person.pk,
        people=[person],
        request=request,
    )
    return render(request, "safety/family_tree.html", {"person": person, "tree": tree})
