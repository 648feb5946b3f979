"""A feedback link's token is a key to one person's survey: request logs write its address with the token cut
out. Django's own request logger (the development server) takes the filter; gunicorn's access log takes the
logger class, set in `gunicorn.conf.py`."""

import logging
import re
from typing import Any

from gunicorn.glogging import Logger as GunicornLogger

LINK_PATH = re.compile(r"(/feedback/link/)[^/\s\"?]+")
HIDDEN = r"\1[link]"


def redact(text: str) -> str:
    return LINK_PATH.sub(HIDDEN, text)


class RedactFeedbackLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if LINK_PATH.search(message):
            record.msg, record.args = redact(message), ()
        return True


class RedactingGunicornLogger(GunicornLogger):
    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()}
