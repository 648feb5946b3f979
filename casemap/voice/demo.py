"""Each child's Three Houses for the worked-example family, in plain child-like words, for the demo authority."""

import datetime

from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.voice.models import ChildVoiceRecord, ParentalConsent, ShareConsent, VoiceTool, WrittenBy
from casemap.voice.services import EntryInput, SessionDetails, voice_record_create

# first name: (written by, the child's own name for the House of Worries or "", worries, good things, dreams)
THREE_HOUSES = {
    "Darel": (
        WrittenBy.CHILD,
        "",
        "When mum and dad shout in the car. When dad drives really fast and I hold Jirra's hand. "
        "I don't like it when the glass broke.",
        "Footy on Saturdays. Nan's house. My friend Kai. When dad helps me with my bike.",
        "Mum and dad don't fight and we all go to the beach in the car and it's slow.",
    ),
    "Alkira": (
        WrittenBy.CHILD,
        "Scary house",
        "Mum and dad yelling. The glass and my foot hurt and there was blood. I hide under my bed with Jirra.",
        "My cat Biscuit. Drawing. Rose makes pancakes. My teacher Miss Lee.",
        "Everyone is happy and nobody throws things. Mum reads me a story every night.",
    ),
    "Jirra": (
        WrittenBy.WORKER,
        "",
        "Loud. Daddy cross. I cry.",
        "My dinosaur. Alkira. Swings at the park.",
        "Mummy and daddy cuddle me.",
    ),
}
OTHER_CHILD = (
    WrittenBy.WORKER,
    "",
    "When people shout at home.",
    "My friends and playing outside.",
    "Everyone being kind at home.",
)


def demo_voice_create(*, case: Case, worker: User, used_on: datetime.date) -> list[ChildVoiceRecord]:
    """Record each child's Three Houses on the case, through the real service, so the records have their history,
    timeline entry and access log. Call it with `used_on` on or before the day it runs."""
    tool = VoiceTool.objects.get(key="three-houses")
    keys = [str(part["key"]) for part in tool.parts]
    records = []
    for member in case.memberships.select_related("person").filter(role=MemberRole.CHILD).order_by("person__pk"):
        child = member.person
        written_by, worries_label, *words = THREE_HOUSES.get(child.first_name, OTHER_CHILD)
        records.append(
            voice_record_create(
                acting_user=worker,
                child=child,
                case=case,
                tool=tool,
                details=SessionDetails(
                    used_on=used_on,
                    present="" if child.first_name == "Darel" else "Merinda, for the start",
                    parental_consent=ParentalConsent.GIVEN,
                    parental_consent_by="Merinda (mum)",
                    read_back=True,
                    share_consent=ShareConsent.SOME if child.first_name == "Darel" else ShareConsent.YES,
                    share_with="Mum and Rose, not dad yet" if child.first_name == "Darel" else "",
                ),
                entries=[
                    EntryInput(
                        part_key=key,
                        label=worries_label if key == "worries" else "",
                        words=text,
                        written_by=written_by,
                    )
                    for key, text in zip(keys, words, strict=True)
                ],
            )
        )
    return records
