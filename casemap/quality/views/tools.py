"""Audit tool pages: every auditor reads the tools; practice leads write a new version and publish it."""

import hashlib
import json
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from casemap.accounts.models import Role, User
from casemap.core.forms import LONG_TEXT, SHORT_TEXT, GovukForm, show_refusal
from casemap.quality.models import AuditTool, AuditToolVersion, OfstedGrade, Scale, ToolPurpose
from casemap.quality.services.tools import CriterionText, tool_create, version_draft, version_publish, version_save
from casemap.quality.views.home import refuse_outside_audit

# The anchors a practice lead writes for each criterion: the required ones and, on the 0 to 10 scale, the middle.
ANCHOR_SCORES = {Scale.SIGNS_OF_SAFETY: [0, 5, 10], Scale.OFSTED: [1, 2, 3, 4]}
BLANK_ROWS = 2
CHANGED_MEANWHILE = (
    "Someone else changed this draft while you were editing it. "
    "Your changes have not been saved: check it as it is now."
)


def _user(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    refuse_outside_audit(user)
    return user


def _lead(request: HttpRequest) -> User:
    user = _user(request)
    if user.role != Role.PRACTICE_LEAD:
        raise Http404("Only practice leads write audit tools")
    return user


def tool_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    tools = AuditTool.objects.prefetch_related("versions").order_by("name")
    return render(request, "quality/tool_list.html", {"tools": tools, "may_write": user.role == Role.PRACTICE_LEAD})


def tool_version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _user(request)
    version = AuditToolVersion.objects.select_related("tool", "published_by").filter(pk=version_id).first()
    if version is None:
        raise Http404("No such version")
    context = {
        "version": version,
        "criteria": list(version.criteria.all()),
        "others": version.tool.versions.exclude(pk=version.pk).order_by("-number"),
        "may_write": user.role == Role.PRACTICE_LEAD,
        "draft": version.tool.versions.filter(published_at__isnull=True).first(),
    }
    return render(request, "quality/tool_version.html", context)


class NewToolForm(GovukForm):
    name = forms.CharField(label="Name of the tool", max_length=SHORT_TEXT, error_messages={"required": "Enter a name"})
    purpose = forms.ChoiceField(label="What is it for?", choices=ToolPurpose.choices, widget=forms.RadioSelect)
    scale = forms.ChoiceField(
        label="How is each criterion scored?",
        choices=Scale.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how each criterion is scored"},
    )


@require_http_methods(["GET", "POST"])
def tool_new(request: HttpRequest) -> HttpResponse:
    user = _lead(request)
    form = NewToolForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            version = tool_create(acting_user=user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            return HttpResponseRedirect(reverse("quality:tool-version-edit", args=[version.pk]))
    context = {
        "form": form,
        "heading": "New audit tool",
        "caption": "Audit tools",
        "button": "Continue",
        "back_url": reverse("quality:tools"),
    }
    return render(request, "quality/form_page.html", context)


@require_POST
def tool_new_version(request: HttpRequest, tool_id: int) -> HttpResponse:
    user = _lead(request)
    tool = AuditTool.objects.filter(pk=tool_id).first()
    if tool is None:
        raise Http404("No such tool")
    try:
        draft = version_draft(acting_user=user, tool=tool)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("quality:tools"))
    return HttpResponseRedirect(reverse("quality:tool-version-edit", args=[draft.pk]))


def _fingerprint(version: AuditToolVersion) -> str:
    content = [(c.title, c.guidance, c.anchors) for c in version.criteria.all()]
    content.append(version.has_overall_judgement)  # type: ignore[arg-type]
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:16]


class VersionEditForm(GovukForm):
    edited_from = forms.CharField(widget=forms.HiddenInput)
    has_overall_judgement = forms.BooleanField(label="Ask for an overall judgement", required=False)

    def __init__(self, *args: Any, version: AuditToolVersion, rows: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scores = ANCHOR_SCORES[Scale(version.scale)]
        self.rows = rows
        for n in range(1, rows + 1):
            self.fields[f"title_{n}"] = forms.CharField(label=f"Criterion {n}: title", max_length=200, required=False)
            self.fields[f"guidance_{n}"] = forms.CharField(
                label=f"Criterion {n}: guidance for the auditor", max_length=LONG_TEXT, required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
            )  # fmt: skip
            for score in self.scores:
                label = f"Criterion {n}: what a score of {score} means"
                if version.scale == Scale.OFSTED:
                    label = f"Criterion {n}: what '{OfstedGrade(score).label}' means"
                self.fields[f"anchor_{n}_{score}"] = forms.CharField(
                    label=label, max_length=LONG_TEXT, required=False, widget=forms.Textarea(attrs={"rows": 2})
                )
            self.fields[f"remove_{n}"] = forms.BooleanField(label=f"Remove criterion {n}", required=False)
        self._apply_govuk_attributes()

    def row_fields(self) -> list[list[Any]]:
        return [
            [
                self[f"title_{n}"],
                self[f"guidance_{n}"],
                *[self[f"anchor_{n}_{s}"] for s in self.scores],
                self[f"remove_{n}"],
            ]
            for n in range(1, self.rows + 1)
        ]

    def criteria(self) -> list[CriterionText]:
        kept = []
        for n in range(1, self.rows + 1):
            data = self.cleaned_data
            anchors = {str(s): data[f"anchor_{n}_{s}"] for s in self.scores}
            filled = (
                data[f"title_{n}"].strip() or data[f"guidance_{n}"].strip() or any(a.strip() for a in anchors.values())
            )
            if data[f"remove_{n}"] or not filled:
                continue
            kept.append(CriterionText(data[f"title_{n}"], data[f"guidance_{n}"], anchors))
        return kept


@require_http_methods(["GET", "POST"])
def tool_version_edit(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _lead(request)
    version = AuditToolVersion.objects.select_related("tool").filter(pk=version_id, published_at__isnull=True).first()
    if version is None:
        raise Http404("Only a draft version can be edited")
    criteria = list(version.criteria.all())
    initial: dict[str, Any] = {
        "edited_from": _fingerprint(version),
        "has_overall_judgement": version.has_overall_judgement,
    }
    for n, criterion in enumerate(criteria, start=1):
        initial[f"title_{n}"] = criterion.title
        initial[f"guidance_{n}"] = criterion.guidance
        for score, words in criterion.anchors.items():
            initial[f"anchor_{n}_{score}"] = words
    form = VersionEditForm(
        request.POST if request.method == "POST" else None,
        version=version,
        rows=len(criteria) + BLANK_ROWS,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["edited_from"] != _fingerprint(version):
            form.add_error(None, CHANGED_MEANWHILE)
        else:
            try:
                version_save(
                    acting_user=user,
                    version=version,
                    criteria=form.criteria(),
                    has_overall_judgement=form.cleaned_data["has_overall_judgement"],
                )
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    form.add_error(None, message)
            else:
                messages.success(request, "Draft saved. Publish it when it is ready.")
                return HttpResponseRedirect(reverse("quality:tool-version", args=[version.pk]))
    return render(request, "quality/tool_version_edit.html", {"form": form, "version": version})


@require_POST
def tool_version_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    user = _lead(request)
    version = AuditToolVersion.objects.filter(pk=version_id).first()
    if version is None:
        raise Http404("No such version")
    try:
        version_publish(acting_user=user, version=version)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, f"Version {version.number} published. New audits use it; finished audits keep theirs."
        )
    return HttpResponseRedirect(reverse("quality:tool-version", args=[version.pk]))
