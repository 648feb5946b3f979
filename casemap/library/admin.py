"""Administrators name each team's practice champions here, with the dates they start and stop. Nothing is
deleted: a champion who stops is given an end date."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from casemap.core.admin import NoDeleteAdmin
from casemap.library.models import PracticeChampion


@admin.register(PracticeChampion)
class PracticeChampionAdmin(NoDeleteAdmin):
    list_display = ("user", "team", "starts_on", "ends_on")
    list_filter = ("team",)
    fields = ("user", "team", "starts_on", "ends_on")
    ordering = ("team__name", "-starts_on")

    def save_model(self, request: HttpRequest, obj: PracticeChampion, form: Any, change: bool) -> None:
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user  # type: ignore[assignment]
        obj.modified_by = request.user  # type: ignore[assignment]
        obj._history_user = request.user  # type: ignore[attr-defined]
        obj.save()
