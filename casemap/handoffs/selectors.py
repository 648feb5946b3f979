"""Reads for hand-offs: a record's sign-off requests and decisions, and the one list of what waits for a manager.

The list covers the teams in the manager's line and only cases the manager may see (`managed_cases`): a
restricted case they hold no grant for never shows, not even as a count."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from casemap.access.policy import managed_cases, managed_team_ids
from casemap.accounts.models import User
from casemap.cases.models import Allocation, Case, Referral, ReferralDecision
from casemap.core.links import link_for_each, link_to
from casemap.core.models import RecordedModel
from casemap.handoffs.models import SignOffOutcome, SignOffRequest
from casemap.handoffs.records import signable_for

# Of who asked and who decided, the pages show the name alone (`User.__str__`): a user's row is some twenty columns,
# and Django hashes each selected column of an ordered query.
_SIGN_OFF_COLUMNS = [field.name for field in SignOffRequest._meta.concrete_fields] + [
    f"{who}__{name}" for who in ("requested_by", "decided_by") for name in ("first_name", "last_name", "username")
]


def record_sign_offs(record: RecordedModel) -> list[SignOffRequest]:
    """Every request and decision on the record, oldest first."""
    return list(
        SignOffRequest.objects.filter(record_type=ContentType.objects.get_for_model(type(record)), record_id=record.pk)
        .select_related("requested_by", "decided_by")
        .only(*_SIGN_OFF_COLUMNS)
        .order_by("pk")
    )


def is_signed_off(record: RecordedModel) -> bool:
    return SignOffRequest.objects.filter(
        record_type=ContentType.objects.get_for_model(type(record)),
        record_id=record.pk,
        outcome=SignOffOutcome.SIGNED_OFF,
    ).exists()


@dataclass(frozen=True)
class WaitingItem:
    """One thing a manager is to act on, and where they act on it."""

    what: str  # "Referral awaiting a decision", "Unallocated case", "Sign-off of Signs of Safety map 2"
    case: Case
    url: str
    since: datetime.datetime
    detail: str = ""  # who asked and their note

    @property
    def days_waiting(self) -> int:
        return (timezone.localdate() - timezone.localtime(self.since).date()).days


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def waiting_for(user: User) -> list[WaitingItem]:
    """Referrals awaiting a decision, open cases with no allocated worker, and drafts whose sign-off was asked
    for, in the teams the user manages, oldest first. Empty for anyone who manages no team.

    One query finds the cases with something waiting, and what: the access rule is the costly part of a query to
    build, so it is built once. The sign-off requests are then read for those cases alone."""
    if not managed_team_ids(user):
        return []
    pending = Referral.objects.filter(case=OuterRef("pk"), decision=ReferralDecision.PENDING)
    open_unallocated = Allocation.objects.filter(case=OuterRef("pk"), ended_at__isnull=True, worker__isnull=True)
    asked = SignOffRequest.objects.filter(case=OuterRef("pk"), outcome=SignOffOutcome.WAITING)
    cases = list(
        managed_cases(user)
        .filter(closed_on__isnull=True)
        .filter(Exists(pending) | Q(allocated_worker__isnull=True) | Exists(asked))
        .annotate(
            referral_since=Subquery(pending.order_by("received_on").values("received_on")[:1]),
            unallocated_since=Subquery(open_unallocated.order_by("-started_at").values("started_at")[:1]),
            sign_off_asked=Exists(asked),
        )
        # Only what the list shows: a service manager's list holds a case for each of dozens of things waiting.
        .select_related("team")
        .only("family_name", "opened_on", "allocated_worker_id", "team__name")
    )
    case_url = link_for_each("cases:detail")
    items = [
        _referral_or_allocation(case, case_url(case.pk))
        for case in cases
        if case.referral_since or not case.allocated_worker_id
    ]
    items += _sign_offs({case.pk: case for case in cases if case.sign_off_asked})
    return sorted(items, key=lambda item: (item.since, item.case.pk))


def _referral_or_allocation(case: Case, case_url: str) -> WaitingItem:
    """A case whose referral is undecided waits for its decision first, and only then for a worker."""
    if case.referral_since:  # type: ignore[attr-defined]  # annotated in waiting_for
        return WaitingItem(
            what="Referral awaiting a decision",
            case=case,
            url=f"{case_url}#decision",
            since=_start_of(case.referral_since),  # type: ignore[attr-defined]
        )
    return WaitingItem(
        what="Unallocated case",
        case=case,
        url=f"{case_url}#allocation",
        since=case.unallocated_since or _start_of(case.opened_on),  # type: ignore[attr-defined]
    )


def _sign_offs(cases: dict[int, Case]) -> list[WaitingItem]:
    """The waiting sign-off requests on these cases (already authorised), for records still open to sign-off."""
    if not cases:
        return []
    waiting = list(
        SignOffRequest.objects.filter(outcome=SignOffOutcome.WAITING, case_id__in=cases).select_related(
            "requested_by", "record_type"
        )
    )
    for row in waiting:
        row.case = cases[row.case_id]
    still_drafts: set[tuple[int, int]] = set()
    for record_type in {row.record_type for row in waiting}:
        model = record_type.model_class()
        assert model is not None
        ids = [row.record_id for row in waiting if row.record_type_id == record_type.pk]
        awaiting = signable_for(model).awaiting(model._default_manager.filter(pk__in=ids))
        still_drafts |= {(record_type.pk, pk) for pk in awaiting.values_list("pk", flat=True)}
    return [
        WaitingItem(
            what=f"Sign-off of {row.record_label}",
            case=row.case,
            url=link_to(signable_for(row.record_type.model_class()).page, row.record_id),  # type: ignore[arg-type]
            since=row.requested_at,  # type: ignore[arg-type]  # a waiting request was always asked for
            detail=f"Asked for by {row.requested_by}" + (f": {row.note}" if row.note else ""),
        )
        for row in waiting
        if (row.record_type_id, row.record_id) in still_drafts
    ]
