"""The imports' section of the returns page, without the page's view knowing of it: the form and the recent
imports, for a data officer (the page itself is theirs alone)."""

from typing import Any

from django import template

from casemap.returns.cin_import.forms import CensusImportForm
from casemap.returns.cin_import.selectors import imports_for_user
from casemap.returns.models import ReturnImport
from casemap.returns.ssda903_import.forms import Ssda903ImportForm

register = template.Library()


@register.simple_tag
def census_import_form() -> CensusImportForm:
    return CensusImportForm()


@register.simple_tag
def ssda903_import_form() -> Ssda903ImportForm:
    return Ssda903ImportForm()


@register.simple_tag(takes_context=True)
def recent_imports(context: dict[str, Any]) -> list[ReturnImport]:
    return imports_for_user(context["request"].user)
