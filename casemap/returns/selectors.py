"""Reads for the returns pages: a data officer's exports, and each broken rule in plain words with the record
where it can be fixed."""

import dataclasses

from django.http import Http404
from django.urls import reverse

from casemap.accounts.models import User
from casemap.returns.models import ReturnExport, ReturnJob
from casemap.returns.services import may_export_returns

# Where each field the DfE's rules name comes from on the record, in the words of Casemap's pages.
FIELD_WORDS = {
    "ChildIdentifiers.UPN": "the child's Unique Pupil Number (their details)",
    "ChildIdentifiers.UPNunknown": "why the child has no Unique Pupil Number (their details)",
    "ChildIdentifiers.PersonBirthDate": "the child's date of birth (their details)",
    "ChildIdentifiers.ExpectedPersonBirthDate": "the child's expected date of birth (their details)",
    "ChildIdentifiers.Sex": "the child's sex (their details)",
    "ChildIdentifiers.PersonDeathDate": "the child's date of death",
    "ChildCharacteristics.Ethnicity": "the child's ethnicity (their details)",
    "Disabilities.Disability": "the child's disabilities (their details)",
    "CINdetails.CINreferralDate": "the date the referral was received",
    "CINdetails.ReferralSource": "who made the referral",
    "CINdetails.PrimaryNeedCode": "the primary need given at the referral decision",
    "CINdetails.CINclosureDate": "the date the case or episode closed",
    "CINdetails.ReasonForClosure": "why the case closed",
    "CINdetails.DateOfInitialCPC": "the initial child protection conference",
    "CINdetails.ReferralNFA": "the referral decision",
    "Assessments.AssessmentActualStartDate": "the date the assessment started",
    "Assessments.AssessmentAuthorisationDate": "the date the assessment was authorised",
    "Assessments.AssessmentFactors": "the factors found at the assessment",
    "AssessmentFactorsList.AssessmentFactors": "the factors found at the assessment",
    "CINplanDates.CINPlanStartDate": "the date the child in need plan started",
    "CINplanDates.CINPlanEndDate": "the date the child in need plan ended",
    "Section47.S47ActualStartDate": "the strategy discussion that started the section 47 enquiry",
    "Section47.InitialCPCtarget": "the strategy discussion's date, from which the conference is due",
    "Section47.DateOfInitialCPC": "the initial conference the enquiry led to",
    "Section47.ICPCnotRequired": "the enquiry's outcome (conference or not)",
    "ChildProtectionPlans.CPPstartDate": "the conference that started the child protection plan",
    "ChildProtectionPlans.CPPendDate": "the conference that ended the child protection plan",
    "ChildProtectionPlans.InitialCategoryOfAbuse": "the plan's first category of abuse",
    "ChildProtectionPlans.LatestCategoryOfAbuse": "the plan's category at its latest review",
    "ChildProtectionPlans.NumberOfPreviousCPP": "plans the child had before (here, or with other authorities)",
    "Reviews.CPPreviewDate": "the plan's review conferences",
}
QUERY_PREFIX = "Please check and either amend data or provide a reason: "


@dataclasses.dataclass(frozen=True)
class BrokenRule:
    code: str
    is_error: bool
    message: str
    child_id: str
    where: list[str]
    record_url: str


def export_for_user(user: User, export_id: int) -> ReturnExport:
    """A stored export, for a data officer; anyone else is told there is no such page."""
    if not may_export_returns(user):
        raise Http404
    try:
        return ReturnExport.objects.select_related("created_by").get(pk=export_id)
    except ReturnExport.DoesNotExist as error:
        raise Http404 from error


def job_for_user(user: User, job_id: int) -> ReturnJob:
    """An export or import running in the background, for a data officer; anyone else finds no such page."""
    if not may_export_returns(user):
        raise Http404
    try:
        return ReturnJob.objects.select_related("created_by").get(pk=job_id)
    except ReturnJob.DoesNotExist as error:
        raise Http404 from error


def exports_for_user(user: User, *, limit: int = 20) -> list[ReturnExport]:
    if not may_export_returns(user):
        raise Http404
    return list(ReturnExport.objects.select_related("created_by").defer("failures")[:limit])


def broken_rules(export: ReturnExport) -> list[BrokenRule]:
    """Errors first, then queries, each child's together."""
    rules = []
    for failure in export.failures:
        child_id = failure["child_id"]
        person_id = int(child_id[1:]) if child_id.startswith("P") and child_id[1:].isdigit() else None
        fields = failure["fields"]
        where = list(dict.fromkeys(FIELD_WORDS.get(field, "the return's header") for field in fields))
        rules.append(
            BrokenRule(
                code=failure["code"],
                is_error=failure["type"] == "Error",
                message=failure["message"].removeprefix(QUERY_PREFIX),
                child_id=child_id,
                where=where,
                record_url=reverse("people:detail", args=[person_id]) if person_id else "",
            )
        )
    return sorted(rules, key=lambda rule: (not rule.is_error, rule.child_id, rule.code))
