"""The data officer's returns pages: start an export, follow it while the background worker makes it, see what the
DfE's rules found, download the file. Each return has its own section and form on the returns page (`returns_page`);
the SSDA903 and Annex A views are in `ssda903/views.py` and `annex_a/views.py`.

Only data officers may use them; anyone else gets "not found".
"""

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import User
from casemap.returns.annex_a.forms import AnnexAPeriodForm
from casemap.returns.files import export_path
from casemap.returns.forms import CensusYearForm, collection_year_label
from casemap.returns.jobs import return_job_start
from casemap.returns.models import JobKind, ReturnExport
from casemap.returns.selectors import broken_rules, export_for_user, exports_for_user, job_for_user, rules_not_run
from casemap.returns.ssda903.forms import Ssda903YearForm


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def returns_page(request: HttpRequest, exports: list[ReturnExport], posted: dict[str, forms.Form]) -> HttpResponse:
    """The returns page, with each return's section and form: `posted` holds the form that was sent, as it was
    sent, whose errors the page's summary lists."""
    sections: dict[str, forms.Form] = {
        "form": CensusYearForm(),
        "ssda903_form": Ssda903YearForm(),
        "annex_a_form": AnnexAPeriodForm(),
        **posted,
    }
    posted_form = next(iter(posted.values()))
    return render(request, "returns/index.html", {**sections, "posted_form": posted_form, "exports": exports})


@require_http_methods(["GET", "POST"])
def returns_index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    exports = exports_for_user(user)
    form = CensusYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = return_job_start(
            acting_user=user, kind=JobKind.EXPORT_CIN_CENSUS, parameters={"year": form.cleaned_data["year"]}
        )
        return redirect("returns:job", job_id=job.pk)
    return returns_page(request, exports, {"form": form})


# While a job runs, its page (with JavaScript) asks again this often.
JOB_PAGE_REFRESH_SECONDS = 3


@require_GET
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_for_user(_user(request), job_id)
    asked_by_htmx = request.headers.get("HX-Request") == "true"
    if job.export_id is not None:
        if asked_by_htmx:
            # The page polling for progress moves on to the export as a whole page, not a fragment.
            return HttpResponse(headers={"HX-Redirect": reverse("returns:export", args=[job.export_id])})
        return redirect("returns:export", export_id=job.export_id)
    if job.imported_id is not None:
        if asked_by_htmx:
            return HttpResponse(headers={"HX-Redirect": reverse("returns:import", args=[job.imported_id])})
        return redirect("returns:import", import_id=job.imported_id)
    if job.is_finished and asked_by_htmx:
        return HttpResponse(headers={"HX-Refresh": "true"})
    return render(request, "returns/job_detail.html", {"job": job, "refresh_seconds": JOB_PAGE_REFRESH_SECONDS})


@require_GET
def export_detail(request: HttpRequest, export_id: int) -> HttpResponse:
    export = export_for_user(_user(request), export_id)
    rules = broken_rules(export)
    return render(
        request,
        "returns/export_detail.html",
        {
            "export": export,
            "period": collection_year_label(export.year) if export.year else export.period_label,
            "errors": [rule for rule in rules if rule.is_error],
            "queries": [rule for rule in rules if not rule.is_error],
            "not_run": rules_not_run(export),
        },
    )


@require_GET
def export_download(request: HttpRequest, export_id: int) -> FileResponse:
    user = _user(request)
    export = export_for_user(user, export_id)
    path = export_path(export.reference, export.suffix)
    if not path.exists():
        raise Http404
    # Each child was logged as exported when the file was written, under the same reference.
    access_log_append(
        user=user,
        action=AccessAction.EXPORT,
        record_type=export.access_log_record,
        record_id=export.reference,
        detail="file downloaded",
        request=request,
    )
    response = FileResponse(path.open("rb"), as_attachment=True, filename=export.filename)
    response["Content-Type"] = export.content_type
    response["X-Content-Type-Options"] = "nosniff"
    return response
