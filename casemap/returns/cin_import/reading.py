"""The second reading of a census file, once it has passed the schema: each child, one at a time, as the records the
export writes from (`casemap/returns/cin_census/records.py`), so that the import reads exactly what the export
writes."""

import dataclasses
import datetime
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from casemap.returns.cin_census.records import (
    CensusAssessment,
    CensusChild,
    CensusEnquiry,
    CensusEpisode,
    CensusProtectionPlan,
)
from casemap.returns.cin_import.problems import ImportProblem
from casemap.returns.cin_import.schema import LA_CHILD_ID_LENGTH, PARSER_OPTIONS

NO_DISABILITY = "NONE"


@dataclasses.dataclass
class FileChild:
    """One child as the file gives them, with what the reading already refuses or leaves out."""

    record: CensusChild  # person_id is 0: the file knows nobody's record
    line: int
    problems: list[ImportProblem] = dataclasses.field(default_factory=list)
    left_out: list[ImportProblem] = dataclasses.field(default_factory=list)

    @property
    def child_id(self) -> str:
        return self.record.child_id


def census_file_children(path: Path) -> Iterator[FileChild]:
    """The file's children in order, each element cleared once read, so memory holds one child at a time."""
    for _event, element in etree.iterparse(str(path), events=("end",), tag="Child", **PARSER_OPTIONS):
        yield file_child(element)
        element.clear()
        parent = element.getparent()
        while element.getprevious() is not None and parent is not None:
            del parent[0]


def _text(element: etree._Element | None, path: str) -> str:
    if element is None:
        return ""
    return (element.findtext(path) or "").strip()


def _date(element: etree._Element | None, path: str) -> datetime.date | None:
    text = _text(element, path)
    # xs:date may carry a time zone (2025-05-06Z, 2025-05-06+01:00): the day is the first ten characters.
    return datetime.date.fromisoformat(text[:10]) if text else None


def _dates(element: etree._Element, path: str) -> list[datetime.date]:
    return [datetime.date.fromisoformat((found.text or "").strip()[:10]) for found in element.iterfind(path)]


def file_child(element: etree._Element) -> FileChild:
    identifiers = element.find("ChildIdentifiers")
    characteristics = element.find("ChildCharacteristics")
    child_id = _text(identifiers, "LAchildID")
    disabilities = [(found.text or "").strip() for found in element.iterfind("ChildCharacteristics/Disabilities/*")]
    record = CensusChild(
        person_id=0,
        child_id=child_id,
        upn=_text(identifiers, "UPN").upper(),
        upn_unknown_reason=_text(identifiers, "UPNunknown"),
        born_on=_date(identifiers, "PersonBirthDate"),
        expected_on=_date(identifiers, "ExpectedPersonBirthDate"),
        sex=_text(identifiers, "Sex"),
        ethnicity=_text(characteristics, "Ethnicity"),
        disabilities=[code for code in disabilities if code != NO_DISABILITY],
        episodes=[_episode(found) for found in element.iterfind("CINdetails")],
    )
    child = FileChild(record=record, line=element.sourceline or 0)
    if NO_DISABILITY in disabilities and len(disabilities) > 1:
        child.problems.append(
            _problem(child_id, "Disabilities.Disability", "NONE is given with other disabilities: give one or other")
        )
    if not child_id:
        # Nobody can be found by an empty identifier, and every record without one would seem to match it.
        record.child_id = f"without an identifier (line {child.line})"
        child.problems.append(_problem(record.child_id, "ChildIdentifiers.LAchildID", "is empty"))
    elif len(child_id) > LA_CHILD_ID_LENGTH:
        child.problems.append(
            _problem(child_id, "ChildIdentifiers.LAchildID", f"is longer than {LA_CHILD_ID_LENGTH} characters")
        )
    for field, present, why in (
        (
            "ChildIdentifiers.FormerUPN",
            _text(identifiers, "FormerUPN"),
            "Casemap does not record a former UPN: it was left out",
        ),
        (
            "ChildIdentifiers.PersonDeathDate",
            _text(identifiers, "PersonDeathDate"),
            "Casemap does not record a date of death yet: it was left out (the episode's closure reason RC2 says the "
            "child died)",
        ),
        (
            "Assessments.AssessmentInternalReviewDate",
            any(True for _ in element.iterfind("CINdetails/Assessments/AssessmentInternalReviewDate")),
            "Casemap does not record an assessment's internal review date: it was left out",
        ),
    ):
        if present:
            child.left_out.append(_problem(child_id, field, why))
    return child


def _problem(child_id: str, field: str, message: str) -> ImportProblem:
    return ImportProblem(child_id=child_id, field=field, message=message)


def _episode(element: etree._Element) -> CensusEpisode:
    referral_on = _date(element, "CINreferralDate")
    assert referral_on is not None  # required by the schema, which the file has passed
    return CensusEpisode(
        referral_on=referral_on,
        referral_source=_text(element, "ReferralSource"),
        primary_need=_text(element, "PrimaryNeedCode"),
        closed_on=_date(element, "CINclosureDate"),
        closure_reason=_text(element, "ReasonForClosure"),
        initial_conference_on=_date(element, "DateOfInitialCPC"),
        no_further_action=_text(element, "ReferralNFA") == "1",
        assessments=[
            CensusAssessment(
                started_on=_required_date(found, "AssessmentActualStartDate"),
                authorised_on=_date(found, "AssessmentAuthorisationDate"),
                factors=[
                    (factor.text or "").strip()
                    for factor in found.iterfind("FactorsIdentifiedAtAssessment/AssessmentFactors")
                ],
            )
            for found in element.iterfind("Assessments")
        ],
        child_in_need_plans=[
            (_required_date(found, "CINPlanStartDate"), _date(found, "CINPlanEndDate"))
            for found in element.iterfind("CINPlanDates")
        ],
        enquiries=[
            CensusEnquiry(
                started_on=_required_date(found, "S47ActualStartDate"),
                conference_target=_date(found, "InitialCPCtarget"),
                conference_on=_date(found, "DateOfInitialCPC"),
                conference_not_required=_text(found, "ICPCnotRequired") == "1",
            )
            for found in element.iterfind("Section47")
        ],
        protection_plans=[
            CensusProtectionPlan(
                started_on=_required_date(found, "CPPstartDate"),
                ended_on=_date(found, "CPPendDate"),
                initial_category=_text(found, "InitialCategoryOfAbuse"),
                latest_category=_text(found, "LatestCategoryOfAbuse"),
                previous_plans=int(_text(found, "NumberOfPreviousCPP") or 0),
                reviews=_dates(found, "Reviews/CPPreviewDate"),
            )
            for found in element.iterfind("ChildProtectionPlans")
        ],
    )


def _required_date(element: etree._Element, path: str) -> datetime.date:
    day = _date(element, path)
    assert day is not None  # required by the schema
    return day
