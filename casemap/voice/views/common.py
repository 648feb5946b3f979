"""What the voice pages share: the acting user, finding a record on a case the user may add to, and logging a
view. The policy's answer (`can_add_to_case`) decides what a page offers; the services enforce it."""

from django.http import Http404, HttpRequest
from django.urls import reverse

from casemap.access.models import AccessAction
from casemap.access.policy import can_add_to_case
from casemap.access.services import access_log_append_each
from casemap.accounts.models import User
from casemap.cases.models import Case
from casemap.people.models import Person
from casemap.voice.models import ChildVoiceRecord
from casemap.voice.selectors import child_cases_to_add_to, get_voice_record_for_user, tools_last_used


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
    """A visible session on a case the policy lets this user add to; otherwise 404."""
    user = request_user(request)
    record = get_voice_record_for_user(user, record_id)
    if not can_add_to_case(user, record.case):
        raise Http404("No record found")
    return record


def open_cases(user: User, child: Person) -> list[Case]:
    """The cases a session with this child can be recorded on."""
    return child_cases_to_add_to(user=user, child=child)


def case_choices(cases: list[Case]) -> list[tuple[int, str]]:
    return [(case.pk, f"{case.family_name} ({case.reference})") for case in cases]


def record_url(record: ChildVoiceRecord) -> str:
    return reverse("voice:record", args=[record.pk])


def last_used_words(user: User, child: Person) -> dict[str, str]:
    return {
        use.tool_name: f"last used {use.used_on:%-d %B %Y}"
        for use in tools_last_used(user=user, children=[child])[child.pk]
    }
