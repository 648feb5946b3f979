"""Casemap's codes in Ofsted's words: the lettered labels of Ofsted's Annex A lists ("a) Male", "e) 2A: Schools",
"a) Yes"), each one of the values `casemap/returns/schemas/Annex_A_schema.yml` accepts for its column.

Where Ofsted's list keeps the DfE's code beside its letter (ethnicity, referral source, legal status, placement,
reason care ended) that label is used, so nothing the record holds is lost; elsewhere the category's own label is.
"""

from collections.abc import Mapping
from typing import Any

from casemap.cases.care_codes import (
    AdoptionCeasedReason,
    CareLeaverActivity,
    CareNeed,
    EpisodeEndReason,
    InTouch,
    LegalStatus,
    PlacementProvider,
    PlacementType,
)
from casemap.cases.models import AbuseCategory, ClosureReason, PrimaryNeed, ReferralSource
from casemap.people.codes import Ethnicity, Sex

YES = "a) Yes"
NO = "b) No"
UNKNOWN = "c) Unknown"


def yes_no(value: bool) -> str:
    return YES if value else NO


def label_for(labels_by_code: Mapping[Any, str], code: str) -> str | None:
    """The label of a code, or nothing when none is recorded."""
    return labels_by_code.get(code) if code else None


GENDER = {Sex.MALE: "a) Male", Sex.FEMALE: "b) Female", Sex.UNKNOWN: "c) Not stated/recorded"}

ETHNICITY = {
    Ethnicity.WBRI: "a) WBRI",
    Ethnicity.WIRI: "b) WIRI",
    Ethnicity.WIRT: "c) WIRT",
    Ethnicity.WOTH: "d) WOTH",
    Ethnicity.WROM: "e) WROM",
    Ethnicity.MWBC: "f) MWBC",
    Ethnicity.MWBA: "g) MWBA",
    Ethnicity.MWAS: "h) MWAS",
    Ethnicity.MOTH: "i) MOTH",
    Ethnicity.AIND: "j) AIND",
    Ethnicity.APKN: "k) APKN",
    Ethnicity.ABAN: "l) ABAN",
    Ethnicity.AOTH: "m) AOTH",
    Ethnicity.BCRB: "n) BCRB",
    Ethnicity.BAFR: "o) BAFR",
    Ethnicity.BOTH: "p) BOTH",
    Ethnicity.CHNE: "q) CHNE",
    Ethnicity.OOTH: "r) OOTH",
    Ethnicity.REFU: "s) REFU",
    Ethnicity.NOBT: "t) NOBT",
}

# Who made the contact or referral (the census's referral source).
SOURCE = {
    ReferralSource.FAMILY: "a) 1A: Individual",
    ReferralSource.ACQUAINTANCE: "b) 1B: Individual",
    ReferralSource.SELF: "c) 1C: Individual",
    ReferralSource.INDIVIDUAL_OTHER: "d) 1D: Individual",
    ReferralSource.SCHOOLS: "e) 2A: Schools",
    ReferralSource.EDUCATION: "f) 2B: Education services",
    ReferralSource.GP: "g) 3A: Health services",
    ReferralSource.HEALTH_VISITOR: "h) 3B: Health services",
    ReferralSource.SCHOOL_NURSE: "i) 3C: Health services",
    ReferralSource.PRIMARY_HEALTH: "j) 3D: Health services",
    ReferralSource.EMERGENCY: "k) 3E: Health services",
    ReferralSource.HEALTH_OTHER: "l) 3F: Health services",
    ReferralSource.HOUSING: "m) 4: Housing",
    ReferralSource.LA_SOCIAL_CARE: "n) 5A: LA services",
    ReferralSource.LA_INTERNAL: "o) 5B: LA services",
    ReferralSource.LA_EXTERNAL: "p) 5C: LA services",
    ReferralSource.LA_EARLY_HELP: "p1) 5D: LA services",
    ReferralSource.POLICE: "q) 6: Police",
    ReferralSource.LEGAL: "r) 7: Other legal agency",
    ReferralSource.OTHER: "s) 8: Other",
    ReferralSource.ANONYMOUS: "t) 9: Anonymous",
    ReferralSource.UNKNOWN: "u) 10: Unknown",
}

# The primary need at the referral decision (List 6), and the category of need when care began (List 8).
PRIMARY_NEED = {
    PrimaryNeed.N1: "a) Abuse or neglect",
    PrimaryNeed.N2: "b) Child's disability",
    PrimaryNeed.N3: "c) Parents illness or disability",
    PrimaryNeed.N4: "d) Family in acute stress",
    PrimaryNeed.N5: "e) Family dysfunction",
    PrimaryNeed.N6: "f) Socially unacceptable behaviour",
    PrimaryNeed.N7: "g) Low income",
    PrimaryNeed.N8: "h) Absent parenting",
    PrimaryNeed.N9: "i) Not CIN",
    PrimaryNeed.N0: "j) Not stated",
}
CARE_NEED = {code: PRIMARY_NEED[PrimaryNeed(code.value)] for code in CareNeed}

CLOSURE_REASON = {
    ClosureReason.RC1: "a) Adopted",
    ClosureReason.RC2: "b) Died",
    ClosureReason.RC3: "c) Residence Order",
    ClosureReason.RC4: "d) Special Guardianship Order",
    ClosureReason.RC5: "e) Transfer to another LA",
    ClosureReason.RC6: "f) Transfer to Adult Social Services",
    ClosureReason.RC7: "g) 'Other' incl. Child no longer in need",
    ClosureReason.RC8: "h) Child not in need after assessment",
    ClosureReason.RC9: "h) Child not in need after assessment",
}

# What a child in need episode is, at the period's end (List 6).
LOOKED_AFTER = "a) Looked after child"
PROTECTION_PLAN = "b) Child Protection plan"
CHILD_IN_NEED_PLAN = "c) Child in need plan"
OPEN_ASSESSMENT = "d) Open assessment"
CLOSED_EPISODE = "e) Closed episode"

ABUSE_CATEGORY = {
    AbuseCategory.NEGLECT: "a) Neglect",
    AbuseCategory.PHYSICAL: "b) Physical abuse",
    AbuseCategory.SEXUAL: "c) Sexual abuse",
    AbuseCategory.EMOTIONAL: "d) Emotional abuse",
    AbuseCategory.MULTIPLE: "e) Multiple/not recommended",
}

LEGAL_STATUS = {
    LegalStatus.C1: "C1: ICO",
    LegalStatus.C2: "C2: FCO",
    LegalStatus.D1: "D1: Freeing order",
    LegalStatus.E1: "E1: Placement order",
    LegalStatus.V2: "V2: Single period under S20",
    LegalStatus.V3: "V3: Short term breaks, episodes recorded",
    LegalStatus.V4: "V4: Short term breaks, agreements recorded",
    LegalStatus.L1: "L1: Police protection LA accommodation",
    LegalStatus.L2: "L2: EPO",
    LegalStatus.L3: "L3: Child assessment order LA accommodation",
    LegalStatus.J1: "J1: Remanded to LA or youth detention",
    LegalStatus.J2: "J2: LA accommodation under PACE",
    LegalStatus.J3: "J3: Youth rehabilitation order",
}
# Under police protection or an emergency protection order (List 7's last six months).
PROTECTED_IN_AN_EMERGENCY = {LegalStatus.L1, LegalStatus.L2}

OTHER_PLACEMENT = "n) Other placements"
PLACEMENT_TYPE = {
    PlacementType.U1: "a) U1: Foster placement - relatives - long term",
    PlacementType.U2: "b) U2: Foster placement - relative - FFA",
    PlacementType.U3: "c) U3: Foster placement - relative - not FFA",
    PlacementType.U4: "d) U4: Foster placement - long term",
    PlacementType.U5: "e) U5: Foster placement - FFA",
    PlacementType.U6: "f) U6: Foster placement - not FFA",
    PlacementType.A3: "g) A3: Placed for adoption - consent - current foster",
    PlacementType.A4: "h) A4: Placed for adoption - consent - not foster",
    PlacementType.A5: "i) A5: Placed for adoption - order - foster",
    PlacementType.A6: "j) A6: Placed for adoption - order - not foster",
    PlacementType.P1: "k) P1: Placed with parents",
    PlacementType.P3: "m) P3: Residential employment",
    PlacementType.K1: "o) K1: Secure Children's Homes",
    PlacementType.K2: "p) K2: Children's Homes",
    PlacementType.R1: "q) R1: Residential Care Home",
    PlacementType.R2: "r) R2: NHS/Health Trust",
    PlacementType.R3: "s) R3: Family Centre or Mother and Baby Unit",
    PlacementType.R5: "t) R5: Young Offender Institution",
    PlacementType.S1: "u) S1: Residential school",
    PlacementType.Z1: "v) Z1: Other placements",
    PlacementType.T0: "w) T0: Temporary placement",
    PlacementType.T1: "x) T1: Temporary placement - hospital",
    PlacementType.T2: "y) T2: Temporary placement - holiday",
    PlacementType.T3: "z) T3: Temporary placement - carer holiday",
    PlacementType.T4: "zz) T4: Temporary placement - seven days or less",
    # Newer than Ofsted's list, which has no place for them but its "other placements".
    PlacementType.K3: OTHER_PLACEMENT,
    PlacementType.Z11: OTHER_PLACEMENT,
    PlacementType.Z12: OTHER_PLACEMENT,
    PlacementType.Z13: OTHER_PLACEMENT,
    PlacementType.Z14: OTHER_PLACEMENT,
}
FOSTERING_FOR_ADOPTION = {PlacementType.U2, PlacementType.U5}

PROVIDER = {
    PlacementProvider.PR0: "a) PR0: Parents/Parental responsibility",
    PlacementProvider.PR1: "b) PR1: Own provision",
    PlacementProvider.PR2: "c) PR2: Other LA provision",
    PlacementProvider.PR3: "d) PR3: Other public provision",
    PlacementProvider.PR4: "e) PR4: Private provision",
    PlacementProvider.PR5: "f) PR5: Voluntary/third sector",
}

REASON_CEASED = {
    EpisodeEndReason.ADOPTED_UNOPPOSED: "a) E11: Adopted - application unopposed",
    EpisodeEndReason.ADOPTED_CONSENT_DISPENSED: "b) E12: Adopted - consent dispensed",
    EpisodeEndReason.DIED: "c) E2: Died",
    EpisodeEndReason.OTHER_AUTHORITY: "d) E3: Care taken by another LA",
    EpisodeEndReason.HOME_PLANNED: "e) E4A: Returned home to live with parents or relatives - part of planning",
    EpisodeEndReason.HOME_UNPLANNED: "f) E4B: Returned home to live with parents or relatives - not part of planning",
    EpisodeEndReason.RELATIVES_NO_PR: "g) E13: Parents, relatives or other with no parental responsibility",
    EpisodeEndReason.CHILD_ARRANGEMENTS: "h) E41: Residence order granted",
    EpisodeEndReason.SGO_FOSTER_RELATIVES: "i) E45: Special Guardianship Orders - former carer relative/friend",
    EpisodeEndReason.SGO_FOSTER_OTHER: "j) E46: Special Guardianship Orders - former carer other",
    EpisodeEndReason.SGO_OTHER_RELATIVES: "k) E47: Special Guardianship Orders - relative/friend",
    EpisodeEndReason.SGO_OTHER: "l) E48: Special Guardianship Orders - other",
    EpisodeEndReason.INDEPENDENT_SUPPORTED: "m) E5: Moved into independent living - supported",
    EpisodeEndReason.INDEPENDENT_UNSUPPORTED: "n) E6: Moved into independent living - no support",
    EpisodeEndReason.ADULT_CARE: "o) E7: Transferred to residential care funded by adult social services",
    EpisodeEndReason.CUSTODY: "p) E9: Sentenced to custody",
    EpisodeEndReason.REMAND_ENDED: "q) E14: Accommodation on remand ended",
    EpisodeEndReason.AGE_ASSESSED_ADULT: "r) E15: Age assessment determined child was 18 or over",
    EpisodeEndReason.MOVED_ABROAD: "s) E16: Child moved abroad",
    EpisodeEndReason.OTHER: "t) E8: Care ceased for any other reason",
    EpisodeEndReason.STAYING_PUT: (
        "v) E17: Aged 18 (or over) and remained with current carers (inc under staying put arrangements)"
    ),
}

# Ofsted writes this label with a typographer's apostrophe (U+2019), and accepts no other spelling.
ADOPTION_CEASED = {
    AdoptionCeasedReason.NEEDS_CHANGED: "a) Child’s needs changed",  # noqa: RUF001
    AdoptionCeasedReason.NO_PLACEMENT_ORDER: "b) Court did not make a PO",
    AdoptionCeasedReason.NO_ADOPTERS: "c) Prospective adopters cannot be found",
    AdoptionCeasedReason.OTHER: "d) Any other reason",
}

# A care leaver's eligibility for support under the Children (Leaving Care) Act 2000 (List 9).
RELEVANT = "a) Relevant child"
FORMER_RELEVANT = "b) Former relevant child"
QUALIFYING = "c) Qualifying care leaver"
ELIGIBLE = "d) Eligible child"
OTHER_ELIGIBILITY = "e) Other"

IN_TOUCH = {
    InTouch.YES: "a) Yes",
    InTouch.NO: "b) No",
    InTouch.DIED: "c) Died",
    InTouch.REFUSED: "d) Refu",
    InTouch.NOT_REQUIRED: "e) NREQ",
    InTouch.RETURNED_HOME: "f) Rhom",
}

# The care leaver's accommodation: its letter says what kind, its number whether it is suitable.
ACCOMMODATION = {
    "B": "a) With parents or relatives",
    "C": "b) Community home",
    "D": "c) Semi-independent transitional accommodation",
    "E": "d) Supported lodgings",
    "G": "e) Gone abroad",
    "H": "f) Deported",
    "K": "g) Ordinary lodgings",
    "R": "h) Residence not known",
    "S": "i) No fixed abode / homeless",
    "T": "j) Foyers",
    "U": "k) Independent living",
    "V": "l) Emergency accommodation",
    "W": "m) Bed and breakfast",
    "X": "n) In custody",
    "Y": "p) Other accommodation",
    "Z": "o) With Former Foster Carer",
}
SUITABILITY = {"1": "a) Suitable", "2": "b) Unsuitable"}
SUITABILITY_NOT_KNOWN = "c) Not in touch or not recorded"

ACTIVITY = {
    CareLeaverActivity.HIGHER_FULL: "F1: Full time in higher education",
    CareLeaverActivity.HIGHER_PART: "P1: Part time in higher education",
    CareLeaverActivity.OTHER_EDUCATION_FULL: "F2: Full time in education other than higher",
    CareLeaverActivity.OTHER_EDUCATION_PART: "P2: Part time in education other than higher",
    CareLeaverActivity.APPRENTICESHIP_FULL: "F4: Young person engaged full time in an apprenticeship",
    CareLeaverActivity.APPRENTICESHIP_PART: "P4: Young person engaged part time in an apprenticeship",
    CareLeaverActivity.WORK_FULL: "F5: Young person engaged full time in training or employment (not apprenticeship)",
    CareLeaverActivity.WORK_PART: "P5: Young person engaged part time in training or employment (not apprenticeship)",
    CareLeaverActivity.NEET_ILLNESS: "G4: Not in education, employment or training - illness or disability",
    CareLeaverActivity.NEET_OTHER: "G5: Not in education, employment or training - other",
    CareLeaverActivity.NEET_PARENTING: "G6: Not in education, employment or training - pregnancy or parenting",
}

# An adopter's sex, from the adoption plan's adopters (M1, F1, MM, FF, MF): one letter per adopter.
ADOPTER_GENDER = {"M": GENDER[Sex.MALE], "F": GENDER[Sex.FEMALE]}
