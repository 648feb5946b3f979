"""Calibration pages: practice leads set an anonymised, pre-graded case; auditors grade it and see their
agreement with the agreed grades."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from casemap.accounts.models import Role, User
from casemap.core.forms import LONG_TEXT, GovukForm, OfferedChoiceField, show_refusal
from casemap.quality.forms_audits import score_field
from casemap.quality.models import AuditToolVersion, CalibrationAttempt, CalibrationExercise
from casemap.quality.services.audits import AUDITOR_ROLES
from casemap.quality.services.calibration import attempt_agreement, attempt_submit, exercise_create
from casemap.quality.views.home import refuse_outside_audit


def _auditor(request: HttpRequest) -> User:
    user: User = request.user  # type: ignore[assignment]
    refuse_outside_audit(user)
    if user.role not in AUDITOR_ROLES:
        raise Http404("Calibration is for auditors")
    return user


def calibration_list(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    exercises = CalibrationExercise.objects.select_related("tool_version__tool").order_by("-created_at")
    graded = set(CalibrationAttempt.objects.filter(auditor=user).values_list("exercise_id", flat=True))
    context = {"exercises": exercises, "graded": graded, "may_set": user.role == Role.PRACTICE_LEAD}
    return render(request, "quality/calibration_list.html", context)


class GradesForm(GovukForm):
    def __init__(self, *args: Any, version: AuditToolVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(version.criteria.all())
        for criterion in self.criteria:
            self.fields[f"score_{criterion.pk}"] = score_field(
                version, f"Your grade for {criterion.title}", required=True
            )
        self._apply_govuk_attributes()

    def grades(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}

    def criterion_rows(self) -> list[tuple[Any, Any]]:
        return [(c, self[f"score_{c.pk}"]) for c in self.criteria]


class ExerciseForm(GradesForm):
    title = forms.CharField(label="Title", max_length=160, error_messages={"required": "Enter a title"})
    case_summary = forms.CharField(
        label="The case, anonymised",
        help_text="Write it with no real names, places or dates: every auditor reads it.",
        max_length=LONG_TEXT * 4,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={"required": "Write the anonymised case"},
    )


class ChooseToolForm(GovukForm):
    tool_version = OfferedChoiceField(
        queryset=AuditToolVersion.objects.filter(published_at__isnull=False).select_related("tool"),
        label="Which tool and version?",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a tool"},
    )


@require_http_methods(["GET", "POST"])
def exercise_new(request: HttpRequest) -> HttpResponse:
    user = _auditor(request)
    if user.role != Role.PRACTICE_LEAD:
        raise Http404("Practice leads set calibration exercises")
    chosen = request.GET.get("tool_version", "")
    published = AuditToolVersion.objects.filter(published_at__isnull=False)
    version = published.filter(pk=chosen).first() if chosen.isdigit() else None
    if version is None:
        first = published.order_by("tool__name", "-number").first()
        form: GovukForm = ChooseToolForm(initial={"tool_version": first})
        context = {
            "form": form, "heading": "Set a calibration case", "caption": "Calibration", "button": "Continue",
            "back_url": reverse("quality:calibration"), "method": "get",
        }  # fmt: skip
        return render(request, "quality/form_page.html", context)
    form = ExerciseForm(request.POST if request.method == "POST" else None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            exercise = exercise_create(
                acting_user=user, tool_version=version, title=form.cleaned_data["title"],
                case_summary=form.cleaned_data["case_summary"], reference_scores=form.grades(),
            )  # fmt: skip
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            messages.success(request, "Calibration case set. Auditors can now grade it.")
            return HttpResponseRedirect(reverse("quality:calibration-exercise", args=[exercise.pk]))
    context = {"form": form, "version": version, "setting": True}
    return render(request, "quality/calibration_form.html", context)


@require_http_methods(["GET", "POST"])
def exercise_detail(request: HttpRequest, exercise_id: int) -> HttpResponse:
    user = _auditor(request)
    exercise = CalibrationExercise.objects.select_related("tool_version__tool").filter(pk=exercise_id).first()
    if exercise is None:
        raise Http404("No calibration case found")
    attempt = CalibrationAttempt.objects.filter(exercise=exercise, auditor=user).first()
    if attempt is not None:
        return render(
            request,
            "quality/calibration_result.html",
            {"exercise": exercise, "rows": attempt_agreement(attempt), "attempt": attempt},
        )
    form = GradesForm(request.POST if request.method == "POST" else None, version=exercise.tool_version)
    if request.method == "POST" and form.is_valid():
        try:
            attempt_submit(acting_user=user, exercise=exercise, scores=form.grades())
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            return HttpResponseRedirect(reverse("quality:calibration-exercise", args=[exercise.pk]))
    return render(
        request, "quality/calibration_form.html", {"form": form, "exercise": exercise, "version": exercise.tool_version}
    )
