"""Where a webhook may point: the rules against server-side request forgery.

A webhook makes the service send requests to an address a user chose. Left alone, that
user could make it call what only the service can reach: the cloud's metadata endpoint
(169.254.169.254), the database, an admin console on the private network. So:

- the URL is https; http only to a network allowed by `INDABA_WEBHOOK_ALLOW` (tests,
  intranets);
- the host is resolved, and EVERY address it resolves to must be public (not private,
  loopback, link-local, multicast, reserved, unspecified, shared, documentation: not
  `is_global`), IPv4 inside IPv6 (mapped, 6to4, Teredo) judged as the IPv4 it carries,
  unless the address is inside an allowed network;
- the request then goes to the address that was checked (`Target.address`), with the
  name in the Host header and TLS's SNI, so a second resolution (DNS rebinding: public
  at the check, 127.0.0.1 a moment later) cannot happen; redirects are not followed.

Checked when the webhook is created (a clear BAD_USER_INPUT) and again at every delivery.
"""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from governance.errors import BadInput

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_URL = 2000
RESOLVE_SECONDS = 5.0


def networks(text: str) -> tuple[Network, ...]:
    """`INDABA_WEBHOOK_ALLOW`'s networks: comma-separated, e.g. `127.0.0.0/8,::1`."""
    found = []
    for word in text.replace(" ", "").split(","):
        if word:
            try:
                found.append(ipaddress.ip_network(word, strict=False))
            except ValueError:
                raise ValueError(f"INDABA_WEBHOOK_ALLOW: {word!r} is not a network.") from None
    return tuple(found)


def allowed_networks() -> tuple[Network, ...]:
    """Read at each check (not once at import), like the settings it mirrors."""
    return networks(os.environ.get("INDABA_WEBHOOK_ALLOW", ""))


@dataclass(frozen=True)
class Target:
    """A URL as checked: where to connect, and what to say to it."""

    scheme: str
    host: str  # the name, for Host and SNI
    port: int
    address: Address  # where to connect: the address that was checked
    target: str  # path and query

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        name = f"[{self.host}]" if ":" in self.host else self.host
        return name if self.port == default else f"{name}:{self.port}"

    @property
    def connect_url(self) -> str:
        """The URL with the checked address in place of the name."""
        literal = f"[{self.address}]" if self.address.version == 6 else str(self.address)
        return f"{self.scheme}://{literal}:{self.port}{self.target}"


def _carried(address: Address) -> list[Address]:
    """The address, and the IPv4 address an IPv6 one carries (mapped, 6to4, Teredo)."""
    found: list[Address] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        for inner in (address.ipv4_mapped, address.sixtofour):
            if inner is not None:
                found.append(inner)
        if address.teredo is not None:
            found.extend(address.teredo)
    return found


def public(address: Address) -> bool:
    return all(
        a.is_global
        and not (
            a.is_private
            or a.is_loopback
            or a.is_link_local
            or a.is_multicast
            or a.is_reserved
            or a.is_unspecified
        )
        for a in _carried(address)
    )


def allowed(address: Address, allow: tuple[Network, ...]) -> bool:
    return any(
        a in network for a in _carried(address) for network in allow if a.version == network.version
    )


def parse(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path and query) of a URL a webhook may have; BAD_USER_INPUT if not."""
    url = url.strip()
    if not url or len(url) > MAX_URL:
        raise BadInput("The URL must be between 1 and %(most)s characters.", most=MAX_URL)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise BadInput("The URL is not a valid address.") from None
    scheme = parts.scheme.lower()
    if scheme not in {"https", "http"}:
        raise BadInput("The URL must start with https:// (http:// only to an allowed network).")
    if parts.username is not None or parts.password is not None:
        raise BadInput(
            "Put no user or password in the URL: receivers check the X-Indaba-Signature "
            "header instead."
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise BadInput("The URL has no host.")
    if len(host) > 253 or not host.isprintable() or " " in host:
        raise BadInput("The URL's host is not a valid name.")
    if parts.fragment:
        raise BadInput("The URL must not have a #fragment: it is never sent.")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return scheme, host, port or (443 if scheme == "https" else 80), target


async def resolve(host: str, port: int) -> list[Address]:
    """Every address the host resolves to (a literal address: itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    loop = asyncio.get_running_loop()
    try:
        infos = await asyncio.wait_for(
            loop.getaddrinfo(host, port, type=socket.SOCK_STREAM), RESOLVE_SECONDS
        )
    except (OSError, TimeoutError, UnicodeError, ValueError):
        raise BadInput("The host %(host)s could not be resolved.", host=host) from None
    found: list[Address] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%")[0])
        if address not in found:
            found.append(address)
    if not found:
        raise BadInput("The host %(host)s could not be resolved.", host=host)
    return found


async def check(url: str, allow: tuple[Network, ...] | None = None) -> Target:
    """The URL's target, if a webhook may call it now; BAD_USER_INPUT saying why not."""
    allow = allowed_networks() if allow is None else allow
    scheme, host, port, target = parse(url)
    addresses = await resolve(host, port)
    for address in addresses:
        if not (public(address) or allowed(address, allow)):
            raise BadInput(
                "The URL's host %(host)s resolves to %(address)s, a private, loopback, "
                "link-local or reserved address: webhooks call public addresses only.",
                host=host,
                address=address,
            )
    if scheme == "http" and not all(allowed(address, allow) for address in addresses):
        raise BadInput("The URL must use https:// (http:// only to an allowed network).")
    return Target(scheme, host, port, addresses[0], target)
