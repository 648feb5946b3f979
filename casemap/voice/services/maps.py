"""The child's words added to a draft map, in their name and with the tool they came from."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest

from casemap.access.guard import held_case_to_add_to
from casemap.access.models import AccessAction
from casemap.accounts.models import User
from casemap.mapping.models import ItemCategory, Map, MapItem
from casemap.mapping.services import item_save
from casemap.people.codes import Sex
from casemap.voice.models import (
    ChildVoiceRecord,
    VoiceEntry,
)
from casemap.voice.services.sessions import voice_record_log


def attribution(record: ChildVoiceRecord) -> str:
    """'Alkira, 7, in her Three Houses on 3 Nov': who said it, for the map's "Said or seen by" label."""
    child = record.child
    age = child.age_on(record.used_on)
    who = f"{child.first_name}, {age}" if age is not None else child.first_name
    pronouns: dict[str, str] = {Sex.FEMALE: "her", Sex.MALE: "his"}
    pronoun = pronouns.get(child.sex, "their")
    return f"{who}, in {pronoun} {record.tool.name} on {record.used_on:%-d %b}"


def voice_entries_pull_into_map(
    *,
    acting_user: User,
    record: ChildVoiceRecord,
    entries: Sequence[VoiceEntry],
    map_: Map,
    expected_version: int | None,
    category: str,
    request: HttpRequest | None = None,
) -> list[MapItem]:
    """Add the child's words to a draft map of the same case, attributed to the child. The map's version is
    checked once, as the worker saw it; a signed-off map refuses (the map's own services say so)."""
    if map_.case_id != record.case_id:
        raise ValidationError("The map must be of the same case as the child's record")
    if category not in ItemCategory.values:
        raise ValidationError({"category": "Choose where on the map the words go"})
    if not entries:
        raise ValidationError({"entries": "Choose what the child said to add to the map"})
    if any(entry.record_id != record.pk for entry in entries):
        raise PermissionDenied("The words are not from this record")
    said_by = attribution(record)[:160]
    items: list[MapItem] = []
    with transaction.atomic():
        held_case_to_add_to(acting_user, record.case)
        for entry in entries:
            if not entry.words.strip():
                continue
            index = len(items)
            items.append(
                item_save(
                    acting_user=acting_user,
                    map_=map_,
                    expected_version=None if expected_version is None else expected_version + index,
                    category=category,
                    text=entry.words,
                    said_by=said_by,
                    noted_on=record.used_on,
                    evidence=f"From {entry.label}"
                    + (f", {record.child.first_name}'s name for the {entry.default_label}" if entry.is_renamed else "")
                    + f" ({record.tool.name})",
                    request=request,
                )
            )
        voice_record_log(acting_user, record, AccessAction.VIEW, f"added to map {map_.number}", request)
    return items
