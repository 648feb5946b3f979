"""Voice sessions for tests, made through the real service."""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.conftest import World
from casemap.people.models import Person
from casemap.voice.models import ChildVoiceRecord, VoiceTool
from casemap.voice.services import EntryInput, SessionDetails, voice_record_create

TODAY = timezone.localdate()


def details(used_on: datetime.date = TODAY, **changes: object) -> SessionDetails:
    fields: dict[str, object] = {
        "used_on": used_on,
        "parental_consent": "given",
        "parental_consent_by": "Merinda (mum)",
        "read_back": True,
        "share_consent": "yes",
    }
    fields.update(changes)
    return SessionDetails(**fields)  # type: ignore[arg-type]


def record(
    world: World,
    *,
    tool: str = "three-houses",
    child: Person | None = None,
    used_on: datetime.date = TODAY,
    by: User | None = None,
    worries: str = "Mum and dad yelling.",
    worries_label: str = "",
) -> ChildVoiceRecord:
    voice_tool = VoiceTool.objects.get(key=tool)
    keys = [str(part["key"]) for part in voice_tool.parts]
    words = [worries, "My cat Biscuit.", "Nobody throws things."]
    return voice_record_create(
        acting_user=by or world.worker,
        child=child or world.child,
        case=world.case,
        tool=voice_tool,
        details=details(used_on),
        entries=[
            EntryInput(part_key=key, label=worries_label if index == 0 else "", words=text)
            for index, (key, text) in enumerate(zip(keys, words, strict=False))
        ],
    )
