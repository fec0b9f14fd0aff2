"""Clients cannot move the site under another prefix with a SCRIPT_NAME header.

gunicorn takes these from request headers of any client in ``forwarded_allow_ips`` (loopback
by default) unless configured otherwise; here a real gunicorn is reached over loopback.
"""

import http.client
import urllib.parse

import pytest

from tests.production_server import sqlite_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with sqlite_server(tmp_path_factory.mktemp("forwarded-headers"), workers=1) as base:
        yield urllib.parse.urlsplit(base).netloc


def get(netloc: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection(netloc, timeout=10)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_the_german_home_page_is_where_it_belongs(server):
    status, page = get(server, "/de/")
    assert status == 200
    assert '<html lang="de"' in page


def test_a_script_name_header_does_not_move_the_site_under_another_prefix(server):
    status, page = get(server, "/de/de/", {"SCRIPT_NAME": "/de"})
    assert status == 404
    assert '<html lang="de"' in page  # the site's own translated 404 page


def test_a_page_asked_for_with_a_script_name_header_is_not_cached_for_other_readers(server):
    get(server, "/de/de/", {"SCRIPT_NAME": "/de"})
    status, _ = get(server, "/de/de/")
    assert status == 404
