"""The sampling part of the audit page: links to the programmes, and an auditor's sampled cases with due dates."""

from typing import Any

from django import template
from django.utils import timezone

from casemap.accounts.models import User
from casemap.quality.sampling_selectors import PROGRAMME_VIEWERS, runs_sampling, sampled_cases_for_auditor

register = template.Library()


@register.inclusion_tag("quality/_home_sampling_panel.html")
def sampling_panel(user: User) -> dict[str, Any]:
    return {
        "sees_programmes": runs_sampling(user) or user.role in PROGRAMME_VIEWERS,
        "may_run": runs_sampling(user),
        "allocated": sampled_cases_for_auditor(user),
        "today": timezone.localdate(),
    }
