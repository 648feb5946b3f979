"""Danger statements with their safety goals: the structured questions, composing, and the coach's hints."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from casemap.core.drafts import restore_kept_draft
from casemap.core.forms import LONG_TEXT, StaleEditError, show_after_stale_save
from casemap.mapping import services
from casemap.mapping.forms import (
    DangerPairForm,
)
from casemap.mapping.models import DangerStatement, Map
from casemap.mapping.statements import compose_danger_statement, compose_safety_goal
from casemap.mapping.views.map_page import (
    apply_removal,
    autosave_refused,
    editable_map,
    map_not_found,
    map_url,
    people_known,
    request_user,
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
    map_ = editable_map(request, map_id)
    statement = None
    if statement_id is not None:
        statement = (
            DangerStatement.objects.filter(map=map_, pk=statement_id).select_related("goal").first() or map_not_found()
        )
    names = [child.first_name for child in map_.children.all()]
    people = people_known(request, map_)
    form = DangerPairForm(
        request.POST or restore_kept_draft(request), initial=_pair_initial(statement, map_), people=people
    )
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
            form = DangerPairForm(bound, people=people)
            form.is_valid()
            if not data["statement"] and not data["goal_statement"]:
                form.add_error(None, "Answer at least one of the questions to write the statements from")
        else:
            try:
                services.danger_pair_save(
                    acting_user=request_user(request),
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
                show_after_stale_save(form, error)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.headers.get("X-Casemap-Autosave"):
                    map_.refresh_from_db()
                    return JsonResponse({"version": map_.version, "saved": True})
                messages.success(
                    request, f"{map_.variant.danger_statement_label} and {map_.variant.safety_goal_label.lower()} saved"
                )
                return HttpResponseRedirect(map_url(map_, "danger_statements"))
    if request.method == "POST" and request.headers.get("X-Casemap-Autosave"):
        return autosave_refused(form)
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
    # The coach reads no more than a save would keep, however much is posted to it.
    statement = str(data.get("statement") or "")[:LONG_TEXT]
    goal = str(data.get("goal_statement") or "")[:LONG_TEXT]
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
    map_ = editable_map(request, map_id)
    names = [child.first_name for child in map_.children.all()]
    form = DangerPairForm(request.POST, people=[])  # the coach reads the words only
    new_pair = 0 if request.POST.get("editing_pair") else 1
    hints = coach_hints_for_pair(form, names, map_.danger_statements.count() + new_pair)
    return render(request, "mapping/_coach_hints.html", {"hints": hints})


@require_POST
def danger_pair_remove(request: HttpRequest, map_id: int, statement_id: int) -> HttpResponse:
    map_ = editable_map(request, map_id)
    statement = DangerStatement.objects.filter(map=map_, pk=statement_id).first() or map_not_found()
    return apply_removal(
        request,
        map_,
        lambda version: services.danger_pair_remove(
            acting_user=request_user(request),
            map_=map_,
            expected_version=version,
            danger_statement=statement,
            request=request,
        ),
        "danger_statements",
    )
