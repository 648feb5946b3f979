"""Audit pages: starting an audit, the auditor's form with the record's practice facts beside it, the
practitioner's own scores, actions, the safeguarding interrupt, completing, moderating and the manager's reply.

Every page reads the audit through the access policy (404 for anyone else) and logs the view."""

import random
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.access.policy import get_audit_for_user, get_case_for_user
from casemap.accounts.models import Role, User
from casemap.cases.selectors import case_children
from casemap.core.forms import StaleEditError, VersionForm, show_refusal
from casemap.people.models import Person
from casemap.quality.forms_audits import (
    AcknowledgeForm,
    ActionDoneForm,
    ActionForm,
    AuditForm,
    ModerationForm,
    ModeratorForm,
    ReplyForm,
    SelfScoreForm,
    StartAuditForm,
)
from casemap.quality.models import (
    Audit,
    AuditAction,
    AuditSettings,
    AuditTool,
    InadequateResponse,
    Moderation,
    SampledCase,
    score_label,
)
from casemap.quality.selectors import child_practice_fidelity
from casemap.quality.services.audits import (
    AUDITOR_ROLES,
    CriterionEntry,
    FamilyView,
    action_owners,
    audit_action_add,
    audit_action_done,
    audit_complete,
    audit_save,
    audit_self_score,
    audit_start,
    audit_viewed,
    criteria_of,
    family_on_case,
    inadequate_reply,
    may_acknowledge_concern,
    moderation_assign,
    moderation_record,
    moderators_for,
    reaudit_start,
    safeguarding_acknowledge,
)
from casemap.quality.views.home import refuse_outside_audit

# Completion draws moderation at random; a module-level source so tests can seed it.
moderation_draw = random.SystemRandom()


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    refuse_outside_audit(user)
    return user


def _audit(request: HttpRequest, audit_id: int) -> tuple[User, Audit]:
    user = _user(request)
    return user, get_audit_for_user(user, audit_id)


def _to_audit(audit: Audit) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("quality:audit", args=[audit.pk]))


def _published_tools() -> QuerySet[AuditTool]:
    return AuditTool.objects.filter(versions__published_at__isnull=False).distinct().order_by("name")


@require_http_methods(["GET", "POST"])
def audit_start_view(request: HttpRequest, case_id: int) -> HttpResponse:
    """An audit of a case the user may see, outside a sample: a closure audit, for example. Re-audits start from
    the practice lead's list (`reaudit_start_view`)."""
    user = _user(request)
    if user.role not in AUDITOR_ROLES:
        raise Http404("Audits are done by practice leads and managers")
    case = get_case_for_user(user, case_id)
    initial = {"tool": request.GET.get("tool")} if request.GET.get("tool", "").isdigit() else {}
    form = StartAuditForm(request.POST if request.method == "POST" else None, tools=_published_tools(), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            audit = audit_start(acting_user=user, case=case, tool=form.cleaned_data["tool"], request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Audit started")
            return HttpResponseRedirect(reverse("quality:audit-edit", args=[audit.pk]))
    context = {
        "form": form,
        "heading": "Start an audit",
        "caption": case.family_name,
        "button": "Start the audit",
        "back_url": reverse("cases:detail", args=[case.pk]),
    }
    return render(request, "quality/form_page.html", context)


@require_POST
def sampled_case_start(request: HttpRequest, sampled_case_id: int) -> HttpResponse:
    user = _user(request)
    sampled = (
        SampledCase.objects.select_related("draw__programme__tool", "case")
        .filter(pk=sampled_case_id, auditor=user)
        .first()
    )
    if sampled is None:
        raise Http404("No sampled case found")
    existing = Audit.objects.filter(sampled_case=sampled).first()
    if existing is not None:
        return HttpResponseRedirect(reverse("quality:audit-edit", args=[existing.pk]))
    case = get_case_for_user(user, sampled.case_id)
    try:
        audit = audit_start(
            acting_user=user, case=case, tool=sampled.draw.programme.tool, sampled_case=sampled, request=request
        )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return HttpResponseRedirect(reverse("quality:home"))
    messages.success(request, "Audit started")
    return HttpResponseRedirect(reverse("quality:audit-edit", args=[audit.pk]))


def _score_rows(audit: Audit) -> list[dict[str, Any]]:
    scale = audit.tool_version.scale
    moderation = getattr(audit, "moderation", None)
    moderated = {}
    if moderation is not None and moderation.completed_at is not None:
        moderated = {row.criterion_id: row.score for row in moderation.scores.all()}
    rows = []
    for row in audit.scores.select_related("criterion").order_by("criterion__position"):
        rows.append(
            {
                "criterion": row.criterion,
                "score": score_label(scale, row.score),
                "practitioner_score": score_label(scale, row.practitioner_score),
                "moderated_score": score_label(scale, moderated[row.criterion_id])
                if row.criterion_id in moderated
                else "",
                "comment": row.comment,
            }
        )
    return rows


def _detail_context(user: User, audit: Audit) -> dict[str, Any]:
    moderation = Moderation.objects.filter(audit=audit).select_related("moderator").first()
    response = InadequateResponse.objects.filter(audit=audit).select_related("manager").first()
    actions = list(audit.actions.select_related("owner", "done_by"))
    is_auditor = audit.auditor_id == user.pk
    scale = audit.tool_version.scale
    return {
        "audit": audit,
        "case": audit.case,
        "rows": _score_rows(audit),
        "overall": score_label(scale, audit.overall_judgement),
        "moderation": moderation,
        "moderated_overall": score_label(scale, moderation.overall_judgement) if moderation else "",
        "response": response,
        "actions": actions,
        "is_auditor": is_auditor,
        "is_practitioner": audit.practitioner_id == user.pk,
        "may_edit": is_auditor and not audit.is_completed,
        "may_acknowledge": may_acknowledge_concern(user, audit),
        "may_reply": response is not None and response.replied_at is None and response.manager_id == user.pk,
        "may_assign_moderator": moderation is not None
        and moderation.completed_at is None
        and user.role == Role.PRACTICE_LEAD
        and user.pk != audit.auditor_id,
        "may_moderate": moderation is not None
        and moderation.completed_at is None
        and moderation.moderator_id == user.pk,
        "complete_form": VersionForm(initial={"version": audit.version}),
        "user_id": user.pk,
        "access_days": AuditSettings.current().access_days_after_completion if is_auditor else None,
    }


def audit_detail(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    audit_viewed(acting_user=user, audit=audit, request=request)
    return render(request, "quality/audit_detail.html", _detail_context(user, audit))


def _fidelity(user: User, audit: Audit) -> list[tuple[Person, Any]]:
    return [(child, child_practice_fidelity(user=user, child=child)) for child in case_children(audit.case)]


def _initial(audit: Audit) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "version": audit.version,
        "practitioner_participation": audit.practitioner_participation,
        "family_contact_person": audit.family_contact_person_id,
        "family_contact_method": audit.family_contact_method,
        "family_contacted_on": audit.family_contacted_on,
        "family_contact_outcome": audit.family_contact_outcome,
        "family_words": audit.family_words,
        "strengths": audit.strengths,
        "learning": audit.learning,
        "overall_judgement": audit.overall_judgement,
        "safeguarding_concern": audit.safeguarding_concern,
        "safeguarding_detail": audit.safeguarding_detail,
    }
    for row in audit.scores.all():
        initial[f"score_{row.criterion_id}"] = row.score
        initial[f"comment_{row.criterion_id}"] = row.comment
    return initial


@require_http_methods(["GET", "POST"])
def audit_edit(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    if audit.auditor_id != user.pk or audit.is_completed:
        raise Http404("Only the auditor changes an audit in progress")
    criteria = criteria_of(audit)
    family = Person.objects.filter(pk__in=[person.pk for person in family_on_case(audit.case)]).order_by(
        "last_name", "first_name", "pk"
    )
    form = AuditForm(
        request.POST if request.method == "POST" else None,
        tool_version=audit.tool_version,
        criteria=criteria,
        family=family,
        initial=_initial(audit),
    )
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        try:
            audit_save(
                acting_user=user,
                audit=audit,
                expected_version=cleaned["version"],
                entries={
                    c.pk: CriterionEntry(score=cleaned[f"score_{c.pk}"], comment=cleaned[f"comment_{c.pk}"])
                    for c in criteria
                },
                participation=cleaned["practitioner_participation"],
                family=FamilyView(
                    person=cleaned["family_contact_person"],
                    method=cleaned["family_contact_method"],
                    contacted_on=cleaned["family_contacted_on"],
                    outcome=cleaned["family_contact_outcome"],
                    words=cleaned["family_words"],
                ),
                strengths=cleaned["strengths"],
                learning=cleaned["learning"],
                overall_judgement=cleaned.get("overall_judgement"),
                safeguarding_concern=cleaned["safeguarding_concern"],
                safeguarding_detail=cleaned["safeguarding_detail"],
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            if cleaned["safeguarding_concern"] and not audit.safeguarding_concern:
                messages.warning(request, "The team manager has been told about the safeguarding concern. Audit saved.")
            else:
                messages.success(request, "Audit saved")
            return _to_audit(audit)
    else:
        audit_viewed(acting_user=user, audit=audit, request=request)
    self_scores = {row.criterion_id: row.practitioner_score for row in audit.scores.all()}
    context = {
        "form": form,
        "audit": audit,
        "case": audit.case,
        "fidelity": _fidelity(user, audit),
        "self_scores": {
            cid: score_label(audit.tool_version.scale, value) for cid, value in self_scores.items() if value is not None
        },
    }
    return render(request, "quality/audit_form.html", context)


@require_http_methods(["GET", "POST"])
def audit_self_score_view(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    if audit.practitioner_id != user.pk or audit.is_completed:
        raise Http404("Only the practitioner gives their own scores, while the audit is in progress")
    criteria = criteria_of(audit)
    initial: dict[str, Any] = {"version": audit.version}
    initial.update({f"score_{row.criterion_id}": row.practitioner_score for row in audit.scores.all()})
    form = SelfScoreForm(
        request.POST if request.method == "POST" else None,
        tool_version=audit.tool_version,
        criteria=criteria,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit_self_score(
                acting_user=user,
                audit=audit,
                expected_version=form.cleaned_data["version"],
                scores={c.pk: form.cleaned_data[f"score_{c.pk}"] for c in criteria},
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Your own scores are saved beside the auditor's")
            return _to_audit(audit)
    else:
        audit_viewed(acting_user=user, audit=audit, request=request)
    return render(request, "quality/self_score.html", {"form": form, "audit": audit, "case": audit.case})


@require_http_methods(["GET", "POST"])
def audit_action_new(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    if audit.auditor_id != user.pk:
        raise Http404("Only the auditor adds actions")
    owners = User.objects.filter(pk__in=[owner.pk for owner in action_owners(audit)]).order_by(
        "first_name", "last_name", "pk"
    )
    form = ActionForm(request.POST if request.method == "POST" else None, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            audit_action_add(
                acting_user=user,
                audit=audit,
                description=form.cleaned_data["description"],
                owner=form.cleaned_data["owner"],
                due_on=form.cleaned_data["due_on"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Action added. It is on its owner's caseload until done.")
            return _to_audit(audit)
    context = {
        "form": form,
        "heading": "Add an action",
        "caption": f"Audit of {audit.case.family_name}",
        "button": "Add the action",
        "back_url": reverse("quality:audit", args=[audit.pk]),
    }
    return render(request, "quality/form_page.html", context)


@require_http_methods(["GET", "POST"])
def action_done(request: HttpRequest, action_id: int) -> HttpResponse:
    user = _user(request)
    action = AuditAction.objects.select_related("audit__case").filter(pk=action_id, owner=user).first()
    if action is None:
        raise Http404("No action found")
    form = ActionDoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            audit_action_done(acting_user=user, action=action, note=form.cleaned_data["note"], request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Action marked as done")
            return HttpResponseRedirect(reverse("quality:home"))
    context = {
        "form": form,
        "heading": "Mark the action as done",
        "caption": "Practice audit",
        "intro": action.description,
        "button": "Mark as done",
        "back_url": reverse("quality:home"),
    }
    return render(request, "quality/form_page.html", context)


@require_http_methods(["GET", "POST"])
def audit_acknowledge(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    if not may_acknowledge_concern(user, audit):
        raise Http404("No safeguarding concern waits for you on this audit")
    form = AcknowledgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            safeguarding_acknowledge(
                acting_user=user, audit=audit, response=form.cleaned_data["response"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Safeguarding concern acknowledged. The auditor can now complete the audit.")
            return _to_audit(audit)
    else:
        audit_viewed(acting_user=user, audit=audit, request=request)
    context = {
        "form": form,
        "heading": "Acknowledge the safeguarding concern",
        "caption": f"Audit of {audit.case.family_name}",
        "intro": audit.safeguarding_detail,
        "button": "Acknowledge the concern",
        "back_url": reverse("quality:audit", args=[audit.pk]),
    }
    return render(request, "quality/form_page.html", context)


@require_POST
def audit_complete_view(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    if audit.auditor_id != user.pk:
        raise Http404("Only the auditor completes the audit")
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            completed = audit_complete(
                acting_user=user,
                audit=audit,
                expected_version=form.cleaned_data["version"],
                rng=moderation_draw,
                request=request,
            )
        except (StaleEditError, ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            moderated = Moderation.objects.filter(audit=completed).exists()
            messages.success(request, "Audit completed" + (". It has been chosen for moderation." if moderated else ""))
            return _to_audit(completed)
    audit.refresh_from_db()
    context = _detail_context(user, audit)
    context["complete_form"] = form
    return render(request, "quality/audit_detail.html", context)


@require_http_methods(["GET", "POST"])
def moderator_choose(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit_for_practice_lead(request, audit_id)
    moderation = Moderation.objects.filter(audit=audit, completed_at__isnull=True).first()
    if moderation is None:
        raise Http404("This audit is not waiting for moderation")
    eligible = User.objects.filter(pk__in=[m.pk for m in moderators_for(audit)]).order_by("first_name", "last_name")
    form = ModeratorForm(
        request.POST if request.method == "POST" else None,
        moderators=eligible,
        initial={"moderator": moderation.moderator_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            moderation_assign(
                acting_user=user, moderation=moderation, moderator=form.cleaned_data["moderator"], request=request
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Moderator chosen. They can now read the case until the moderation is done.")
            return HttpResponseRedirect(reverse("quality:home"))
    context = {
        "form": form,
        "heading": "Choose a moderator",
        "caption": f"Audit of case {audit.case.reference}, {audit.get_status_display().lower()}",
        "intro": f"Chosen for moderation: {moderation.get_reason_display().lower()}.",
        "button": "Choose the moderator",
        "back_url": reverse("quality:home"),
    }
    return render(request, "quality/form_page.html", context)


def _audit_for_practice_lead(request: HttpRequest, audit_id: int) -> tuple[User, Audit]:
    """Practice leads choose moderators for any audit waiting for one, without reading the audit's content."""
    user = _user(request)
    if user.role != Role.PRACTICE_LEAD:
        raise Http404("Only a practice lead chooses moderators")
    audit = Audit.objects.select_related("case", "team").filter(pk=audit_id, archived_at__isnull=True).first()
    if audit is None:
        raise Http404("No audit found")
    return user, audit


@require_http_methods(["GET", "POST"])
def moderation_view(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    moderation = Moderation.objects.filter(audit=audit, moderator=user, completed_at__isnull=True).first()
    if moderation is None:
        raise Http404("This audit does not wait for your moderation")
    criteria = criteria_of(audit)
    form = ModerationForm(
        request.POST if request.method == "POST" else None, tool_version=audit.tool_version, criteria=criteria
    )
    if request.method == "POST" and form.is_valid():
        try:
            moderation_record(
                acting_user=user,
                moderation=moderation,
                scores={c.pk: form.cleaned_data[f"score_{c.pk}"] for c in criteria},
                overall_judgement=form.cleaned_data.get("overall_judgement"),
                comment=form.cleaned_data["comment"],
                request=request,
            )
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Moderation recorded beside the auditor's grades")
            return _to_audit(audit)
    else:
        audit_viewed(acting_user=user, audit=audit, request=request)
    context = _detail_context(user, audit)
    context["form"] = form
    return render(request, "quality/moderation_form.html", context)


@require_http_methods(["GET", "POST"])
def audit_reply(request: HttpRequest, audit_id: int) -> HttpResponse:
    user, audit = _audit(request, audit_id)
    response = InadequateResponse.objects.filter(audit=audit, manager=user, replied_at__isnull=True).first()
    if response is None:
        raise Http404("No reply is waiting from you on this audit")
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            inadequate_reply(acting_user=user, response=response, reply=form.cleaned_data["reply"], request=request)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Reply recorded")
            return _to_audit(audit)
    else:
        audit_viewed(acting_user=user, audit=audit, request=request)
    context = {
        "form": form,
        "heading": "Reply to the audit",
        "caption": f"Audit of {audit.case.family_name}",
        "intro": f"Your reply is due by {response.reply_due_on:%-d %B %Y}. A re-audit is due by "
        f"{response.reaudit_due_on:%-d %B %Y}.",
        "button": "Send the reply",
        "back_url": reverse("quality:audit", args=[audit.pk]),
    }
    return render(request, "quality/form_page.html", context)


@require_POST
def reaudit_start_view(request: HttpRequest, response_id: int) -> HttpResponse:
    user = _user(request)
    if user.role != Role.PRACTICE_LEAD:
        raise Http404("Re-audits are started by practice leads")
    response = InadequateResponse.objects.filter(pk=response_id).first()
    if response is None:
        raise Http404("No re-audit is due")
    try:
        audit = reaudit_start(acting_user=user, response=response, request=request)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return HttpResponseRedirect(reverse("quality:home"))
    messages.success(request, "Re-audit started")
    return HttpResponseRedirect(reverse("quality:audit-edit", args=[audit.pk]))
