"""The Annex A section of the returns page: the period chosen, the lists exported, the export's page shown."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from casemap.accounts.models import User
from casemap.returns.annex_a.forms import AnnexAPeriodForm
from casemap.returns.selectors import exports_for_user
from casemap.returns.services import annex_a_export_create
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
        export = annex_a_export_create(
            acting_user=user,
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            request=request,
        )
        return redirect("returns:export", export_id=export.pk)
    return returns_page(request, exports, {"annex_a_form": form})
