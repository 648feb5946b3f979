"""The worked-example family's safety network (Rose, Kerri and Pat), safety plan and trajectory for the demo
authority."""

import datetime

from django.utils import timezone

from casemap.accounts.models import User
from casemap.cases.models import Case, MemberRole
from casemap.people.models import RelationshipType
from casemap.safety.models import NetworkRole, SafetyNetworkMember, SafetyPlan, SafetyPlanKind, SustainUnit
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import (
    bottom_line_save,
    contact_save,
    monitoring_add,
    plan_sign_off,
    plan_start,
    plan_update_details,
    rule_save,
    trigger_save,
)
from casemap.safety.services.trajectory import trajectory_set_sustained, trajectory_step_add, trajectory_step_done
from casemap.words.models import WordsAndPicturesBooklet

# Made-up contact details: 01632 960xxx numbers are set aside by Ofcom for drama, example.org for examples.
SEED_NETWORK = [
    (
        "Rose",
        [NetworkRole.MENTOR, NetworkRole.RESPONDS_TO_WORRIES, NetworkRole.GIVES_FEEDBACK],
        {"phone": "01632 960101", "email": "rose@example.org"},
        "Merinda's closest friend. Lives five minutes away and the children go to her when there is shouting.",
    ),
    (
        "Kerri",
        [NetworkRole.SUPERVISES_FAMILY_TIME, NetworkRole.RESPONDS_TO_WORRIES],
        {"phone": "01632 960202"},
        "Drives the children to school on weekdays so they are not in the car during arguments.",
    ),
    (
        "Pat",
        [NetworkRole.GIVES_FEEDBACK],
        {"address": "14 Moor View, Northbridge"},
        "Family friend of Eddy's; visits at weekends.",
    ),
]


def demo_network_create(
    *, case: Case, worker: User, told_on: datetime.date | None = None, agreed_on: datetime.date | None = None
) -> list[SafetyNetworkMember]:
    """Add Rose, Kerri and Pat (recorded on the case as family friends) to the case's safety network.

    `told_on` is when they heard the danger statements (the family meeting); `agreed_on`, if given, when
    they agreed to the plan. Anyone not found on the case is added by name.
    """
    told_on = told_on or timezone.localdate()
    adults = {
        m.person.first_name: m.person
        for m in case.memberships.select_related("person").order_by("pk")
        if m.role == MemberRole.ADULT
    }
    members = []
    for name, roles, contact, notes in SEED_NETWORK:
        person = adults.get(name)
        members.append(
            network_member_add(
                acting_user=worker,
                case=case,
                person=person,
                name="" if person else name,
                relationship_kind=RelationshipType.FRIEND,
                roles=roles,
                told_danger_statements_on=told_on,
                agreed_to_plan_on=agreed_on,
                notes=notes,
                **contact,
            )
        )
    return members


# The worked-example family's plan, in their words. Each rule names who makes sure it happens and who checks.
SEED_RULES = [
    ("When Merinda and Eddy start to argue, one of them goes for a walk to cool down.", "", "Rose"),
    ("Kerri drives the children to school and back every weekday.", "Kerri", "Rose"),
    ("If there is shouting at home, Darel takes Alkira and Jirra to Rose's house.", "Rose", "Kerri"),
    ("Merinda and Eddy talk about money and problems after the children are asleep.", "", "Pat"),
    ("Pat visits every Sunday and asks the children how the week went.", "Pat", "Rose"),
]
SEED_PARENTS = "Merinda and Eddy"
SEED_TRIGGERS = [
    (
        "Voices get loud, or someone slams a door.",
        "Stop talking. One parent goes for a walk. Darel takes his sisters to their room.",
    ),
    (
        "Eddy or Merinda reach for the car keys after an argument.",
        "The keys stay in the kitchen drawer. Call Rose, who will come and take the children.",
    ),
]
SEED_CONTACTS = [
    ("Rose", "", "Any time the children are frightened, or need a safe place to go."),
    ("Kerri", "", "If the school run cannot happen, or the children need a lift."),
    ("", "Sally, social worker", "On weekdays, 9am to 5pm, to talk about how the plan is going."),
]
SALLY_PHONE = "01632 960300"
SEED_BOTTOM_LINES = [
    "The children are never in the car with a parent who has just had a fight.",
    "Nobody hits the children. Adults keep their hands to themselves.",
]
SEED_CHILDRENS_VERSION = (
    "Darel, Alkira and Jirra each drew a Safety House with Sally. "
    "Words and Pictures were read with Merinda and Eddy there, and each child has a copy."
)
SEED_MONITORING = [
    (4, "Rose", "yes", "A quiet week. The children came for tea on Wednesday as planned.", ""),
    (
        10,
        "Kerri",
        "partly",
        "Merinda and Eddy argued on Saturday. Eddy went for a walk, but the children heard the shouting first.",
        "Sally met Merinda and Eddy on Monday. They agreed to start the walk sooner.",
    ),
    (15, "Pat", "yes", "Sunday visit. Darel said home has been calm, and Jirra showed Pat her drawing.", ""),
]
SEED_STEPS = [
    (0, "Family safety plan signed off with the network", True),
    (14, "Review meeting with the family and the network", True),
    (60, "Review child protection conference", False),
    (150, "Step down to child in need if the goals are kept", False),
]


def demo_safety_plan_create(*, case: Case, worker: User, manager: User, review_on: datetime.date) -> SafetyPlan:
    """The family's safety plan, signed off by the manager, with Rose, Kerri and Pat named in it.

    Run it on the day the plan is agreed (the demo sets "today" to that day); the monitoring log and
    trajectory follow with `demo_plan_follow_up`.
    """
    network = {
        member.display_name.split()[0]: member
        for member in SafetyNetworkMember.objects.filter(case=case, is_active=True).select_related("person")
    }
    plan = plan_start(acting_user=worker, case=case, kind=SafetyPlanKind.FAMILY, review_on=review_on)
    plan = plan_update_details(
        acting_user=worker,
        plan=plan,
        expected_version=None,
        kind=SafetyPlanKind.FAMILY,
        review_on=review_on,
        childrens_version=SEED_CHILDRENS_VERSION,
        words_booklet=WordsAndPicturesBooklet.objects.filter(case=case).order_by("-number").first(),
    )
    for wording, responsible, checker in SEED_RULES:
        rule_save(
            acting_user=worker,
            plan=plan,
            expected_version=None,
            wording=wording,
            responsible_member=network.get(responsible),
            responsible_name="" if responsible in network else SEED_PARENTS,
            checker_member=network.get(checker),
            checker_name="" if checker in network else checker,
        )
    for warning_sign, what_to_do in SEED_TRIGGERS:
        trigger_save(
            acting_user=worker, plan=plan, expected_version=None, warning_sign=warning_sign, what_to_do=what_to_do
        )
    for member_name, name, when in SEED_CONTACTS:
        member = network.get(member_name)
        contact_save(
            acting_user=worker,
            plan=plan,
            expected_version=None,
            member=member,
            name="" if member else (name or member_name),
            phone="" if member and member.phone else SALLY_PHONE,
            when_to_call=when,
        )
    for text in SEED_BOTTOM_LINES:
        bottom_line_save(acting_user=worker, plan=plan, expected_version=None, text=text)
    return plan_sign_off(acting_user=manager, plan=plan, expected_version=None, warnings_confirmed=True)


def demo_plan_follow_up(*, plan: SafetyPlan, worker: User, signed_on: datetime.date) -> None:
    """Reports on how the plan has gone since `signed_on`, and the trajectory to closure: goals to be kept for
    six months, kept since the calm week after the plan was signed."""
    for days, reported_by, followed, what_happened, what_was_done in SEED_MONITORING:
        monitoring_add(
            acting_user=worker,
            plan=plan,
            happened_on=signed_on + datetime.timedelta(days=days),
            reported_by=reported_by,
            followed=followed,
            what_happened=what_happened,
            what_was_done=what_was_done,
        )
    today = timezone.localdate()
    for days, description, done in SEED_STEPS:
        step = trajectory_step_add(
            acting_user=worker,
            case=plan.case,
            expected_version=None,
            description=description,
            target_on=signed_on + datetime.timedelta(days=days),
        )
        if done:
            trajectory_step_done(
                acting_user=worker,
                step=step,
                expected_version=None,
                done_on=min(today, step.target_on),
            )
    trajectory_set_sustained(
        acting_user=worker,
        case=plan.case,
        expected_version=None,
        sustain_for=6,
        sustain_unit=SustainUnit.MONTHS,
        sustained_since=min(today, signed_on + datetime.timedelta(days=11)),
    )
