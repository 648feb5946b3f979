"""What goes on a map: items, scales and next steps."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import (
    OUT_OF_DATE_MESSAGE,
    StaleEditError,
    posted_version,
    show_after_stale_save,
    stale_edit_message,
)
from casemap.mapping import services
from casemap.mapping.forms import (
    ItemForm,
    JudgementForm,
    NextStepForm,
)
from casemap.mapping.models import DangerStatement, ItemCategory, MapItem, NextStep, ScalingJudgement
from casemap.mapping.selectors import get_map_for_user, map_actions
from casemap.mapping.views.map_page import (
    apply_change,
    apply_removal,
    autosave_refused,
    editable_map,
    map_not_found,
    map_url,
    pair_choices,
    people_known,
    person_on_case,
    posted_or_kept,
    request_user,
)


@require_http_methods(["GET", "POST"])
def item_add(request: HttpRequest, map_id: int, category: str) -> HttpResponse:
    map_ = editable_map(request, map_id)
    if category not in ItemCategory.values:
        map_not_found()
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(map_url(map_))
    form = ItemForm(kept, people=people_known(request, map_), prefix=category)
    return apply_change(
        request,
        map_,
        form,
        lambda data: services.item_save(
            acting_user=request_user(request),
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
    map_ = editable_map(request, map_id)
    item = MapItem.objects.filter(map=map_, pk=item_id).first() or map_not_found()
    kept = restore_kept_draft(request)
    people = people_known(request, map_)
    if request.method == "POST" or kept is not None:
        form = ItemForm(request.POST if request.method == "POST" else kept, people=people)
        if request.method == "POST" and form.is_valid():
            try:
                services.item_save(
                    acting_user=request_user(request),
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
                show_after_stale_save(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.headers.get("X-Casemap-Autosave"):
                    map_.refresh_from_db()
                    return JsonResponse({"version": map_.version, "saved": True})
                return HttpResponseRedirect(map_url(map_, item.category))
        if request.headers.get("X-Casemap-Autosave"):
            return autosave_refused(form)
    else:
        form = ItemForm(
            people=people,
            initial={
                "version": map_.version,
                "category": item.category,
                "text": item.text,
                "said_by": item.said_by,
                "noted_on": item.noted_on,
                "evidence": item.evidence,
                "disputed_by": item.disputed_by,
            },
        )
    return render(request, "mapping/item_edit.html", {"form": form, "map": map_, "item": item})


@require_POST
def item_remove(request: HttpRequest, map_id: int, item_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    item = MapItem.objects.filter(map=map_, pk=item_id).first() or map_not_found()
    return apply_removal(
        request,
        map_,
        lambda version: services.item_remove(
            acting_user=request_user(request), map_=map_, expected_version=version, item=item, request=request
        ),
        item.category,
    )


@require_http_methods(["GET", "POST"])
def judgement_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(map_url(map_))
    form = JudgementForm(kept, pairs=pair_choices(map_), people=people_known(request, map_), prefix="score")

    def change(data: dict[str, Any]) -> None:
        statement = None if data["scale"] == "overall" else DangerStatement.objects.get(map=map_, pk=int(data["scale"]))
        services.judgement_add(
            rater_person=person_on_case(map_, form.chosen_person_id("rater_name")),
            acting_user=request_user(request),
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

    return apply_change(request, map_, form, change, "scaling", "judgement_form")


@require_POST
def judgement_remove(request: HttpRequest, map_id: int, judgement_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    judgement = ScalingJudgement.objects.filter(map=map_, pk=judgement_id).first() or map_not_found()
    return apply_removal(
        request,
        map_,
        lambda version: services.judgement_remove(
            acting_user=request_user(request), map_=map_, expected_version=version, judgement=judgement, request=request
        ),
        "scaling",
    )


@require_http_methods(["GET", "POST"])
def next_step_add(request: HttpRequest, map_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    kept = posted_or_kept(request)
    if kept is None:
        return HttpResponseRedirect(map_url(map_))
    form = NextStepForm(kept, people=people_known(request, map_), prefix="step")

    def change(data: dict[str, Any]) -> None:
        # A step the worker chose themselves for is theirs: it is listed on their caseload when overdue.
        chosen = form.chosen("owner_name")
        owner = request_user(request) if chosen is not None and chosen.key == "you" else None
        services.next_step_add(
            acting_user=request_user(request),
            map_=map_,
            expected_version=data["version"],
            action=data["action"],
            owner_name=data["owner_name"],
            due_on=data["due_on"],
            owner_user=owner,
            request=request,
        )

    return apply_change(request, map_, form, change, "next_steps", "next_step_form")


@require_POST
def next_step_done(request: HttpRequest, map_id: int, step_id: int) -> HttpResponse:
    user = request_user(request)
    map_ = get_map_for_user(user, map_id)
    step = NextStep.objects.filter(map=map_, pk=step_id).first() or map_not_found()
    if not map_actions(user, map_).can_finish_steps:
        map_not_found()
    # Back to the caseload when done from its list of overdue steps; anywhere else only by way of the map.
    caseload = reverse("cases:my-caseload")
    back = caseload if request.POST.get("back") == caseload else map_url(map_, "next_steps")
    version = posted_version(request.POST)
    if version is None:
        messages.error(request, OUT_OF_DATE_MESSAGE)
        return HttpResponseRedirect(back)
    try:
        services.next_step_mark_done(
            acting_user=user, next_step=step, done_on=timezone.localdate(), expected_version=version, request=request
        )
    except StaleEditError as error:
        messages.error(request, stale_edit_message(error))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Next step marked as done")
    return HttpResponseRedirect(back)
