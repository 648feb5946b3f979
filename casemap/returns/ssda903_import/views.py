"""The data officer's page to import an SSDA903 return: the ZIP is kept as it arrives and the import runs in the
background (`casemap/returns/jobs.py`); what became of each child is on the import's page, as for the census."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from casemap.returns.cin_import.views import data_officer
from casemap.returns.ssda903_import.forms import Ssda903ImportForm
from casemap.returns.ssda903_import.services import ssda903_import_start


@require_http_methods(["GET", "POST"])
def ssda903_import_new(request: HttpRequest) -> HttpResponse:
    user = data_officer(request)
    form = Ssda903ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = ssda903_import_start(
            acting_user=user,
            upload=form.cleaned_data["file"],
            team=form.cleaned_data["team"],
            year=form.cleaned_data["year"],
            dry_run=form.cleaned_data["dry_run"],
        )
        return redirect("returns:job", job_id=job.pk)
    return render(
        request,
        "returns/import_new.html",
        {
            "form": form,
            "heading": "Bring an SSDA903 return in from another system",
            "action": "returns:ssda903-import",
            "button": "Import the return",
        },
    )
