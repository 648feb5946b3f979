"""The Annex A section of the returns page: the period chosen, the lists exported in the background (the job's page
leads to the export's)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from casemap.accounts.models import User
from casemap.returns.annex_a.forms import AnnexAPeriodForm
from casemap.returns.jobs import return_job_start
from casemap.returns.models import JobKind
from casemap.returns.selectors import exports_for_user
from casemap.returns.views import returns_page


@require_http_methods(["GET", "POST"])
def annex_a_export_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    exports = exports_for_user(user)  # anyone but a data officer is told there is no such page
    if request.method != "POST":
        return redirect("returns:index")
    form = AnnexAPeriodForm(request.POST)
    if form.is_valid():
        period = {key: form.cleaned_data[key].isoformat() for key in ("period_start", "period_end")}
        job = return_job_start(acting_user=user, kind=JobKind.EXPORT_ANNEX_A, parameters=period)
        return redirect("returns:job", job_id=job.pk)
    return returns_page(request, exports, {"annex_a_form": form})
