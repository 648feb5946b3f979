"""What the safety views share: the refusals a service may answer with, and one in words for a page without a form."""

from django.core.exceptions import PermissionDenied, ValidationError

from casemap.core.forms import StaleEditError, stale_edit_message

# What a service may refuse a change with: the views show each on the form, with what was typed kept.
REFUSALS = (StaleEditError, ValidationError, PermissionDenied)


def refusal_text(error: Exception) -> str:
    """A refusal in words, for a page that shows it as a message rather than on a form (a button, or a form the
    page no longer offers)."""
    if isinstance(error, StaleEditError):
        return stale_edit_message(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
