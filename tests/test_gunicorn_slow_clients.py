"""Clients that send a request body slowly do not hold up other readers' requests.

A real gunicorn with two workers, as in the security test that found a normal request waiting
32 seconds behind two such clients.
"""

import secrets
import select
import socket
import threading
import time
import urllib.parse
import urllib.request

import pytest

from tests.production_server import sqlite_server

SLOW_CLIENTS = 2


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with sqlite_server(tmp_path_factory.mktemp("slow-clients"), workers=2) as base:
        for _ in range(4):  # warm-up: the timed request is unlikely to be a cold render
            get_seconds(base + "/de/")
        yield base


def slow_post(base: str) -> socket.socket:
    """A POST whose headers arrive at once and whose body then never quite does.

    The admin login with a CSRF cookie: Django reads the whole form to find the token.
    """
    address = urllib.parse.urlsplit(base)
    connection = socket.create_connection((address.hostname, address.port), timeout=5)
    connection.sendall(
        f"POST /admin/login/ HTTP/1.1\r\n"
        f"Host: {address.netloc}\r\n"
        f"Cookie: csrftoken={secrets.token_hex(16)}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\n"
        "Content-Length: 500000\r\n"
        "\r\n".encode()
    )
    return connection


@pytest.fixture
def slow_clients(server):
    """Two clients that each send one byte of their body per second until the test ends."""
    connections = [slow_post(server) for _ in range(SLOW_CLIENTS)]
    done = threading.Event()

    def dribble():
        while not done.wait(1):
            try:
                for connection in connections:
                    connection.sendall(b"a")
            except OSError:
                return  # the server gave up on them; the test's last check says so

    dribbler = threading.Thread(target=dribble, daemon=True)
    dribbler.start()
    yield connections
    done.set()
    dribbler.join()
    for connection in connections:
        connection.close()


def get_seconds(url: str) -> float:
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=60) as response:
        assert response.status == 200
        response.read()
    return time.monotonic() - start


def test_a_reader_is_answered_within_a_second_while_two_clients_dribble_their_bodies(
    server, slow_clients
):
    time.sleep(1.5)  # the slow requests have reached the workers and wait for their bodies

    assert get_seconds(server + "/de/") < 1
    # The slow requests are still being read, not answered or dropped: they really were
    # holding on to the server while the reader's request went through.
    readable, _, _ = select.select(slow_clients, [], [], 0)
    assert readable == []
