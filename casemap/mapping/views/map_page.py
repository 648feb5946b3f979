"""The map page and how every change to a draft is applied, in one place so each form behaves the same.

Each change posts the map version it was made against; without JavaScript every form still works by
posting and coming back to the map."""

from collections.abc import Callable
from typing import Any, NoReturn

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from casemap.access.policy import can_change_person, can_manage_case
from casemap.accounts.models import User
from casemap.cases.models import MemberRole
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, stale_edit_message
from casemap.mapping.forms import (
    ItemForm,
    JudgementForm,
    MapDetailsForm,
    NextStepForm,
    ParticipantForm,
    RemapForm,
)
from casemap.mapping.models import ItemCategory, Map, MapStatus
from casemap.mapping.selectors import can_edit_map, case_maps, get_map_for_user
from casemap.mapping.snapshot import map_snapshot
from casemap.people.models import Person

COLUMNS = [
    ("What are we worried about?", [ItemCategory.HARM, "danger_statements", ItemCategory.COMPLICATING_FACTOR]),
    ("What's working well?", [ItemCategory.EXISTING_STRENGTH, ItemCategory.EXISTING_SAFETY]),
    ("What needs to happen?", ["safety_goals", "next_steps"]),
]


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def map_not_found() -> NoReturn:
    raise Http404("No map found")


def map_url(map_: Map, anchor: str = "") -> str:
    return reverse("mapping:map", args=[map_.pk]) + (f"#{anchor}" if anchor else "")


def editable_map(request: HttpRequest, map_id: int) -> Map:
    map_ = get_map_for_user(request_user(request), map_id)
    if not can_edit_map(request_user(request), map_):
        map_not_found()
    return map_


def map_children(map_: Map) -> list[Person]:
    return [m.person for m in map_.case.memberships.select_related("person") if m.role == MemberRole.CHILD]


def children_choices(map_: Map) -> Any:
    return Person.objects.filter(case_memberships__case=map_.case, case_memberships__role=MemberRole.CHILD)


def pair_choices(map_: Map) -> list[tuple[str, str]]:
    label = map_.variant.danger_statement_label
    return [(str(s.pk), f"{label} {i + 1}") for i, s in enumerate(map_.danger_statements.all())]


def map_context(request: HttpRequest, map_: Map, **forms: Any) -> dict[str, Any]:
    user = request_user(request)
    editable = can_edit_map(user, map_)
    draft = map_.case.maps.filter(status=MapStatus.DRAFT).exclude(pk=map_.pk).first()
    data = map_.snapshot if map_.snapshot and not map_.is_draft else map_snapshot(map_)
    context: dict[str, Any] = {
        "map": map_,
        "data": data,
        "editable": editable,
        "can_sign_off": map_.is_draft and can_manage_case(user, map_.case),
        "can_remap": map_.status == MapStatus.SIGNED_OFF
        and draft is None
        and bool(map_children(map_))
        and can_change_person(user, map_children(map_)[0]),
        "draft_map": draft,
        "categories": {c["key"]: c for c in data["categories"]},
        "columns": COLUMNS,
        "other_maps": [m for m in case_maps(case=map_.case) if m.pk != map_.pk and not m.is_draft],
    }
    if editable:
        version = {"version": map_.version}
        context.update(
            details_form=forms.get("details_form")
            or MapDetailsForm(
                initial={
                    **version,
                    "setting": map_.setting,
                    "held_on": map_.held_on,
                    "children": [child.pk for child in map_.children.all()],
                },
                children=children_choices(map_),
                prefix="details",
            ),
            participant_form=forms.get("participant_form") or ParticipantForm(initial=version, prefix="participant"),
            judgement_form=forms.get("judgement_form")
            or JudgementForm(initial=version, pairs=pair_choices(map_), prefix="score"),
            next_step_form=forms.get("next_step_form") or NextStepForm(initial=version, prefix="step"),
            item_forms={
                key: forms.get(f"item_form_{key}") or ItemForm(initial={**version, "category": key}, prefix=key)
                for key in ItemCategory.values
            },
        )
        context["pair_hints"] = pair_hints(data)
    if context["can_remap"]:
        context["remap_form"] = forms.get("remap_form") or RemapForm(prefix="remap")
    return context


def pair_hints(data: dict[str, Any]) -> dict[str, Any]:
    """The coach's suggestions on each saved statement and goal of a draft, shown after saving too."""
    from casemap.core import plain_language

    names = data["children"]
    hints: dict[str, Any] = {"count": plain_language.pair_count_hints(len(data["pairs"])), "pairs": {}}
    for pair in data["pairs"]:
        statement, goal = pair["danger_statement"], pair["safety_goal"]
        hints["pairs"][pair["id"]] = (
            plain_language.jargon_hints(statement)
            + plain_language.danger_statement_hints(statement, child_names=names)
            + plain_language.jargon_hints(goal)
            + plain_language.safety_goal_hints(goal, child_names=names)
        )
    return hints


def render_map(request: HttpRequest, map_: Map, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "mapping/map.html", map_context(request, map_, **forms), status=status)


def posted_or_kept(request: HttpRequest) -> Any:
    """The posted form, or, after an idle time-out, what the user had typed (see casemap/core/drafts.py)."""
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def show_kept(request: HttpRequest, map_: Map, form: Any, form_name: str) -> HttpResponse:
    messages.info(request, "You were signed out while writing. What you typed is shown below: check it and save.")
    form.is_valid()
    return render_map(request, map_, **{form_name: form})


def apply_change(request: HttpRequest, map_: Map, form: Any, change: Any, anchor: str, form_name: str) -> HttpResponse:
    """Run one change to a draft; on any refusal show the map again with the form as the user filled it."""
    if request.method == "GET":
        return show_kept(request, map_, form, form_name)
    if form.is_valid():
        try:
            change(form.cleaned_data)
        except StaleEditError as error:
            form.add_error(None, stale_edit_message(error))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.headers.get("X-Casemap-Autosave"):
                map_.refresh_from_db()
                return JsonResponse({"version": map_.version, "saved": True})
            return HttpResponseRedirect(map_url(map_, anchor))
    if request.headers.get("X-Casemap-Autosave"):
        return JsonResponse(
            {
                "saved": False,
                "errors": [str(e) for e in form.non_field_errors()]
                + [f"{k}: {v[0]}" for k, v in form.errors.items() if k != "__all__"],
            },
            status=409,
        )
    map_.refresh_from_db()
    return render_map(request, map_, status=400, **{form_name: form})


def apply_removal(request: HttpRequest, map_: Map, remove: Callable[[int], None], anchor: str) -> HttpResponse:
    """Remove something from a draft with the version the page showed; a refusal is explained on the map."""
    try:
        remove(int(request.POST.get("version", "0") or 0))
    except StaleEditError as error:
        messages.error(request, stale_edit_message(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(map_url(map_, anchor))
