"""What the voice pages share: the acting user, finding a record the user may change, and logging a view."""

from django.http import Http404, HttpRequest
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_change_person, visible_cases
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import MemberRole
from casemap.people.models import Person
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.selectors import (
    get_voice_record_for_user,
    tools_last_used,
)


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def log_view(request: HttpRequest, person: Person, record_type: str, record_id: object) -> None:
    access_log_append_each(
        user=request_user(request),
        action=AccessAction.VIEW,
        record_type=record_type,
        record_id=record_id,
        people=[person],
        request=request,
    )


def changeable_record(request: HttpRequest, record_id: int) -> ChildVoiceRecord:
    record = get_voice_record_for_user(request_user(request), record_id)
    if not can_change_person(request_user(request), record.child):
        raise Http404("No record found")
    return record


def open_cases(user: User, child: Person) -> list[tuple[int, str]]:
    cases = (
        visible_cases(user)
        .filter(memberships__person=child, memberships__role=MemberRole.CHILD, closed_on__isnull=True)
        .order_by("-opened_on")
    )
    return [(case.pk, f"{case.family_name} ({case.reference})") for case in cases]


def record_url(record: ChildVoiceRecord) -> str:
    return reverse("voice:record", args=[record.pk])


def last_used_words(user: User, child: Person) -> dict[str, str]:
    return {
        use.tool_name: f"last used {use.used_on:%-d %B %Y}"
        for use in tools_last_used(user=user, children=[child])[child.pk]
    }
