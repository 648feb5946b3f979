"""Reads of the child's voice, filtered by the one access policy: a record is visible when its case is."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import can_add_to_case, cases_of_person_seen, read_through_the_rule, visible_cases
from casemap.accounts.models import User
from casemap.cases.known_people import known_people
from casemap.cases.models import Case, MemberRole
from casemap.core.people_choice import KnownPerson
from casemap.mapping.models import Map, MapStatus
from casemap.people.models import Person
from casemap.voice.models import ChildDrawing, ChildVoiceRecord, VoiceTool


def visible_voice_records(user: User) -> QuerySet[ChildVoiceRecord]:
    return ChildVoiceRecord.objects.filter(case__in=visible_cases(user).values("pk"), archived_at__isnull=True)


def get_voice_record_for_user(user: User, record_id: int) -> ChildVoiceRecord:
    record = (
        visible_voice_records(user)
        .select_related("child", "case", "tool", "worker", "modified_by")
        .prefetch_related("entries")
        .filter(pk=record_id)
        .first()
    )
    if record is None:
        raise Http404("No record found")
    read_through_the_rule(user, record.case)
    return record


def child_voice_records(*, user: User, child: Person) -> list[ChildVoiceRecord]:
    return list(
        visible_voice_records(user)
        .filter(child=child)
        .select_related("tool", "worker", "case")
        .prefetch_related("entries")
        .order_by("-used_on", "-pk")
    )


def child_cases_to_add_to(*, user: User, child: Person) -> list[Case]:
    """The open cases this child is on as a child that the policy lets the user add to, newest first: where a
    session, a drawing or an explanation can be recorded. Nothing is offered when the list is empty."""
    ids = [case.case_id for case in cases_of_person_seen(user, child) if case.is_open and case.role == MemberRole.CHILD]
    cases = Case.objects.filter(pk__in=ids).order_by("-opened_on", "-pk") if ids else []
    # The ids are the policy's answer for this user, so each case is read through the rule.
    return [case for case in cases if can_add_to_case(user, read_through_the_rule(user, case))]


def people_known_on(*, cases: list[Case], user: User) -> list[KnownPerson]:
    """The people a form offers when it asks who, for a record that may go on any of these cases (a child is
    usually on one open case): those known on each, each once, the signed-in worker first."""
    people: dict[str, KnownPerson] = {}
    for case in cases:
        for person in known_people(case=case, user=user):
            people.setdefault(person.name, person)
    return list(people.values())


def active_tools() -> list[VoiceTool]:
    return list(VoiceTool.objects.filter(is_active=True))


@dataclass(frozen=True)
class LastUse:
    child_id: int
    tool_name: str
    used_on: datetime.date
    sessions: int

    @property
    def days_ago(self) -> int:
        return (timezone.localdate() - self.used_on).days


def tools_last_used(*, user: User, children: list[Person]) -> dict[int, list[LastUse]]:
    """For each child, when each tool was last used with them (most recent first), so a worker can avoid
    using the same tool by rote. One query however many children, tools or sessions."""
    rows = (
        visible_voice_records(user)
        .filter(child__in=[child.pk for child in children])
        .values("child_id", "tool__name")
        .annotate(last=Max("used_on"), sessions=Count("pk"))
        .order_by("child_id", "-last", "tool__name")
    )
    result: dict[int, list[LastUse]] = {child.pk: [] for child in children}
    for row in rows:
        result[row["child_id"]].append(LastUse(row["child_id"], row["tool__name"], row["last"], row["sessions"]))
    return result


def draft_maps(*, record: ChildVoiceRecord) -> list[Map]:
    return list(record.case.maps.filter(status=MapStatus.DRAFT, archived_at__isnull=True).order_by("-number"))


def visible_drawings(user: User) -> QuerySet[ChildDrawing]:
    """Drawings on cases the user may see, not archived, and not from an archived session. The file's bytes
    are never loaded by a list."""
    return (
        ChildDrawing.objects.filter(case__in=visible_cases(user).values("pk"), archived_at__isnull=True)
        .exclude(record__archived_at__isnull=False)
        .select_related("stored_file")
        .defer("stored_file__content")
    )


def get_drawing_for_user(user: User, drawing_id: int) -> ChildDrawing:
    drawing = visible_drawings(user).select_related("child", "case", "record__tool").filter(pk=drawing_id).first()
    if drawing is None:
        raise Http404("No drawing found")
    read_through_the_rule(user, drawing.case)
    return drawing


def record_drawings(*, user: User, record: ChildVoiceRecord) -> dict[str, list[ChildDrawing]]:
    """A session's drawings by part ("" for the whole session), in the order they were drawn. One query."""
    by_part: dict[str, list[ChildDrawing]] = {}
    for drawing in visible_drawings(user).filter(record=record):
        by_part.setdefault(drawing.part_key, []).append(drawing)
    return by_part


def child_drawings(*, user: User, child: Person) -> list[ChildDrawing]:
    return list(visible_drawings(user).filter(child=child).select_related("record__tool").order_by("-drawn_on", "-pk"))
