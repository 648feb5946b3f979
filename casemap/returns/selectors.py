"""Reads for the returns pages: a data officer's exports, and each broken rule in plain words with the record
where it can be fixed."""

import dataclasses

from django.http import Http404
from django.urls import reverse

from casemap.accounts.models import User
from casemap.returns.models import ReturnExport, ReturnJob
from casemap.returns.services import may_export_returns
from casemap.returns.validation import NOT_RUN

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
# The SSDA903 return's fields, in the words of the Care panel on the child's case.
CARE = "the case's Care panel"
FIELD_WORDS |= {
    "Header.SEX": "the child's sex (their details)",
    "Header.DOB": "the child's date of birth (their details)",
    "Header.ETHNIC": "the child's ethnicity (their details)",
    "Header.UPN": "the child's Unique Pupil Number, or why it is unknown (their details)",
    "Header.MOTHER": "whether the child is a mother: her own children recorded as such in the family",
    "Header.MC_DOB": "the date of birth of her first child, recorded in the family",
    "Episodes.DECOM": f"the day care started, or the day of a change of placement or legal status ({CARE})",
    "Episodes.RNE": f"what changed: 'Record a change of placement or legal status' ({CARE})",
    "Episodes.LS": f"the legal status of the period of care or of a change ({CARE})",
    "Episodes.CIN": f"the category of need when the period of care started ({CARE})",
    "Episodes.PLACE": f"the type of placement ({CARE})",
    "Episodes.PLACE_PROVIDER": f"who provides the placement ({CARE})",
    "Episodes.DEC": f"the day of the next change, or the day care ended ({CARE})",
    "Episodes.REC": f"why the period of care ended: 'End the period of care' ({CARE})",
    "Episodes.REASON_PLACE_CHANGE": f"why the placement changed ({CARE})",
    "Episodes.HOME_POST": f"the child's home postcode when care started ({CARE})",
    "Episodes.PL_POST": f"the placement's postcode ({CARE})",
    "Episodes.URN": f"the placement's Ofsted unique reference number ({CARE})",
    "Episodes.PL_LA": f"where the placement is, from its postcode ({CARE})",
    "Episodes.PL_LOCATION": f"where the placement is, from its postcode ({CARE})",
    "Episodes.PL_DISTANCE": f"the home and placement postcodes ({CARE})",
    "Reviews.REVIEW": f"the day of a review: 'Record a review' ({CARE})",
    "Reviews.REVIEW_CODE": f"how the child took part in a review ({CARE})",
    "UASC.DUC": f"the day the child stopped being an unaccompanied asylum-seeking child ({CARE})",
    "UASC.SEX": "the child's sex (their details)",
    "Missing.MISSING": f"missing or away from placement ({CARE})",
    "Missing.MIS_START": f"the day the child went missing or away ({CARE})",
    "Missing.MIS_END": f"the day the child came back: 'Record that they came back' ({CARE})",
    "AD1.DATE_INT": f"the decision to place for adoption ({CARE})",
    "AD1.DATE_MATCH": f"the match with the adopters: 'Record the match' ({CARE})",
    "AD1.FOSTER_CARE": f"whether the adopters were the child's foster carers: 'Record who is adopting' ({CARE})",
    "AD1.NB_ADOPTR": f"who is adopting: 'Record who is adopting' ({CARE})",
    "AD1.SEX_ADOPTR": f"who is adopting: 'Record who is adopting' ({CARE})",
    "AD1.LS_ADOPTR": f"the adopters' legal status: 'Record who is adopting' ({CARE})",
    "PlacedAdoption.DATE_PLACED": f"the decision to place for adoption ({CARE})",
    "PlacedAdoption.DATE_PLACED_CEASED": f"the decision that the child should no longer be placed ({CARE})",
    "PlacedAdoption.REASON_PLACED_CEASED": f"why the child should no longer be placed for adoption ({CARE})",
    "PrevPerm.PREV_PERM": f"previous permanence: 'Record previous permanence' ({CARE})",
    "PrevPerm.LA_PERM": f"the council that made the earlier order, as the DfE's three-digit number ({CARE})",
    "PrevPerm.DATE_PERM": f"the date of the earlier order ({CARE})",
    "Episodes.SW_DECOM": "the child's social workers: the allocation history of each case the child is on",
    "SWEpisodes.SW_ID": "the social worker's Social Work England registration number: on their staff record, which "
    "an administrator changes in the admin (Staff)",
    "SWEpisodes.SW_DECOM": "the child's social workers: the allocation history of each case the child is on",
    "SWEpisodes.SW_DEC": "the child's social workers: the allocation history of each case the child is on",
    "SWEpisodes.SW_REASON": "why the social worker changed: asked on the case's allocation form when the case goes to "
    "a different social worker",
    "OC3.IN_TOUCH": f"whether the council is in touch: 'Record a care leaver's outcomes' ({CARE})",
    "OC3.ACTIV": f"what the young person is doing: 'Record a care leaver's outcomes' ({CARE})",
    "OC3.ACCOM": f"where the young person lives: 'Record a care leaver's outcomes' ({CARE})",
}
for _field in (
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
):
    FIELD_WORDS[f"OC2.{_field}"] = f"the outcomes: 'Record outcomes for a child in care 12 months' ({CARE})"
for _table in ("Reviews", "UASC", "OC2", "OC3", "AD1", "PlacedAdoption", "PrevPerm", "Missing", "SWEpisodes"):
    FIELD_WORDS[f"{_table}.DOB"] = "the child's date of birth (their details)"
QUERY_PREFIX = "Please check and either amend data or provide a reason: "


@dataclasses.dataclass(frozen=True)
class RuleNotRun:
    code: str
    message: str
    needs: list[str]


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
        if failure["type"] == NOT_RUN:
            continue
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


def rules_not_run(export: ReturnExport) -> list[RuleNotRun]:
    """The rules that could not be run on the file here, and what each would need."""
    return [
        RuleNotRun(code=failure["code"], message=failure["message"], needs=list(failure["fields"]))
        for failure in export.failures
        if failure["type"] == NOT_RUN
    ]
