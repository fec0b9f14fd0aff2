"""Who is behind a request, for rate limits: a stable, private name for the client.

The client's address is ``REMOTE_ADDR``, unless the request comes from one of
``TRUSTED_PROXIES``: then it is the nearest address in ``X-Forwarded-For`` that is not one of
them (proxies append the address they received the request from, so everything left of the
first untrusted entry may be made up by the client). Without trusted proxies the header is
never read.

Addresses are normalised (one spelling per address, IPv4-mapped IPv6 as IPv4) and IPv6 clients
are grouped by their /64 network, which one household or phone usually has to itself. The
address itself is never stored or logged: only a hash salted with the secret key and the day,
so that names cannot be turned back into addresses or followed across days.
"""

import ipaddress

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.views.decorators.debug import sensitive_variables

IPV6_CLIENT_PREFIX = 64


def _parse(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443", as some proxies write
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "192.0.2.1:443"
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value.partition("%")[0])  # no IPv6 zone index
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address) -> bool:
    return any(address in network for network in settings.TRUSTED_PROXIES)


@sensitive_variables()
def client_address(request) -> str:
    """The client's address in one canonical spelling ("" if there is none to be had)."""
    address = _parse(request.META.get("REMOTE_ADDR", ""))
    if address is None:
        return ""
    if settings.TRUSTED_PROXIES and _trusted(address):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        for hop in reversed(forwarded.split(",")):
            hop_address = _parse(hop)
            if hop_address is None:
                break  # a made-up entry: the proxy that wrote the last good one is the client
            address = hop_address
            if not _trusted(hop_address):
                break
    return str(address)


def client_group(address: str) -> str:
    """The name rate limits count under: the address, or an IPv6 address's /64 network."""
    parsed = _parse(address)
    if parsed is None:
        return address
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, IPV6_CLIENT_PREFIX), strict=False))
    return str(parsed)


@sensitive_variables()
def client_hash(request, purpose: str) -> str:
    group = client_group(client_address(request))
    day = timezone.now().date().isoformat()
    return salted_hmac(f"healthinfo.{purpose}.{day}", group, algorithm="sha256").hexdigest()
