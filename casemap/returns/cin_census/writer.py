"""The census XML, written element by element as the children arrive: nothing but the current child is held.

The element order is the schema's (`casemap/returns/schemas/CIN_schema_2026.xsd`); there is no namespace; dates are
YYYY-MM-DD and yes/no are 1/0.
"""

import datetime
from collections.abc import Iterable
from typing import BinaryIO
from xml.sax.saxutils import XMLGenerator
from xml.sax.xmlreader import AttributesImpl

from django.utils import timezone

from casemap.returns.cin_census.records import (
    CensusChild,
    CensusEpisode,
    CensusProtectionPlan,
    CensusYear,
)

SOFTWARE_CODE = "Casemap"
RELEASE = "0.1.0"
INDENT = "  "
NO_ATTRIBUTES: "AttributesImpl[str]" = AttributesImpl({})


class _Writer:
    def __init__(self, output: BinaryIO) -> None:
        self.xml = XMLGenerator(output, encoding="utf-8", short_empty_elements=True)
        self.depth = 0

    def open(self, name: str) -> None:
        self.xml.ignorableWhitespace("\n" + INDENT * self.depth)
        self.xml.startElement(name, NO_ATTRIBUTES)
        self.depth += 1

    def close(self, name: str) -> None:
        self.depth -= 1
        self.xml.ignorableWhitespace("\n" + INDENT * self.depth)
        self.xml.endElement(name)

    def value(self, name: str, value: str | int | bool | datetime.date | None) -> None:
        """One element with its text; nothing at all when the value is unknown (every optional element)."""
        if value is None or value == "":
            return
        if isinstance(value, bool):
            text = "1" if value else "0"
        elif isinstance(value, datetime.date):
            text = value.isoformat()
        else:
            text = str(value)
        self.xml.ignorableWhitespace("\n" + INDENT * self.depth)
        self.xml.startElement(name, NO_ATTRIBUTES)
        self.xml.characters(text)
        self.xml.endElement(name)


def census_write(
    output: BinaryIO, *, year: CensusYear, la_number: str, chunks: Iterable[list[CensusChild]]
) -> list[int]:
    """Write the census for `year` to `output` and return the people written, for the access log."""
    writer = _Writer(output)
    writer.xml.startDocument()
    writer.open("Message")
    _header(writer, year, la_number)
    writer.open("Children")
    written: list[int] = []
    for chunk in chunks:
        for child in chunk:
            _child(writer, child)
            written.append(child.person_id)
    writer.close("Children")
    writer.close("Message")
    writer.xml.ignorableWhitespace("\n")
    writer.xml.endDocument()
    return written


def _header(writer: _Writer, year: CensusYear, la_number: str) -> None:
    writer.open("Header")
    writer.open("CollectionDetails")
    writer.value("Collection", "CIN")
    writer.value("Year", year.year)
    writer.value("ReferenceDate", year.reference_date)
    writer.close("CollectionDetails")
    writer.open("Source")
    writer.value("SourceLevel", "L")
    writer.value("LEA", la_number)
    writer.value("SoftwareCode", SOFTWARE_CODE)
    writer.value("Release", RELEASE)
    writer.value("DateTime", timezone.localtime().replace(microsecond=0, tzinfo=None).isoformat())
    writer.close("Source")
    writer.close("Header")


def _child(writer: _Writer, child: CensusChild) -> None:
    writer.open("Child")
    writer.open("ChildIdentifiers")
    writer.value("LAchildID", child.child_id)
    writer.value("UPN", child.upn)
    writer.value("UPNunknown", "" if child.upn else child.upn_unknown_reason)
    writer.value("PersonBirthDate", child.born_on)
    writer.value("ExpectedPersonBirthDate", child.expected_on)
    writer.value("Sex", child.sex)
    writer.close("ChildIdentifiers")
    writer.open("ChildCharacteristics")
    writer.value("Ethnicity", child.ethnicity)
    writer.open("Disabilities")
    for code in child.disabilities or ["NONE"]:
        writer.value("Disability", code)
    writer.close("Disabilities")
    writer.close("ChildCharacteristics")
    for episode in child.episodes:
        _episode(writer, episode)
    writer.close("Child")


def _episode(writer: _Writer, episode: CensusEpisode) -> None:
    writer.open("CINdetails")
    writer.value("CINreferralDate", episode.referral_on)
    writer.value("ReferralSource", episode.referral_source)
    writer.value("PrimaryNeedCode", episode.primary_need)
    writer.value("CINclosureDate", episode.closed_on)
    writer.value("ReasonForClosure", episode.closure_reason)
    writer.value("DateOfInitialCPC", episode.initial_conference_on)
    for assessment in episode.assessments:
        writer.open("Assessments")
        writer.value("AssessmentActualStartDate", assessment.started_on)
        writer.value("AssessmentAuthorisationDate", assessment.authorised_on)
        if assessment.factors:
            writer.open("FactorsIdentifiedAtAssessment")
            for factor in assessment.factors:
                writer.value("AssessmentFactors", factor)
            writer.close("FactorsIdentifiedAtAssessment")
        writer.close("Assessments")
    for started_on, ended_on in episode.child_in_need_plans:
        writer.open("CINPlanDates")
        writer.value("CINPlanStartDate", started_on)
        writer.value("CINPlanEndDate", ended_on)
        writer.close("CINPlanDates")
    for enquiry in episode.enquiries:
        writer.open("Section47")
        writer.value("S47ActualStartDate", enquiry.started_on)
        writer.value("InitialCPCtarget", enquiry.conference_target)
        writer.value("DateOfInitialCPC", enquiry.conference_on)
        writer.value("ICPCnotRequired", enquiry.conference_not_required)
        writer.close("Section47")
    writer.value("ReferralNFA", episode.no_further_action)
    for plan in episode.protection_plans:
        _protection_plan(writer, plan)
    writer.close("CINdetails")


def _protection_plan(writer: _Writer, plan: CensusProtectionPlan) -> None:
    writer.open("ChildProtectionPlans")
    writer.value("CPPstartDate", plan.started_on)
    writer.value("CPPendDate", plan.ended_on)
    writer.value("InitialCategoryOfAbuse", plan.initial_category)
    writer.value("LatestCategoryOfAbuse", plan.latest_category)
    writer.value("NumberOfPreviousCPP", plan.previous_plans)
    if plan.reviews:
        writer.open("Reviews")
        for day in plan.reviews:
            writer.value("CPPreviewDate", day)
        writer.close("Reviews")
    writer.close("ChildProtectionPlans")
