"""The demo authority's families, made through the real services so every record has its history, chronology
and access log: the worked-example family (Merinda, Eddy, Darel, Alkira, Jirra) and synthetic ones. The practice
records on the worked example (map, network, voice, Words and Pictures, plan) are added by `casemap.demo`, which
seeds every app from above."""

import datetime
import random
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from casemap.accounts.models import Team, User
from casemap.cases.models import Case, CaseService, ClosureReason, NoteKind, PrimaryNeed, ReferralDecision
from casemap.cases.services import (
    case_allocate,
    case_change_service,
    case_close,
    case_note_add,
    referral_decide,
    referral_receive,
)
from casemap.people.codes import Ethnicity, Sex
from casemap.people.models import Person, RelationshipType
from casemap.people.services import person_create, relationship_add
from casemap.people.upn import UPN_AUTHORITY_CODES, upn_check_letter

FIRST_NAMES_GIRLS = [
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Freya",
    "Lily",
    "Zara",
    "Aisha",
    "Maya",
    "Evie",
    "Ruby",
    "Hana",
    "Grace",
    "Nia",
    "Poppy",
    "Layla",
    "Sofia",
    "Ellie",
    "Chloe",
    "Esme",
]
FIRST_NAMES_BOYS = [
    "Oliver",
    "Noah",
    "Leo",
    "Arlo",
    "Jack",
    "Theo",
    "Yusuf",
    "Kai",
    "Ethan",
    "Musa",
    "Harry",
    "Finley",
    "Reuben",
    "Elijah",
    "Adam",
    "Tyler",
    "Jayden",
    "Callum",
    "Ollie",
    "Ibrahim",
]
ADULT_WOMEN = [
    "Sarah",
    "Emma",
    "Laura",
    "Nadia",
    "Kerry",
    "Joanne",
    "Fatima",
    "Leanne",
    "Michelle",
    "Aaliyah",
]
ADULT_MEN = ["Daniel", "Craig", "Lee", "Imran", "Mark", "Jamal", "Stuart", "Wayne", "Tariq", "Gary"]
SURNAMES = [
    "Ashworth",
    "Bennett",
    "Carver",
    "Dunmore",
    "Ellison",
    "Fairbairn",
    "Galloway",
    "Holloway",
    "Iqbal",
    "Jennings",
    "Kowalski",
    "Lomax",
    "Mahmood",
    "Nwosu",
    "Oldroyd",
    "Pickering",
    "Quigley",
    "Radcliffe",
    "Sutcliffe",
    "Thornton",
    "Umeh",
    "Varley",
    "Whitaker",
    "Yeadon",
    "Zielinski",
    "Brennan",
    "Clegg",
    "Dervish",
    "Eastwood",
    "Firth",
]
STREETS = ["Mill Lane", "Chapel Street", "Park Road", "Canal Side", "Oak Avenue", "Moor View", "Station Road"]
NOTE_TEXTS = [
    "Visited at home. {child} showed me their bedroom and talked about school. Parents were welcoming.",
    "Phone call with mum about the appointment next week. She said things have been calmer at home.",
    "Met {child} at school. Teacher says attendance has improved this half term.",
    "Home visit. House was tidy and there was food in the fridge. {child} was playing with a sibling.",
    "Spoke with dad about the plan. He agreed to go to the parenting group on Thursday.",
    "Direct work with {child} using the Three Houses. Their worries were about shouting at night.",
]
SEED_DANGER_STATEMENT = (
    "Sally from Child Protection Services is worried that Merinda (mum) and Eddy (dad) will have fights where "
    "they scream, shout, swear, drive off with the kids in the car in a dangerous way and throw things at each "
    "other, and Darel, Alkira and/or Jirra (the children) will be really upset and frightened and maybe even get "
    "hurt like on Tuesday night when Alkira cut her foot badly on a glass that Merinda threw and broke during a "
    "heated fight with Eddy, or end up in a really bad car accident and die."
)


@contextmanager
def as_of(day: datetime.date) -> Iterator[None]:
    """Services date-check against today; the demo history is written as if on `day`."""
    with mock.patch("django.utils.timezone.localdate", return_value=day):
        yield


def _upn(rng: random.Random) -> str:
    authority = rng.choice(sorted(UPN_AUTHORITY_CODES))
    body = f"{authority}{rng.randint(1000, 9999)}{rng.randint(10, 25)}{rng.randint(100, 999)}"
    return upn_check_letter(body) + body


class DemoAuthority:
    def __init__(self, users: dict[str, User], rng_seed: int = 2026) -> None:
        self.users = users
        self.rng = random.Random(rng_seed)
        self.today = timezone.localdate()
        self.teams = {team.name: team for team in Team.objects.all()}

    def child(self, acting: User, first: str, last: str, born: datetime.date, sex: str) -> Person:
        return person_create(
            acting_user=acting,
            first_name=first,
            last_name=last,
            date_of_birth=born,
            sex=sex,
            is_child=True,
            ethnicity=self.rng.choice(Ethnicity.values[:18]),
            upn=_upn(self.rng) if born.year < self.today.year - 5 else "",
            first_language="English",
            address_line_1=f"{self.rng.randint(1, 120)} {self.rng.choice(STREETS)}",
            town="Northbridge",
            postcode=f"NB{self.rng.randint(1, 9)} {self.rng.randint(1, 9)}XY",
        )

    def adult(self, acting: User, first: str, last: str, sex: str) -> Person:
        born = self.today.replace(year=self.today.year - self.rng.randint(22, 45)) - datetime.timedelta(
            days=self.rng.randint(0, 360)
        )
        return person_create(acting_user=acting, first_name=first, last_name=last, date_of_birth=born, sex=sex)

    def seed_family(self) -> Case:
        """The worked example: Sally's child protection case with Merinda, Eddy and their three children."""
        sally, dana, jo = self.users["sally"], self.users["dana"], self.users["jo"]
        opened = self.today - datetime.timedelta(days=45)
        with as_of(opened):
            darel = self.child(
                jo,
                "Darel",
                "Cooper",
                self.today.replace(year=self.today.year - 11) - datetime.timedelta(days=40),
                Sex.MALE,
            )
            alkira = self.child(
                jo,
                "Alkira",
                "Cooper",
                self.today.replace(year=self.today.year - 7) - datetime.timedelta(days=100),
                Sex.FEMALE,
            )
            jirra = self.child(
                jo,
                "Jirra",
                "Cooper",
                self.today.replace(year=self.today.year - 4) - datetime.timedelta(days=10),
                Sex.MALE,
            )
            merinda = self.adult(jo, "Merinda", "Cooper", Sex.FEMALE)
            eddy = self.adult(jo, "Eddy", "Cooper", Sex.MALE)
            case = referral_receive(
                acting_user=jo,
                children=[darel, alkira, jirra],
                adults=[merinda, eddy],
                team=self.teams["Child protection"],
                received_on=opened,
                source="6",
                referrer_name="Police, Northbridge station",
                family_name="Merinda and Eddy's family",
                what_was_reported=(
                    "Police called on Tuesday night to a fight between Merinda and Eddy. Alkira cut her foot badly on "
                    "a glass that Merinda threw. The children were in the house."
                ),
            )
            referral_decide(
                acting_user=dana,
                case=case,
                decision=ReferralDecision.ASSESSMENT,
                decided_on=opened,
                reasons=(
                    "Alkira was hurt in a fight between her parents and all three children were in the house. The "
                    "police have been called before. We need to understand what is happening at home and how safe "
                    "the children are."
                ),
                primary_need=PrimaryNeed.N1,
            )
            case_allocate(
                acting_user=dana, case=case, worker=sally, reason="Child protection enquiry", allocated_on=opened
            )
            # The family as Sally records it once the case is hers: the front door sees only its own cases.
            for child in (darel, alkira, jirra):
                relationship_add(
                    acting_user=sally,
                    person=child,
                    relative=merinda,
                    kind=RelationshipType.MOTHER,
                    lives_with=True,
                    has_parental_responsibility=True,
                )
                relationship_add(
                    acting_user=sally,
                    person=child,
                    relative=eddy,
                    kind=RelationshipType.FATHER,
                    lives_with=True,
                    has_parental_responsibility=True,
                )
            relationship_add(
                acting_user=sally, person=alkira, relative=darel, kind=RelationshipType.SIBLING, lives_with=True
            )
            relationship_add(
                acting_user=sally, person=alkira, relative=jirra, kind=RelationshipType.SIBLING, lives_with=True
            )
            relationship_add(
                acting_user=sally, person=darel, relative=jirra, kind=RelationshipType.SIBLING, lives_with=True
            )
            for name in ("Rose", "Kerri", "Pat"):
                friend = self.adult(
                    sally, name, self.rng.choice(SURNAMES), Sex.FEMALE if name != "Pat" else Sex.UNKNOWN
                )
                relationship_add(
                    acting_user=sally,
                    person=alkira,
                    relative=friend,
                    kind=RelationshipType.FRIEND,
                    notes="Safety network",
                )
        with as_of(opened + datetime.timedelta(days=14)):
            case_change_service(
                acting_user=dana,
                case=case,
                service=CaseService.CHILD_PROTECTION,
                changed_on=opened + datetime.timedelta(days=14),
            )
        for days, text in (
            (
                2,
                "Home visit with Merinda and Eddy. We talked about what happened on Tuesday night. "
                "Alkira showed me her foot; it is healing.",
            ),
            (9, "Met Darel at school on his own. He said he gets scared when mum and dad shout in the car."),
            (
                20,
                "Family meeting with Rose, Kerri and Pat. Everyone heard the worries: " + SEED_DANGER_STATEMENT,
            ),
            (
                34,
                "Statutory visit. All three children seen; Alkira and Darel seen alone. Calmer week at home.",
            ),
        ):
            day = opened + datetime.timedelta(days=days)
            with as_of(day):
                case_note_add(
                    acting_user=sally,
                    case=case,
                    children=[darel, alkira, jirra],
                    kind=NoteKind.STATUTORY_VISIT if days % 2 == 0 else NoteKind.DIRECT_WORK,
                    occurred_on=day,
                    text=text,
                    present="Merinda Cooper, Eddy Cooper",
                    child_seen=True,
                    child_seen_alone=days in (9, 34),
                )
        return case

    def synthetic_family(self, index: int) -> int:
        rng = self.rng
        surname = SURNAMES[index % len(SURNAMES)]
        team_name, worker_name, service = rng.choice(
            [
                ("Child protection", "sally", CaseService.CHILD_IN_NEED),
                ("Child protection", "tom", CaseService.CHILD_PROTECTION),
                ("Child protection", "tom", CaseService.CHILD_IN_NEED),
                ("Front door and assessment", "jo", CaseService.CHILD_IN_NEED),
                ("Early help", "priya", CaseService.EARLY_HELP),
                ("Early help", "priya", CaseService.EARLY_HELP),
                ("Youth and care", "marcus", CaseService.YOUTH_JUSTICE),
                ("Youth and care", "marcus", CaseService.CHILD_IN_CARE),
            ]
        )
        team = self.teams[team_name]
        worker = self.users[worker_name]
        manager = team.manager
        assert manager is not None
        opened = self.today - datetime.timedelta(days=rng.randint(20, 400))
        count = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
        with as_of(opened):
            children = []
            for _ in range(count):
                girl = rng.random() < 0.5
                age_days = (
                    rng.randint(200, 17 * 365)
                    if service != CaseService.YOUTH_JUSTICE
                    else rng.randint(12 * 365, 17 * 365)
                )
                children.append(
                    self.child(
                        worker,
                        rng.choice(FIRST_NAMES_GIRLS if girl else FIRST_NAMES_BOYS),
                        surname,
                        opened - datetime.timedelta(days=age_days),
                        Sex.FEMALE if girl else Sex.MALE,
                    )
                )
            mother = self.adult(worker, rng.choice(ADULT_WOMEN), surname, Sex.FEMALE)
            case = referral_receive(
                acting_user=worker,
                children=children,
                adults=[mother],
                team=team,
                received_on=opened,
                source=rng.choice(["2A", "3B", "6", "1A", "3A", "8"]),
                what_was_reported="Concerns reported about the children's care at home.",
                family_name=f"{mother.first_name} {surname}'s family",
            )
            for child in children:
                relationship_add(
                    acting_user=worker,
                    person=child,
                    relative=mother,
                    kind=RelationshipType.MOTHER,
                    lives_with=True,
                    has_parental_responsibility=True,
                )
            decision = ReferralDecision.EARLY_HELP if service == CaseService.EARLY_HELP else ReferralDecision.ASSESSMENT
            referral_decide(
                acting_user=manager,
                case=case,
                decision=decision,
                decided_on=opened,
                reasons=(
                    "The family agree to work with early help, and no one has said the children are being harmed."
                    if decision == ReferralDecision.EARLY_HELP
                    else "The concerns need an assessment to understand what the children need and how safe they are."
                ),
                primary_need=rng.choice(PrimaryNeed.values[:8]),
            )
            case_allocate(
                acting_user=manager, case=case, worker=worker, reason="Allocated at team meeting", allocated_on=opened
            )
        if service not in {CaseService.EARLY_HELP, CaseService.CHILD_IN_NEED}:
            with as_of(opened + datetime.timedelta(days=5)):
                case_change_service(
                    acting_user=manager,
                    case=case,
                    service=service,
                    changed_on=opened + datetime.timedelta(days=5),
                )
        for _ in range(rng.randint(1, 5)):
            day = opened + datetime.timedelta(days=rng.randint(1, max(1, (self.today - opened).days - 1)))
            with as_of(day):
                child = rng.choice(children)
                seen = rng.random() < 0.8
                case_note_add(
                    acting_user=worker,
                    case=case,
                    children=children,
                    kind=rng.choice([NoteKind.HOME_VISIT, NoteKind.STATUTORY_VISIT, NoteKind.PHONE_CALL]),
                    occurred_on=day,
                    text=rng.choice(NOTE_TEXTS).format(child=child.first_name),
                    child_seen=seen,
                    child_seen_alone=seen and rng.random() < 0.4,
                )
        if rng.random() < 0.15:
            closed = min(self.today, opened + datetime.timedelta(days=rng.randint(30, 200)))
            with as_of(closed):
                case_close(acting_user=manager, case=case, closed_on=closed, closure_reason=ClosureReason.RC7)
        return count
