"""The booklet's life cycle: drafts and pages, parents' views, giving it to the children, versions, archiving,
stale saves refused with who and when, and every write on the timeline and in the access log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.cases.models import ChronologyEntry, ClosureReason
from casemap.cases.services import case_close
from casemap.conftest import World
from casemap.core.forms import StaleEditError
from casemap.words import services
from casemap.words.models import AgreementResponse, BookletStatus, WordsAndPicturesBooklet
from casemap.words.tests.booklets import TODAY, booklet

pytestmark = pytest.mark.django_db


def given(world: World, made: WordsAndPicturesBooklet, **changes: object) -> services.GivenDetails:
    fields: dict[str, object] = {
        "given_on": TODAY,
        "explained_by": "Sally",
        "child_kept_copy": True,
        "parent_present": world.mother,
    }
    fields.update(changes)
    return services.GivenDetails(**fields)  # type: ignore[arg-type]


def agree(world: World, made: WordsAndPicturesBooklet, response: str = AgreementResponse.AGREED, words: str = ""):
    return services.agreement_record(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        parent=world.mother,
        response=response,
        their_words=words,
        agreed_on=TODAY,
    )


def test_a_new_booklet_is_a_draft_numbered_in_its_case_on_the_timeline_and_logged(world: World) -> None:
    first = booklet(world, pages=0)
    second = booklet(world, pages=0)
    assert (first.status, first.number, second.number) == (BookletStatus.DRAFT, 1, 2)
    assert set(first.children.all()) == {world.child, world.sibling}
    assert ChronologyEntry.objects.filter(source_type="words.wordsandpicturesbooklet", source_id=first.pk).count() == 2
    logged = AccessLogEntry.objects.filter(record_type="words_booklet", record_id=str(first.pk), action="create")
    assert {entry.person_id for entry in logged} == {world.child.pk, world.sibling.pk}


def test_a_booklet_needs_a_title_and_a_child_of_the_case(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.booklet_create(acting_user=world.worker, case=world.case, children=[world.mother], title=" ")
    assert set(refused.value.message_dict) == {"title", "children"}


def test_someone_who_cannot_see_the_case_cannot_start_a_booklet(world: World) -> None:
    with pytest.raises(PermissionDenied):
        services.booklet_create(acting_user=world.other_worker, case=world.case, children=[world.child], title="A")


def test_pages_are_added_in_order_changed_moved_and_removed_each_a_new_version(world: World) -> None:
    made = booklet(world, pages=2)
    first, second = made.pages.all()
    assert (first.position, second.position) == (1, 2)
    services.page_move(acting_user=world.worker, page=second, expected_version=made.version, direction="up")
    assert [p.pk for p in made.pages.all()] == [second.pk, first.pk]
    services.page_move(acting_user=world.worker, page=second, expected_version=made.version + 1, direction="up")
    assert [p.pk for p in made.pages.all()] == [second.pk, first.pk]  # already first: nothing moves
    services.page_change(
        acting_user=world.worker, page=first, expected_version=made.version + 2, heading="", text="New words"
    )
    services.page_remove(acting_user=world.worker, page=second, expected_version=made.version + 3)
    remaining = list(made.pages.all())
    assert [(p.position, p.heading, p.text) for p in remaining] == [(1, "", "New words")]
    made.refresh_from_db()
    assert made.version == 7  # two pages added, two moves, a change and a removal


def test_a_page_needs_words(world: World) -> None:
    made = booklet(world, pages=0)
    with pytest.raises(ValidationError) as refused:
        services.page_add(acting_user=world.worker, booklet=made, expected_version=None, heading="A", text="  ")
    assert refused.value.message_dict == {"text": ["Enter the words for this page"]}


def test_a_stale_save_is_refused_with_who_changed_it_and_nothing_is_lost(world: World) -> None:
    made = booklet(world, pages=1)
    page = made.pages.get()
    loaded = made.version
    services.page_change(acting_user=world.teammate, page=page, expected_version=loaded, heading="", text="Tom's words")
    with pytest.raises(StaleEditError) as refused:
        services.page_change(
            acting_user=world.worker, page=page, expected_version=loaded, heading="", text="Sally's words"
        )
    assert refused.value.modified_by == str(world.teammate)
    assert refused.value.current_version == loaded + 1  # what the form shown again carries
    page.refresh_from_db()
    assert page.text == "Tom's words"


def test_once_a_parent_has_given_their_view_the_words_are_fixed_until_a_new_version(world: World) -> None:
    made = booklet(world)
    agreement = agree(world, made)
    made.refresh_from_db()
    assert made.status == BookletStatus.AGREED and agreement.their_words == ""
    page = made.pages.first()
    with pytest.raises(ValidationError, match="start a new version"):
        services.page_change(acting_user=world.worker, page=page, expected_version=None, heading="", text="Other")
    with pytest.raises(ValidationError, match="start a new version"):
        services.page_add(acting_user=world.worker, booklet=made, expected_version=None, heading="", text="More")
    successor = services.booklet_new_version(acting_user=world.worker, booklet=made, expected_version=made.version)
    made.refresh_from_db()
    assert made.status == BookletStatus.SUPERSEDED
    assert (successor.number, successor.previous, successor.status) == (2, made, BookletStatus.DRAFT)
    assert [p.text for p in successor.pages.all()] == [p.text for p in made.pages.all()]
    assert set(successor.children.all()) == {world.child, world.sibling}
    services.page_change(
        acting_user=world.worker, page=successor.pages.first(), expected_version=None, heading="", text="Changed"
    )
    assert made.pages.first().text != "Changed"
    with pytest.raises(ValidationError, match="newer version"):
        agree(world, made)


def test_a_parent_who_disagrees_or_wants_changes_says_so_in_their_words(world: World) -> None:
    made = booklet(world)
    with pytest.raises(ValidationError) as refused:
        agree(world, made, AgreementResponse.DOES_NOT_AGREE)
    assert "their_words" in refused.value.message_dict
    agreement = agree(world, made, AgreementResponse.DOES_NOT_AGREE, "I did not throw the glass at anyone")
    made.refresh_from_db()
    assert made.status == BookletStatus.DRAFT  # nobody has agreed yet, but the words are now fixed
    assert agreement.their_words == "I did not throw the glass at anyone"
    with pytest.raises(ValidationError) as again:
        agree(world, made)
    assert "parent" in again.value.message_dict


def test_only_a_parent_on_the_case_and_a_date_not_in_the_future(world: World) -> None:
    made = booklet(world)
    with pytest.raises(ValidationError) as refused:
        services.agreement_record(
            acting_user=world.worker,
            booklet=made,
            expected_version=None,
            parent=world.child,
            response=AgreementResponse.AGREED,
            their_words="",
            agreed_on=TODAY,
        )
    assert "parent" in refused.value.message_dict
    with pytest.raises(ValidationError) as future:
        services.agreement_record(
            acting_user=world.worker,
            booklet=made,
            expected_version=None,
            parent=world.mother,
            response=AgreementResponse.AGREED,
            their_words="",
            agreed_on=TODAY + datetime.timedelta(days=1),
        )
    assert "agreed_on" in future.value.message_dict


def test_given_to_each_child_once_with_a_parent_there_and_never_with_no_pages(world: World) -> None:
    empty = booklet(world, pages=0)
    with pytest.raises(ValidationError, match="at least one page"):
        services.given_record(
            acting_user=world.worker,
            booklet=empty,
            expected_version=None,
            child=world.child,
            details=given(world, empty),
        )
    made = booklet(world)
    agree(world, made)
    record = services.given_record(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        child=world.child,
        details=given(
            world, made, child_said="Alkira drew her cat on the last page", given_on=TODAY - datetime.timedelta(days=2)
        ),
    )
    made.refresh_from_db()
    assert made.status == BookletStatus.GIVEN
    assert (record.parent_present, record.child_kept_copy, record.child_said) == (
        world.mother,
        True,
        "Alkira drew her cat on the last page",
    )
    timeline = ChronologyEntry.objects.get(person=world.child, summary__contains="given to Alkira")
    assert timeline.occurred_on == TODAY - datetime.timedelta(days=2)
    with pytest.raises(ValidationError) as twice:
        services.given_record(
            acting_user=world.worker, booklet=made, expected_version=None, child=world.child, details=given(world, made)
        )
    assert "child" in twice.value.message_dict
    with pytest.raises(ValidationError) as not_for:
        services.given_record(
            acting_user=world.worker,
            booklet=made,
            expected_version=None,
            child=world.mother,
            details=given(world, made),
        )
    assert "child" in not_for.value.message_dict


def test_archived_booklets_are_kept_with_who_and_why_and_refuse_changes(world: World) -> None:
    made = booklet(world)
    services.booklet_archive(acting_user=world.manager, booklet=made, expected_version=made.version, reason="Duplicate")
    made.refresh_from_db()
    assert (made.archived_by, made.archive_reason) == (world.manager, "Duplicate")
    with pytest.raises(ValidationError, match="archived"):
        services.page_add(acting_user=world.worker, booklet=made, expected_version=None, heading="", text="More")
    with pytest.raises(ValidationError):
        services.booklet_archive(acting_user=world.manager, booklet=made, expected_version=None, reason=" ")


def test_read_only_roles_cannot_change_a_booklet(world: World) -> None:
    made = booklet(world)
    with pytest.raises(PermissionDenied):
        services.page_add(acting_user=world.data_officer, booklet=made, expected_version=None, heading="", text="x")


def test_a_closed_case_takes_no_new_booklet_explanation_or_change(world: World) -> None:
    made = booklet(world)
    case_close(acting_user=world.manager, case=world.case, closed_on=TODAY, closure_reason=ClosureReason.RC8)
    with pytest.raises(PermissionDenied):
        services.booklet_create(acting_user=world.worker, case=world.case, children=[world.child], title="More")
    with pytest.raises(PermissionDenied):
        services.page_add(acting_user=world.worker, booklet=made, expected_version=None, heading="", text="x")
    with pytest.raises(PermissionDenied):
        services.explanation_record_create(
            acting_user=world.worker, child=world.child, case=world.case, explained_on=TODAY, how="x", explained_by="S"
        )
    assert WordsAndPicturesBooklet.objects.count() == 1 and made.pages.count() == 2


def test_an_explanation_record_needs_how_and_who_and_goes_on_the_timeline(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.explanation_record_create(
            acting_user=world.worker, child=world.child, case=world.case, explained_on=TODAY, how="", explained_by=""
        )
    assert set(refused.value.message_dict) == {"how", "explained_by"}
    record = services.explanation_record_create(
        acting_user=world.worker,
        child=world.child,
        case=world.case,
        explained_on=TODAY,
        how="Talked it through with drawings at school",
        explained_by="Sally",
    )
    assert ChronologyEntry.objects.filter(person=world.child, source_id=record.pk).exists()
    assert AccessLogEntry.objects.filter(
        record_type="explanation_record", person=world.child, action=AccessAction.CREATE
    ).exists()
