"""The data officer's census import pages: upload and import (or a dry run), and what became of each child.

Only data officers may use them; anyone else gets "not found". The import runs in the request for now; when
background tasks arrive, `services.cin_census_import` is what the task runs.
"""

from django.core.exceptions import ValidationError
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
from casemap.returns.cin_import.services import (
    cin_census_import_after_dry_run,
    cin_census_import_upload,
    may_import_returns,
)


def _data_officer(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not may_import_returns(user):
        raise Http404
    return user


@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest) -> HttpResponse:
    user = _data_officer(request)
    form = CensusImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = cin_census_import_upload(
            acting_user=user,
            upload=form.cleaned_data["file"],
            team=form.cleaned_data["team"],
            dry_run=form.cleaned_data["dry_run"],
            request=request,
        )
        return redirect("returns:import", import_id=record.pk)
    return render(request, "returns/import_new.html", {"form": form})


@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    record = import_for_user(_data_officer(request), import_id)
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
    user = _data_officer(request)
    dry_run = import_for_user(user, import_id)
    try:
        record = cin_census_import_after_dry_run(acting_user=user, dry_run=dry_run, request=request)
    except ValidationError as error:
        raise Http404 from error
    return redirect("returns:import", import_id=record.pk)
