"""Feedback for the route-wide bad-input test (`tests/test_no_server_errors.py`): a child's named answers typed
in by the worker, saying she does not feel safe (so a safety task waits) with words to check, and a link to the children's survey."""

from django.utils import timezone

from casemap.conftest import World
from casemap.feedback.due import invitations_due_refresh
from casemap.feedback.models import Channel, InvitationDue, Question, Survey
from casemap.feedback.services import invitation_create, response_enter


def seed_feedback_for_routes(world: World) -> dict[str, int | str]:
    children = Survey.objects.get(name="What children think of our help")
    safe = Question.objects.get(version__survey=children, text="Do you feel safe at home now?")
    words = Question.objects.get(version__survey=children, kind="text")
    response = response_enter(
        acting_user=world.worker, case=world.case, survey=children, person=world.child, channel=Channel.WITH_WORKER,
        given_on=timezone.localdate(), given={safe.pk: "no", words.pk: "I want to see my dad more"},
    )  # fmt: skip
    token = invitation_create(acting_user=world.worker, case=world.case, survey=children, person=world.sibling)
    invitations_due_refresh()  # the seeded conference puts the family on the list of who to ask
    due = InvitationDue.objects.order_by("pk").first()
    assert due is not None, "the seeded family has a conference held in the last month"
    return {
        "survey_id": children.pk,
        "response_id": response.pk,
        "task_id": response.safety_task.pk,
        "token": token,
        "answer_id": response.answers.get(question=words).pk,
        "due_id": due.pk,
    }
