"""The staff survey's links: a practice lead or administrator prints a sheet of single-use links for a team. The
survey is anonymous by design, so a link is kept with nobody; its answers count for the team in the results."""

from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from casemap.accounts.models import Role, Team, User
from casemap.core.forms import GovukForm
from casemap.feedback.models import Audience, Survey
from casemap.feedback.services import staff_link_create
from casemap.feedback.views.staff import qr_data_uri

SENDERS = {Role.PRACTICE_LEAD, Role.ADMINISTRATOR}
MOST_LINKS = 60


class StaffLinksForm(GovukForm):
    survey = forms.ModelChoiceField(
        label="Survey",
        queryset=Survey.objects.filter(audience=Audience.STAFF, is_active=True, privacy="anonymous"),
        empty_label=None,
        error_messages={"required": "Choose the staff survey", "invalid_choice": "Choose the staff survey"},
    )
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.order_by("name"),
        error_messages={"required": "Choose a team", "invalid_choice": "Choose one of the teams"},
    )
    count = forms.IntegerField(
        label="How many links?",
        help_text=f"One for each member of the team, up to {MOST_LINKS}",
        min_value=1,
        max_value=MOST_LINKS,
        error_messages={
            "required": "Enter how many links to make",
            "invalid": "Enter a whole number, like 12",
            "min_value": "Make at least 1 link",
            "max_value": f"Make at most {MOST_LINKS} links at a time",
        },
    )


def staff_links(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.role not in SENDERS:
        raise Http404("Practice leads and administrators send the staff survey")
    form = StaffLinksForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey, team = form.cleaned_data["survey"], form.cleaned_data["team"]
        links = []
        for _ in range(form.cleaned_data["count"]):
            token = staff_link_create(acting_user=user, survey=survey, team_id=team.pk)
            link = request.build_absolute_uri(reverse("feedback:link", args=[token]))
            links.append({"link": link, "qr_data_uri": qr_data_uri(link)})
        context = {"survey": survey, "team": team, "links": links, "authority_name": settings.AUTHORITY_NAME}
        return render(request, "feedback/staff_link_sheet.html", context)
    return render(request, "feedback/staff_links.html", {"form": form})
