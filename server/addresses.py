"""Who is on the other end of a request: the client's address, and the scheme it used.

The server runs without uvicorn's proxy headers (uvicorn would believe
`X-Forwarded-For` from 127.0.0.1 by default): a header any client can write is
believed only when the socket peer is one of `INDABA_TRUSTED_PROXIES`. Then the
forwarded chain is read from the right, past our own proxies, to the first
address we do not run: anything to its left was written by the client and proves
nothing. Sign-in throttling and rate limiting key on this address.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from starlette.requests import HTTPConnection

from server.settings import Settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNKNOWN = "unknown"


def _scope(request_or_scope: HTTPConnection | Mapping[str, Any]) -> Mapping[str, Any]:
    return (
        request_or_scope.scope if isinstance(request_or_scope, HTTPConnection) else request_or_scope
    )


def _parse(value: str) -> Address | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    # A v4 client seen through a dual-stack socket is that v4 client.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in trusted)


def _trusted(address: Address, networks: Iterable[Network]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def _header(scope: Mapping[str, Any], name: bytes) -> str:
    """Every value of one header, joined as a list (a header may be sent more than once)."""
    values = [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]
    return ",".join(values)


def _from_trusted_proxy(scope: Mapping[str, Any], settings: Settings) -> Address | None:
    """The peer's address when it is one of our proxies, else None."""
    client = scope.get("client")
    peer = _parse(str(client[0])) if client else None
    if peer is None or not settings.trusted_proxies:
        return None
    return peer if _trusted(peer, _networks(settings.trusted_proxies)) else None


def client_address(request_or_scope: HTTPConnection | Mapping[str, Any], settings: Settings) -> str:
    """The client's address: the socket peer, or behind a trusted proxy the nearest
    address in X-Forwarded-For that is not one of our proxies. A malformed chain
    counts as no chain: the peer (the proxy) is all we know."""
    scope = _scope(request_or_scope)
    client = scope.get("client")
    raw_peer = str(client[0]) if client else UNKNOWN
    parsed_peer = _parse(raw_peer)
    peer = str(parsed_peer) if parsed_peer is not None else raw_peer
    if _from_trusted_proxy(scope, settings) is None:
        return peer
    hops = [hop.strip() for hop in _header(scope, b"x-forwarded-for").split(",")]
    if hops == [""]:
        return peer
    networks = _networks(settings.trusted_proxies)
    address: Address | None = None
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            return peer
        if not _trusted(address, networks):
            return str(address)
    # Every hop is one of ours: the request began at our own proxy.
    return str(address) if address is not None else peer


def request_scheme(request_or_scope: HTTPConnection | Mapping[str, Any], settings: Settings) -> str:
    """ "https" when the client used TLS: directly, or per X-Forwarded-Proto from a trusted proxy
    (which terminates TLS in front of us). Decides the Secure flag of cookies."""
    scope = _scope(request_or_scope)
    scheme = str(scope.get("scheme", "http"))
    if _from_trusted_proxy(scope, settings) is None:
        return scheme
    # The proxy nearest us speaks last.
    forwarded = _header(scope, b"x-forwarded-proto").split(",")[-1].strip().lower()
    return forwarded if forwarded in {"http", "https", "ws", "wss"} else scheme
