"""The per-team supervision report for managers, and a member of staff's supervision log as CSV."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from casemap.access.models import AccessAction
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.core.forms import GovukForm
from casemap.supervision.forms import StaffChoiceField
from casemap.supervision.reports import log_subjects, supervision_log, team_supervision_report
from casemap.supervision.selectors import LONGEST_LIST, cases_due_discussion, cases_in_scope


class LogForm(GovukForm):
    staff = StaffChoiceField(
        queryset=User.objects.none(),
        label="Whose supervision log?",
        empty_label="Choose a member of staff",
        error_messages={"required": "Choose a member of staff", "invalid_choice": "Choose a member of staff"},
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["staff"].queryset = log_subjects(user=user)  # type: ignore[attr-defined]
        self._apply_govuk_attributes()


def team_report(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    rows = team_supervision_report(user=user, today=today)
    if not rows:
        raise Http404("No teams in your line")
    cases, overdue, _ = cases_due_discussion(cases=cases_in_scope(user), today=today)
    context = {"rows": rows, "cases": cases, "cases_overdue": overdue, "longest": LONGEST_LIST, "today": today}
    return render(request, "supervision/report.html", context)


def log_export(request: HttpRequest) -> HttpResponse:
    """Choose whose log (GET, no JavaScript needed), then the CSV of their signed sessions."""
    user: User = request.user  # type: ignore[assignment]
    form = LogForm(request.GET or None, user=user)
    if not (request.GET and form.is_valid()):
        return render(request, "supervision/log.html", {"form": form})
    staff = form.cleaned_data["staff"]
    rows = supervision_log(user=user, staff=staff)
    access_log_append_each(
        user=user,
        action=AccessAction.EXPORT,
        record_type="supervision log",
        record_id=staff.pk,
        people=[None],
        request=request,
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="supervision-log-{staff.username}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Date", "Kind", "Supervisor", "Duration (minutes)", "Signed on"])
    for row in rows:
        writer.writerow(
            [
                row.occurred_on.isoformat(),
                row.kind,
                row.supervisor,
                row.duration_minutes or "",
                row.signed_on.isoformat() if row.signed_on else "",
            ]
        )
    return response
