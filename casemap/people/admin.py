from django.contrib import admin

from casemap.people.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)
