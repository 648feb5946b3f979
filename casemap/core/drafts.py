"""Typed work survives an idle time-out.

When a form is posted after the session has expired, the idle-timeout middleware keeps the
posted fields as a `KeptDraft` before signing the user out. After they sign in again the
form view asks `restore_kept_draft` for it, and re-shows exactly what they typed.
"""

import datetime

from django.http import HttpRequest, QueryDict
from django.utils import timezone

from casemap.core.models import KeptDraft

KEEP_FOR = datetime.timedelta(days=7)
NOT_KEPT = {"csrfmiddlewaretoken"}


def keep_draft(*, request: HttpRequest) -> KeptDraft:
    data = {key: request.POST.getlist(key) for key in request.POST if key not in NOT_KEPT}
    return KeptDraft.objects.create(owner=request.user, path=request.path, data=data)


def restore_kept_draft(request: HttpRequest) -> QueryDict | None:
    """The kept fields for this page and this user, once; None if there are none."""
    draft_id = request.GET.get("draft", "")
    if not draft_id.isdigit() or not request.user.is_authenticated:
        return None
    draft = KeptDraft.objects.filter(
        pk=int(draft_id), owner=request.user, path=request.path, kept_at__gte=timezone.now() - KEEP_FOR
    ).first()
    if draft is None:
        return None
    data = QueryDict(mutable=True)
    for key, values in draft.data.items():
        data.setlist(key, values)
    draft.delete()
    return data
