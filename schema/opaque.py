"""Opaque, unforgeable tokens for what the API hands out and takes back (ids, cursors).

A global id that decodes to "Decision:412" tells a client how many decisions
exist and lets it step through them; a cursor that carries a row id does the
same. Here the payload is sealed with a deterministic authenticated encryption
(SIV: the tag is an HMAC of the payload, the keystream an HMAC of the tag, both
under keys derived from the service's secret): the same payload always seals to
the same token, a client learns nothing from it, and a forged or altered token is
rejected (a 64-bit tag: one chance in 2^64 per guess).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

TAG = 8  # bytes of the authentication tag at the head of each token

_keys: tuple[bytes, bytes] | None = None


def _derive(secret: str) -> tuple[bytes, bytes]:
    root = secret.encode()
    return (
        hmac.new(root, b"indaba.opaque.mac", hashlib.sha256).digest(),
        hmac.new(root, b"indaba.opaque.enc", hashlib.sha256).digest(),
    )


def configure(secret: str) -> None:
    """Key the tokens with the service's secret (the server calls this at start-up);
    tokens sealed under another secret no longer open."""
    global _keys
    _keys = _derive(secret)


def _current() -> tuple[bytes, bytes]:
    global _keys
    if _keys is None:  # a process that never served (export-schema, a script)
        _keys = _derive("indaba-development-only")
    return _keys


def _keystream(key: bytes, tag: bytes, length: int) -> bytes:
    blocks = (length + 31) // 32
    return b"".join(
        hmac.new(key, tag + bytes([n]), hashlib.sha256).digest() for n in range(blocks)
    )[:length]


def seal(payload: bytes) -> str:
    mac_key, enc_key = _current()
    tag = hmac.new(mac_key, payload, hashlib.sha256).digest()[:TAG]
    stream = _keystream(enc_key, tag, len(payload))
    sealed = tag + bytes(a ^ b for a, b in zip(payload, stream, strict=True))
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(token: str, *, max_length: int = 1000) -> bytes | None:
    """The payload, or None when the token is not one this service sealed."""
    if not isinstance(token, str) or not token.isascii() or len(token) > max_length:
        return None
    try:
        raw = base64.urlsafe_b64decode(token.encode() + b"=" * (-len(token) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(raw) <= TAG:
        return None
    mac_key, enc_key = _current()
    tag, body = raw[:TAG], raw[TAG:]
    payload = bytes(a ^ b for a, b in zip(body, _keystream(enc_key, tag, len(body)), strict=True))
    expected = hmac.new(mac_key, payload, hashlib.sha256).digest()[:TAG]
    return payload if hmac.compare_digest(tag, expected) else None
