"""The demo records each child's Three Houses through the real service."""

import datetime
import io

import pytest
from PIL import Image

from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.core.models import StoredFile
from casemap.voice.demo import demo_voice_create
from casemap.voice.models import ChildDrawing, MadeWith

pytestmark = pytest.mark.django_db


def test_each_child_on_the_case_gets_their_three_houses(world: World) -> None:
    used_on = datetime.date.today() - datetime.timedelta(days=5)
    records = demo_voice_create(case=world.case, worker=world.worker, used_on=used_on)
    assert {r.child for r in records} == {world.child, world.sibling}
    alkira = next(r for r in records if r.child == world.child)
    worries = alkira.entries.get(part_key="worries")
    assert worries.label == "Scary house" and "my foot hurt" in worries.words
    assert all(r.tool.key == "three-houses" and r.entries.count() == 3 for r in records)
    assert ChronologyEntry.objects.filter(source_type="voice.childvoicerecord").count() == 2


def test_alkiras_three_houses_has_a_drawing_made_on_a_tablet(world: World) -> None:
    used_on = datetime.date.today() - datetime.timedelta(days=5)
    records = demo_voice_create(case=world.case, worker=world.worker, used_on=used_on)
    alkira = next(r for r in records if r.child == world.child)
    drawing = ChildDrawing.objects.get()
    assert (drawing.record, drawing.made_with, drawing.drawn_on) == (alkira, MadeWith.PAD, used_on)
    assert "drawn on a tablet" in drawing.description
    image = Image.open(io.BytesIO(bytes(StoredFile.objects.get(pk=drawing.stored_file_id).content)))
    assert (image.format, image.size) == ("PNG", (1200, 900))
    assert len(image.convert("RGB").getcolors(maxcolors=100_000) or []) > 5  # drawn in several colours
