"""Wording on the family's copy of a plan: the verb agrees with who is named."""

import re

from django import template

register = template.Library()

# "Merinda and Eddy", "Rose & Pat", "Rose, Pat and Kerri": more than one person.
_SEVERAL = re.compile(r",|&|\band\b", re.IGNORECASE)


def names_several(names: str) -> bool:
    """Whether a name as typed on a rule names more than one person."""
    return bool(_SEVERAL.search(names))


@register.filter
def agrees(names: str, forms: str) -> str:
    """`{{ who|agrees:"makes sure,make sure" }}`: the first form for one person, the second for several."""
    one, several = forms.split(",")
    return several if names_several(names) else one
