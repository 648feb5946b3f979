"""The single-use feedback link: its token, and the limit on how often a link or a network address may try.

The token carries the survey version, the team and a random value, signed with the site's key and the time it
was made: an altered link is refused before the database is asked, and a link older than its days has expired.
The database keeps only a SHA-256 digest of a token: nobody reading it can rebuild a link.
"""

import datetime
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.http import HttpRequest
from django.utils import timezone

from casemap.core.client_address import client_address
from casemap.feedback.models import SubmissionAttempt

TRIES_PER_LINK = 10
TRIES_PER_ADDRESS_PER_HOUR = 100

_signer = TimestampSigner(salt="casemap.feedback.link", sep=".")


def link_days() -> int:
    return int(getattr(settings, "FEEDBACK_LINK_DAYS", 28))


@dataclass(frozen=True)
class LinkContent:
    version_id: int
    team_id: int


class LinkExpired(Exception):
    pass


def new_token(*, version_id: int, team_id: int) -> str:
    return _signer.sign_object({"v": version_id, "t": team_id, "k": secrets.token_urlsafe(12)}, compress=True)


def read_token(token: str) -> LinkContent | None:
    """What a link is for, or None if it was not made here or was altered. Raises LinkExpired when it is older
    than the configured days."""
    try:
        payload = _signer.unsign_object(token, max_age=datetime.timedelta(days=link_days()))
    except SignatureExpired as error:
        raise LinkExpired from error
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), int) or not isinstance(payload.get("t"), int):
        return None
    return LinkContent(version_id=payload["v"], team_id=payload["t"])


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _address_digest(request: HttpRequest) -> str:
    address = client_address(request) or "unknown"
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


def address_may_try(request: HttpRequest) -> bool:
    """Counts this try against the request's address; False once the address has tried too often this hour."""
    now = timezone.now()
    hour_ago = now - datetime.timedelta(hours=1)
    SubmissionAttempt.objects.filter(at__lt=hour_ago).delete()
    digest = _address_digest(request)
    if SubmissionAttempt.objects.filter(address_digest=digest, at__gte=hour_ago).count() >= TRIES_PER_ADDRESS_PER_HOUR:
        return False
    SubmissionAttempt.objects.create(address_digest=digest, at=now)
    return True
