"""Rate limits count per reader: the right address behind proxies, one name per address."""

import ipaddress

import pytest
from django.test import RequestFactory

from healthinfo.client_identity import client_address, client_group, client_hash

PROXIES = (ipaddress.ip_network("10.0.0.0/8"), ipaddress.ip_network("fd00::/8"))


def request_from(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_x_forwarded_for_is_never_read(settings):
    settings.TRUSTED_PROXIES = ()
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_address_it_received_the_request_from_counts(settings):
    settings.TRUSTED_PROXIES = PROXIES
    request = request_from("10.1.2.3", "203.0.113.1")
    assert client_address(request) == "203.0.113.1"


def test_addresses_a_client_made_up_left_of_the_proxy_entry_are_ignored(settings):
    settings.TRUSTED_PROXIES = PROXIES
    # The client sent "X-Forwarded-For: 192.0.2.99"; the proxy appended the real address.
    request = request_from("10.1.2.3", "192.0.2.99, 203.0.113.1")
    assert client_address(request) == "203.0.113.1"


def test_a_chain_of_trusted_proxies_is_walked_to_the_first_untrusted_hop(settings):
    settings.TRUSTED_PROXIES = PROXIES
    request = request_from("10.0.0.1", "192.0.2.99, 203.0.113.1, 10.9.9.9, fd00::1")
    assert client_address(request) == "203.0.113.1"


def test_a_request_that_does_not_come_from_a_trusted_proxy_cannot_claim_another_address(
    settings,
):
    settings.TRUSTED_PROXIES = PROXIES
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_garbage_in_x_forwarded_for_falls_back_to_the_nearest_good_hop(settings):
    settings.TRUSTED_PROXIES = PROXIES
    assert client_address(request_from("10.0.0.1", "<script>, ,")) == "10.0.0.1"


@pytest.mark.parametrize(
    "spelling",
    ["2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001", "[2001:db8::1]:443"],
)
def test_one_address_has_one_name_however_it_is_spelled(settings, spelling):
    settings.TRUSTED_PROXIES = PROXIES
    assert client_address(request_from("10.0.0.1", spelling)) == "2001:db8::1"


def test_an_ipv4_mapped_ipv6_address_counts_as_the_ipv4_address():
    assert client_address(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


def test_ipv6_clients_in_one_64_network_share_one_bucket():
    names = {client_group(f"2001:db8:1:2::{n:x}") for n in range(1, 8)}
    assert names == {"2001:db8:1:2::/64"}
    assert client_group("2001:db8:1:3::1") != client_group("2001:db8:1:2::1")


def test_the_hash_is_the_same_for_one_64_and_differs_between_purposes():
    first = client_hash(request_from("2001:db8:1:2::1"), "feedback")
    assert first == client_hash(request_from("2001:db8:1:2:ffff::9"), "feedback")
    assert first != client_hash(request_from("2001:db8:1:2::1"), "login")
    assert "2001" not in first
