"""What the Words and Pictures views share: the signed-in user, a booklet the user may add to (404 otherwise),
and one way to show a refused save again."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest

from casemap.access.policy import can_add_to_case
from casemap.accounts.models import User
from casemap.core.forms import StaleEditError, show_after_stale_save
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.selectors import get_booklet_for_user


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def changeable_booklet(request: HttpRequest, booklet_id: int) -> WordsAndPicturesBooklet:
    """A visible booklet on a case the policy lets this user add to; otherwise 404. Which changes it takes (a
    draft's pages, a parent's view) is the services' to say."""
    user = request_user(request)
    booklet = get_booklet_for_user(user, booklet_id)
    if not can_add_to_case(user, booklet.case):
        raise Http404("No booklet found")
    return booklet


def show_refusal(form: Form, error: Exception) -> None:
    """Put a service's refusal on the form, keeping what was typed. After a stale save the form carries the
    booklet's version as it is now, so the next save is checked against that."""
    if isinstance(error, StaleEditError):
        show_after_stale_save(form, error)
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    else:
        raise error
