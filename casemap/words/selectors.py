"""Reads of Words and Pictures, filtered by the one access policy: a booklet is visible when its case is.

`explanation_for_child` answers, for the child record, whether a child on a plan has had the worries and the
plan explained to them (a booklet given, or a record of how it was explained). `map_words_to_start_from` offers a
new page the words of the case's latest map, to rewrite in the children's words."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import cases_of_person_seen, read_through_the_rule, visible_cases
from casemap.accounts.models import User
from casemap.cases.models import Case, CaseService, Episode
from casemap.mapping.models import ItemCategory, MapStatus
from casemap.mapping.selectors import visible_maps
from casemap.mapping.snapshot import map_data
from casemap.people.models import Person
from casemap.voice.models import ChildDrawing, MadeWith
from casemap.voice.selectors import visible_drawings
from casemap.words.models import BookletGiven, BookletPage, ExplanationRecord, WordsAndPicturesBooklet

# Services where a child is "on a plan": a child in need plan, a child protection plan, or in care.
PLAN_SERVICES = (CaseService.CHILD_IN_NEED, CaseService.CHILD_PROTECTION, CaseService.CHILD_IN_CARE)


def visible_booklets(user: User) -> QuerySet[WordsAndPicturesBooklet]:
    return WordsAndPicturesBooklet.objects.filter(case__in=visible_cases(user).values("pk"), archived_at__isnull=True)


def get_booklet_for_user(user: User, booklet_id: int) -> WordsAndPicturesBooklet:
    booklet = (
        visible_booklets(user)
        .select_related("case", "author", "modified_by", "previous")
        .prefetch_related("children")
        .filter(pk=booklet_id)
        .first()
    )
    if booklet is None:
        raise Http404("No booklet found")
    read_through_the_rule(user, booklet.case)
    return booklet


def get_booklet_page_for_user(user: User, page_id: int) -> BookletPage:
    page = (
        BookletPage.objects.filter(booklet__in=visible_booklets(user).values("pk"), pk=page_id)
        .select_related("booklet", "booklet__case")
        .first()
    )
    if page is None:
        raise Http404("No page found")
    read_through_the_rule(user, page.booklet.case)
    return page


def case_booklets(*, user: User, case: Case) -> list[WordsAndPicturesBooklet]:
    return list(
        visible_booklets(user)
        .filter(case=case)
        .prefetch_related("children", "agreements", "givings")
        .order_by("-number")
    )


def child_booklets(*, user: User, child: Person) -> list[WordsAndPicturesBooklet]:
    return list(
        visible_booklets(user)
        .filter(children=child)
        .select_related("case")
        .prefetch_related("children", "givings")
        .order_by("-number")
    )


def child_explanation_records(*, user: User, child: Person) -> list[ExplanationRecord]:
    return list(
        ExplanationRecord.objects.filter(
            child=child, case__in=visible_cases(user).values("pk"), archived_at__isnull=True
        ).order_by("-explained_on", "-pk")
    )


def booklet_drawings(*, user: User, booklet: WordsAndPicturesBooklet) -> list[ChildDrawing]:
    """The pictures the booklet's children drew (on the pad or on paper) that this user may see, newest first."""
    return list(
        visible_drawings(user)
        .filter(child__in=booklet.children.all())
        .exclude(made_with=MadeWith.PDF)
        .select_related("child")
        .order_by("-drawn_on", "-pk")
    )


def booklet_versions(*, booklet: WordsAndPicturesBooklet) -> list[WordsAndPicturesBooklet]:
    """Every version this one came from, and every version that came from it, newest first."""
    by_pk = {
        each.pk: each
        for each in WordsAndPicturesBooklet.objects.filter(case_id=booklet.case_id).select_related("author")
    }
    chain = [booklet.pk]
    while by_pk[chain[-1]].previous_id is not None:
        chain.append(by_pk[chain[-1]].previous_id)  # type: ignore[arg-type]
    newer = {each.previous_id: each.pk for each in by_pk.values() if each.previous_id}
    while chain[0] in newer:
        chain.insert(0, newer[chain[0]])
    return [by_pk[pk] for pk in chain]


@dataclass(frozen=True)
class ExplanationStatus:
    child_id: int
    on_plan: bool
    booklet_given_on: datetime.date | None
    explained_on: datetime.date | None

    @property
    def last_explained_on(self) -> datetime.date | None:
        dates = [day for day in (self.booklet_given_on, self.explained_on) if day is not None]
        return max(dates) if dates else None

    @property
    def needs_explanation(self) -> bool:
        return self.on_plan and self.last_explained_on is None


def explanations_for_children(*, user: User, children: Sequence[Person]) -> dict[int, ExplanationStatus]:
    """For each child: on a plan or not, and when a booklet was last given or an explanation last recorded, on
    the cases this user may see. Three queries however many children. Archived booklets and records do not
    count."""
    return _explanations([child.pk for child in children], visible_cases(user).values("pk"))


def _explanations(ids: list[int], cases: QuerySet[Any] | list[int]) -> dict[int, ExplanationStatus]:
    """`cases`: the cases that count, as a subquery of ids or a list of them."""
    on_plan = set(
        Episode.objects.filter(
            child_id__in=ids,
            case__in=cases,
            ended_on__isnull=True,
            archived_at__isnull=True,
            service__in=PLAN_SERVICES,
        )
        .values_list("child_id", flat=True)
        .distinct()
    )
    given = dict(
        BookletGiven.objects.filter(child_id__in=ids, booklet__case__in=cases, booklet__archived_at__isnull=True)
        .values("child_id")
        .annotate(last=Max("given_on"))
        .values_list("child_id", "last")
    )
    explained = dict(
        ExplanationRecord.objects.filter(child_id__in=ids, case__in=cases, archived_at__isnull=True)
        .values("child_id")
        .annotate(last=Max("explained_on"))
        .values_list("child_id", "last")
    )
    return {
        pk: ExplanationStatus(
            child_id=pk, on_plan=pk in on_plan, booklet_given_on=given.get(pk), explained_on=explained.get(pk)
        )
        for pk in ids
    }


def explanation_for_child(*, user: User, child: Person) -> ExplanationStatus:
    """As `explanations_for_children`, for one child on the cases of theirs the page has already asked about."""
    case_ids = [case.case_id for case in cases_of_person_seen(user, child)]
    return _explanations([child.pk], case_ids)[child.pk]


# The map's columns as the children's booklet tells them: what people are worried about (harm and complicating
# factors) and what is going well (strengths and existing safety). Grey areas are left for the worker to explain.
WORRY_CATEGORIES = (ItemCategory.HARM, ItemCategory.COMPLICATING_FACTOR)
WORKING_WELL_CATEGORIES = (ItemCategory.EXISTING_STRENGTH, ItemCategory.EXISTING_SAFETY)


@dataclass(frozen=True)
class MapWords:
    """One piece of the map a page can start from: `key` names it in the page's address, `label` says what it is
    on the map, `heading` and `text` are the page's starting words."""

    key: str
    label: str
    heading: str
    text: str


@dataclass(frozen=True)
class MapToStartFrom:
    map_id: int
    number: int
    is_draft: bool
    signed_off_on: datetime.date | None
    words: list[MapWords]

    @property
    def described(self) -> str:
        if self.is_draft:
            return f"map {self.number}, a draft not yet signed off"
        signed = f" on {self.signed_off_on:%-d %B %Y}" if self.signed_off_on else ""
        return f"map {self.number}, signed off{signed}"

    def chosen(self, key: str) -> MapWords | None:
        return next((words for words in self.words if words.key == key), None)


def map_words_to_start_from(*, user: User, case: Case) -> MapToStartFrom | None:
    """The case's latest map that this user may see (signed off, or the draft after it), as starting words for a
    booklet page: each danger statement and safety goal, the worries and what is working well. None when the case
    has no map yet, or its latest map has none of these."""
    map_ = (
        visible_maps(user)
        .filter(case=case)
        .exclude(status=MapStatus.SUPERSEDED)
        .select_related("variant")
        .order_by("-number")
        .first()
    )
    if map_ is None:
        return None
    data = map_data(map_)  # the map as signed, or as it is now while a draft
    variant = data["variant"]
    words: list[MapWords] = []
    for pair in data["pairs"]:
        position = pair["position"]
        if pair["danger_statement"].strip():
            label = f"{variant['danger_statement_label']} {position}"
            words.append(MapWords(f"danger-{position}", label, "What are we worried about?", pair["danger_statement"]))
        if pair["safety_goal"].strip():
            label = f"{variant['safety_goal_label']} {position}"
            words.append(MapWords(f"goal-{position}", label, "What needs to happen", pair["safety_goal"]))
    columns = {category["key"]: category["items"] for category in data["categories"]}
    for key, label, heading, categories in (
        ("worries", "The worries", "What people are worried about", WORRY_CATEGORIES),
        ("working-well", "What is working well", "What is going well", WORKING_WELL_CATEGORIES),
    ):
        lines = [item["text"].strip() for category in categories for item in columns.get(category, [])]
        if any(lines):
            words.append(MapWords(key, label, heading, "\n".join(line for line in lines if line)))
    if not words:
        return None
    signed_off_on = timezone.localtime(map_.signed_off_at).date() if map_.signed_off_at else None
    return MapToStartFrom(map_.pk, map_.number, map_.is_draft, signed_off_on, words)
