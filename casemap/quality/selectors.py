"""Practice fidelity: which Signs of Safety elements a child's open work holds, and how recent each is.

Read from the records themselves, through the one access policy: only cases the user may see count.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone

from casemap.access.policy import cases_of_person_seen
from casemap.accounts.models import User
from casemap.core.links import link_to
from casemap.mapping.models import Map, MapStatus
from casemap.people.models import Person
from casemap.safety.models import PlanStatus, SafetyNetworkMember, SafetyPlan
from casemap.voice.models import ChildVoiceRecord
from casemap.words.models import BookletStatus, WordsAndPicturesBooklet
from casemap.words.selectors import ExplanationStatus, explanation_for_child

# About three months: a child protection plan is reviewed at least that often, so work older than this
# is unlikely to reflect the family as they are now.
RECENT_DAYS = 91


class ElementState(models.TextChoices):
    IN_PLACE = "in_place", "In place"
    DRAFT = "draft", "Draft"
    NEEDS_REVIEW = "needs_review", "Needs review"
    NOT_RECORDED = "not_recorded", "Not recorded"


@dataclass(frozen=True)
class FidelityElement:
    name: str
    state: ElementState
    detail: str
    recorded_on: datetime.date | None = None
    url: str | None = None

    @property
    def state_label(self) -> str:
        return str(self.state.label)


@dataclass(frozen=True)
class ChildFidelity:
    has_open_case: bool
    elements: list[FidelityElement]
    needs_explanation: bool = False


def _is_recent(day: datetime.date, today: datetime.date) -> bool:
    return (today - day).days <= RECENT_DAYS


def _child_open_case_ids(user: User, child: Person) -> list[int]:
    return [case.case_id for case in cases_of_person_seen(user, child) if case.is_open]


def _map_elements(case_ids: list[int], child: Person, today: datetime.date) -> list[FidelityElement]:
    latest = (
        Map.objects.filter(
            case_id__in=case_ids,
            children=child,
            archived_at__isnull=True,
            status__in=[MapStatus.DRAFT, MapStatus.SIGNED_OFF],
        )
        .defer("snapshot")
        .select_related("signed_off_by")
        .annotate(
            statements=Count("danger_statements"),
        )
        .order_by("-held_on", "-number")
        .first()
    )
    if latest is None:
        return [
            FidelityElement("Map", ElementState.NOT_RECORDED, "No map on an open case"),
            FidelityElement("Danger statements and safety goals", ElementState.NOT_RECORDED, "No map yet"),
        ]
    url = link_to("mapping:map", latest.pk)
    if latest.status == MapStatus.SIGNED_OFF and latest.signed_off_at is not None:
        signed_on = timezone.localdate(latest.signed_off_at)
        state = ElementState.IN_PLACE if _is_recent(signed_on, today) else ElementState.NEEDS_REVIEW
        map_element = FidelityElement(
            "Map", state, f"Map {latest.number}, signed off by {latest.signed_off_by}", signed_on, url
        )
    else:
        map_element = FidelityElement(
            "Map", ElementState.DRAFT, f"Map {latest.number}, not signed off yet", latest.held_on, url
        )
    statements = latest.statements
    if statements == 0:
        pairs = FidelityElement(
            "Danger statements and safety goals", ElementState.NOT_RECORDED, f"None on map {latest.number}", None, url
        )
    else:
        # The mapping services save a danger statement and its safety goal together, so one count covers both.
        detail = f"{_count(statements, 'danger statement')}, each with its safety goal"
        pairs = FidelityElement(
            "Danger statements and safety goals", map_element.state, detail, map_element.recorded_on, url
        )
    return [map_element, pairs]


def _voice_element(case_ids: list[int], child: Person, today: datetime.date) -> FidelityElement:
    sessions = ChildVoiceRecord.objects.filter(case_id__in=case_ids, child=child, archived_at__isnull=True)
    latest = sessions.select_related("tool").annotate(in_all=models.Window(Count("pk"))).order_by("-used_on").first()
    if latest is None:
        return FidelityElement("Child's voice", ElementState.NOT_RECORDED, "No direct work recorded")
    state = ElementState.IN_PLACE if _is_recent(latest.used_on, today) else ElementState.NEEDS_REVIEW
    detail = f"Last: {latest.tool.name} ({_count(latest.in_all, 'session')} in all)"
    return FidelityElement("Child's voice", state, detail, latest.used_on, link_to("voice:child", child.pk))


def _network_element(case_ids: list[int], child: Person) -> FidelityElement:
    counts = SafetyNetworkMember.objects.filter(
        case_id__in=case_ids, is_active=True, archived_at__isnull=True
    ).aggregate(
        active=Count("pk"),
        without_contact=Count("pk", filter=Q(phone="", email="", address="")),
        case_id=models.Min("case_id"),
    )
    if not counts["active"]:
        return FidelityElement("Safety network", ElementState.NOT_RECORDED, "Nobody in the network yet")
    detail = _count(counts["active"], "active member")
    state = ElementState.IN_PLACE
    if counts["without_contact"]:
        detail += f", {counts['without_contact']} with no way to contact them"
        state = ElementState.NEEDS_REVIEW
    return FidelityElement("Safety network", state, detail, None, link_to("safety:network", counts["case_id"]))


def _plan_element(case_ids: list[int], child: Person, today: datetime.date) -> FidelityElement:
    plan = (
        SafetyPlan.objects.filter(
            case_id__in=case_ids,
            archived_at__isnull=True,
            status__in=[PlanStatus.DRAFT, PlanStatus.SIGNED_OFF],
        )
        .defer("snapshot")
        .order_by("-number")
        .first()
    )
    if plan is None:
        return FidelityElement("Safety plan", ElementState.NOT_RECORDED, "No safety plan on an open case")
    url = link_to("safety:plan", plan.pk)
    name = f"{plan.get_kind_display()}, version {plan.number}"
    if plan.status == PlanStatus.DRAFT or plan.signed_off_at is None:
        return FidelityElement("Safety plan", ElementState.DRAFT, f"{name}, not signed off yet", None, url)
    signed_on = timezone.localdate(plan.signed_off_at)
    if plan.review_on is not None and plan.review_on < today:
        detail = f"{name}: its review was due on {plan.review_on.day} {plan.review_on:%B %Y}"
        return FidelityElement("Safety plan", ElementState.NEEDS_REVIEW, detail, signed_on, url)
    review = f", review by {plan.review_on.day} {plan.review_on:%B %Y}" if plan.review_on else ""
    return FidelityElement("Safety plan", ElementState.IN_PLACE, f"{name}, signed off{review}", signed_on, url)


def _explanation_element(case_ids: list[int], child: Person, status: ExplanationStatus) -> FidelityElement:
    """Words and Pictures, or a record of how the worries and the plan were explained to the child."""
    url = link_to("words:child", child.pk)
    if status.booklet_given_on is not None and status.booklet_given_on == status.last_explained_on:
        return FidelityElement(
            "Words and Pictures", ElementState.IN_PLACE, "Booklet given to the child", status.booklet_given_on, url
        )
    if status.explained_on is not None:
        return FidelityElement(
            "Words and Pictures", ElementState.IN_PLACE, "How it was explained is recorded", status.explained_on, url
        )
    drafted = (
        WordsAndPicturesBooklet.objects.filter(
            case_id__in=case_ids,
            children=child,
            archived_at__isnull=True,
            status__in=[BookletStatus.DRAFT, BookletStatus.AGREED],
        )
        .order_by("-number")
        .first()
    )
    if drafted is not None:
        detail = f"Booklet {drafted.get_status_display().lower()}, not given to the child yet"
        return FidelityElement("Words and Pictures", ElementState.DRAFT, detail, None, url)
    if status.on_plan:
        detail = "On a plan, and no explanation of the worries and the plan is recorded"
        return FidelityElement("Words and Pictures", ElementState.NOT_RECORDED, detail, None, url)
    return FidelityElement("Words and Pictures", ElementState.NOT_RECORDED, "No booklet", None, url)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def child_practice_fidelity(*, user: User, child: Person) -> ChildFidelity:
    """The elements of Signs of Safety practice on the child's open cases, in a fixed number of queries."""
    case_ids = _child_open_case_ids(user, child)
    if not case_ids:
        return ChildFidelity(has_open_case=False, elements=[])
    today = timezone.localdate()
    explanation = explanation_for_child(user=user, child=child)
    elements = [
        *_map_elements(case_ids, child, today),
        _voice_element(case_ids, child, today),
        _network_element(case_ids, child),
        _plan_element(case_ids, child, today),
        _explanation_element(case_ids, child, explanation),
    ]
    return ChildFidelity(has_open_case=True, elements=elements, needs_explanation=explanation.needs_explanation)
