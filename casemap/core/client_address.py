"""The address a request came from, for the sign-in lock-out records and the access log.

Behind a reverse proxy every request arrives from the proxy, so the client's address has to come from a header the
proxy adds. A client can send that header too, so it is read only when a trusted proxy is configured, and then only
the entry the trusted proxies appended is taken: proxies append to the right, so with N trusted proxies the client's
address is the Nth entry from the right and anything to its left is whatever the client chose to send.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address, or None if there is no valid one."""
    peer = _valid_address(request.META.get("REMOTE_ADDR", ""))
    header = settings.TRUSTED_PROXY_HEADER
    if not header:
        return peer
    entries = [entry.strip() for entry in request.META.get(_meta_key(header), "").split(",")]
    entries = [entry for entry in entries if entry]
    count = settings.TRUSTED_PROXY_COUNT
    if len(entries) < count:
        # Not every trusted proxy added its entry (the request reached the server some other way):
        # none of the entries can be trusted, but the connection's own address can.
        return peer
    return _valid_address(entries[-count]) or peer


def _meta_key(header: str) -> str:
    return "HTTP_" + header.upper().replace("-", "_")


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None
