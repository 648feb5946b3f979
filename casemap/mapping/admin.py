"""Administrators edit the framework variants' words and scales here. Maps themselves change only through
the services."""

from django.contrib import admin

from casemap.core.admin import NoDeleteAdmin
from casemap.mapping.models import FrameworkVariant


@admin.register(FrameworkVariant)
class FrameworkVariantAdmin(NoDeleteAdmin):
    list_display = ("name", "danger_statement_label", "safety_goal_label", "ten_is_best")
    fieldsets = (
        (None, {"fields": ("name", "key", "default_services")}),
        (
            "Words",
            {
                "fields": (
                    "harm_label",
                    "danger_statement_label",
                    "danger_statements_label",
                    "safety_goal_label",
                    "safety_goals_label",
                )
            },
        ),
        ("Scale", {"fields": ("scale_question", "scale_zero_anchor", "scale_ten_anchor", "ten_is_best")}),
    )
