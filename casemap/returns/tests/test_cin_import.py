"""Importing a Children in Need census: the round trip through Casemap's own export, idempotence, a child rejected
whole, dry runs, refused files, updates, and what the import writes to the records' history and the access log."""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from lxml import etree

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.access.policy import can_add_to_case, import_team_id, importing_records, visible_cases
from casemap.cases.models import Case, ChronologyEntry, Episode, Referral
from casemap.conftest import World
from casemap.meetings.models import Meeting
from casemap.people.models import Person
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.cin_import.services import ImportProgress, cin_census_import
from casemap.returns.models import ImportStatus, ReturnImport
from casemap.returns.tests.census_cases import YEAR, census_cases_create
from casemap.returns.tests.import_files import (
    a_census,
    a_child,
    an_episode,
    as_other_system,
    children_by_id,
    export_census,
    facts,
    write,
)


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def import_file(world: World, path: Path, *, dry_run: bool = False) -> ReturnImport:
    return cin_census_import(acting_user=world.data_officer, path=path, team=world.team, dry_run=dry_run)


def history_rows() -> dict[str, int]:
    """Rows of every record's history, the timelines and the access log: what any change writes."""
    counted = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__name__.startswith("Historical")
    }
    counted["timeline"] = ChronologyEntry.objects.count()
    counted["access log"] = AccessLogEntry.objects.count()
    counted["people"] = Person.objects.count()
    return counted


def rejection_lines(record: ReturnImport) -> list[str]:
    return [f"Child {row['child_id']}, {row['field']}: {row['message']}" for row in record.rejections]


@pytest.fixture
def hard_cases(world: World) -> bytes:
    """The census's hard cases, exported by Casemap and sent as another system would (its own identifiers)."""
    census_cases_create(world)
    return export_census(world, YEAR)


def test_the_hard_cases_come_back_as_they_went(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    imported = import_file(world, write(tmp_path, as_other_system(hard_cases)))

    assert imported.status == ImportStatus.IMPORTED
    assert imported.rejections == []
    assert (imported.children_read, imported.created, imported.updated, imported.rejected) == (6, 6, 0, 0)
    assert imported.year == YEAR and imported.created_by == world.data_officer

    # Exported again: every child of the original census is in it twice, under the two identifiers, with the same
    # facts (the header's date and time aside).
    again = children_by_id(export_census(world, YEAR))
    before = children_by_id(hard_cases)
    assert len(again) == 2 * len(before)
    for child_id, child in before.items():
        person = Person.objects.get(former_identifier=f"OLD{child_id}")
        assert facts(again[person.reference]) == facts(child), child_id

    # Only the baby expected before the reference date and born since needed a word: Casemap keeps a birth date.
    assert {(row["field"], row["child_id"]) for row in imported.notes} == {
        ("ChildIdentifiers.ExpectedPersonBirthDate", child_id)
        for child_id, child in before.items()
        if child.findtext("ChildIdentifiers/ExpectedPersonBirthDate")
        for child_id in [f"OLD{child_id}"]
    }


def test_importing_the_same_file_again_changes_nothing(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    path = write(tmp_path, as_other_system(hard_cases))
    import_file(world, path)
    before = history_rows()

    again = import_file(world, path)

    assert (again.children_read, again.created, again.updated, again.unchanged, again.rejected) == (6, 0, 0, 6, 0)
    assert history_rows() == before


def test_casemap_s_own_census_read_back_changes_nothing(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    """Casemap's own file for this authority names Casemap's people: each is found, and everything is there."""
    before = history_rows()
    again = import_file(world, write(tmp_path, hard_cases))
    assert (again.children_read, again.unchanged, again.rejected) == (6, 6, 0), again.rejections
    assert history_rows() == before


def test_imported_children_have_their_timeline_history_and_access_log(
    world: World, hard_cases: bytes, tmp_path: Path
) -> None:
    import_file(world, write(tmp_path, as_other_system(hard_cases)))
    person = Person.objects.get(former_identifier__startswith="OLD", disabilities=["AUT", "COMM"])

    assert person.first_name == "Child" and person.last_name == person.former_identifier
    assert person.history.get().history_user == world.data_officer
    timeline = ChronologyEntry.objects.filter(person=person)
    assert {entry.recorded_by for entry in timeline} == {world.data_officer}
    assert {entry.kind for entry in timeline} >= {"referral", "referral_decision", "assessment", "cin_plan"}
    logged = AccessLogEntry.objects.filter(person=person, user=world.data_officer)
    assert logged.filter(action=AccessAction.CREATE, record_type="person").exists()
    assert logged.filter(action=AccessAction.CREATE, record_type="case").exists()
    referral = Referral.objects.get(child=person)
    assert referral.what_was_reported.startswith("Brought in from the Children in Need census")


def test_open_cases_go_to_the_team_unallocated_and_the_scope_ends_with_the_import(
    world: World, hard_cases: bytes, tmp_path: Path
) -> None:
    import_file(world, write(tmp_path, as_other_system(hard_cases)))
    imported = Case.objects.filter(memberships__person__former_identifier__startswith="OLD").distinct()
    open_cases = imported.filter(closed_on__isnull=True)
    assert open_cases.exists() and imported.filter(closed_on__isnull=False).exists()
    assert {(case.team, case.allocated_worker) for case in imported} == {(world.team, None)}

    # The data officer was a manager of the team for the import alone.
    case = open_cases.first()
    assert import_team_id(world.data_officer) is None
    assert not can_add_to_case(world.data_officer, case)
    assert not visible_cases(world.data_officer).exists()
    with importing_records(world.data_officer, world.team):
        assert can_add_to_case(world.data_officer, case)
        assert import_team_id(world.worker) is None  # nobody else is changed by it
    assert not can_add_to_case(world.data_officer, case)
    with pytest.raises(PermissionDenied, match="Only a data officer"), importing_records(world.worker, world.team):
        pass


def test_a_child_with_one_bad_element_is_rejected_whole(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    document = etree.fromstring(as_other_system(hard_cases))
    [bad] = [
        child
        for child in document.iterfind("Children/Child")
        if child.find("ChildCharacteristics/Disabilities/Disability").text == "AUT"
    ]
    bad_id = bad.findtext("ChildIdentifiers/LAchildID")
    assessment = bad.find("CINdetails/Assessments")
    assessment.find("AssessmentAuthorisationDate").text = "2025-07-01"  # before its start on 8 July
    before = history_rows()

    imported = import_file(world, write(tmp_path, etree.tostring(document)))

    assert (imported.created, imported.rejected) == (5, 1)
    assert rejection_lines(imported) == [
        f"Child {bad_id}, Assessments.AssessmentAuthorisationDate: the assessment was authorised before it started"
    ]
    assert not Person.objects.filter(former_identifier=bad_id).exists()
    assert Person.objects.filter(former_identifier__startswith="OLD").count() == 5
    assert history_rows()["people"] == before["people"] + 5


def test_a_service_s_refusal_rejects_the_child_in_plain_words(world: World, tmp_path: Path) -> None:
    # A conference on a Saturday: the meeting services refuse it, and so the child, whole.
    enquiry = (
        "<Section47><S47ActualStartDate>2025-06-03</S47ActualStartDate><DateOfInitialCPC>2025-06-14</DateOfInitialCPC>"
        "<ICPCnotRequired>0</ICPCnotRequired></Section47>"
    )
    census = a_census(a_child("SAT1", an_episode(enquiry)), a_child("FINE1", an_episode()))
    imported = import_file(world, write(tmp_path, census))

    assert (imported.created, imported.rejected) == (1, 1)
    [rejection] = imported.rejections
    assert (rejection["child_id"], rejection["field"]) == ("SAT1", "Section47.DateOfInitialCPC")
    assert rejection["message"] == "Casemap refused to record the initial conference"
    assert rejection["detail"] == "A conference cannot be on a Saturday or Sunday"
    assert not Person.objects.filter(former_identifier="SAT1").exists()
    assert not Meeting.objects.exists()


def test_a_dry_run_writes_nothing_but_its_record(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    before = history_rows()
    seen: list[ImportProgress] = []
    dry_run = cin_census_import(
        acting_user=world.data_officer,
        path=write(tmp_path, as_other_system(hard_cases)),
        team=world.team,
        dry_run=True,
        on_progress=seen.append,
    )
    assert dry_run.status == ImportStatus.DRY_RUN and dry_run.dry_run
    assert (dry_run.children_read, dry_run.created, dry_run.rejected) == (6, 6, 0)
    assert history_rows() == before
    assert [(progress.done, progress.total) for progress in seen] == [(done, 6) for done in range(1, 7)]
    assert seen[-1].created == 6
    assert ReturnImport.objects.get() == dry_run


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"%PDF-1.4 not a census", "The file is not well-formed XML"),
        (b"<Message><Children><Child>", "The file is not well-formed XML"),
        (b"<Return><Children/></Return>", "This is not a Children in Need census"),
        (
            a_census(a_child("ABC123", an_episode(source="99"))),
            "Child ABC123, CINdetails.ReferralSource: is not one of the codes the census allows for it",
        ),
        (
            a_census(a_child("ABC124", an_episode()).replace("<Sex>F</Sex>", "<Sex>X</Sex>")),
            "Child ABC124, ChildIdentifiers.Sex: is not one of the codes the census allows: M, F or U",
        ),
        (
            a_census(
                a_child("ABC125", an_episode().replace("<CINreferralDate>2025-06-02", "<CINreferralDate>2025-06-31"))
            ),
            "Child ABC125, CINdetails.CINreferralDate: is not a date written as YYYY-MM-DD",
        ),
        (
            a_census(a_child("ABC126", an_episode().replace("<ReferralNFA>0</ReferralNFA>", ""))),
            "Child ABC126, CINdetails: ends before an element it needs: expected one of CINclosureDate",
        ),
        (
            a_census(a_child("ABC127", an_episode())).replace(b"<LEA>999</LEA>", b"<LEA>202</LEA>"),
            "The file, Source.LEA: the file is for local authority 202, but Casemap is set up for 999",
        ),
        (
            a_census(a_child("ABC128", an_episode()), a_child("ABC128", an_episode(referral="2025-09-01"))),
            "Child ABC128, ChildIdentifiers.LAchildID: is in the file twice (first on line 3): a census holds each "
            "child once",
        ),
        (
            a_census(a_child("ABC129", an_episode()))
            .replace(b"<Year>2026</Year>", b"<Year>2099</Year>")
            .replace(b"<ReferenceDate>2026-03-31</ReferenceDate>", b"<ReferenceDate>2099-03-31</ReferenceDate>"),
            "The file, CollectionDetails.Year: the file is for the collection year ending 31 March 2099, which has "
            "not begun",
        ),
    ],
)
def test_a_file_that_is_not_the_census_is_refused_whole(
    world: World, tmp_path: Path, content: bytes, expected: str
) -> None:
    # The good child beside it is not imported either: the file is checked whole first.
    good = a_child("GOOD1", an_episode())
    if content.startswith(b"<?xml") and b"<Children>" in content:
        content = content.replace(b"<Children>", f"<Children>{good}".encode(), 1)
    before = history_rows()
    refused = import_file(world, write(tmp_path, content))

    assert refused.status == ImportStatus.REFUSED
    assert refused.children_read == 0
    assert any(str(ImportProblem(**row)).startswith(expected) for row in refused.rejections), refused.rejections
    assert history_rows() == before


def test_what_cannot_be_mapped_is_refused_or_left_out_in_plain_words(world: World, tmp_path: Path) -> None:
    retired_factor = (
        "<Assessments><AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2025-07-01</AssessmentAuthorisationDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors>18A</AssessmentFactors></FactorsIdentifiedAtAssessment>"
        "</Assessments>"
    )
    died = (
        "<UPNunknown>UN2</UPNunknown><PersonBirthDate>2012-05-05</PersonBirthDate><Sex>M</Sex>"
        "<PersonDeathDate>2025-09-01</PersonDeathDate>"
    )
    census = a_census(
        a_child("F18A", an_episode(retired_factor)),
        a_child(
            "DIED1",
            an_episode(closing="<CINclosureDate>2025-09-01</CINclosureDate><ReasonForClosure>RC2</ReasonForClosure>"),
            identifiers=died,
        ).replace("<Sex>F</Sex>", ""),
        a_child("BOTH1", an_episode(), disabilities="NONE AUT"),
        a_child(" ", an_episode()),
        a_child("X" * 21, an_episode()),
    )
    imported = import_file(world, write(tmp_path, census))

    assert rejection_lines(imported) == [
        "Child F18A, FactorsIdentifiedAtAssessment.AssessmentFactors: 18A (physical abuse) is no longer a census "
        "factor: Casemap records 18B (by another child) or 18C (by an adult), and the file does not say which",
        "Child BOTH1, Disabilities.Disability: NONE is given with other disabilities: give one or other",
        "Child without an identifier (line 3), ChildIdentifiers.LAchildID: is empty",
        f"Child {'X' * 21}, ChildIdentifiers.LAchildID: is longer than 20 characters",
    ]
    assert imported.created == 1
    [note] = imported.notes
    assert (note["child_id"], note["field"]) == ("DIED1", "ChildIdentifiers.PersonDeathDate")
    died_episode = Episode.objects.get(child__former_identifier="DIED1")
    assert (died_episode.ended_on, died_episode.closure_reason) == (datetime.date(2025, 9, 1), "RC2")


def test_a_later_file_adds_to_the_child_and_a_contradiction_is_refused(world: World, tmp_path: Path) -> None:
    assessment = "<Assessments><AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate></Assessments>"
    first = import_file(world, write(tmp_path, a_census(a_child("LATER1", an_episode(assessment))), "first.xml"))
    assert first.created == 1
    episode = Episode.objects.get(child__former_identifier="LATER1")
    assert episode.ended_on is None

    authorised = (
        "<Assessments><AssessmentActualStartDate>2025-06-03</AssessmentActualStartDate>"
        "<AssessmentAuthorisationDate>2025-07-18</AssessmentAuthorisationDate>"
        "<FactorsIdentifiedAtAssessment><AssessmentFactors>21</AssessmentFactors></FactorsIdentifiedAtAssessment>"
        "</Assessments>"
    )
    closing = "<CINclosureDate>2025-07-18</CINclosureDate><ReasonForClosure>RC8</ReasonForClosure>"
    later = import_file(
        world, write(tmp_path, a_census(a_child("LATER1", an_episode(authorised, closing=closing))), "later.xml")
    )
    assert (later.updated, later.created, later.rejected) == (1, 0, 0), later.rejections
    episode.refresh_from_db()
    assert (episode.ended_on, episode.closure_reason) == (datetime.date(2025, 7, 18), "RC8")
    assert episode.assessments.get().factors == ["21"]

    source_changed = a_census(a_child("LATER1", an_episode(authorised, closing=closing, source="6")))
    refused = import_file(world, write(tmp_path, source_changed, "contradicts.xml"))
    assert rejection_lines(refused) == [
        "Child LATER1, CINdetails.ReferralSource: differs from what Casemap already holds for this child: correct one "
        "or the other, then import again"
    ]
    assert refused.rejections[0]["person_id"] == episode.child_id


def test_casemap_s_own_reference_that_names_nobody_is_refused(world: World, hard_cases: bytes, tmp_path: Path) -> None:
    document = etree.fromstring(hard_cases)
    first = document.find("Children/Child/ChildIdentifiers/LAchildID")
    first.text = "P9999999"
    census = etree.tostring(document)
    imported = import_file(world, write(tmp_path, census))
    assert rejection_lines(imported) == [
        "Child P9999999, ChildIdentifiers.LAchildID: the file was made by Casemap for this authority, but no record "
        "here has this reference"
    ]
    assert imported.unchanged == 5
