"""One child's rows in each list, from the records the selectors read: each row maps a column to its value in
Ofsted's terms. A column the records do not hold is never in a row (`AnnexList.not_held`); dates are as at the
period's end (what had not happened by then is left out)."""

import dataclasses
from collections.abc import Mapping
from typing import Any

from casemap.cases.models import AssessmentOutcome, ReferralDecision
from casemap.people.codes import Ethnicity, Sex
from casemap.returns.annex_a import care_rows, labels
from casemap.returns.annex_a.labels import label_for
from casemap.returns.annex_a.lists import (
    ADOPTERS,
    ADOPTION,
    ASSESSMENTS,
    CARE_LEAVERS,
    CHILD_PROTECTION,
    CHILDREN_IN_CARE,
    CHILDREN_IN_NEED,
    CONTACTS,
    DISABILITY,
    EARLY_HELP,
    REFERRALS,
    SECTION_47,
    Row,
)
from casemap.returns.annex_a.period import AnnexPeriod

Records = list[Mapping[str, Any]]

# An assessment that found the child needs children's social care: a plan, an enquiry or care.
NEEDS_SUPPORT = {
    AssessmentOutcome.CHILD_IN_NEED_PLAN,
    AssessmentOutcome.STRATEGY_DISCUSSION,
    AssessmentOutcome.COME_INTO_CARE,
}


def child_id(person_id: int) -> str:
    """The person's reference, as in the census: P and seven digits."""
    return f"P{person_id:07d}"


def adopters_id(plan_id: int) -> str:
    """The adopters of one adoption plan, linking a child in List 10 to their adopters in List 11."""
    return f"A{plan_id:07d}"


@dataclasses.dataclass
class ChildRecords:
    """One child's rows from the chunk's queries."""

    contacts: Records = dataclasses.field(default_factory=list)
    referrals: Records = dataclasses.field(default_factory=list)
    early_help: Records = dataclasses.field(default_factory=list)
    assessments: Records = dataclasses.field(default_factory=list)
    enquiries: Records = dataclasses.field(default_factory=list)
    in_need: Records = dataclasses.field(default_factory=list)
    protection_plans: Records = dataclasses.field(default_factory=list)
    care_periods: Records = dataclasses.field(default_factory=list)
    care_episodes: Records = dataclasses.field(default_factory=list)
    care_leaver_episodes: Records = dataclasses.field(default_factory=list)
    all_care_periods: Records = dataclasses.field(default_factory=list)
    care_leaver_outcomes: Records = dataclasses.field(default_factory=list)
    adoption_plans: Records = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class AnnexChild:
    """A child's rows, by list number."""

    person_id: int
    rows: dict[int, list[Row]]

    @property
    def has_rows(self) -> bool:
        return any(self.rows.values())


def child_rows(period: AnnexPeriod, person: Mapping[str, Any], records: ChildRecords) -> AnnexChild:
    child = _Child(period, person, records)
    last_care_leaver_episode = records.care_leaver_episodes[-1:]
    return AnnexChild(
        person_id=person["pk"],
        rows={
            CONTACTS.number: [child.contact(row) for row in records.contacts],
            EARLY_HELP.number: [child.early_help(row) for row in records.early_help],
            REFERRALS.number: [child.referral(row) for row in records.referrals],
            ASSESSMENTS.number: [child.assessment(row) for row in records.assessments],
            SECTION_47.number: [child.enquiry(row) for row in records.enquiries],
            CHILDREN_IN_NEED.number: [child.in_need(row) for row in records.in_need],
            CHILD_PROTECTION.number: [child.protection_plan(row) for row in records.protection_plans],
            CHILDREN_IN_CARE.number: [child.care_period(row) for row in records.care_periods],
            CARE_LEAVERS.number: [child.care_leaver(row) for row in last_care_leaver_episode],
            ADOPTION.number: [child.adoption(row) for row in records.adoption_plans],
            ADOPTERS.number: [adopter for row in records.adoption_plans for adopter in child.adopters(row)],
        },
    )


def _allocated(row: Mapping[str, Any]) -> Row:
    """The case's team and allocated worker, by name as the pages show staff (none while it waits for allocation)."""
    first, last = row["case__allocated_worker__first_name"] or "", row["case__allocated_worker__last_name"] or ""
    worker = f"{first} {last}".strip() or row["case__allocated_worker__username"]
    return {"Allocated Team": row["case__team__name"], "Allocated Worker": worker}


@dataclasses.dataclass
class _Child:
    period: AnnexPeriod
    person: Mapping[str, Any]
    records: ChildRecords

    def __post_init__(self) -> None:
        person = self.person
        born_on = person["date_of_birth"]
        self.identity: Row = {
            "Child Unique ID": child_id(person["pk"]),
            "Gender": labels.GENDER.get(person["sex"], labels.GENDER[Sex.UNKNOWN]),
            "Ethnicity": labels.ETHNICITY.get(person["ethnicity"], labels.ETHNICITY[Ethnicity.NOBT]),
            "Date of Birth": self.period.by_end(born_on),
            "Age of Child (Years)": self.period.age(born_on),
        }
        # An empty list of disabilities is "no", as the census's NONE: the record cannot tell none from unrecorded.
        self.disability: Row = {DISABILITY: labels.yes_no(bool(person["disabilities"]))}

    def contact(self, row: Mapping[str, Any]) -> Row:
        return {
            **self.identity,
            "Date of Contact": row["received_on"],
            "Contact Source": label_for(labels.SOURCE, row["source"]),
        }

    def early_help(self, row: Mapping[str, Any]) -> Row:
        return {
            **self.identity,
            "Assessment start date": row["started_on"],
            "Assessment completion date": self.period.by_end(row["ended_on"]),
            "Organisation completing assessment": row["case__team__name"],
        }

    def referral(self, row: Mapping[str, Any]) -> Row:
        return {
            **self.identity,
            "Date of referral": row["received_on"],
            "Referral Source": label_for(labels.SOURCE, row["source"]),
            "Referral NFA?": labels.yes_no(row["decision"] == ReferralDecision.NO_FURTHER_ACTION),
            "Number of Referrals in Last 12 Months": row["referrals_in_year"],
            **_allocated(row),
        }

    def assessment(self, row: Mapping[str, Any]) -> Row:
        authorised_on = self.period.by_end(row["authorised_on"])
        needs_support = labels.yes_no(row["outcome"] in NEEDS_SUPPORT) if authorised_on else None
        return {
            **self.identity,
            **self.disability,
            "Continuous Assessment Start Date": row["started_on"],
            "Child Seen During Continuous Assessment": labels.yes_no(row["child_seen"]),
            "Continuous Assessment Date of Authorisation": authorised_on,
            "Was the child assessed as requiring LA children's social care support?": needs_support,
            **_allocated(row),
        }

    def enquiry(self, row: Mapping[str, Any]) -> Row:
        completed = self.period.by_end(row["completed_on"]) is not None
        conference_on = row["conference_on"]
        plan_followed = row["conference_plan"] is not None or row["plan_started"]
        return {
            **self.identity,
            **self.disability,
            "Strategy discussion initiating Section 47 Enquiry Start Date": row["started_on"],
            "Was an Initial Child Protection Conference deemed unnecessary?": (
                labels.yes_no(row["conference_not_required"]) if completed else None
            ),
            "Date of Initial Child Protection Conference": conference_on,
            "Did the Initial Child Protection Conference Result in a Child Protection Plan": (
                labels.yes_no(plan_followed) if conference_on else None
            ),
            "Number of Section 47 Enquiries in the last 12 months": row["enquiries_in_year"],
            "Number of ICPCs in the last 12 months": row["conferences_in_year"],
            **_allocated(row),
        }

    def in_need(self, row: Mapping[str, Any]) -> Row:
        closed_on = self.period.by_end(row["ended_on"])
        if closed_on:
            status = labels.CLOSED_EPISODE
        elif row["in_care"]:
            status = labels.LOOKED_AFTER
        elif row["on_protection_plan"]:
            status = labels.PROTECTION_PLAN
        elif row["on_child_in_need_plan"]:
            status = labels.CHILD_IN_NEED_PLAN
        elif row["assessment_open"]:
            status = labels.OPEN_ASSESSMENT
        else:  # open with no plan, care or assessment: none of Ofsted's statuses is true of it
            status = None
        return {
            **self.identity,
            **self.disability,
            "CIN Start Date": row["started_on"],
            "Primary Need Code": label_for(labels.PRIMARY_NEED, row["primary_need"]),
            "Date Child Was Last Seen": self.person["last_seen_on"],
            "CIN Closure Date": closed_on,
            "Reason for Closure": label_for(labels.CLOSURE_REASON, row["closure_reason"]) if closed_on else None,
            "Case Status": status,
            **_allocated(row),
        }

    def protection_plan(self, row: Mapping[str, Any]) -> Row:
        visited_on = self.person["last_visit_on"]
        return {
            **self.identity,
            **self.disability,
            "Child Protection Plan Start Date": row["started_on"],
            "Initial Category of Abuse": label_for(labels.ABUSE_CATEGORY, row["initial_category"]),
            "Latest Category of Abuse": label_for(labels.ABUSE_CATEGORY, row["latest_category"]),
            "Date of the Last Statutory Visit": visited_on,
            "Was the Child Seen Alone?": labels.yes_no(self.person["last_visit_alone"]) if visited_on else None,
            "Date of latest review conference": row["reviewed_on"],
            "Child Protection Plan End Date": self.period.by_end(row["ended_on"]),
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)": (
                labels.yes_no(row["protected_in_emergency"])
            ),
            "Number of Previous Child Protection Plans": row["earlier_here"] + row["previous_plans_elsewhere"],
            **_allocated(row),
        }

    def care_period(self, row: Mapping[str, Any]) -> Row:
        episodes = [episode for episode in self.records.care_episodes if episode["period_id"] == row["pk"]]
        placements = care_rows.placements_in(self.records.care_episodes, self.period.last_year)
        ended_on = self.period.by_end(row["ended_on"])
        return {
            **self.identity,
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)": labels.yes_no(
                row["unaccompanied_in_year"]
            ),
            **self.disability,
            "Date Started to be Looked After": row["started_on"],
            "Child's Category of Need": label_for(labels.CARE_NEED, row["category_of_need"]),
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)": (
                labels.yes_no(row["earlier_in_year"])
            ),
            "Date of Latest Statutory Review": row["reviewed_on"],
            "Date of Last Social Work Visit": self.person["last_visit_on"],
            "Number of Placements in the Last 12 months": placements,
            "Date Ceased to be Looked After": ended_on,
            "Reason Ceased to be Looked After": label_for(labels.REASON_CEASED, row["end_reason"] if ended_on else ""),
            **care_rows.placement(episodes),
            "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months": row[
                "missing_in_year"
            ],
            "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months": row[
                "away_in_year"
            ],
            **_allocated(row),
        }

    def care_leaver(self, row: Mapping[str, Any]) -> Row:
        outcome = self.records.care_leaver_outcomes[-1] if self.records.care_leaver_outcomes else None
        return {
            **self.identity,
            "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)": labels.yes_no(
                row["ever_unaccompanied"]
            ),
            **self.disability,
            **_allocated(row),
            "Eligibility Category": care_rows.eligibility(
                self.period, self.person["date_of_birth"], self.records.all_care_periods
            ),
            "Latest Date of Contact": self.person["last_seen_on"],
            **care_rows.care_leaver_outcome(outcome),
        }

    def adoption(self, row: Mapping[str, Any]) -> Row:
        ceased_on = self.period.by_end(row["ceased_on"])
        return {
            **self.identity,
            "Family identifier": adopters_id(row["pk"]) if row["adopter_sexes"] else None,
            **self.disability,
            "Date the Child Entered Care": row["entered_care_on"],
            "Date of Decision that Child Should be Placed for Adoption": row["decided_on"],
            "Date of Placement Order": row["placement_order_on"],
            "Date of Matching Child and Prospective Adopters": self.period.by_end(row["matched_on"]),
            "Date Placed for Adoption": row["placed_on"],
            "Date of Adoption Order": care_rows.adopted_on(self.period, row),
            "Date of Decision that Child Should No Longer be Placed for Adoption": ceased_on,
            "Reason Why Child No Longer Placed for Adoption": (
                label_for(labels.ADOPTION_CEASED, row["ceased_reason"]) if ceased_on else None
            ),
            "Date the child was placed for fostering in FFA or concurrent planning placement": row[
                "fostering_for_adoption_on"
            ],
        }

    def adopters(self, row: Mapping[str, Any]) -> list[Row]:
        """One row for each adopter the plan records (their sexes say how many), once they are known."""
        if not row["adopter_sexes"] or self.period.by_end(row["matched_on"]) is None:
            return []
        family = adopters_id(row["pk"])
        return [
            {
                "Individual adopter identifier": f"{family}-{number}",
                "Family identifier": family,
                "Gender": label_for(labels.ADOPTER_GENDER, sex),
                "Date adopter matched with child(ren)": row["matched_on"],
                "Date child/children placed with adopter(s)": row["placed_on"],
                "Date of Adoption Order": care_rows.adopted_on(self.period, row),
            }
            for number, sex in enumerate(care_rows.one_letter_each(row["adopter_sexes"]), start=1)
        ]
