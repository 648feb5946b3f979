from django.contrib import admin

from casemap.core.admin import NoDeleteAdmin
from casemap.people.models import Agency


@admin.register(Agency)
class AgencyAdmin(NoDeleteAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)
