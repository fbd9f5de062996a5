"""The client's address and scheme: X-Forwarded-* believed from our own proxies only."""

from __future__ import annotations

from typing import Any

import pytest

from server.addresses import client_address, request_scheme
from server.settings import Settings

PROXIES = Settings(trusted_proxies=("10.0.0.0/24", "2001:db8::1"))


def scope(peer: str | None, **headers: str) -> dict[str, Any]:
    return {
        "type": "http",
        "scheme": "http",
        "client": (peer, 51000) if peer else None,
        "headers": [(k.replace("_", "-").lower().encode(), v.encode()) for k, v in headers.items()],
    }


def test_without_trusted_proxies_the_peer_is_the_client():
    request = scope("203.0.113.5", x_forwarded_for="198.51.100.1")
    assert client_address(request, Settings()) == "203.0.113.5"
    # Loopback is not trusted by default either (uvicorn's proxy_headers would have).
    assert client_address(scope("127.0.0.1", x_forwarded_for="198.51.100.1"), Settings()) == (
        "127.0.0.1"
    )


def test_an_untrusted_peer_is_not_believed_even_with_proxies_configured():
    assert client_address(scope("203.0.113.5", x_forwarded_for="10.0.0.9"), PROXIES) == (
        "203.0.113.5"
    )


@pytest.mark.parametrize(
    ("chain", "client"),
    [
        ("198.51.100.7", "198.51.100.7"),
        # The client wrote the left part: only the hop our proxy added counts.
        ("1.2.3.4, 198.51.100.7", "198.51.100.7"),
        # Through two of our proxies.
        ("198.51.100.7, 10.0.0.2", "198.51.100.7"),
        ("198.51.100.7,10.0.0.2 , 10.0.0.3", "198.51.100.7"),
        # Only our own proxies: the request began at one of them.
        ("10.0.0.4, 10.0.0.2", "10.0.0.4"),
        ("2001:db8::7", "2001:db8::7"),
        ("2001:DB8:0:0::7", "2001:db8::7"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_a_trusted_proxy_is_read_from_the_right(chain, client):
    assert client_address(scope("10.0.0.1", x_forwarded_for=chain), PROXIES) == client


@pytest.mark.parametrize(
    "chain",
    [
        "",
        "not-an-address",
        "198.51.100.7, garbage",
        "198.51.100.7:4430",
        "198.51.100.7, , 10.0.0.2",
    ],
)
def test_a_malformed_chain_counts_as_none(chain):
    assert client_address(scope("10.0.0.1", x_forwarded_for=chain), PROXIES) == "10.0.0.1"


def test_a_header_sent_twice_is_one_list():
    request = scope("10.0.0.1")
    request["headers"] = [
        (b"x-forwarded-for", b"1.2.3.4"),
        (b"x-forwarded-for", b"198.51.100.7, 10.0.0.2"),
    ]
    assert client_address(request, PROXIES) == "198.51.100.7"


def test_a_trusted_v6_peer_and_a_v4_peer_seen_through_a_dual_stack_socket():
    assert client_address(scope("2001:db8::1", x_forwarded_for="198.51.100.7"), PROXIES) == (
        "198.51.100.7"
    )
    assert client_address(scope("::ffff:10.0.0.1", x_forwarded_for="198.51.100.7"), PROXIES) == (
        "198.51.100.7"
    )


def test_without_a_peer():
    assert client_address(scope(None, x_forwarded_for="198.51.100.7"), PROXIES) == "unknown"


def test_the_scheme_is_believed_from_a_trusted_proxy_only():
    assert request_scheme(scope("203.0.113.5", x_forwarded_proto="https"), PROXIES) == "http"
    assert request_scheme(scope("10.0.0.1", x_forwarded_proto="https"), PROXIES) == "https"
    assert request_scheme(scope("10.0.0.1", x_forwarded_proto="gopher"), PROXIES) == "http"
    assert request_scheme(scope("10.0.0.1"), PROXIES) == "http"
