"""The data officer's census import pages: upload and import (or a dry run), and what became of each child.

Only data officers may use them; anyone else gets "not found". The file is kept as it arrives; the import itself
runs in the background (`casemap/returns/jobs.py`), and its job's page leads to what became of each child.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casemap.accounts.models import User
from casemap.returns.cin_import.forms import CensusImportForm
from casemap.returns.cin_import.selectors import (
    import_for_user,
    may_import_after_dry_run,
    shown_problems,
)
from casemap.returns.cin_import.services import cin_census_import_start, may_import_returns
from casemap.returns.jobs import return_job_start
from casemap.returns.models import JobKind, ReturnKind


def data_officer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not may_import_returns(user):
        raise Http404
    return user


@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    user = data_officer(request)
    form = CensusImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = cin_census_import_start(
            acting_user=user,
            upload=form.cleaned_data["file"],
            team=form.cleaned_data["team"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("returns:job", job_id=job.pk)
    return render(
        request,
        "returns/import_new.html",
        {
            "form": form,
            "heading": "Bring a census in from another system",
            "action": "returns:import-new",
            "button": "Import the census",
        },
    )


@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    record = import_for_user(data_officer(request), import_id)
    return render(
        request,
        "returns/import_detail.html",
        {
            "record": record,
            "rejections": shown_problems(record.rejections),
            "notes": shown_problems(record.notes),
            "may_import": may_import_after_dry_run(record),
        },
    )


@require_POST
def import_after_dry_run(request: HttpRequest, import_id: int) -> HttpResponse:
    user = data_officer(request)
    dry_run = import_for_user(user, import_id)
    if not may_import_after_dry_run(dry_run):
        raise Http404
    kind = JobKind.IMPORT_SSDA903 if dry_run.kind == ReturnKind.SSDA903 else JobKind.IMPORT_CIN_CENSUS
    job = return_job_start(acting_user=user, kind=kind, parameters={"dry_run_id": dry_run.pk})
    return redirect("returns:job", job_id=job.pk)
