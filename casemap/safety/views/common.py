"""What the safety views share: one way to show a service's refusal on the form that asked for the change."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from casemap.core.forms import StaleEditError, show_after_stale_save, stale_edit_message

# What a service may refuse a change with: the views show each on the form, with what was typed kept.
REFUSALS = (StaleEditError, ValidationError, PermissionDenied)


def show_refusal(form: Any, error: Exception) -> None:
    """A refused change on its form, keeping what was typed. After a stale save the form carries the record's
    current version, so saving again once the user has checked the record succeeds."""
    if isinstance(error, StaleEditError):
        show_after_stale_save(form, error)
    elif isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        form.add_error(None, error)
    else:
        form.add_error(None, str(error))


def refusal_text(error: Exception) -> str:
    """A refusal in words, for a page that shows it as a message rather than on a form (a button, or a form the
    page no longer offers)."""
    if isinstance(error, StaleEditError):
        return stale_edit_message(error)
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)
