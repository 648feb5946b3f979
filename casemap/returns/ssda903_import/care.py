"""A child's care in the return, recorded through the services the pages use, in the order things happened: periods
of care and their episodes, reviews, missing episodes, unaccompanied status, adoption steps, previous permanence,
and the year's outcomes.

What Casemap already holds (the same period, the same episode start, the same review day, ...) is compared with the
file first: what is missing is added, what is there is left alone, and what contradicts the file rejects the child.
So importing the same return again changes nothing.
"""

import dataclasses
import datetime
import itertools
from collections.abc import Callable
from enum import IntEnum

from django.core.exceptions import PermissionDenied, ValidationError

from casemap.cases.care_codes import ADOPTED, EpisodeEndReason, NewEpisodeReason
from casemap.cases.care_models import (
    AdoptionPlan,
    CareEpisode,
    CareLeaverOutcome,
    CareOutcome,
    CarePeriod,
    CareReview,
    MissingEpisode,
    PreviousPermanence,
    UnaccompaniedStatus,
)
from casemap.cases.models import Case, CaseService, MemberRole, ReferralDecision, ReferralSource
from casemap.cases.services import case_change_service, referral_decide, referral_receive
from casemap.cases.services.care import care_episode_change, care_period_end, care_period_start
from casemap.cases.services.care_adoption import (
    adoption_adopters_record,
    adoption_decision_record,
    adoption_decision_reverse,
    adoption_match_record,
    previous_permanence_record,
)
from casemap.cases.services.care_outcomes import care_leaver_outcome_record, care_outcome_record
from casemap.cases.services.care_records import (
    care_review_record,
    missing_episode_end,
    missing_episode_record,
    unaccompanied_status_cease,
    unaccompanied_status_record,
)
from casemap.core.forms import StaleEditError
from casemap.people.models import Person
from casemap.returns.cin_import.problems import ChildRejected, ImportProblem
from casemap.returns.ssda903.records import Episode903, PreviousPermanence903
from casemap.returns.ssda903_import.context import ImportContext903, rejected, service_refused
from casemap.returns.ssda903_import.reading import ChildInFile

DIFFERS = "differs from what Casemap already holds for this child: correct one or the other, then import again"


class Order(IntEnum):
    """What happens first when several things happened on one day."""

    PERIOD_STARTED = 0
    EPISODE_CHANGED = 1
    UNACCOMPANIED = 5
    REVIEW = 10
    MISSING = 15
    ADOPTION_DECIDED = 20
    ADOPTION_MATCHED = 21
    ADOPTERS = 22
    ADOPTION_CEASED = 23
    PERIOD_ENDED = 50
    UNACCOMPANIED_CEASED = 55
    OUTCOMES = 90


@dataclasses.dataclass
class Step:
    on: datetime.date
    order: Order
    field: str  # where in the return, for a refusal: "Episodes.DECOM"
    what: str  # what Casemap refused to record, if it did: "the review"
    run: Callable[[], bool]  # True when it changed something


class ChildCareImport:
    def __init__(self, context: ImportContext903, person: Person, child: ChildInFile, person_is_new: bool) -> None:
        self.context = context
        self.person = person
        self.child = child
        self.record = child.record
        self.person_is_new = person_is_new
        self.steps: list[Step] = []
        self.case: Case | None = None

    # Reading what Casemap holds.

    def _periods(self) -> list[CarePeriod]:
        return list(CarePeriod.objects.filter(child=self.person, archived_at__isnull=True).order_by("started_on"))

    def _period_on(self, day: datetime.date, field: str) -> CarePeriod:
        for period in self._periods():
            if period.started_on <= day and (period.ended_on is None or day <= period.ended_on):
                return period
        raise rejected(self.child, field, "is on a day the child was not looked after, as the return's episodes show")

    def _already_there(self, here: object, there: object, field: str, what: str) -> bool:
        """Whether Casemap already holds this fact (`here` is None when it does not): the same as the file's, there
        is nothing to do; different, the child is rejected, since nothing is overwritten."""
        if here is None:
            return False
        if here != there:
            raise self._problem(field, f"{what} {DIFFERS}")
        return True

    def _problem(self, field: str, message: str) -> Exception:
        return rejected(self.child, field, message, person_id=None if self.person_is_new else self.person.pk)

    # The child's case.

    def _case_for_care(self, started_on: datetime.date) -> Case:
        """The case the child's care goes on: the one their care is already on, else their open case, else a case
        opened for it (the return records care, not the referral: `docs/returns-imports.md`)."""
        if self.case is not None:
            return self.case
        period = CarePeriod.objects.filter(child=self.person, archived_at__isnull=True).select_related("case")
        latest = period.order_by("-started_on").first()
        if latest is not None and latest.case.closed_on is None:
            self.case = latest.case
            return self.case
        open_cases = Case.objects.filter(
            memberships__person=self.person,
            memberships__role=MemberRole.CHILD,
            closed_on__isnull=True,
            archived_at__isnull=True,
        ).exclude(service__in=[CaseService.REFERRAL, CaseService.EARLY_HELP, CaseService.YOUTH_JUSTICE])
        # The chosen team's case first, then the latest opened.
        found = sorted(open_cases, key=lambda case: (case.team_id != self.context.team.pk, -case.opened_on.toordinal()))
        if found:
            self.case = found[0]
            return self.case
        self.case = self._case_open(started_on)
        return self.case

    def _case_open(self, started_on: datetime.date) -> Case:
        context, words = self.context, self.context.words
        first = self.record.episodes[0] if self.record.episodes else None
        case = referral_receive(
            acting_user=context.acting_user,
            request=context.request,
            children=[self.person],
            team=context.team,
            received_on=started_on,
            source=ReferralSource.UNKNOWN,
            what_was_reported=words.what_was_reported,
            family_name=f"{self.person.last_name} family",
        )
        case = referral_decide(
            acting_user=context.acting_user,
            request=context.request,
            case=case,
            decision=ReferralDecision.ASSESSMENT,
            decided_on=started_on,
            reasons=words.decision_reasons,
            primary_need=first.category_of_need if first else "",
        )
        return case_change_service(
            acting_user=context.acting_user,
            request=context.request,
            case=case,
            service=CaseService.CHILD_IN_CARE,
            changed_on=started_on,
        )

    # The steps, each a fact of the file recorded (or found already there).

    def plan(self) -> None:
        self._plan_periods()
        for held_on, participation in self.record.reviews:
            self._add(held_on, Order.REVIEW, "Reviews.REVIEW", "the review", self._review, held_on, participation)
        for kind, started_on, ended_on in self.record.missing:
            self._add(
                started_on,
                Order.MISSING,
                "Missing.MIS_START",
                "the missing episode",
                self._missing,
                kind,
                started_on,
                ended_on,
            )
        self._plan_unaccompanied()
        self._plan_adoption()
        self._plan_outcomes()

    def _add(
        self, on: datetime.date, order: Order, field: str, what: str, run: Callable[..., bool], *args: object
    ) -> None:
        self.steps.append(Step(on=on, order=order, field=field, what=what, run=lambda: run(*args)))

    def _plan_periods(self) -> None:
        episodes = sorted(self.record.episodes, key=lambda episode: episode.started_on)
        periods: list[list[Episode903]] = []
        for episode in episodes:
            if periods and _continues(periods[-1][-1], episode, self):
                periods[-1].append(episode)
            else:
                periods.append([episode])
        started_in_year = [
            period
            for period in periods
            if period[0].new_episode_reason == NewEpisodeReason.STARTED
            and self.context.year.starts_on <= period[0].started_on <= self.context.year.reference_date
        ]
        permanence = list(self.record.previous_permanence)
        if len(permanence) > len(started_in_year):
            raise self._problem(
                "PrevPerm.PREV_PERM",
                "there are more previous permanence rows than periods of care that began in the year",
            )
        for period in periods:
            first = period[0]
            self._add(
                first.started_on,
                Order.PERIOD_STARTED,
                "Episodes.DECOM",
                "the period of care",
                self._period_start,
                first,
            )
            for before, after in itertools.pairwise(period):
                self._add(
                    after.started_on,
                    Order.EPISODE_CHANGED,
                    "Episodes.DECOM",
                    "the new episode",
                    self._episode_change,
                    before,
                    after,
                )
            last = period[-1]
            if last.ended_on is not None and last.end_reason != EpisodeEndReason.NEW_EPISODE:
                self._add(
                    last.ended_on,
                    Order.PERIOD_ENDED,
                    "Episodes.DEC",
                    "the end of the period of care",
                    self._period_end,
                    first,
                    last,
                )
            if period in started_in_year and permanence:
                row = permanence.pop(0)
                self._add(
                    first.started_on,
                    Order.ADOPTION_DECIDED,
                    "PrevPerm.PREV_PERM",
                    "the previous permanence",
                    self._previous_permanence,
                    first,
                    row,
                )

    def _plan_unaccompanied(self) -> None:
        if not self.record.unaccompanied:
            return
        since = min((episode.started_on for episode in self.record.episodes), default=None)
        if since is None:
            raise self._problem("UASC.DUC", "an unaccompanied child in the return must have an episode of care in it")
        self._add(since, Order.UNACCOMPANIED, "UASC", "the unaccompanied status", self._unaccompanied, since)
        ceased_on = self.record.unaccompanied_ceased_on
        if ceased_on is not None:
            self._add(
                ceased_on,
                Order.UNACCOMPANIED_CEASED,
                "UASC.DUC",
                "the end of the unaccompanied status",
                self._unaccompanied_cease,
                ceased_on,
            )

    def _plan_adoption(self) -> None:
        adoption = self.record.adoption
        decisions = {placed.decided_on: placed for placed in self.record.placed_for_adoption}
        if adoption is not None:
            decisions.setdefault(adoption.decided_on, None)  # type: ignore[arg-type]
        for decided_on, placed in sorted(decisions.items()):
            field = "PlacedAdoption.DATE_PLACED" if placed else "AD1.DATE_INT"
            self._add(
                decided_on,
                Order.ADOPTION_DECIDED,
                field,
                "the decision to place for adoption",
                self._adoption_decide,
                decided_on,
            )
            if placed is not None and placed.ceased_on is not None:
                self._add(
                    placed.ceased_on,
                    Order.ADOPTION_CEASED,
                    "PlacedAdoption.DATE_PLACED_CEASED",
                    "the end of the decision",
                    self._adoption_cease,
                    decided_on,
                    placed.ceased_on,
                    placed.ceased_reason,
                )
        if adoption is None:
            return
        if adoption.matched_on is not None:
            self._add(
                adoption.matched_on,
                Order.ADOPTION_MATCHED,
                "AD1.DATE_MATCH",
                "the match",
                self._adoption_match,
                adoption.decided_on,
                adoption.matched_on,
            )
        if adoption.adopter_sexes:
            self._add(
                adoption.matched_on or adoption.decided_on,
                Order.ADOPTERS,
                "AD1.SEX_ADOPTR",
                "the adopters",
                self._adopters,
                adoption.decided_on,
            )

    def _plan_outcomes(self) -> None:
        reference = self.context.year.reference_date
        if self.record.outcomes is not None:
            self._add(reference, Order.OUTCOMES, "OC2", "the outcomes", self._outcomes)
        if self.record.leaver_outcomes is not None:
            self._add(reference, Order.OUTCOMES, "OC3", "the care leaver's outcomes", self._leaver_outcomes)

    # Periods and episodes.

    def _period_holding(self, day: datetime.date) -> CarePeriod | None:
        for period in self._periods():
            if period.started_on <= day and (period.ended_on is None or day <= period.ended_on):
                return period
        return None

    def _period_start(self, first: Episode903) -> bool:
        period = self._period_holding(first.started_on)
        if period is not None:
            episode = self._episode_starting(period, first.started_on)
            if episode is None:
                raise self._problem(
                    "Episodes.DECOM",
                    "begins part-way through a period of care Casemap holds, on a day none of its episodes began: "
                    + DIFFERS,
                )
            self._check_same(episode, first, period)
            return False
        context = self.context
        care_period_start(
            acting_user=context.acting_user,
            request=context.request,
            case=self._case_for_care(first.started_on),
            child=self.person,
            started_on=first.started_on,
            new_episode_reason=first.new_episode_reason,
            category_of_need=first.category_of_need,
            legal_status=first.legal_status,
            placement_type=first.placement_type,
            provider=first.provider,
            placement_urn=first.urn,
            home_postcode=first.home_postcode,
            placement_postcode=first.placement_postcode,
        )
        return True

    def _episode_starting(self, period: CarePeriod, day: datetime.date) -> CareEpisode | None:
        return CareEpisode.objects.filter(period=period, started_on=day, archived_at__isnull=True).first()

    def _check_same(self, episode: CareEpisode, row: Episode903, period: CarePeriod) -> None:
        here = (
            episode.new_episode_reason,
            episode.legal_status,
            period.category_of_need,
            episode.placement_type,
            episode.provider,
            episode.placement_urn,
            episode.placement_postcode,
        )
        there = (
            row.new_episode_reason,
            row.legal_status,
            row.category_of_need,
            row.placement_type,
            row.provider,
            row.urn,
            row.placement_postcode,
        )
        if here != there:
            raise self._problem("Episodes", f"the episode that began on this day {DIFFERS}")

    def _episode_change(self, before: Episode903, after: Episode903) -> bool:
        period = self._period_holding(before.started_on)
        if period is None:  # the period's start was refused already
            raise self._problem("Episodes.DECOM", "continues a period of care Casemap could not record")
        existing = self._episode_starting(period, after.started_on)
        if existing is not None:
            self._check_same(existing, after, period)
            return False
        if period.ended_on is not None:
            raise self._problem("Episodes.DECOM", f"begins after the period of care ended in Casemap: {DIFFERS}")
        context = self.context
        care_episode_change(
            acting_user=context.acting_user,
            request=context.request,
            period=period,
            expected_version=None,
            changed_on=after.started_on,
            new_episode_reason=after.new_episode_reason,
            legal_status=after.legal_status,
            placement_type=after.placement_type,
            provider=after.provider,
            placement_urn=after.urn,
            placement_postcode=after.placement_postcode,
            placement_change_reason=before.placement_change_reason,
        )
        return True

    def _period_end(self, first: Episode903, last: Episode903) -> bool:
        period = self._period_holding(first.started_on)
        if period is None:
            raise self._problem("Episodes.DEC", "ends a period of care Casemap could not record")
        assert last.ended_on is not None
        if period.ended_on is not None:
            if (period.ended_on, period.end_reason) != (last.ended_on, last.end_reason):
                raise self._problem("Episodes.DEC", f"the end of the period of care {DIFFERS}")
            return False
        context = self.context
        care_period_end(
            acting_user=context.acting_user,
            request=context.request,
            period=period,
            expected_version=None,
            ended_on=last.ended_on,
            reason=last.end_reason,
        )
        if self.case is not None and last.end_reason not in ADOPTED:
            self.child.left_out.append(
                ImportProblem(
                    child_id=self.child.child_id,
                    field="Episodes.DEC",
                    message="the child left care, and their case stays open: the return does not say whether work "
                    "with them went on, so close the case on its page if it ended",
                    person_id=self.person.pk,
                )
            )
        return True

    # Everything else in a period.

    def _review(self, held_on: datetime.date, participation: str) -> bool:
        existing = CareReview.objects.filter(child=self.person, held_on=held_on, archived_at__isnull=True).first()
        here = None if existing is None else existing.participation
        if self._already_there(here, participation, "Reviews.REVIEW_CODE", "the review held on this day"):
            return False
        period = self._period_on(held_on, "Reviews.REVIEW")
        care_review_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            period=period,
            held_on=held_on,
            participation=participation,
        )
        return True

    def _missing(self, kind: str, started_on: datetime.date, ended_on: datetime.date | None) -> bool:
        existing = MissingEpisode.objects.filter(
            child=self.person, started_on=started_on, archived_at__isnull=True
        ).first()
        context = self.context
        if existing is None:
            missing_episode_record(
                acting_user=context.acting_user,
                request=context.request,
                period=self._period_on(started_on, "Missing.MIS_START"),
                kind=kind,
                started_on=started_on,
                ended_on=ended_on,
            )
            return True
        if existing.kind != kind or (existing.ended_on is not None and existing.ended_on != ended_on):
            raise self._problem("Missing", f"the episode that began on this day {DIFFERS}")
        if existing.ended_on is None and ended_on is not None:
            missing_episode_end(
                acting_user=context.acting_user,
                request=context.request,
                missing=existing,
                expected_version=None,
                ended_on=ended_on,
            )
            return True
        return False

    def _unaccompanied(self, since: datetime.date) -> bool:
        if UnaccompaniedStatus.objects.filter(child=self.person, archived_at__isnull=True).exists():
            return False
        unaccompanied_status_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            case=self._case_for_care(since),
            child=self.person,
            since=since,
        )
        self.child.left_out.append(
            ImportProblem(
                child_id=self.child.child_id,
                field="UASC",
                message="the return does not say since when the child was unaccompanied: the day their care in the "
                "return began was recorded, so check it on the child's record",
                person_id=self.person.pk,
            )
        )
        return True

    def _unaccompanied_cease(self, ceased_on: datetime.date) -> bool:
        status = UnaccompaniedStatus.objects.get(child=self.person, archived_at__isnull=True)
        if self._already_there(status.ceased_on, ceased_on, "UASC.DUC", "the day the status ceased"):
            return False
        unaccompanied_status_cease(
            acting_user=self.context.acting_user,
            request=self.context.request,
            status=status,
            expected_version=None,
            ceased_on=ceased_on,
        )
        return True

    def _adoption_plan(self, decided_on: datetime.date) -> AdoptionPlan | None:
        return AdoptionPlan.objects.filter(child=self.person, decided_on=decided_on, archived_at__isnull=True).first()

    def _adoption_decide(self, decided_on: datetime.date) -> bool:
        if self._adoption_plan(decided_on) is not None:
            return False
        adoption_decision_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            period=self._period_on(decided_on, "PlacedAdoption.DATE_PLACED"),
            decided_on=decided_on,
        )
        return True

    def _adoption_cease(self, decided_on: datetime.date, ceased_on: datetime.date, reason: str) -> bool:
        plan = self._adoption_plan(decided_on)
        assert plan is not None
        here = None if plan.ceased_on is None else (plan.ceased_on, plan.ceased_reason)
        if self._already_there(
            here, (ceased_on, reason), "PlacedAdoption.DATE_PLACED_CEASED", "the end of the decision"
        ):
            return False
        adoption_decision_reverse(
            acting_user=self.context.acting_user,
            request=self.context.request,
            plan=plan,
            expected_version=None,
            ceased_on=ceased_on,
            reason=reason,
        )
        return True

    def _adoption_match(self, decided_on: datetime.date, matched_on: datetime.date) -> bool:
        plan = self._adoption_plan(decided_on)
        assert plan is not None
        if self._already_there(plan.matched_on, matched_on, "AD1.DATE_MATCH", "the match"):
            return False
        adoption_match_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            plan=plan,
            expected_version=None,
            matched_on=matched_on,
        )
        return True

    def _adopters(self, decided_on: datetime.date) -> bool:
        adoption = self.record.adoption
        assert adoption is not None
        plan = self._adoption_plan(decided_on)
        assert plan is not None
        there = (adoption.by_foster_carers, adoption.adopter_sexes, adoption.adopter_legal_status)
        here = (plan.by_foster_carers, plan.adopter_sexes, plan.adopter_legal_status) if plan.adopter_sexes else None
        if self._already_there(here, there, "AD1.SEX_ADOPTR", "the adopters"):
            return False
        if adoption.by_foster_carers is None:
            raise self._problem("AD1.FOSTER_CARE", "is empty: say whether the child was adopted by their foster carers")
        adoption_adopters_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            plan=plan,
            expected_version=None,
            by_foster_carers=adoption.by_foster_carers,
            adopter_sexes=adoption.adopter_sexes,
            adopter_legal_status=adoption.adopter_legal_status,
        )
        return True

    def _previous_permanence(self, first: Episode903, row: PreviousPermanence903) -> bool:
        period = self._period_on(first.started_on, "PrevPerm")
        existing = PreviousPermanence.objects.filter(period=period, archived_at__isnull=True).first()
        here = None if existing is None else (existing.kind, existing.authority, existing.order_made_on)
        there = (row.kind, row.authority_number, row.order_made_on)
        if self._already_there(here, there, "PrevPerm", "the previous permanence"):
            return False
        previous_permanence_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            period=period,
            kind=row.kind,
            authority=row.authority_number,
            order_made_on=row.order_made_on,
        )
        return True

    # The year's outcomes.

    def _case_for_outcomes(self, field: str) -> Case:
        latest = (
            CarePeriod.objects.filter(child=self.person, archived_at__isnull=True)
            .select_related("case")
            .order_by("-started_on")
            .first()
        )
        if latest is not None:
            return latest.case
        if self.case is not None:
            return self.case
        case = (
            Case.objects.filter(
                memberships__person=self.person, memberships__role=MemberRole.CHILD, archived_at__isnull=True
            )
            .order_by("-opened_on")
            .first()
        )
        if case is None:
            raise self._problem(
                field,
                "Casemap holds no case for this young person, and the return records their outcomes, not their "
                "time in care: import the return for a year they were looked after first",
            )
        return case

    def _outcomes(self) -> bool:
        outcomes = self.record.outcomes
        assert outcomes is not None
        year = self.context.year.year
        answers = dataclasses.asdict(outcomes)
        existing = CareOutcome.objects.filter(child=self.person, year=year, archived_at__isnull=True).first()
        here = None if existing is None else {name: getattr(existing, name) for name in answers}
        if self._already_there(here, answers, "OC2", "the year's outcomes"):
            return False
        sdq_score, sdq_reason = answers.pop("sdq_score"), answers.pop("sdq_reason")
        care_outcome_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            case=self._case_for_outcomes("OC2"),
            child=self.person,
            year=year,
            sdq_score=sdq_score,
            sdq_reason=sdq_reason,
            answers=answers,
        )
        return True

    def _leaver_outcomes(self) -> bool:
        outcomes = self.record.leaver_outcomes
        assert outcomes is not None
        year = self.context.year.year
        existing = CareLeaverOutcome.objects.filter(child=self.person, year=year, archived_at__isnull=True).first()
        there = (outcomes.in_touch, outcomes.activity, outcomes.accommodation)
        here = None if existing is None else (existing.in_touch, existing.activity, existing.accommodation)
        if self._already_there(here, there, "OC3", "the care leaver's outcomes for the year"):
            return False
        care_leaver_outcome_record(
            acting_user=self.context.acting_user,
            request=self.context.request,
            case=self._case_for_outcomes("OC3"),
            child=self.person,
            year=year,
            in_touch=outcomes.in_touch,
            activity=outcomes.activity,
            accommodation=outcomes.accommodation,
            recorded_on=min(self.context.year.reference_date, self.context.today),
        )
        return True


def _continues(before: Episode903, after: Episode903, importing: ChildCareImport) -> bool:
    """Whether `after` is the next episode of the period `before` is in: `before` ended that day for a new episode."""
    if before.ended_on is None:
        raise importing._problem(
            "Episodes.DECOM", "an episode begins after one the return shows still open: only the last can be open"
        )
    if before.end_reason != EpisodeEndReason.NEW_EPISODE:
        return False
    if before.ended_on != after.started_on:
        raise importing._problem(
            "Episodes.DEC",
            "an episode ended for a new one (X1), but the next began on another day: they must meet",
        )
    return True


def care_import(*, context: ImportContext903, person: Person, child: ChildInFile, person_is_new: bool) -> int:
    """Record the child's care in the return; the number of changes made."""
    importing = ChildCareImport(context, person, child, person_is_new)
    importing.plan()
    changes = 0
    for step in sorted(importing.steps, key=lambda step: (step.on, step.order)):
        if step.on > context.year.reference_date:
            raise importing._problem(step.field, "is after the end of the return's year (31 March)")
        try:
            changes += step.run()
        except ChildRejected:
            raise
        except (ValidationError, PermissionDenied, StaleEditError) as error:
            raise service_refused(child, step.field, step.what, error, person_id=importing.person.pk) from error
    return changes
