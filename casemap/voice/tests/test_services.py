"""Recording, changing and archiving a child's voice, when each tool was last used, and adding words to a map."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry, ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import REFUSED, SEES, World, make_case
from casemap.core.forms import StaleEditError
from casemap.mapping.models import MapItem
from casemap.mapping.services import MapFrozenError, item_save, map_sign_off, map_start
from casemap.voice.models import ChildVoiceRecord, VoiceTool
from casemap.voice.selectors import get_voice_record_for_user, tools_last_used, visible_voice_records
from casemap.voice.services import (
    EntryInput,
    voice_entries_pull_into_map,
    voice_record_archive,
    voice_record_create,
    voice_record_update,
)
from casemap.voice.tests.sessions import TODAY, details, record

pytestmark = pytest.mark.django_db


def test_the_tools_are_seeded_as_data(db: None) -> None:
    tools = {tool.key: tool for tool in VoiceTool.objects.all()}
    assert set(tools) == {"three-houses", "fairy", "wizard", "safety-house"}
    assert [part["default_label"] for part in tools["three-houses"].parts] == [
        "House of Worries",
        "House of Good Things",
        "House of Dreams",
    ]
    assert len(tools["fairy"].parts) == len(tools["wizard"].parts) == 3
    safety_house = tools["safety-house"]
    assert len(safety_house.parts) == 5
    assert safety_house.part("path") == {**safety_house.part("path"), "scale": True}


def test_a_session_keeps_the_childs_words_labels_and_who_wrote_them(world: World) -> None:
    made = record(world, worries="The glass and my foot hurt.", worries_label="Scary house")
    entries = list(made.entries.all())
    assert [entry.label for entry in entries] == ["Scary house", "House of Good Things", "House of Dreams"]
    assert entries[0].words == "The glass and my foot hurt."
    assert entries[0].written_by == "child"
    assert made.worker == world.worker and made.created_by == world.worker
    assert made.parental_consent_by == "Merinda (mum)" and made.read_back
    assert made.history.count() == 1


def test_a_session_goes_on_the_childs_timeline_and_in_the_access_log(world: World) -> None:
    made = record(world)
    entry = ChronologyEntry.objects.get(source_type="voice.childvoicerecord", source_id=made.pk)
    assert entry.person == world.child and entry.case == world.case
    assert entry.occurred_on == TODAY
    assert "Three Houses with Alkira" in entry.summary
    log = AccessLogEntry.objects.filter(record_type="voice_record", record_id=str(made.pk))
    assert [(row.person, row.action) for row in log] == [(world.child, "create")]


def test_the_safety_house_keeps_where_the_child_is_on_the_path(world: World) -> None:
    tool = VoiceTool.objects.get(key="safety-house")
    made = voice_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        tool=tool,
        details=details(),
        entries=[
            EntryInput(part_key="live-in", label="", words="Mum, Darel, Jirra and Biscuit"),
            EntryInput(part_key="path", label="", words="Near the gate", scale_position=6, written_by="worker"),
        ],
    )
    path = made.entries.get(part_key="path")
    assert (path.scale_position, path.written_by, path.label) == (6, "worker", "Where I am on the path")
    with pytest.raises(ValidationError):
        voice_record_update(
            acting_user=world.worker,
            record=made,
            expected_version=made.version,
            details=details(),
            entries=[EntryInput(part_key="path", label="", words="", scale_position=11)],
        )


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"parental_consent": "given", "parental_consent_by": ""}, "parental_consent_by"),
        (
            {"parental_consent": "not_needed", "parental_consent_not_needed_reason": " "},
            "parental_consent_not_needed_reason",
        ),
        ({"share_consent": "some", "share_with": ""}, "share_with"),
        ({"used_on": TODAY + datetime.timedelta(days=1)}, "used_on"),
    ],
)
def test_a_session_needs_consent_recorded_and_a_real_date(world: World, changes: dict, field: str) -> None:
    tool = VoiceTool.objects.get(key="three-houses")
    with pytest.raises(ValidationError) as error:
        voice_record_create(
            acting_user=world.worker,
            child=world.child,
            case=world.case,
            tool=tool,
            details=details(**changes),
            entries=[EntryInput(part_key="worries", label="", words="Yelling")],
        )
    assert field in error.value.message_dict
    assert not ChildVoiceRecord.objects.exists()


def test_a_session_needs_some_words_and_the_tools_own_parts(world: World) -> None:
    tool = VoiceTool.objects.get(key="three-houses")
    for entries in ([EntryInput(part_key="worries", label="", words="  ")], [EntryInput("rules", "", "No hitting")]):
        with pytest.raises(ValidationError):
            voice_record_create(
                acting_user=world.worker,
                child=world.child,
                case=world.case,
                tool=tool,
                details=details(),
                entries=entries,
            )


@pytest.mark.parametrize("persona", ["other_worker", "practice_lead", "data_officer", "administrator"])
def test_only_people_who_may_add_to_the_record_can_record(world: World, persona: str) -> None:
    with pytest.raises(PermissionDenied):
        record(world, by=getattr(world, persona))


def test_a_change_goes_up_a_version_and_a_stale_change_is_refused(world: World) -> None:
    made = record(world)
    loaded = made.version
    changed = voice_record_update(
        acting_user=world.teammate,
        record=made,
        expected_version=loaded,
        details=details(read_back=False),
        entries=[EntryInput(part_key="worries", label="Worry house", words="Shouting in the car")],
    )
    assert changed.version == loaded + 1 and not changed.read_back
    worries = changed.entries.get(part_key="worries")
    assert (worries.label, worries.words) == ("Worry house", "Shouting in the car")
    assert changed.entries.count() == 3  # parts not sent are kept
    with pytest.raises(StaleEditError) as stale:
        voice_record_update(
            acting_user=world.worker,
            record=made,
            expected_version=loaded,
            details=details(),
            entries=[EntryInput(part_key="worries", label="", words="Lost")],
        )
    assert stale.value.current_version == loaded + 1
    assert ChildVoiceRecord.objects.get().entries.get(part_key="worries").words == "Shouting in the car"
    assert AccessLogEntry.objects.filter(record_type="voice_record", action="change").count() == 1


def test_a_closed_case_takes_no_new_session_and_no_change(world: World) -> None:
    made = record(world)
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8)
    with pytest.raises(PermissionDenied):
        record(world)
    with pytest.raises(PermissionDenied):
        voice_record_update(
            acting_user=world.worker,
            record=made,
            expected_version=None,
            details=details(),
            entries=[EntryInput(part_key="worries", label="", words="After the case closed")],
        )
    assert ChildVoiceRecord.objects.count() == 1


def test_archiving_keeps_the_record_and_hides_it(world: World) -> None:
    made = record(world)
    with pytest.raises(ValidationError):
        voice_record_archive(acting_user=world.worker, record=made, expected_version=made.version, reason="")
    voice_record_archive(acting_user=world.worker, record=made, expected_version=made.version, reason="Wrong child")
    kept = ChildVoiceRecord.objects.get()
    assert kept.archived_by == world.worker and kept.archive_reason == "Wrong child"
    assert not visible_voice_records(world.worker).exists()
    with pytest.raises(ValidationError):
        voice_record_update(
            acting_user=world.worker, record=kept, expected_version=kept.version, details=details(), entries=[]
        )


def test_records_are_visible_when_their_case_is(world: World) -> None:
    made = record(world)
    for persona in SEES:
        assert get_voice_record_for_user(getattr(world, persona), made.pk) == made
    for persona in REFUSED:
        assert not visible_voice_records(getattr(world, persona)).exists()


def test_when_each_tool_was_last_used_with_each_child(world: World) -> None:
    long_ago = TODAY - datetime.timedelta(days=60)
    record(world, used_on=long_ago)
    record(world, used_on=TODAY - datetime.timedelta(days=10))
    record(world, tool="fairy", used_on=TODAY - datetime.timedelta(days=3))
    record(world, child=world.sibling, tool="wizard", used_on=long_ago)
    last = tools_last_used(user=world.worker, children=[world.child, world.sibling])
    assert [(use.tool_name, use.days_ago, use.sessions) for use in last[world.child.pk]] == [
        ("Fairy", 3, 1),
        ("Three Houses", 10, 2),
    ]
    assert [(use.tool_name, use.used_on) for use in last[world.sibling.pk]] == [("Wizard", long_ago)]
    assert tools_last_used(user=world.other_worker, children=[world.child]) == {world.child.pk: []}


def test_the_childs_words_go_into_a_draft_map_attributed_to_them(world: World) -> None:
    used_on = TODAY - datetime.timedelta(days=30)
    made = record(world, worries="Mum and dad yelling.", used_on=used_on, worries_label="Scary house")
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    worries, good = list(made.entries.all())[:2]
    items = voice_entries_pull_into_map(
        acting_user=world.worker,
        record=made,
        entries=[worries, good],
        map_=map_,
        expected_version=map_.version,
        category="harm",
    )
    assert [item.text for item in items] == ["Mum and dad yelling.", "My cat Biscuit."]
    age = world.child.age_on(made.used_on)
    assert items[0].said_by == f"Alkira, {age}, in their Three Houses on {used_on:%-d %b}"
    assert items[0].noted_on == made.used_on
    assert items[0].evidence == "From Scary house, Alkira's name for the House of Worries (Three Houses)"
    assert items[1].evidence == "From House of Good Things (Three Houses)"
    map_.refresh_from_db()
    assert map_.version == 1 + 2
    assert AccessLogEntry.objects.filter(record_type="voice_record", detail=f"added to map {map_.number}").exists()


def test_adding_to_a_map_respects_its_version_and_case(world: World) -> None:
    made = record(world)
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    seen = map_.version
    item_save(acting_user=world.teammate, map_=map_, expected_version=seen, category="harm", text="Glass thrown")
    with pytest.raises(StaleEditError):
        voice_entries_pull_into_map(
            acting_user=world.worker,
            record=made,
            entries=list(made.entries.all())[:1],
            map_=map_,
            expected_version=seen,
            category="harm",
        )
    other_case = make_case(
        acting=world.worker, team=world.team, worker=world.worker, manager=world.manager, surname="Ng"
    )
    other_map = map_start(acting_user=world.worker, case=other_case, setting="home_visit", held_on=TODAY)
    with pytest.raises(ValidationError):
        voice_entries_pull_into_map(
            acting_user=world.worker,
            record=made,
            entries=list(made.entries.all())[:1],
            map_=other_map,
            expected_version=None,
            category="harm",
        )
    assert MapItem.objects.count() == 1


def test_a_signed_off_map_refuses_the_childs_words(world: World) -> None:
    made = record(world)
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="Glass thrown")
    map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    with pytest.raises(MapFrozenError):
        voice_entries_pull_into_map(
            acting_user=world.worker,
            record=made,
            entries=list(made.entries.all())[:1],
            map_=map_,
            expected_version=None,
            category="harm",
        )
    assert MapItem.objects.count() == 1


def test_an_administrator_can_change_a_tools_words_in_the_admin(world: World, client_for) -> None:
    world.administrator.user_permissions.add(*Permission.objects.filter(codename__endswith="_voicetool"))
    tool = VoiceTool.objects.get(key="fairy")
    client = client_for(world.administrator)
    response = client.get(reverse("admin:voice_voicetool_change", args=[tool.pk]))
    assert response.status_code == 200
    assert "fairy" in response.content.decode() and "wand" in response.content.decode()
