"""The data officer's SSDA903 export, posted from its own section of the returns page; the export's page and its
download are the returns' own (`casemap/returns/views.py`). Anyone but a data officer gets "not found"."""

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect

from casemap.accounts.models import User
from casemap.returns.jobs import return_job_start
from casemap.returns.models import JobKind
from casemap.returns.selectors import exports_for_user
from casemap.returns.ssda903.forms import Ssda903YearForm
from casemap.returns.views import returns_page


def ssda903_export_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    exports = exports_for_user(user)  # "not found" for anyone but a data officer, whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = Ssda903YearForm(request.POST)
    if form.is_valid():
        job = return_job_start(
            acting_user=user, kind=JobKind.EXPORT_SSDA903, parameters={"year": form.cleaned_data["year"]}
        )
        return redirect("returns:job", job_id=job.pk)
    return returns_page(request, exports, {"ssda903_form": form})
