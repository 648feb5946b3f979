from django.conf import settings
from django.http import HttpRequest


def casemap(request: HttpRequest) -> dict[str, object]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "authority_name": settings.AUTHORITY_NAME,
        "idle_timeout_seconds": settings.IDLE_TIMEOUT_SECONDS,
    }
