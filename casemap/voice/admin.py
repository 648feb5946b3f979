"""Administrators edit the direct work tools here. Sessions with children change only through the services."""

from django.contrib import admin

from casemap.core.admin import NoDeleteAdmin
from casemap.voice.models import VoiceTool


@admin.register(VoiceTool)
class VoiceToolAdmin(NoDeleteAdmin):
    list_display = ("name", "key", "position", "is_active")
    fields = ("name", "key", "description", "parts", "position", "is_active")
