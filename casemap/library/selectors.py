"""Who may do what in the good-practice library, and what each person sees.

- Published examples are read by every member of staff with an account, whatever their role.
- Current practice champions and practice leads (never a read-only role) nominate examples from records they may
  see (`casemap.access.policy`), take in the appreciative inquiries workers have nominated, and check drafts.
- A nomination and its draft are seen by the person who nominated it, the worker whose work it is (who agrees to
  it being shared or not) and, once the worker has agreed, the champions and practice leads who may check it.
  Anyone else is answered 404, whether it exists or not.
- The person who checks and publishes a draft is never its nominator, nor the worker.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from casemap.access.policy import READ_ONLY_ROLES
from casemap.accounts.models import Role, User
from casemap.library.models import GoodPracticeExample, LibraryTool, Nomination, NominationStatus, PracticeChampion
from casemap.supervision.models import AppreciativeInquiry

CHECKED_STATUSES = [NominationStatus.AWAITING_CHECK, NominationStatus.SENT_BACK, NominationStatus.PUBLISHED]


def current_champions() -> QuerySet[PracticeChampion]:
    today = timezone.localdate()
    return PracticeChampion.objects.filter(archived_at__isnull=True, starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def is_library_curator(user: User) -> bool:
    """A current practice champion or a practice lead: nominates, takes in and checks examples."""
    if not user.is_authenticated or not user.is_active or user.role in READ_ONLY_ROLES:
        return False
    if user.role == Role.PRACTICE_LEAD:
        return True
    return current_champions().filter(user=user).exists()


def visible_nominations(user: User, *, curator: bool | None = None) -> QuerySet[Nomination]:
    """`curator`: the page's own answer of `is_library_curator`, when it has one, so it is not asked twice."""
    if not user.is_authenticated or not user.is_active:
        return Nomination.objects.none()
    rule = Q(nominated_by=user) | Q(worker=user)
    if is_library_curator(user) if curator is None else curator:
        rule |= Q(status__in=CHECKED_STATUSES)
    return Nomination.objects.filter(archived_at__isnull=True).filter(rule)


def get_nomination_for_user(user: User, nomination_id: int) -> Nomination:
    nomination = (
        visible_nominations(user)
        .select_related("example", "worker", "nominated_by", "checked_by")
        .filter(pk=nomination_id)
        .first()
    )
    if nomination is None:
        raise Http404("No nomination found")
    return nomination


def may_check(user: User, nomination: Nomination, *, curator: bool | None = None) -> bool:
    """A second person: a curator who neither nominated it nor did the work."""
    if user.pk in {nomination.nominated_by_id, nomination.worker_id}:
        return False
    return is_library_curator(user) if curator is None else curator


def may_edit(user: User, nomination: Nomination) -> bool:
    """The draft's words are changed by its checkers while it waits for them, and by its nominator too (after it
    is sent back, to put right what the checker asked)."""
    if not nomination.is_editable:
        return False
    return may_check(user, nomination) or user.pk == nomination.nominated_by_id


def published_examples(*, tool: str = "", tag: str = "") -> QuerySet[GoodPracticeExample]:
    examples = GoodPracticeExample.objects.filter(published_at__isnull=False, archived_at__isnull=True)
    if tool in LibraryTool.values:
        examples = examples.filter(tool=tool)
    if tag:
        examples = examples.filter(tags__icontains=tag)
    return examples.order_by("-published_at", "-pk")


def get_published_example(example_id: int) -> GoodPracticeExample:
    example = published_examples().prefetch_related("sections").filter(pk=example_id).first()
    if example is None:
        raise Http404("No example found")
    return example


def inquiries_to_take(user: User, *, curator: bool | None = None) -> QuerySet[AppreciativeInquiry]:
    """Appreciative inquiries their workers nominated, with their consent, not yet taken into the library."""
    if not (is_library_curator(user) if curator is None else curator):
        return AppreciativeInquiry.objects.none()
    taken = Nomination.objects.filter(inquiry=OuterRef("pk"))
    return (
        AppreciativeInquiry.objects.filter(archived_at__isnull=True, nominated_at__isnull=False, worker_consented=True)
        .exclude(Exists(taken))
        .order_by("nominated_at", "pk")
    )


def get_inquiry_to_take(user: User, inquiry_id: int) -> AppreciativeInquiry:
    inquiry = inquiries_to_take(user).select_related("worker", "case", "manager_commented_by").filter(pk=inquiry_id)
    found = inquiry.first()
    if found is None:
        raise Http404("No appreciative inquiry waiting to be taken into the library")
    return found


@dataclass(frozen=True)
class LibraryWaiting:
    """What waits for this user in the library: their agreement, drafts to check, drafts sent back to them, and
    workers' appreciative inquiries to take in."""

    to_agree: list[Nomination]
    to_check: list[Nomination]
    sent_back: list[Nomination]
    inquiries: int

    @property
    def anything(self) -> bool:
        return bool(self.to_agree or self.to_check or self.sent_back or self.inquiries)


def library_waiting(user: User) -> LibraryWaiting:
    """Two queries for most staff (are they a champion; what of theirs waits), one more for a curator."""
    curator = is_library_curator(user)
    waiting = [NominationStatus.AWAITING_CONSENT, NominationStatus.AWAITING_CHECK, NominationStatus.SENT_BACK]
    mine = (
        visible_nominations(user, curator=curator)
        .filter(status__in=waiting)
        .select_related("example")
        .order_by("nominated_at", "pk")
    )
    to_agree = [n for n in mine if n.status == NominationStatus.AWAITING_CONSENT and n.worker_id == user.pk]
    sent_back = [n for n in mine if n.status == NominationStatus.SENT_BACK and n.nominated_by_id == user.pk]
    to_check = [n for n in mine if n.status == NominationStatus.AWAITING_CHECK and may_check(user, n, curator=curator)]
    inquiries = inquiries_to_take(user, curator=curator).count() if curator else 0
    return LibraryWaiting(to_agree=to_agree, to_check=to_check, sent_back=sent_back, inquiries=inquiries)
