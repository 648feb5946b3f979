"""The data officer's returns pages: export the census, see what the DfE's rules found, download the file. Each
return has its own section and form on the returns page (`returns_page`); Annex A's view is in `annex_a/views.py`.

Only data officers may use them; anyone else gets "not found". The export runs in the request for now (Casemap
has no background tasks yet); a census of a large authority takes minutes.
"""

from django import forms
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append
from casemap.accounts.models import User
from casemap.returns.annex_a.forms import AnnexAPeriodForm
from casemap.returns.files import export_path
from casemap.returns.forms import CensusYearForm, collection_year_label
from casemap.returns.models import ReturnExport
from casemap.returns.selectors import broken_rules, export_for_user, exports_for_user
from casemap.returns.services import cin_census_export_create


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def returns_page(request: HttpRequest, exports: list[ReturnExport], posted: dict[str, forms.Form]) -> HttpResponse:
    """The returns page, with each return's section and form: `posted` holds the form that was sent, as it was
    sent, whose errors the page's summary lists."""
    sections: dict[str, forms.Form] = {"form": CensusYearForm(), "annex_a_form": AnnexAPeriodForm(), **posted}
    posted_form = next(iter(posted.values()))
    return render(request, "returns/index.html", {**sections, "posted_form": posted_form, "exports": exports})


@require_http_methods(["GET", "POST"])
def returns_index(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    exports = exports_for_user(user)
    form = CensusYearForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        export = cin_census_export_create(acting_user=user, year=form.cleaned_data["year"], request=request)
        return redirect("returns:export", export_id=export.pk)
    return returns_page(request, exports, {"form": form})


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
