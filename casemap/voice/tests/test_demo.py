"""The demo records each child's Three Houses through the real service."""

import datetime

import pytest

from casemap.cases.models import ChronologyEntry
from casemap.conftest import World
from casemap.voice.demo import demo_voice_create

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
