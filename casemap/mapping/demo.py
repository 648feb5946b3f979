"""The worked-example family's map, from the authority's Signs of Safety FAQ, for the demo authority."""

import datetime

from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.mapping.models import ItemCategory, Map, RaterRole
from casemap.mapping.services import (
    danger_pair_save,
    item_save,
    judgement_add,
    map_sign_off,
    map_start,
    next_step_add,
    participant_add,
)

DANGER_STATEMENTS = [
    (
        "Sally from Child Protection Services is worried that Merinda (mum) and Eddy (dad) will have fights where "
        "they scream, shout, swear, drive off with the kids in the car in a dangerous way and throw things at each "
        "other, and Darel, Alkira and/or Jirra (the children) will be really upset and frightened and maybe even "
        "get hurt like on Tuesday night when Alkira cut her foot badly on a glass that Merinda threw and broke during "
        "a heated fight with Eddy, or end up in a really bad car accident and die.",
        "Merinda and Eddy will sort out disagreements calmly, away from Darel, Alkira and Jirra, and will drive "
        "safely whenever the children are in the car. The children will feel safe and calm at home. Sally, Rose, "
        "Kerri and Pat will see this on visits for 6 months.",
    ),
    (
        "Sally from CPS is concerned that Eddy and Merinda will hit the children when they misbehave and cause "
        "bruises or worse.",
        "When the children misbehave, Merinda and Eddy will use the calm ways of guiding them they have agreed with "
        "the safety network, and Darel, Alkira and Jirra will tell Rose or Sally that home feels safe. This will "
        "carry on for 6 months.",
    ),
    (
        "Sally from CPS, Rose, Darel, Kerri and Pat (friends and family who are in the Safety Network) are worried "
        "that Darel, Alkira and Jirra will think it is ok to scream, shout, swear, throw things, hit, drive "
        "dangerously, threaten, 'boot' people in the arm or kick people, because of Merinda and Eddy's behaviour "
        "and they will think that this is how you solve problems in life. If Darel, Alkira and Jirra do grow up "
        "doing these things they are more likely to have violent relationships, get into trouble with the Police "
        "and then have the same problems with their children in the future.",
        "Merinda and Eddy will sort out problems by talking and taking time out, so that Darel, Alkira and Jirra "
        "learn calm ways to sort out problems themselves. The safety network will see this for 6 months.",
    ),
]


def seed_family_map(*, case: Case, worker: User, manager: User, held_on: datetime.date) -> Map:
    map_ = map_start(acting_user=worker, case=case, setting="meeting", held_on=held_on)

    for name, role in (
        ("Merinda", RaterRole.PARENT),
        ("Eddy", RaterRole.PARENT),
        ("Sally Morgan", RaterRole.WORKER),
        ("Rose", RaterRole.NETWORK),
        ("Kerri", RaterRole.NETWORK),
        ("Pat", RaterRole.NETWORK),
    ):
        participant_add(acting_user=worker, map_=map_, expected_version=None, name=name, role=role)
    for category, text, said_by in (
        (
            ItemCategory.HARM,
            "On Tuesday night Alkira cut her foot badly on a glass that Merinda threw and broke "
            "during a fight with Eddy.",
            "Police and Merinda",
        ),
        (
            ItemCategory.COMPLICATING_FACTOR,
            "Eddy works away for two weeks at a time, and the fights are worst in the days after he gets back.",
            "Merinda",
        ),
        (
            ItemCategory.EXISTING_STRENGTH,
            "Merinda and Eddy love their children and want the fighting to stop.",
            "Merinda and Eddy",
        ),
        (ItemCategory.EXISTING_STRENGTH, "The children go to school every day, clean and fed.", "School"),
        (
            ItemCategory.EXISTING_SAFETY,
            "During the last fight, Rose took the children to her house until it was calm.",
            "Rose",
        ),
        (ItemCategory.GREY_AREA, "Whether the children were in the car on the night Eddy drove off.", "Sally"),
    ):
        item_save(acting_user=worker, map_=map_, expected_version=None, category=category, text=text, said_by=said_by)
    statements = []
    for statement, goal in DANGER_STATEMENTS:
        statements.append(
            danger_pair_save(
                acting_user=worker,
                map_=map_,
                expected_version=None,
                statement_fields={
                    "who_is_worried": "Sally from Child Protection Services",
                    "behaviour": "fights",
                    "short_term_impact": "upset, frightened or hurt",
                    "statement": statement,
                },
                goal_fields={
                    "parents_will": "sort out disagreements calmly",
                    "child_will_experience": "feel safe",
                    "sustained_for": "6 months",
                    "statement": goal,
                },
            )
        )
    for rater, role, score, reason in (
        ("Merinda", RaterRole.PARENT, 6, "We have not fought in front of the children since Tuesday."),
        ("Eddy", RaterRole.PARENT, 7, "We both want this to work and Rose is helping."),
        ("Sally Morgan", RaterRole.WORKER, 3, "The fights have happened often and Alkira was hurt."),
        ("Dana Whitfield", RaterRole.MANAGER, 3, "Early days: the plan has not been tested yet."),
        ("Rose", RaterRole.NETWORK, 4, "They are trying, but I still hear shouting."),
    ):
        judgement_add(
            acting_user=worker,
            map_=map_,
            expected_version=None,
            rater_name=rater,
            rater_role=role,
            score=score,
            reason=reason,
            one_point_higher="A month with no fights in front of the children.",
        )
    judgement_add(
        acting_user=worker,
        map_=map_,
        expected_version=None,
        rater_name="Merinda",
        rater_role=RaterRole.PARENT,
        score=5,
        reason="We are trying hard.",
        danger_statement=statements[0],
    )
    judgement_add(
        acting_user=worker,
        map_=map_,
        expected_version=None,
        rater_name="Sally Morgan",
        rater_role=RaterRole.WORKER,
        score=2,
        reason="The car is the biggest danger.",
        danger_statement=statements[0],
    )
    next_step_add(
        acting_user=worker,
        map_=map_,
        expected_version=None,
        action="Family network meeting with Rose, Kerri and Pat to write the safety plan",
        owner_name="Sally Morgan",
        owner_user=worker,
        due_on=held_on + datetime.timedelta(days=7),
    )
    next_step_add(
        acting_user=worker,
        map_=map_,
        expected_version=None,
        action="Merinda and Eddy to book the parenting course",
        owner_name="Merinda and Eddy",
        due_on=held_on + datetime.timedelta(days=14),
    )
    return map_sign_off(acting_user=manager, map_=map_, expected_version=None)
