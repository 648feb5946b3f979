"""The eleven lists Ofsted asks for, each a sheet named "List 1" to "List 11" with exactly Ofsted's column headers
(`casemap/returns/schemas/Annex_A_schema.yml`), and the columns Casemap holds no record for: those are left blank,
never guessed (docs/returns-annex-a.md, "Facts the records do not hold yet")."""

import dataclasses
import datetime

# A row maps a column to its value: text, a count, a date, or nothing.
Cell = str | int | datetime.date | None
Row = dict[str, Cell]

CHILD = ("Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)")
DISABILITY = "Does the Child have a Disability"
ALLOCATED = ("Allocated Team", "Allocated Worker")


@dataclasses.dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    columns: tuple[str, ...]
    not_held: frozenset[str] = frozenset()

    @property
    def sheet_name(self) -> str:
        return f"List {self.number}"


CONTACTS = AnnexList(1, "Contacts", (*CHILD, "Date of Contact", "Contact Source"))
EARLY_HELP = AnnexList(
    2,
    "Early help",
    (*CHILD, "Assessment start date", "Assessment completion date", "Organisation completing assessment"),
)
REFERRALS = AnnexList(
    3,
    "Referrals",
    (
        *CHILD,
        "Date of referral",
        "Referral Source",
        "Referral NFA?",
        "Number of Referrals in Last 12 Months",
        *ALLOCATED,
    ),
)
ASSESSMENTS = AnnexList(
    4,
    "Assessments",
    (
        *CHILD,
        DISABILITY,
        "Continuous Assessment Start Date",
        "Child Seen During Continuous Assessment",
        "Continuous Assessment Date of Authorisation",
        "Was the child assessed as requiring LA children's social care support?",
        *ALLOCATED,
    ),
)
SECTION_47 = AnnexList(
    5,
    "Section 47 enquiries and initial child protection conferences",
    (
        *CHILD,
        DISABILITY,
        "Strategy discussion initiating Section 47 Enquiry Start Date",
        "Was an Initial Child Protection Conference deemed unnecessary?",
        "Date of Initial Child Protection Conference",
        "Did the Initial Child Protection Conference Result in a Child Protection Plan",
        "Number of Section 47 Enquiries in the last 12 months",
        "Number of ICPCs in the last 12 months",
        *ALLOCATED,
    ),
)
CHILDREN_IN_NEED = AnnexList(
    6,
    "Children in need",
    (
        *CHILD,
        DISABILITY,
        "CIN Start Date",
        "Primary Need Code",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Reason for Closure",
        "Case Status",
        *ALLOCATED,
    ),
)
CHILD_PROTECTION = AnnexList(
    7,
    "Child protection",
    (
        *CHILD,
        DISABILITY,
        "Child Protection Plan Start Date",
        "Initial Category of Abuse",
        "Latest Category of Abuse",
        "Date of the Last Statutory Visit",
        "Was the Child Seen Alone?",
        "Date of latest review conference",
        "Child Protection Plan End Date",
        "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
        "Number of Previous Child Protection Plans",
        *ALLOCATED,
    ),
)
CHILDREN_IN_CARE = AnnexList(
    8,
    "Children in care",
    (
        *CHILD,
        "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
        DISABILITY,
        "Date Started to be Looked After",
        "Child's Category of Need",
        "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
        "Start date of current legal status",
        "Child's Legal Status",
        "Date of Latest Statutory Review",
        "Date of Last Social Work Visit",
        "What is the permanence plan for this child?",
        "Date of Last IRO Visit / Contact to the Child",
        "Date of Last Health Assessment",
        "Date of Last Dental Check",
        "Number of Placements in the Last 12 months",
        "Date Ceased to be Looked After",
        "Reason Ceased to be Looked After",
        "Start Date of Most Recent Placement",
        "Placement Type",
        "Placement Provider",
        "Placement postcode",
        "URN of Placement",
        "Placement Location",
        "LA of Placement",
        "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months",
        "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
        "Was the child offered a Return Interview after their last missing episode (Y/N)?",
        "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        *ALLOCATED,
    ),
    not_held=frozenset(
        {
            "What is the permanence plan for this child?",
            "Date of Last IRO Visit / Contact to the Child",
            "Date of Last Health Assessment",
            "Date of Last Dental Check",
            "Placement Location",
            "LA of Placement",
            "Was the child offered a Return Interview after their last missing episode (Y/N)?",
            "Did the child accept a Return Interview after their last missing episode (Y/N)?",
        }
    ),
)
CARE_LEAVERS = AnnexList(
    9,
    "Care leavers",
    (
        *CHILD,
        "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
        DISABILITY,
        *ALLOCATED,
        "Allocated Personal Advisor",
        "Eligibility Category",
        "Latest Pathway Plan Review Date",
        "LA in Touch",
        "Latest Date of Contact",
        "Type of Accommodation",
        "Suitability of Accommodation",
        "Activity Status",
    ),
    not_held=frozenset({"Allocated Personal Advisor", "Latest Pathway Plan Review Date"}),
)
ADOPTION = AnnexList(
    10,
    "Adoption: children",
    (
        "Child Unique ID",
        "Family identifier",
        *CHILD[1:],
        DISABILITY,
        "Date the Child Entered Care",
        "Date of Decision that Child Should be Placed for Adoption",
        "Date of Placement Order",
        "Date of Matching Child and Prospective Adopters",
        "Date Placed for Adoption",
        "Date of Adoption Order",
        "Date of Decision that Child Should No Longer be Placed for Adoption",
        "Reason Why Child No Longer Placed for Adoption",
        "Date the child was placed for fostering in FFA or concurrent planning placement",
    ),
)
ADOPTERS_COLUMNS = (
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
)
# Adopters are recorded only on the child's adoption plan (their number, sexes and legal status, and the match).
ADOPTERS_HELD = {
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "Date of Adoption Order",
}
ADOPTERS = AnnexList(11, "Adopters", ADOPTERS_COLUMNS, not_held=frozenset(ADOPTERS_COLUMNS) - ADOPTERS_HELD)

ANNEX_A_LISTS = (
    CONTACTS,
    EARLY_HELP,
    REFERRALS,
    ASSESSMENTS,
    SECTION_47,
    CHILDREN_IN_NEED,
    CHILD_PROTECTION,
    CHILDREN_IN_CARE,
    CARE_LEAVERS,
    ADOPTION,
    ADOPTERS,
)
