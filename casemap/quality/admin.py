"""Administrators set the authority's audit rules: how much is moderated, what an inadequate audit starts, how
long an auditor keeps access, and which services need a closure audit before a case closes."""

from django.contrib import admin
from django.http import HttpRequest

from casemap.core.admin import NoDeleteAdmin
from casemap.quality.models import AuditSettings, ClosureAuditRule


@admin.register(AuditSettings)
class AuditSettingsAdmin(NoDeleteAdmin):
    list_display = (
        "moderation_percent",
        "manager_reply_working_days",
        "reaudit_months",
        "access_days_after_completion",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not AuditSettings.objects.exists()


@admin.register(ClosureAuditRule)
class ClosureAuditRuleAdmin(NoDeleteAdmin):
    list_display = ("service", "tool", "is_required")
