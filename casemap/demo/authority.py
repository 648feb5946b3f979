"""The demo authority, seeded from above: the staff, then the families (`casemap.cases.demo`), then each app's
practice records on the worked-example family, each on the day it would have been recorded. Every record is made
through the real services, so it has its history, timeline entries and access log like any other."""

import datetime

from django.db import transaction

from casemap.accounts.models import Role, User
from casemap.cases.care_demo import demo_children_in_care_create
from casemap.cases.demo import DemoAuthority, as_of
from casemap.cases.models import Case
from casemap.demo.hand_offs import demo_hand_offs_create
from casemap.feedback.demo import demo_feedback_create
from casemap.library.demo import demo_library_create
from casemap.mapping.demo import seed_family_map
from casemap.meetings.demo import (
    demo_due_work_create,
    worked_example_after_the_conference,
    worked_example_conference_record,
    worked_example_decision_letter,
    worked_example_initial_conference,
    worked_example_strategy_discussion,
)
from casemap.people.models import Person
from casemap.quality.demo import demo_audits_create
from casemap.quality.demo_sampling import demo_sampling_create
from casemap.safety.demo import demo_network_create, demo_plan_follow_up, demo_safety_plan_create
from casemap.supervision.demo import demo_supervision_create
from casemap.voice.demo import demo_voice_create
from casemap.words.demo import demo_words_create

# Days after the worked example's referral on which each piece of practice was recorded.
MAPPED_AFTER = datetime.timedelta(days=20)
VOICE_AFTER = datetime.timedelta(days=27)
PLANNED_AFTER = datetime.timedelta(days=28)
PLAN_REVIEW_AFTER = datetime.timedelta(days=42)


def worked_example_practice_create(case: Case, users: dict[str, User]) -> None:
    """The worked example's map and network, the children's voice and Words and Pictures, and the family's plan."""
    sally, dana = users["sally"], users["dana"]
    mapped_on = case.opened_on + MAPPED_AFTER
    with as_of(mapped_on):
        seed_family_map(case=case, worker=sally, manager=dana, held_on=mapped_on)
        demo_network_create(case=case, worker=sally, told_on=mapped_on)
    voiced_on = case.opened_on + VOICE_AFTER
    with as_of(voiced_on):
        demo_voice_create(case=case, worker=sally, used_on=voiced_on)
        demo_words_create(case=case, worker=sally, made_on=voiced_on)
    planned_on = case.opened_on + PLANNED_AFTER
    with as_of(planned_on):
        plan = demo_safety_plan_create(case=case, worker=sally, manager=dana, review_on=planned_on + PLAN_REVIEW_AFTER)
    demo_plan_follow_up(plan=plan, worker=sally, signed_on=planned_on)
    # The statutory process around the same work: its conference re-maps the family's signed map.
    discussed_on = worked_example_strategy_discussion(case, users)
    conference = worked_example_initial_conference(case, users, discussed_on)
    worked_example_conference_record(conference, users)
    conference.refresh_from_db()
    worked_example_decision_letter(conference, users)
    worked_example_after_the_conference(case, users, conference)


@transaction.atomic
def demo_authority_create(users: dict[str, User], children_wanted: int = 200) -> int:
    """Seed the authority once; a second run leaves the one already there as it is. Returns the children held."""
    if Person.objects.filter(first_name="Merinda", last_name="Cooper").exists():
        return Person.objects.filter(is_child=True).count()
    families = DemoAuthority(users)
    worked_example = families.seed_family()
    worked_example_practice_create(worked_example, users)
    children = 3
    index = 0
    while children < children_wanted:
        children += families.synthetic_family(index)
        index += 1
    demo_hand_offs_create(users)
    demo_due_work_create(users)
    demo_children_in_care_create(users)
    demo_supervision_create(users)
    demo_feedback_create(users)
    demo_audits_create(users)
    demo_sampling_create(users)
    demo_library_create(users)
    assert all(user.role != Role.ADMINISTRATOR or user.is_staff for user in users.values())
    return children
