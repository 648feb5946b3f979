"""What every Casemap admin page shares: nothing is deleted through the admin.

A delete page lists every record that hangs off the object (for a member of staff: the children they worked with,
chronology entries, restricted-record grants), and a deleted account would leave records nobody can account for.
Staff are deactivated instead; framework variants, voice tools and agencies are kept because records point at them.

Administrators also add the one-off national days the working-day calendar does not know yet (docs/working-days.md).
"""

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from casemap.core.models import NationalHoliday

admin.site.disable_action("delete_selected")


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(NationalHoliday)
class NationalHolidayAdmin(NoDeleteAdmin):
    """Kept for good, so a due date worked out from a national day can be explained later; its history names who
    added or changed it."""

    list_display = ("date", "name", "added_by", "added_at")
    fields = ("date", "name", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")
    ordering = ("-date",)

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        # Who added it and when are filled in on saving.
        return ("date", "name") if obj is None else self.fields

    def save_model(self, request: HttpRequest, obj: NationalHoliday, form: Any, change: bool) -> None:
        if not change:
            obj.added_by = request.user  # type: ignore[assignment]
        obj._history_user = request.user  # type: ignore[attr-defined]
        obj.save()
