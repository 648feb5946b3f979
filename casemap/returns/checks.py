"""Deployment check: statutory returns name the authority, so production must say which authority it is."""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

AUTHORITY_UNSET = "The authority's {name} is not set ({variable}): statutory returns cannot name the authority."


def authority_problems() -> list[str]:
    """What is missing from the authority's identity, in plain words; empty when both are set."""
    problems = []
    if not settings.LA_NUMBER:
        problems.append(AUTHORITY_UNSET.format(name="DfE number", variable="CASEMAP_LA_NUMBER"))
    if not settings.LA_CODE:
        problems.append(AUTHORITY_UNSET.format(name="ONS code", variable="CASEMAP_LA_CODE"))
    return problems


@register(deploy=True)
def check_authority_is_named(app_configs: Sequence[Any] | None = None, **kwargs: Any) -> list[CheckMessage]:
    return [
        Error(problem, hint="Set it in the environment (README: Production).", id=f"casemap.returns.E00{number}")
        for number, problem in enumerate(authority_problems(), start=1)
    ]
