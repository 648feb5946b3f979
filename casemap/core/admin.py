"""What every Casemap admin page shares: nothing is deleted through the admin.

A delete page lists every record that hangs off the object (for a member of staff: the children they worked with,
chronology entries, restricted-record grants), and a deleted account would leave records nobody can account for.
Staff are deactivated instead; framework variants, voice tools and agencies are kept because records point at them.
"""

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

admin.site.disable_action("delete_selected")


class NoDeleteAdmin(admin.ModelAdmin):
    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
