"""gunicorn's logs say that bad requests came in, never who sent them or what they said.

The README promises logs without client addresses or query strings, but gunicorn's own
messages about malformed requests name the client's address and repeat the request line or
header, and its message about a failed request repeats the method and the URI.
"""

import logging
import re
import socket
import urllib.parse

import pytest
from gunicorn.config import Config
from gunicorn.http.parser import RequestParser
from gunicorn.workers.gthread import ThreadWorker

from healthinfo.gunicorn_logging import PrivateLogger
from tests.production_server import sqlite_server

MARKER = "MARKER-x7q"
# Each is answered with an error by gunicorn itself, before Django sees anything.
BAD_REQUESTS = {
    "InvalidRequestLine": f"GET /?secret=1&{MARKER}\r\n\r\n",
    "InvalidRequestMethod": f"GARBAGE-{MARKER}-xyz /?secret=2 HTTP/1.1\r\n\r\n",
    "LimitRequestLine": f"GET /{'a' * 5000}?secret=3&{MARKER} HTTP/1.1\r\n\r\n",
    "InvalidHeader": f"GET /?secret=4 HTTP/1.1\r\nHost: x\r\nX-Note: {MARKER}\x01\r\n\r\n",
    "InvalidHeaderName": f"GET /?secret=5 HTTP/1.1\r\nHost: x\r\n{MARKER}(: 1\r\n\r\n",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    directory = tmp_path_factory.mktemp("gunicorn-logging")
    error_log, access_log = directory / "error.log", directory / "access.log"
    with sqlite_server(
        directory, workers=1, error_log=error_log, GUNICORN_ACCESS_LOG=str(access_log)
    ) as base:
        yield urllib.parse.urlsplit(base), error_log, access_log


def send_raw(address, request: str) -> bytes:
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request.encode("latin-1"))
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        return answer


@pytest.fixture(scope="module")
def logs(server) -> tuple[str, str]:
    """The error and access logs once every bad request has been answered."""
    address, error_log, access_log = server
    for request in BAD_REQUESTS.values():
        assert send_raw(address, request).startswith(b"HTTP/1.1 4")
    # gunicorn logs each bad request before it answers, so the lines are there by now.
    text = error_log.read_text()
    # The one address the log may name is the server's own.
    own_address = re.escape(f"{address.hostname}:{address.port}")
    return re.sub(rf"Listening at: http://{own_address}", "", text), access_log.read_text()


def test_each_bad_request_is_logged_with_its_kind(logs):
    error_log, _ = logs
    for kind in BAD_REQUESTS:
        assert f"[WARNING] Invalid request: {kind}\n" in error_log


def test_the_logs_do_not_name_the_client_address(logs):
    for log in logs:
        assert "127.0.0.1" not in log


def test_the_logs_repeat_no_request_line_query_string_or_header_the_client_sent(logs):
    for log in logs:
        assert MARKER not in log
        assert "secret" not in log
        assert "GARBAGE" not in log


@pytest.fixture
def worker(tmp_path):
    """A gunicorn worker, for its error handling only, logging with our logger to a file."""
    config = Config()
    config.set("errorlog", str(tmp_path / "error.log"))
    worker = ThreadWorker.__new__(ThreadWorker)
    worker.cfg, worker.log = config, PrivateLogger(config)
    yield worker
    # The logger configures gunicorn's logging for the whole process; leave it as it was.
    error_log = logging.getLogger("gunicorn.error")
    for handler in list(error_log.handlers):
        error_log.removeHandler(handler)
        handler.close()
    for each in list(error_log.filters):
        error_log.removeFilter(each)


def test_a_request_failing_inside_gunicorn_is_logged_without_its_uri_or_address(worker, tmp_path):
    # What becomes of an application error that escapes Django, or of a response header
    # gunicorn refuses: gunicorn's own handling, with the request as it parsed it.
    client = ("192.0.2.7", 50000)
    ours, theirs = socket.socketpair()
    with ours, theirs:
        theirs.sendall(f"GET /de/?secret=6&{MARKER} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        request = next(RequestParser(worker.cfg, ours, client))
        try:
            raise RuntimeError("the application failed")
        except RuntimeError as error:
            worker.handle_error(request, ours, client, error)
        assert theirs.recv(1024).startswith(b"HTTP/1.1 500")

    log = (tmp_path / "error.log").read_text()
    assert "[ERROR] Error handling request\n" in log
    assert "RuntimeError: the application failed" in log  # the traceback stays
    assert MARKER not in log
    assert "secret" not in log
    assert "192.0.2.7" not in log
