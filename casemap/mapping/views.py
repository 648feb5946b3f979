"""Map pages. Each change posts the map version it was made against; without JavaScript every form
still works by posting and coming back to the map."""

from typing import Any, NoReturn

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.models import AccessAction
from casemap.access.policy import can_change_person, can_manage_case, get_case_for_user
from casemap.access.services import access_log_append, access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import MemberRole
from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import StaleEditError, stale_edit_message
from casemap.mapping import services
from casemap.mapping.forms import (
    DangerPairForm,
    ItemForm,
    JudgementForm,
    MapDetailsForm,
    NextStepForm,
    ParticipantForm,
    RemapForm,
    StartMapForm,
)
from casemap.mapping.models import DangerStatement, ItemCategory, Map, MapItem, MapStatus, NextStep, ScalingJudgement
from casemap.mapping.selectors import can_edit_map, case_maps, case_trajectory, get_map_for_user
from casemap.mapping.snapshot import map_compare, map_snapshot
from casemap.mapping.statements import compose_danger_statement, compose_safety_goal
from casemap.people.models import Person

COLUMNS = [
    ("What are we worried about?", [ItemCategory.HARM, "danger_statements", ItemCategory.COMPLICATING_FACTOR]),
    ("What's working well?", [ItemCategory.EXISTING_STRENGTH, ItemCategory.EXISTING_SAFETY]),
    ("What needs to happen?", ["safety_goals", "next_steps"]),
]


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _not_found() -> NoReturn:
    raise Http404("No map found")


def _map_url(map_: Map, anchor: str = "") -> str:
    return reverse("mapping:map", args=[map_.pk]) + (f"#{anchor}" if anchor else "")


def _editable(request: HttpRequest, map_id: int) -> Map:
    map_ = get_map_for_user(_user(request), map_id)
    if not can_edit_map(_user(request), map_):
        _not_found()
    return map_


def _children(map_: Map) -> list[Person]:
    return [m.person for m in map_.case.memberships.select_related("person") if m.role == MemberRole.CHILD]


def _children_choices(map_: Map) -> Any:
    return Person.objects.filter(case_memberships__case=map_.case, case_memberships__role=MemberRole.CHILD)


def _pair_choices(map_: Map) -> list[tuple[str, str]]:
    label = map_.variant.danger_statement_label
    return [(str(s.pk), f"{label} {i + 1}") for i, s in enumerate(map_.danger_statements.all())]


def _map_context(request: HttpRequest, map_: Map, **forms: Any) -> dict[str, Any]:
    user = _user(request)
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
        and bool(_children(map_))
        and can_change_person(user, _children(map_)[0]),
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
                children=_children_choices(map_),
                prefix="details",
            ),
            participant_form=forms.get("participant_form") or ParticipantForm(initial=version, prefix="participant"),
            judgement_form=forms.get("judgement_form")
            or JudgementForm(initial=version, pairs=_pair_choices(map_), prefix="score"),
            next_step_form=forms.get("next_step_form") or NextStepForm(initial=version, prefix="step"),
            item_forms={
                key: forms.get(f"item_form_{key}") or ItemForm(initial={**version, "category": key}, prefix=key)
                for key in ItemCategory.values
            },
        )
    if context["can_remap"]:
        context["remap_form"] = forms.get("remap_form") or RemapForm(prefix="remap")
    return context


def _render_map(request: HttpRequest, map_: Map, status: int = 200, **forms: Any) -> HttpResponse:
    return render(request, "mapping/map.html", _map_context(request, map_, **forms), status=status)


@require_http_methods(["GET", "POST"])
def map_new(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    children = [m.person for m in case.memberships.select_related("person") if m.role == MemberRole.CHILD]
    if not case.is_open or not children or not can_change_person(user, children[0]):
        _not_found()
    form = StartMapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            map_ = services.map_start(acting_user=user, case=case, request=request, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return HttpResponseRedirect(_map_url(map_))
    return render(request, "mapping/map_new.html", {"form": form, "case": case})


def map_detail(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(_user(request), map_id)
    access_log_append_each(
        user=_user(request),
        action=AccessAction.VIEW,
        record_type="map",
        record_id=map_.pk,
        people=list(map_.children.all()),
        request=request,
    )
    return _render_map(request, map_)


def _posted_or_kept(request: HttpRequest) -> Any:
    """The posted form, or, after an idle time-out, what the user had typed (see casemap/core/drafts.py)."""
    return request.POST if request.method == "POST" else restore_kept_draft(request)


def _show_kept(request: HttpRequest, map_: Map, form: Any, form_name: str) -> HttpResponse:
    messages.info(request, "You were signed out while writing. What you typed is shown below: check it and save.")
    form.is_valid()
    return _render_map(request, map_, **{form_name: form})


def _apply(request: HttpRequest, map_: Map, form: Any, change: Any, anchor: str, form_name: str) -> HttpResponse:
    """Run one change to a draft; on any refusal show the map again with the form as the user filled it."""
    if request.method == "GET":
        return _show_kept(request, map_, form, form_name)
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
            return HttpResponseRedirect(_map_url(map_, anchor))
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
    return _render_map(request, map_, status=400, **{form_name: form})


@require_http_methods(["GET", "POST"])
def map_details_save(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    kept = _posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_map_url(map_))
    form = MapDetailsForm(kept, children=_children_choices(map_), prefix="details")
    return _apply(
        request,
        map_,
        form,
        lambda data: services.map_update_details(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            setting=data["setting"],
            held_on=data["held_on"],
            children=list(data["children"]),
            request=request,
        ),
        "details",
        "details_form",
    )


@require_http_methods(["GET", "POST"])
def participant_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    kept = _posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_map_url(map_))
    form = ParticipantForm(kept, prefix="participant")
    return _apply(
        request,
        map_,
        form,
        lambda data: services.participant_add(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            name=data["name"],
            role=data["role"],
            request=request,
        ),
        "participants",
        "participant_form",
    )


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, map_id: int, category: str) -> HttpResponse:
    map_ = _editable(request, map_id)
    if category not in ItemCategory.values:
        _not_found()
    kept = _posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_map_url(map_))
    form = ItemForm(kept, prefix=category)
    return _apply(
        request,
        map_,
        form,
        lambda data: services.item_save(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            category=category,
            text=data["text"],
            said_by=data["said_by"],
            noted_on=data["noted_on"],
            evidence=data["evidence"],
            disputed_by=data["disputed_by"],
            request=request,
        ),
        category,
        f"item_form_{category}",
    )


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, map_id: int, item_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    item = MapItem.objects.filter(map=map_, pk=item_id).first() or _not_found()
    kept = restore_kept_draft(request)
    if request.method == "POST" or kept is not None:
        form = ItemForm(request.POST if request.method == "POST" else kept)
        if request.method == "POST" and form.is_valid():
            try:
                services.item_save(
                    acting_user=_user(request),
                    map_=map_,
                    expected_version=form.cleaned_data["version"],
                    item=item,
                    category=item.category,
                    text=form.cleaned_data["text"],
                    said_by=form.cleaned_data["said_by"],
                    noted_on=form.cleaned_data["noted_on"],
                    evidence=form.cleaned_data["evidence"],
                    disputed_by=form.cleaned_data["disputed_by"],
                    request=request,
                )
            except StaleEditError as error:
                form.add_error(None, stale_edit_message(error))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.headers.get("X-Casemap-Autosave"):
                    map_.refresh_from_db()
                    return JsonResponse({"version": map_.version, "saved": True})
                return HttpResponseRedirect(_map_url(map_, item.category))
        if request.headers.get("X-Casemap-Autosave"):
            return JsonResponse({"saved": False, "errors": [str(e) for e in form.non_field_errors()]}, status=409)
    else:
        form = ItemForm(
            initial={
                "version": map_.version,
                "category": item.category,
                "text": item.text,
                "said_by": item.said_by,
                "noted_on": item.noted_on,
                "evidence": item.evidence,
                "disputed_by": item.disputed_by,
            }
        )
    return render(request, "mapping/item_edit.html", {"form": form, "map": map_, "item": item})


@require_POST
def item_remove(request: HttpRequest, map_id: int, item_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    item = MapItem.objects.filter(map=map_, pk=item_id).first() or _not_found()
    form = ItemForm({"version": request.POST.get("version"), "category": item.category, "text": item.text})
    return _apply(
        request,
        map_,
        form,
        lambda data: services.item_remove(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            item=item,
            request=request,
        ),
        item.category,
        f"item_form_{item.category}",
    )


def _pair_initial(statement: DangerStatement | None, map_: Map) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": map_.version}
    if statement is not None:
        for name in (
            "who_is_worried",
            "behaviour",
            "what_happened",
            "short_term_impact",
            "long_term_impact",
            "statement",
            "family_view",
        ):
            initial[name] = getattr(statement, name)
        goal = getattr(statement, "goal", None)
        if goal is not None:
            for name in (
                "parents_will",
                "child_will_experience",
                "professionals_will_see",
                "sustained_for",
                "family_version",
            ):
                initial[name] = getattr(goal, name)
            initial["goal_statement"] = goal.statement
    return initial


@require_http_methods(["GET", "POST"])
def danger_pair_edit(request: HttpRequest, map_id: int, statement_id: int | None = None) -> HttpResponse:
    map_ = _editable(request, map_id)
    statement = None
    if statement_id is not None:
        statement = (
            DangerStatement.objects.filter(map=map_, pk=statement_id).select_related("goal").first() or _not_found()
        )
    names = [child.first_name for child in map_.children.all()]
    form = DangerPairForm(request.POST or restore_kept_draft(request), initial=_pair_initial(statement, map_))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        composing = "compose" in request.POST
        if composing or not data["statement"].strip():
            data["statement"] = compose_danger_statement(
                who_is_worried=data["who_is_worried"],
                behaviour=data["behaviour"],
                what_happened=data["what_happened"],
                short_term_impact=data["short_term_impact"],
                long_term_impact=data["long_term_impact"],
                children=names,
            )
        if composing or not data["goal_statement"].strip():
            data["goal_statement"] = compose_safety_goal(
                parents_will=data["parents_will"],
                child_will_experience=data["child_will_experience"],
                professionals_will_see=data["professionals_will_see"],
                sustained_for=data["sustained_for"],
                children=names,
            )
        if composing:
            bound = request.POST.copy()
            bound["statement"], bound["goal_statement"] = data["statement"], data["goal_statement"]
            form = DangerPairForm(bound)
            form.is_valid()
        else:
            try:
                services.danger_pair_save(
                    acting_user=_user(request),
                    map_=map_,
                    expected_version=data["version"],
                    danger_statement=statement,
                    statement_fields={
                        name: data[name]
                        for name in (
                            "who_is_worried",
                            "behaviour",
                            "what_happened",
                            "short_term_impact",
                            "long_term_impact",
                            "statement",
                            "family_view",
                        )
                    },
                    goal_fields={
                        "parents_will": data["parents_will"],
                        "child_will_experience": data["child_will_experience"],
                        "professionals_will_see": data["professionals_will_see"],
                        "sustained_for": data["sustained_for"],
                        "statement": data["goal_statement"],
                        "family_version": data["family_version"],
                    },
                    request=request,
                )
            except StaleEditError as error:
                form.add_error(None, stale_edit_message(error))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.headers.get("X-Casemap-Autosave"):
                    map_.refresh_from_db()
                    return JsonResponse({"version": map_.version, "saved": True})
                messages.success(
                    request, f"{map_.variant.danger_statement_label} and {map_.variant.safety_goal_label.lower()} saved"
                )
                return HttpResponseRedirect(_map_url(map_, "danger_statements"))
    if request.method == "POST" and request.headers.get("X-Casemap-Autosave"):
        problems = [str(e) for e in form.non_field_errors()] + [
            str(e[0]) for k, e in form.errors.items() if k != "__all__"
        ]
        return JsonResponse({"saved": False, "errors": problems}, status=409)
    hints = coach_hints_for_pair(form, names, map_.danger_statements.count() + (0 if statement else 1))
    return render(
        request,
        "mapping/danger_pair_form.html",
        {"form": form, "map": map_, "statement": statement, "hints": hints, "variant": map_.variant},
    )


def coach_hints_for_pair(form: DangerPairForm, names: list[str], pairs: int) -> dict[str, Any]:
    """Hints beside the statements: never a reason to refuse the save."""
    from casemap.core import plain_language

    data = form.data if form.is_bound else form.initial
    statement = str(data.get("statement") or "")
    goal = str(data.get("goal_statement") or "")
    return {
        "statement": plain_language.jargon_hints(statement)
        + plain_language.danger_statement_hints(statement, child_names=names)
        if statement.strip()
        else [],
        "goal": plain_language.jargon_hints(goal) + plain_language.safety_goal_hints(goal, child_names=names)
        if goal.strip()
        else [],
        "pairs": plain_language.pair_count_hints(pairs),
        "statement_readability": plain_language.readability(statement) if statement.strip() else None,
        "goal_readability": plain_language.readability(goal) if goal.strip() else None,
    }


@require_POST
def coach(request: HttpRequest, map_id: int) -> HttpResponse:
    """htmx: the hints for the statement being typed."""
    map_ = _editable(request, map_id)
    names = [child.first_name for child in map_.children.all()]
    form = DangerPairForm(request.POST)
    new_pair = 0 if request.POST.get("editing_pair") else 1
    hints = coach_hints_for_pair(form, names, map_.danger_statements.count() + new_pair)
    return render(request, "mapping/_coach_hints.html", {"hints": hints})


@require_POST
def danger_pair_remove(request: HttpRequest, map_id: int, statement_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    statement = DangerStatement.objects.filter(map=map_, pk=statement_id).first() or _not_found()
    try:
        services.danger_pair_remove(
            acting_user=_user(request),
            map_=map_,
            expected_version=int(request.POST.get("version", "0") or 0),
            danger_statement=statement,
            request=request,
        )
    except (StaleEditError, ValidationError) as error:
        messages.error(request, stale_edit_message(error) if isinstance(error, StaleEditError) else str(error))
    return HttpResponseRedirect(_map_url(map_, "danger_statements"))


@require_http_methods(["GET", "POST"])
def judgement_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    kept = _posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_map_url(map_))
    form = JudgementForm(kept, pairs=_pair_choices(map_), prefix="score")

    def change(data: dict[str, Any]) -> None:
        statement = None if data["scale"] == "overall" else DangerStatement.objects.get(map=map_, pk=int(data["scale"]))
        services.judgement_add(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            rater_name=data["rater_name"],
            rater_role=data["rater_role"],
            score=data["score"],
            reason=data["reason"],
            one_point_higher=data["one_point_higher"],
            zero_anchor=data["zero_anchor"],
            ten_anchor=data["ten_anchor"],
            danger_statement=statement,
            request=request,
        )

    return _apply(request, map_, form, change, "scaling", "judgement_form")


@require_POST
def judgement_remove(request: HttpRequest, map_id: int, judgement_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    judgement = ScalingJudgement.objects.filter(map=map_, pk=judgement_id).first() or _not_found()
    try:
        services.judgement_remove(
            acting_user=_user(request),
            map_=map_,
            expected_version=int(request.POST.get("version", "0") or 0),
            judgement=judgement,
            request=request,
        )
    except (StaleEditError, ValidationError) as error:
        messages.error(request, stale_edit_message(error) if isinstance(error, StaleEditError) else str(error))
    return HttpResponseRedirect(_map_url(map_, "scaling"))


@require_http_methods(["GET", "POST"])
def next_step_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = _editable(request, map_id)
    kept = _posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(_map_url(map_))
    form = NextStepForm(kept, prefix="step")

    def change(data: dict[str, Any]) -> None:
        owner = (
            _user(request)
            if data["owner_name"].strip().lower()
            in {_user(request).get_full_name().lower(), _user(request).first_name.lower(), "me"}
            else None
        )
        services.next_step_add(
            acting_user=_user(request),
            map_=map_,
            expected_version=data["version"],
            action=data["action"],
            owner_name=data["owner_name"],
            due_on=data["due_on"],
            owner_user=owner,
            request=request,
        )

    return _apply(request, map_, form, change, "next_steps", "next_step_form")


@require_POST
def next_step_done(request: HttpRequest, map_id: int, step_id: int) -> HttpResponse:
    from django.utils import timezone

    map_ = get_map_for_user(_user(request), map_id)
    step = NextStep.objects.filter(map=map_, pk=step_id).first() or _not_found()
    children = _children(map_)
    if not children or not can_change_person(_user(request), children[0]):
        _not_found()
    services.next_step_mark_done(
        acting_user=_user(request), next_step=step, done_on=timezone.localdate(), request=request
    )
    messages.success(request, "Next step marked as done")
    return HttpResponseRedirect(
        request.POST.get("back")
        if request.POST.get("back") == reverse("cases:my-caseload")
        else _map_url(map_, "next_steps")
    )


@require_POST
def sign_off(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(_user(request), map_id)
    if not can_manage_case(_user(request), map_.case):
        _not_found()
    try:
        services.map_sign_off(
            acting_user=_user(request),
            map_=map_,
            expected_version=int(request.POST.get("version", "0") or 0),
            request=request,
        )
    except StaleEditError as error:
        messages.error(request, stale_edit_message(error))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(request, f"Map {map_.number} signed off")
    return HttpResponseRedirect(_map_url(map_))


@require_POST
def remap(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = get_map_for_user(_user(request), map_id)
    children = _children(map_)
    if not children or not can_change_person(_user(request), children[0]):
        _not_found()
    form = RemapForm(request.POST, prefix="remap")
    if form.is_valid():
        try:
            new = services.map_remap(
                acting_user=_user(request),
                map_=map_,
                held_on=form.cleaned_data["held_on"],
                setting=form.cleaned_data["setting"],
                request=request,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Re-mapping started from map {map_.number}")
            return HttpResponseRedirect(_map_url(new))
    return _render_map(request, map_, status=400, remap_form=form)


def compare(request: HttpRequest, case_id: int) -> HttpResponse:
    user = _user(request)
    case = get_case_for_user(user, case_id)
    maps = {m.pk: m for m in case_maps(case=case)}
    try:
        older, newer = maps[int(request.GET.get("older", ""))], maps[int(request.GET.get("newer", ""))]
    except (KeyError, ValueError):
        return render(request, "mapping/compare_choose.html", {"case": case, "maps": list(maps.values())})
    if older.number > newer.number:
        older, newer = newer, older
    older_data = older.snapshot if older.snapshot and not older.is_draft else map_snapshot(older)
    newer_data = newer.snapshot if newer.snapshot and not newer.is_draft else map_snapshot(newer)
    access_log_append(
        user=user,
        action=AccessAction.VIEW,
        record_type="map_comparison",
        record_id=case.pk,
        detail=f"{older.number} and {newer.number}",
        request=request,
    )
    return render(
        request,
        "mapping/compare.html",
        {
            "case": case,
            "older": older,
            "newer": newer,
            "comparison": map_compare(older_data, newer_data),
            "sides": [older_data, newer_data],
            "maps": list(maps.values()),
        },
    )


def trajectory(request: HttpRequest, case_id: int) -> HttpResponse:
    from casemap.mapping.charts import trajectory_chart

    user = _user(request)
    case = get_case_for_user(user, case_id)
    series = case_trajectory(case=case)
    latest = case_maps(case=case)
    variant = latest[0].variant if latest else services.variant_for_case(case)
    access_log_append(
        user=user, action=AccessAction.VIEW, record_type="map_trajectory", record_id=case.pk, request=request
    )
    return render(
        request,
        "mapping/trajectory.html",
        {"case": case, "series": series, "chart": trajectory_chart(series), "variant": variant},
    )


def map_pdf(request: HttpRequest, map_id: int) -> HttpResponse:
    from casemap.mapping.document import map_document_pdf

    map_ = get_map_for_user(_user(request), map_id)
    pdf = map_document_pdf(map_)
    access_log_append_each(
        people=list(map_.children.all()),
        user=_user(request),
        action=AccessAction.EXPORT,
        record_type="map",
        record_id=map_.pk,
        detail=f"PDF version {map_.version}",
        request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="map-{map_.case_id}-{map_.number}-v{map_.version}.pdf"'
    return response


def map_print(request: HttpRequest, map_id: int) -> HttpResponse:
    from casemap.mapping.document import map_document_html

    map_ = get_map_for_user(_user(request), map_id)
    access_log_append_each(
        user=_user(request),
        action=AccessAction.PRINT,
        record_type="map",
        record_id=map_.pk,
        people=list(map_.children.all()),
        request=request,
    )
    return HttpResponse(map_document_html(map_))
