"""What the Words and Pictures views share: the signed-in user, a booklet the user may change (404 otherwise),
the children and parents of its case, and one way to show a refused save again."""

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, QueryDict

from casemap.access.policy import can_change_visible_case
from casemap.accounts.models import User
from casemap.core.forms import StaleEditError, stale_edit_message
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.selectors import get_booklet_for_user


def request_user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def changeable_booklet(request: HttpRequest, booklet_id: int) -> WordsAndPicturesBooklet:
    """A visible booklet, for a user whose role may add to records; otherwise 404."""
    booklet = get_booklet_for_user(request_user(request), booklet_id)
    if not can_change_visible_case(request_user(request)):
        raise Http404("No booklet found")
    return booklet


def show_refusal(form: Form, error: Exception, booklet: WordsAndPicturesBooklet | None = None) -> None:
    """Put a service's refusal on the form, keeping what was typed. After a stale save the form carries the
    booklet's version as it is now, so the next save is checked against that."""
    if isinstance(error, StaleEditError):
        form.add_error(None, stale_edit_message(error))
        if booklet is not None and "version" in form.fields and isinstance(form.data, QueryDict):
            data = form.data.copy()
            data["version"] = str(WordsAndPicturesBooklet.objects.get(pk=booklet.pk).version)
            form.data = data
    elif isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    else:
        raise error
