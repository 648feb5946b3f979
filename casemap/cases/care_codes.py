"""The SSDA903 (children looked after) code lists, with the return's codes and plain labels.

Codes are those of the current year's specification (`SSDA903_schema_2017.yml` and its yearly changes to 2026), so
an export writes the stored value as it is. Codes the DfE has retired (placement types H5 and P2, the ended reasons E43
and E44 of 2017) are not offered for new records.
"""

from django.db import models


class LegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order granted"
    E1 = "E1", "Placement order granted"
    V2 = "V2", "Accommodated under section 20 (single period of accommodation)"
    V3 = "V3", "Short breaks: each episode of care recorded"
    V4 = "V4", "Short breaks: the agreement recorded, not each episode"
    L1 = "L1", "Under police protection, in local authority accommodation"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order, in local authority accommodation"
    J1 = "J1", "Remanded to local authority or youth detention accommodation"
    J2 = "J2", "Placed in local authority accommodation under PACE"
    J3 = "J3", "Sentenced to a youth rehabilitation order with a residence requirement"


class NewEpisodeReason(models.TextChoices):
    STARTED = "S", "Started to be looked after"
    LEGAL_STATUS = "L", "Change of legal status only"
    PLACEMENT = "P", "Change of placement and carers only"
    BOTH = "T", "Change of legal status and of placement and carers at the same time"
    PLACEMENT_SAME_CARERS = "B", "Change of placement only, with the same carers"
    BOTH_SAME_CARERS = "U", "Change of legal status and of placement at the same time, with the same carers"


# What each reason for a new episode says changed: (legal status, placement).
WHAT_CHANGED = {
    NewEpisodeReason.LEGAL_STATUS: (True, False),
    NewEpisodeReason.PLACEMENT: (False, True),
    NewEpisodeReason.PLACEMENT_SAME_CARERS: (False, True),
    NewEpisodeReason.BOTH: (True, True),
    NewEpisodeReason.BOTH_SAME_CARERS: (True, True),
}


class PlacementType(models.TextChoices):
    A3 = "A3", "Placed for adoption with consent, with current foster carers"
    A4 = "A4", "Placed for adoption with consent, not with current foster carers"
    A5 = "A5", "Placed for adoption with a placement order, with current foster carers"
    A6 = "A6", "Placed for adoption with a placement order, not with current foster carers"
    K1 = "K1", "Secure children's home"
    K2 = "K2", "Children's home"
    K3 = "K3", "Supported accommodation registered with Ofsted"
    P1 = "P1", "Placed with own parents or another person with parental responsibility"
    P3 = "P3", "Residential employment"
    R1 = "R1", "Residential care home"
    R2 = "R2", "NHS trust or other establishment giving medical or nursing care"
    R3 = "R3", "Family centre or mother and baby unit"
    R5 = "R5", "Young offender institution or prison"
    S1 = "S1", "Residential school (not also registered as a children's home)"
    T0 = "T0", "Temporary move of any kind"
    T1 = "T1", "Temporary period in hospital"
    T2 = "T2", "Temporary absence on holiday"
    T3 = "T3", "Temporary placement while the usual foster carers are on holiday"
    T4 = "T4", "Temporary placement of seven days or less, for any other reason"
    U1 = "U1", "Foster placement with a relative or friend: long-term fostering"
    U2 = "U2", "Foster placement with a relative or friend who is an approved adopter: fostering for adoption"
    U3 = "U3", "Foster placement with a relative or friend: not long-term or fostering for adoption"
    U4 = "U4", "Foster placement with another foster carer: long-term fostering"
    U5 = "U5", "Foster placement with another foster carer who is an approved adopter: fostering for adoption"
    U6 = "U6", "Foster placement with another foster carer: not long-term or fostering for adoption"
    Z1 = "Z1", "Other placement"
    # Added by the 2026 specification, which gives the codes only; labels follow the year's guidance.
    Z11 = "Z11", "Other placement (Z11)"
    Z12 = "Z12", "Other placement (Z12)"
    Z13 = "Z13", "Other placement (Z13)"
    Z14 = "Z14", "Other placement (Z14)"


ADOPTION_PLACEMENTS = {PlacementType.A3, PlacementType.A4, PlacementType.A5, PlacementType.A6}


# A move into or out of a temporary placement records no reason for the change (the return's rule 226).
TEMPORARY_PLACEMENTS = {
    PlacementType.T0,
    PlacementType.T1,
    PlacementType.T2,
    PlacementType.T3,
    PlacementType.T4,
}


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "Parent or other person with parental responsibility"
    PR1 = "PR1", "This council's own provision"
    PR2 = "PR2", "Another council's provision"
    PR3 = "PR3", "Other public provision, such as the NHS"
    PR4 = "PR4", "Private provision"
    PR5 = "PR5", "Voluntary or third sector provision"


class EpisodeEndReason(models.TextChoices):
    NEW_EPISODE = "X1", "Episode ended and a new one began the same day"
    ADOPTED_UNOPPOSED = "E11", "Adopted: the adoption order was unopposed"
    ADOPTED_CONSENT_DISPENSED = "E12", "Adopted: the court dispensed with consent"
    DIED = "E2", "Died"
    OTHER_AUTHORITY = "E3", "Care taken over by another local authority in the UK"
    HOME_PLANNED = "E4A", "Returned home to parents or relatives with parental responsibility, as planned"
    HOME_UNPLANNED = "E4B", "Returned home to parents or relatives with parental responsibility, not as planned"
    RELATIVES_NO_PR = "E13", "Left care to live with parents or relatives without parental responsibility"
    CHILD_ARRANGEMENTS = "E41", "Child arrangements order (or residence order) granted"
    SGO_FOSTER_RELATIVES = "E45", "Special guardianship order to former foster carers who are relatives or friends"
    SGO_FOSTER_OTHER = "E46", "Special guardianship order to former foster carers who are not relatives or friends"
    SGO_OTHER_RELATIVES = "E47", "Special guardianship order to other carers who are relatives or friends"
    SGO_OTHER = "E48", "Special guardianship order to other carers who are not relatives or friends"
    INDEPENDENT_SUPPORTED = "E5", "Moved to independent living with formal advice and support"
    INDEPENDENT_UNSUPPORTED = "E6", "Moved to independent living without formal advice and support"
    ADULT_CARE = "E7", "Moved to residential care funded by adult social care"
    CUSTODY = "E9", "Sentenced to custody"
    REMAND_ENDED = "E14", "Accommodation on remand ended"
    AGE_ASSESSED_ADULT = "E15", "An age assessment found the young person is 18 or over"
    MOVED_ABROAD = "E16", "Moved abroad"
    STAYING_PUT = "E17", "Aged 18 or over and stayed with the same carers (staying put)"
    OTHER = "E8", "Care ended for any other reason"


ADOPTED = {EpisodeEndReason.ADOPTED_UNOPPOSED, EpisodeEndReason.ADOPTED_CONSENT_DISPENSED}


class PlacementChangeReason(models.TextChoices):
    CARE_PLAN = "CARPL", "A change to, or carrying out of, the care plan"
    CLOSED = "CLOSE", "The provider resigned or closed"
    ALLEGATION = "ALLEG", "An allegation (section 47 enquiry)"
    STANDARDS = "STAND", "Concern about the standard of care"
    APPROVAL_REMOVED = "APPRR", "The carer's approval was removed"
    CARER_BEHAVIOUR = "CREQB", "The carer asked for it to end because of the child's behaviour"
    CARER_OTHER = "CREQO", "The carer asked for it to end for another reason"
    CHILD = "CHILD", "The child asked for it to end"
    AUTHORITY = "LAREQ", "The responsible or area authority asked for it to end"
    STATUS_ONLY = "PLACE", "Only the placement's status changed"
    CUSTODY = "CUSTOD", "Custody arrangement"
    OTHER = "OTHER", "Other"


class CareNeed(models.TextChoices):
    """The category of need when the period of care began (the return's CIN column)."""

    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"


class ReviewParticipation(models.TextChoices):
    PN0 = "PN0", "Child under 4 at the time of the review"
    PN1 = "PN1", "Child attended and spoke for themselves"
    PN2 = "PN2", "Child attended and an advocate spoke for them"
    PN3 = "PN3", "Child attended and conveyed their views without words"
    PN4 = "PN4", "Child attended but did not convey their views or ask an advocate to"
    PN5 = "PN5", "Child did not attend but briefed an advocate to speak for them"
    PN6 = "PN6", "Child did not attend but conveyed their views another way"
    PN7 = "PN7", "Child did not attend and their views were not conveyed"


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    AWAY = "A", "Away from placement without authorisation"


class AdopterSexes(models.TextChoices):
    M1 = "M1", "One adopter, male"
    F1 = "F1", "One adopter, female"
    MM = "MM", "Two adopters, both male"
    FF = "FF", "Two adopters, both female"
    MF = "MF", "Two adopters, one male and one female"


class AdopterLegalStatus(models.TextChoices):
    SINGLE = "L0", "Single adopter"
    MARRIED_DIFFERENT_SEX = "L11", "Married couple of different sexes"
    MARRIED_SAME_SEX = "L12", "Married couple of the same sex"
    CIVIL_PARTNERS = "L2", "Civil partners"
    UNMARRIED_DIFFERENT_SEX = "L3", "Unmarried couple of different sexes"
    UNMARRIED_SAME_SEX = "L4", "Unmarried couple of the same sex"


# Which adopters each legal status can describe (the return's rules 517 and 520, and the count of adopters).
ADOPTERS_FOR_STATUS = {
    AdopterLegalStatus.SINGLE: {AdopterSexes.M1, AdopterSexes.F1},
    AdopterLegalStatus.MARRIED_DIFFERENT_SEX: {AdopterSexes.MF},
    AdopterLegalStatus.MARRIED_SAME_SEX: {AdopterSexes.MM, AdopterSexes.FF},
    AdopterLegalStatus.CIVIL_PARTNERS: {AdopterSexes.MM, AdopterSexes.FF},
    AdopterLegalStatus.UNMARRIED_DIFFERENT_SEX: {AdopterSexes.MF},
    AdopterLegalStatus.UNMARRIED_SAME_SEX: {AdopterSexes.MM, AdopterSexes.FF},
}


class AdoptionCeasedReason(models.TextChoices):
    NEEDS_CHANGED = "RD1", "The child's needs changed after the decision"
    NO_PLACEMENT_ORDER = "RD2", "The court did not make a placement order"
    NO_ADOPTERS = "RD3", "Prospective adopters could not be found"
    OTHER = "RD4", "Any other reason"


class PreviousPermanenceKind(models.TextChoices):
    ADOPTION = "P1", "Adoption"
    SPECIAL_GUARDIANSHIP = "P2", "Special guardianship order"
    CHILD_ARRANGEMENTS = "P3", "Child arrangements order (or residence order)"
    UNKNOWN = "P4", "Not known whether the child had one"
    NONE = "Z1", "The child had no previous permanence order"


NO_PREVIOUS_ORDER = {PreviousPermanenceKind.UNKNOWN, PreviousPermanenceKind.NONE}


class SdqReason(models.TextChoices):
    AGE = "SDQ1", "No questionnaire: the child was under 4 or over 17"
    CARER_REFUSED = "SDQ2", "The carers refused to complete the questionnaire"
    DISABILITY = "SDQ3", "Not possible because of the severity of the child's disability"
    OTHER = "SDQ4", "Other"
    CHILD_REFUSED = "SDQ5", "The child or young person refused"


class InTouch(models.TextChoices):
    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFUSED = "REFU", "Refuses contact"
    NOT_REQUIRED = "NREQ", "No longer needs services"
    RETURNED_HOME = "RHOM", "Returned home to parents for six months or more"


# When the council is not in touch, the return records no activity or accommodation ("0").
NOT_IN_TOUCH = {InTouch.NO, InTouch.DIED, InTouch.REFUSED, InTouch.NOT_REQUIRED, InTouch.RETURNED_HOME}


class CareLeaverActivity(models.TextChoices):
    HIGHER_FULL = "F1", "Full-time in higher education"
    HIGHER_PART = "P1", "Part-time in higher education"
    OTHER_EDUCATION_FULL = "F2", "Full-time in other education"
    OTHER_EDUCATION_PART = "P2", "Part-time in other education"
    APPRENTICESHIP_FULL = "F4", "Full-time apprenticeship"
    APPRENTICESHIP_PART = "P4", "Part-time apprenticeship"
    WORK_FULL = "F5", "Full-time training or employment (not an apprenticeship)"
    WORK_PART = "P5", "Part-time training or employment (not an apprenticeship)"
    NEET_ILLNESS = "G4", "Not in education, employment or training: illness or disability"
    NEET_OTHER = "G5", "Not in education, employment or training: other reasons"
    NEET_PARENTING = "G6", "Not in education, employment or training: pregnancy or parenting"
    NOT_KNOWN = "0", "Not in touch, or not known"


class CareLeaverAccommodation(models.TextChoices):
    """Where the young person lives, and whether it is suitable (the code's 1) or not (its 2)."""

    B1 = "B1", "With parents or relatives: suitable"
    B2 = "B2", "With parents or relatives: not suitable"
    C1 = "C1", "Community home or other residential care: suitable"
    C2 = "C2", "Community home or other residential care: not suitable"
    D1 = "D1", "Semi-independent, transitional accommodation: suitable"
    D2 = "D2", "Semi-independent, transitional accommodation: not suitable"
    E1 = "E1", "Supported lodgings: suitable"
    E2 = "E2", "Supported lodgings: not suitable"
    G1 = "G1", "Gone abroad: suitable"
    G2 = "G2", "Gone abroad: not suitable"
    H1 = "H1", "Deported: suitable"
    H2 = "H2", "Deported: not suitable"
    K1 = "K1", "Ordinary lodgings without formal support: suitable"
    K2 = "K2", "Ordinary lodgings without formal support: not suitable"
    R1 = "R1", "Residence not known: suitable"
    R2 = "R2", "Residence not known: not suitable"
    S1 = "S1", "No fixed abode or homeless: suitable"
    S2 = "S2", "No fixed abode or homeless: not suitable"
    T1 = "T1", "Foyer or similar supported accommodation: suitable"
    T2 = "T2", "Foyer or similar supported accommodation: not suitable"
    U1 = "U1", "Independent living: suitable"
    U2 = "U2", "Independent living: not suitable"
    V1 = "V1", "Emergency accommodation: suitable"
    V2 = "V2", "Emergency accommodation: not suitable"
    W1 = "W1", "Bed and breakfast: suitable"
    W2 = "W2", "Bed and breakfast: not suitable"
    X1 = "X1", "In custody: suitable"
    X2 = "X2", "In custody: not suitable"
    Y1 = "Y1", "Other accommodation: suitable"
    Y2 = "Y2", "Other accommodation: not suitable"
    Z1 = "Z1", "With former foster carers: suitable"
    Z2 = "Z2", "With former foster carers: not suitable"
    NOT_KNOWN = "0", "Not in touch, or not known"
