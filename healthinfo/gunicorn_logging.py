"""gunicorn's error log without client addresses, request lines or header values.

Readers of a health site may be looking up their own illness: the logs keep no trace of who
asked for what. gunicorn's own messages about bad requests name the client's address and
repeat the offending request line or header (``Invalid request from ip=…: …``), and its
message about a failed request repeats the method and the address asked for, query string
included. This logger keeps the fact and the kind of each such event and drops the rest.
"""

import logging
import sys

from gunicorn.glogging import Logger

# gunicorn.workers.base.Worker.handle_error; the formatted message is the only argument.
_INVALID_REQUEST = "Invalid request from ip="
# The same method, with the request's method and URI as arguments.
_FAILED_REQUEST = "Error handling request %s"


class WithoutClientDetails(logging.Filter):
    """Rewrites gunicorn's messages about one request to say only what kind of event it was."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str):
            return True
        if record.msg.startswith(_INVALID_REQUEST):
            # The message is already formatted with the client's data in it, but gunicorn logs
            # it while handling the exception, so the exception's class tells the kind.
            error = sys.exc_info()[1]
            kind = type(error).__name__ if error else "unknown"
            record.msg, record.args = f"Invalid request: {kind}", ()
        elif record.msg.startswith(_FAILED_REQUEST):
            # The traceback stays: it is the application's or gunicorn's, not the client's.
            record.msg, record.args = "Error handling request", ()
        return True


_FILTER = WithoutClientDetails()


class PrivateLogger(Logger):
    """gunicorn's logger with ``WithoutClientDetails`` on the error log, whatever its handlers."""

    def setup(self, cfg):
        super().setup(cfg)
        # On the logger, not a handler: syslog or a logging config's handlers get it too.
        # setup() runs again on every reload; a filter already there is not added twice.
        self.error_log.addFilter(_FILTER)
