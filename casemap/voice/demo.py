"""Each child's Three Houses for the worked-example family, in plain child-like words, for the demo authority,
and Alkira's drawing of her three houses, made on a tablet."""

import base64
import datetime
import io

from PIL import Image, ImageDraw

from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.voice.models import ChildVoiceRecord, ParentalConsent, ShareConsent, VoiceTool, WrittenBy
from casemap.voice.services import DrawingDetails, EntryInput, SessionDetails, drawing_add_from_pad, voice_record_create

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
    alkira = next((record for record in records if record.child.first_name == "Alkira"), None)
    if alkira is not None:
        drawing_add_from_pad(
            acting_user=worker,
            record=alkira,
            details=DrawingDetails(
                title="My three houses",
                drawn_on=used_on,
                description="Three houses drawn on a tablet: a dark house with a broken window and a crying face, "
                "a yellow house with a cat, and a blue house with a sun and everyone holding hands.",
            ),
            data_url=three_houses_drawing(),
        )
    return records


def three_houses_drawing() -> str:
    """A child's drawing of the Three Houses, as the drawing pad would send it (made here, nothing fetched)."""
    width, height = 1200, 900
    image = Image.new("RGB", (width, height), "#ffffff")
    pen = ImageDraw.Draw(image)
    pen.line([(0, 780), (width, 780)], fill="#00703c", width=14)  # the grass
    houses = [("#0b0c0c", "#d4351c"), ("#ffdd00", "#d4351c"), ("#1d70b8", "#ffdd00")]
    for index, (walls, roof) in enumerate(houses):
        left = 60 + index * 380
        right, top = left + 320, 460
        pen.rectangle([left, top, right, 780], outline=walls, width=10)
        pen.polygon([(left - 20, top), ((left + right) // 2, 250), (right + 20, top)], outline=roof, width=10)
        pen.rectangle([left + 130, 640, left + 190, 780], outline=walls, width=8)  # the door
    # The House of Worries: a cracked window and a sad face.
    pen.rectangle([100, 500, 200, 590], outline="#0b0c0c", width=6)
    pen.line([(110, 510), (150, 560), (130, 585)], fill="#d4351c", width=5)
    pen.ellipse([250, 500, 340, 590], outline="#0b0c0c", width=6)
    pen.arc([270, 555, 320, 590], start=200, end=340, fill="#0b0c0c", width=5)
    # The House of Good Things: Biscuit the cat.
    pen.ellipse([520, 560, 620, 640], outline="#f47738", width=8)
    pen.polygon([(530, 570), (545, 530), (560, 565)], outline="#f47738", width=6)
    pen.polygon([(580, 565), (595, 530), (610, 570)], outline="#f47738", width=6)
    # The House of Dreams: a sun and people holding hands.
    pen.ellipse([1020, 60, 1140, 180], outline="#ffdd00", width=12)
    for person in range(3):
        x = 860 + person * 90
        pen.ellipse([x - 20, 520, x + 20, 560], outline="#0b0c0c", width=5)
        pen.line([(x, 560), (x, 630), (x - 20, 680), (x, 630), (x + 20, 680)], fill="#0b0c0c", width=5)
        pen.line([(x - 45, 590), (x + 45, 590)], fill="#0b0c0c", width=5)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")
