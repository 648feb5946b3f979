"""The live server's request gate: a browser test's data is flushed only once the server has no request running."""

import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any


class RequestGate:
    """Wraps the live server's WSGI application: counts the requests in flight, and between tests answers
    503 to new ones, so nothing touches the database while it is flushed.

    With `one_at_a_time`, requests run one after another. The live server shares an in-memory SQLite database's
    single connection with every request thread, and two requests inside transactions at once on one connection
    corrupt each other's transaction state (and every later test's)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], *, one_at_a_time: bool = False) -> None:
        self.app = app
        self._condition = threading.Condition()
        self._in_flight = 0
        self._open = True
        # A semaphore, not a lock: the WSGI server may close a response on another thread than the one that began it.
        self._turn = threading.Semaphore(1) if one_at_a_time else None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        with self._condition:
            if not self._open:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Connection", "close")])
                return [b"The test has finished."]
            self._in_flight += 1
        if self._turn is not None:
            self._turn.acquire()
        try:
            response = self.app(environ, start_response)
        except BaseException:
            self._finished()
            raise
        return _CountedResponse(response, self._finished)

    def _finished(self) -> None:
        if self._turn is not None:
            self._turn.release()
        with self._condition:
            self._in_flight -= 1
            self._condition.notify_all()

    def open(self) -> None:
        with self._condition:
            self._open = True

    def close_and_drain(self, timeout: float) -> None:
        with self._condition:
            self._open = False
            if not self._condition.wait_for(lambda: self._in_flight == 0, timeout=timeout):
                raise RuntimeError(f"The live server still had {self._in_flight} request(s) running after {timeout}s")


class _CountedResponse:
    """A response body that tells the gate when the server has finished sending it (WSGI calls close())."""

    def __init__(self, response: Iterable[bytes], on_close: Callable[[], None]) -> None:
        self._response = response
        self._on_close = on_close

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._response)

    def close(self) -> None:
        try:
            close = getattr(self._response, "close", None)
            if close is not None:
                close()
        finally:
            self._on_close()
