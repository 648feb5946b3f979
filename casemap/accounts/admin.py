"""Administrators manage staff accounts and teams here. Records about children are never edited in the admin:
they change only through the services, which write the chronology and the access log."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from casemap.accounts.models import Team, User


@admin.register(User)
class CasemapUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "is_active")
    list_filter = ("role", "team", "is_active")
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Casemap", {"fields": ("role", "team", "job_title")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "service", "manager", "service_manager")
