"""The map page and how every change to a draft is applied, in one place so each form behaves the same.

Each change posts the map version it was made against; without JavaScript every form still works by
posting and coming back to the map."""

import functools
import hashlib
from collections.abc import Callable
from typing import Any, NoReturn

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from casemap.accounts.models import User
from casemap.cases.known_people import known_people
from casemap.cases.models import MemberRole
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import (
    OUT_OF_DATE_MESSAGE,
    StaleEditError,
    posted_version,
    show_after_stale_save,
    stale_edit_message,
)
from casemap.core.links import link_for_each
from casemap.core.people_choice import PeopleOnDemand
from casemap.mapping.forms import (
    ItemForm,
    JudgementForm,
    MapDetailsForm,
    NextStepForm,
    ParticipantForm,
    RemapForm,
)
from casemap.mapping.models import ItemCategory, Map, MapStatus
from casemap.mapping.selectors import can_edit_map, case_maps_in_brief, get_map_for_user, map_actions
from casemap.mapping.snapshot import map_data
from casemap.people.models import Person, full_name

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


def children_choices(map_: Map) -> Any:
    return Person.objects.filter(case_memberships__case=map_.case, case_memberships__role=MemberRole.CHILD)


def people_known(request: HttpRequest, map_: Map) -> PeopleOnDemand:
    """Who the forms that ask who offer: the signed-in worker first, then the people on the map's case; read when
    a form is shown or names someone from the list."""
    return PeopleOnDemand(lambda: known_people(case=map_.case, user=request_user(request)))


def person_on_case(map_: Map, person_id: int | None) -> Person | None:
    """The person a form's choice names, when they are on the map's case."""
    if person_id is None:
        return None
    return Person.objects.filter(pk=person_id, case_memberships__case_id=map_.case_id).first()


def pair_choices(map_: Map) -> list[tuple[str, str]]:
    label = map_.variant.danger_statement_label
    return [(str(s.pk), f"{label} {i + 1}") for i, s in enumerate(map_.danger_statements.all())]


def map_context(request: HttpRequest, map_: Map, **forms: Any) -> dict[str, Any]:
    user = request_user(request)
    maps_on_case = case_maps_in_brief(case=map_.case)
    actions = map_actions(user, map_, maps_on_case=maps_on_case)
    editable = actions.editable
    draft = next((m for m in maps_on_case if m.status == MapStatus.DRAFT and m.pk != map_.pk), None)
    # The map was read for this page with its case, variant and people (`get_map_for_user`, or read again after a
    # refused change): what is on a draft is read into it once, for the page and its forms.
    data = map_data(map_, read_afresh=False)
    context: dict[str, Any] = {
        "map": map_,
        "data": data,
        "editable": editable,
        "can_remap": actions.can_remap,
        "can_finish_steps": actions.can_finish_steps,
        # Finishing a step changes the step, not a signed map: its done date and version are read as they are now.
        "next_steps_now": {step.pk: step for step in map_.next_steps.all()},
        "draft_map": draft,
        "categories": {c["key"]: c for c in data["categories"]},
        "columns": COLUMNS,
        "other_maps": [m for m in maps_on_case if m.pk != map_.pk and not m.is_draft],
    }
    if editable:
        version = map_.version
        children = [child.pk for child in map_.children.all()]
        # The form's key needs their names alone; the form itself reads the children only when it is rendered.
        offered = [
            (pk, full_name(first_name, last_name))
            for pk, first_name, last_name in children_choices(map_).values_list("pk", "first_name", "last_name")
        ]
        pairs = pair_choices(map_)
        people = people_known(request, map_)
        # The people offered, by name, are part of what the forms that ask who show.
        people_key = tuple((person.key, person.label) for person in people)
        context.update(
            details_form=forms.get("details_form")
            or blank_form_html(
                # The children offered, by name, are part of what the form shows.
                ("details", map_.setting, map_.held_on, tuple(children), tuple(offered)),
                lambda placeholder: MapDetailsForm(
                    initial={
                        "version": placeholder,
                        "setting": map_.setting,
                        "held_on": map_.held_on,
                        "children": children,
                    },
                    children=children_choices(map_),
                    prefix="details",
                ),
                version,
            ),
            participant_form=forms.get("participant_form")
            or blank_form_html(
                ("participant", people_key),
                lambda placeholder: ParticipantForm(
                    initial={"version": placeholder}, people=people, prefix="participant"
                ),
                version,
            ),
            judgement_form=forms.get("judgement_form")
            or blank_form_html(
                ("score", tuple(pairs), people_key),
                lambda placeholder: JudgementForm(
                    initial={"version": placeholder, "scale": "overall"}, pairs=pairs, people=people, prefix="score"
                ),
                version,
            ),
            next_step_form=forms.get("next_step_form")
            or blank_form_html(
                ("step", people_key),
                lambda placeholder: NextStepForm(initial={"version": placeholder}, people=people, prefix="step"),
                version,
            ),
            item_forms={
                key: forms.get(f"item_form_{key}")
                or blank_form_html(
                    ("item", key, people_key),
                    lambda placeholder, key=key: ItemForm(
                        initial={"version": placeholder, "category": key}, people=people, prefix=key
                    ),
                    version,
                )
                for key in ItemCategory.values
            },
        )
        context["pair_hints"] = pair_hints(data)
        context.update(row_urls(map_, data))
    if context["can_remap"]:
        context["remap_form"] = forms.get("remap_form") or RemapForm(prefix="remap")
    return context


def pair_hints(data: dict[str, Any]) -> dict[str, Any]:
    """The coach's suggestions on each saved statement and goal of a draft, shown after saving too."""
    from casemap.core import plain_language

    names = tuple(data["children"])
    hints: dict[str, Any] = {"count": plain_language.pair_count_hints(len(data["pairs"])), "pairs": {}}
    for pair in data["pairs"]:
        hints["pairs"][pair["id"]] = list(
            _statement_and_goal_hints(pair["danger_statement"], pair["safety_goal"], names)
        )
    return hints


@functools.lru_cache(maxsize=1024)
def _statement_and_goal_hints(statement: str, goal: str, names: tuple[str, ...]) -> tuple[Any, ...]:
    """The hints follow from the words alone, and the jargon check costs a few ms a text, while a draft's page
    is shown again after every change to it: check the same words once. Hints are frozen, so sharing is safe."""
    from casemap.core import plain_language

    return tuple(
        plain_language.jargon_hints(statement)
        + plain_language.danger_statement_hints(statement, child_names=list(names))
        + plain_language.jargon_hints(goal)
        + plain_language.safety_goal_hints(goal, child_names=list(names))
    )


def row_urls(map_: Map, data: dict[str, Any]) -> dict[str, dict[int, str]]:
    """The change and remove links of each item and score on a draft, from one reverse() per kind of link, not
    one per row: reverse() costs about 0.1 ms, and a map of 100 items and 50 scores has 250 of these links."""

    item_edit, item_remove, judgement_remove = (
        link_for_each(f"mapping:{name}", map_.pk) for name in ("item-edit", "item-remove", "judgement-remove")
    )
    items = [item["id"] for category in data["categories"] for item in category["items"]]
    judgements = [j["id"] for j in data["overall_judgements"]] + [
        j["id"] for pair in data["pairs"] for j in pair["judgements"]
    ]
    return {
        "item_edit_urls": {pk: item_edit(pk) for pk in items},
        "item_remove_urls": {pk: item_remove(pk) for pk in items},
        "judgement_remove_urls": {pk: judgement_remove(pk) for pk in judgements},
    }


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
            show_after_stale_save(form, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.headers.get("X-Casemap-Autosave"):
                map_.refresh_from_db()
                return JsonResponse({"version": map_.version, "saved": True})
            return HttpResponseRedirect(map_url(map_, anchor))
    if request.headers.get("X-Casemap-Autosave"):
        return autosave_refused(form)
    map_.refresh_from_db()
    return render_map(request, map_, status=400, **{form_name: form})


def autosave_refused(form: Any) -> JsonResponse:
    """An autosave that was refused, with the form's messages for the page to read out: each says which answer
    it is about, so no field name is added."""
    problems = [str(error) for error in form.non_field_errors()] + [
        str(errors[0]) for name, errors in form.errors.items() if name != NON_FIELD_ERRORS
    ]
    return JsonResponse({"saved": False, "errors": problems}, status=409)


def apply_removal(request: HttpRequest, map_: Map, remove: Callable[[int], None], anchor: str) -> HttpResponse:
    """Remove something from a draft with the version the page showed; a refusal is explained on the map."""
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(map_url(map_, anchor))
    try:
        remove(version)
    except StaleEditError as error:
        messages.error(request, stale_edit_message(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(map_url(map_, anchor))


# A number no map reaches: blank forms are rendered once with it in their version field, and the map's real
# version is put in its place on each page.
VERSION_PLACEHOLDER = 987_654_321


def blank_form_html(key: tuple[Any, ...], build: Callable[[int], Any], version: int) -> SafeString:
    """The HTML of a blank form on the draft map page, rendered once and kept.

    A draft page carries nine forms, and rendering them field by field is a fixed cost of every view of every
    draft, while a blank form's HTML depends only on what it offers (the key), never on the map's content.
    Forms with errors are never kept: they come in bound, and are rendered as they are.
    """
    cache_key = "casemap:blank-map-form:" + hashlib.sha256(repr(key).encode()).hexdigest()
    html: str | None = cache.get(cache_key)
    if html is None:
        html = str(build(VERSION_PLACEHOLDER))
        cache.set(cache_key, html, timeout=24 * 60 * 60)
    return mark_safe(html.replace(f'value="{VERSION_PLACEHOLDER}"', f'value="{version}"'))  # noqa: S308
