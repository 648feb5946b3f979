"""The seed family's map (docs: /work/shared/domain/seed-family.md), as text for the browser to type and
as a signed-off map built through the real services for the tests that start from one."""

import datetime
import importlib

from django.apps import apps
from django.utils import timezone

from casemap.conftest import World
from casemap.mapping.models import FrameworkVariant, Map
from casemap.mapping.services import (
    danger_pair_save,
    item_save,
    judgement_add,
    map_sign_off,
    map_start,
    next_step_add,
)

_VARIANTS_MIGRATION = importlib.import_module("casemap.mapping.migrations.0002_framework_variants")

HARM = "Alkira cut her foot badly on a glass that Merinda threw during a fight on Tuesday night"
STRENGTH = "Merinda and Eddy love the children and want them to feel safe at home"
SAFETY = "When the fight started on Tuesday, Darel took Alkira to Rose's house next door"
COMPLICATING = "Eddy works away for two weeks at a time, so Sally can rarely meet both parents together"

DANGER_STATEMENTS = [
    "Sally from Child Protection Services is worried that Merinda (mum) and Eddy (dad) will have fights where they "
    "scream, shout, swear, drive off with the kids in the car in a dangerous way and throw things at each other, and "
    "Darel, Alkira and/or Jirra (the children) will be really upset and frightened and maybe even get hurt like on "
    "Tuesday night when Alkira cut her foot badly on a glass that Merinda threw and broke during a heated fight with "
    "Eddy, or end up in a really bad car accident and die.",
    "Sally from CPS is concerned that Eddy and Merinda will hit the children when they misbehave and cause bruises "
    "or worse.",
    "Sally from CPS, Rose, Darel, Kerri and Pat (friends and family who are in the Safety Network) are worried that "
    "Darel, Alkira and Jirra will think it is ok to scream, shout, swear, throw things, hit, drive dangerously, "
    "threaten, 'boot' people in the arm or kick people, because of Merinda and Eddy's behaviour and they will think "
    "that this is how you solve problems in life. If Darel, Alkira and Jirra do grow up doing these things they are "
    "more likely to have violent relationships, get into trouble with the Police and then have the same problems "
    "with their children in the future.",
]
SAFETY_GOALS = [
    "Merinda and Eddy will sort out disagreements calmly, away from Darel, Alkira and Jirra, and will drive safely "
    "with the children in the car. Sally and the safety network will see this for 6 months.",
    "Merinda and Eddy will use calm words and time out when Darel, Alkira or Jirra misbehave. The children will "
    "feel safe at home, and Sally will see this for 6 months.",
    "Merinda and Eddy will solve problems by talking calmly in front of Darel, Alkira and Jirra, so the children "
    "learn to do the same. Rose, Kerri and Pat will see this at family visits for 6 months.",
]
# The structured answers behind each pair: what the form asks before the statements are written.
ANSWERS = [
    {
        "who_is_worried": "Sally from Child Protection Services",
        "behaviour": (
            "Merinda (mum) and Eddy (dad) will have fights where they scream, shout, swear, drive off with the kids "
            "in the car in a dangerous way and throw things at each other"
        ),
        "what_happened": (
            "on Tuesday night when Alkira cut her foot badly on a glass that Merinda threw and broke during a heated "
            "fight with Eddy"
        ),
        "short_term_impact": "will be really upset and frightened and maybe even get hurt",
        "long_term_impact": "they could end up in a really bad car accident and die",
        "parents_will": "Merinda and Eddy will sort out disagreements calmly, away from the children",
        "child_will_experience": "feel safe and calm at home and in the car",
        "professionals_will_see": "Sally and the safety network will see calm visits",
        "sustained_for": "6 months",
    },
    {
        "who_is_worried": "Sally from CPS",
        "behaviour": "Eddy and Merinda will hit the children when they misbehave",
        "short_term_impact": "could get bruises or worse",
        "parents_will": "Merinda and Eddy will use calm words and time out when the children misbehave",
        "child_will_experience": "feel safe at home",
        "sustained_for": "6 months",
    },
    {
        "who_is_worried": "Sally from CPS, Rose, Darel, Kerri and Pat",
        "behaviour": "Merinda and Eddy will scream, shout, swear, throw things, hit and drive dangerously",
        "short_term_impact": "will think this is how you solve problems in life",
        "long_term_impact": "they are more likely to have violent relationships and get into trouble with the Police",
        "parents_will": "Merinda and Eddy will solve problems by talking calmly",
        "child_will_experience": "learn to solve problems calmly too",
        "sustained_for": "6 months",
    },
]
# (scale, rater, role, score, reason): the overall scale from four people, and one score per danger statement.
SCORES = [
    ("Overall", "Merinda", "Parent or carer", 5, "We have not had a big fight since Tuesday"),
    ("Overall", "Eddy", "Parent or carer", 6, "We are working on it and the kids are fine"),
    ("Overall", "Sally", "Worker", 3, "The fights have happened for years and Alkira was hurt this week"),
    ("Overall", "Rose", "Safety network member", 4, "Darel came to me during the fight, so the kids know what to do"),
    ("Danger statement 1", "Sally", "Worker", 3, "The fights and the driving have not changed yet"),
    ("Danger statement 2", "Sally", "Worker", 6, "No one has seen the children hit, but Darel is scared"),
    ("Danger statement 3", "Rose", "Safety network member", 4, "Darel has started shouting at school"),
]
NEXT_STEP = "Sally to meet Merinda, Eddy and Rose to plan what happens when a fight starts"
TODAY = timezone.localdate()


def ensure_variants() -> None:
    """The variants are migration data: a transactional test's flush removes them, so put them back."""
    if not FrameworkVariant.objects.filter(key="signs-of-safety").exists():
        _VARIANTS_MIGRATION.add_variants(apps, None)


def record_seed_map(world: World, *, sign_off: bool = True, held_on: datetime.date | None = None) -> Map:
    """The seed family's first map through the services, as the worker records it and the manager signs it."""
    ensure_variants()
    worker = world.worker
    map_ = map_start(
        acting_user=worker, case=world.case, setting="home_visit", held_on=held_on or TODAY - datetime.timedelta(14)
    )
    for category, text, said_by in [
        ("harm", HARM, "Police and Merinda"),
        ("existing_strength", STRENGTH, "Sally"),
        ("existing_safety", SAFETY, "Rose"),
        ("complicating_factor", COMPLICATING, ""),
    ]:
        item_save(acting_user=worker, map_=map_, expected_version=None, category=category, text=text, said_by=said_by)
    statements = []
    for answers, statement, goal in zip(ANSWERS, DANGER_STATEMENTS, SAFETY_GOALS, strict=True):
        statements.append(
            danger_pair_save(
                acting_user=worker,
                map_=map_,
                expected_version=None,
                statement_fields={
                    "who_is_worried": answers["who_is_worried"],
                    "behaviour": answers["behaviour"],
                    "short_term_impact": answers["short_term_impact"],
                    "statement": statement,
                },
                goal_fields={
                    "parents_will": answers["parents_will"],
                    "child_will_experience": answers["child_will_experience"],
                    "sustained_for": answers["sustained_for"],
                    "statement": goal,
                },
            )
        )
    for scale, rater, role, score, reason in SCORES:
        role_key = {"Parent or carer": "parent", "Worker": "worker", "Safety network member": "network"}[role]
        statement = None if scale == "Overall" else statements[int(scale.rsplit(" ", 1)[1]) - 1]
        judgement_add(
            acting_user=worker,
            map_=map_,
            expected_version=None,
            rater_name=rater,
            rater_role=role_key,
            score=score,
            reason=reason,
            danger_statement=statement,
        )
    next_step_add(
        acting_user=worker,
        map_=map_,
        expected_version=None,
        action=NEXT_STEP,
        owner_name="Sally",
        due_on=TODAY + datetime.timedelta(days=7),
    )
    if sign_off:
        map_ = map_sign_off(acting_user=world.manager, map_=map_, expected_version=None)
    return map_
