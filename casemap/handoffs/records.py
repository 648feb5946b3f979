"""The kinds of record a worker may ask a manager to sign off, each registered by the app that owns it.

Hand-offs sit below the apps whose drafts they carry (mapping, safety, words): those apps call these services
and register their record here from their `AppConfig.ready`, so this app never imports them (ADR-0004)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet

from casemap.cases.models import ChronologyKind
from casemap.people.models import Person


@dataclass(frozen=True)
class SignableRecord:
    """What hand-offs need to know about one kind of record."""

    model: type[Model]
    record_type: str  # its name in the access log: "map", "safety_plan", "words_booklet"
    noun: str  # in sentences: "map", "safety plan", "Words and Pictures booklet"
    page: str  # URL name of the record's page, taking its id: where it is read, asked about and decided
    ask_url: str  # URL name the "Ask for sign-off" form posts to
    decide_url: str  # URL name of the manager's page to sign it off or return it
    label: Callable[[Any], str]  # how the record is named in lists and on timelines: "Signs of Safety map 2"
    children: Callable[[Any], list[Person]]  # whose timelines and access-log rows it goes on
    not_signable: Callable[[Any], str]  # why it cannot be signed off as it stands, or ""
    awaiting: Callable[[QuerySet[Any]], QuerySet[Any]]  # narrows a list to those that can still be signed off
    signed_off_kind: ChronologyKind  # the timeline kind of its sign-off


_REGISTERED: dict[type[Model], SignableRecord] = {}


def register(signable: SignableRecord) -> None:
    _REGISTERED[signable.model] = signable


def signable_for(record: Model | type[Model]) -> SignableRecord:
    model = record if isinstance(record, type) else type(record)
    try:
        return _REGISTERED[model]
    except KeyError:
        raise TypeError(f"{model.__name__} cannot be signed off: its app has not registered it") from None


def registered() -> list[SignableRecord]:
    return list(_REGISTERED.values())
