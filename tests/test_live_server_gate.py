"""The browser tests' request gate: the database is flushed only once the live server has no request running."""

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.browser.live_server import RequestGate


class SlowBody:
    """A response body that the server is still sending until `release` is set."""

    def __init__(self, release: threading.Event) -> None:
        self.release = release
        self.closed = False

    def __iter__(self) -> Iterator[bytes]:
        self.release.wait(5)
        yield b"done"

    def close(self) -> None:
        self.closed = True


def serve(gate: RequestGate) -> tuple[list[str], Callable[..., None]]:
    statuses: list[str] = []

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        statuses.append(status)

    def run() -> None:
        body = gate({}, start_response)
        b"".join(body)
        close = getattr(body, "close", None)
        if close is not None:
            close()

    return statuses, run


def test_draining_waits_for_a_request_still_being_sent() -> None:
    release = threading.Event()
    body = SlowBody(release)

    def app(environ: dict[str, Any], start_response: Callable[..., None]) -> SlowBody:
        start_response("200 OK", [])
        return body

    gate = RequestGate(app)
    statuses, run = serve(gate)
    request = threading.Thread(target=run)
    request.start()
    drained = threading.Event()
    drainer = threading.Thread(target=lambda: (gate.close_and_drain(5), drained.set()))
    drainer.start()
    assert not drained.wait(0.3), "the gate drained while a response was still being sent"
    release.set()
    request.join(5)
    drainer.join(5)
    assert drained.is_set()
    assert body.closed
    assert statuses == ["200 OK"]


def test_a_closed_gate_refuses_new_requests_until_it_opens() -> None:
    calls: list[dict[str, Any]] = []

    def app(environ: dict[str, Any], start_response: Callable[..., None]) -> list[bytes]:
        calls.append(environ)
        start_response("200 OK", [])
        return [b"ok"]

    gate = RequestGate(app)
    gate.close_and_drain(1)
    statuses, run = serve(gate)
    run()
    assert statuses == ["503 Service Unavailable"]
    assert calls == []
    gate.open()
    run()
    assert statuses[-1] == "200 OK"
    assert len(calls) == 1


def test_a_request_that_never_finishes_is_reported_not_flushed_over() -> None:
    release = threading.Event()

    def app(environ: dict[str, Any], start_response: Callable[..., None]) -> SlowBody:
        start_response("200 OK", [])
        return SlowBody(release)

    gate = RequestGate(app)
    _, run = serve(gate)
    request = threading.Thread(target=run)
    request.start()
    with pytest.raises(RuntimeError, match="1 request"):
        gate.close_and_drain(0.2)
    release.set()
    request.join(5)


def test_a_request_whose_view_raises_is_not_counted_as_running() -> None:
    def app(environ: dict[str, Any], start_response: Callable[..., None]) -> list[bytes]:
        raise ValueError("broken view")

    gate = RequestGate(app)
    _, run = serve(gate)
    with pytest.raises(ValueError, match="broken view"):
        run()
    gate.close_and_drain(0.2)
