"""The worker's webhook sender: one POST per WEBHOOK outbox item (governance.webhooks).

At delivery time, not when the event happened:
- the webhook is read again (deleted or turned off since: nothing is sent);
- the subject is read as its OWNER may see it now, by running a query through the API's
  own schema as them (`node(id:)` with every field of the subject's type that takes no
  argument: its scalars and enums, and the id of each item it names). What the owner may
  not see (any more, or yet) is not delivered: the item is done, with no request made;
- the URL is checked again (governance.webhook_urls) and the request goes to the
  address that was checked, the name in Host and SNI; redirects are not followed.

The body is `{"event","deliveredAt","data"}`, signed with the webhook's secret:
`X-Indaba-Signature: sha256=<hex HMAC-SHA256 of the body>`, with `X-Indaba-Delivery`
(the outbox item's id for receivers, the same on each retry) and `X-Indaba-Event`.
A 2xx is a success; anything else, or no answer within 10 s, is retried on the outbox's
backoff (8 attempts over about a day). Each attempt is kept (governance.webhooks.record).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
from functools import cache
from typing import Any

import httpx
from graphql import (
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
    is_leaf_type,
)

from governance import clock, outbox, webhooks
from governance.enums import OutboxChannel, WebhookEvent
from governance.errors import BadInput
from governance.models import OutboxItem, Person, Webhook
from governance.webhook_urls import Network, allowed_networks, check
from permissions import kinds, load_viewer
from schema import build_schema, ids
from schema.context import Context
from server.worker import DONE, Outcome, Sender

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10.0
USER_AGENT = "Indaba-Webhooks/1"


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@cache
def _schema() -> Any:
    return build_schema()


def _is_node(type_: Any) -> bool:
    if isinstance(type_, GraphQLInterfaceType) and type_.name == "Node":
        return True
    interfaces = getattr(type_, "interfaces", ())
    return any(interface.name == "Node" for interface in interfaces)


def _selection(type_: GraphQLObjectType, nested: bool = False) -> str:
    """The fields of a type a delivery carries: those without required arguments that are
    scalars or enums (lists of them too), the ids of the items it names, and the same of
    the objects it holds that are no items of their own (a recommendation's response, a
    meeting's attendance), one level down."""
    chosen: list[str] = []
    for name, field in type_.fields.items():
        if any(isinstance(arg.type, GraphQLNonNull) for arg in field.args.values()):
            continue
        inner: GraphQLOutputType = field.type
        named = get_named_type(inner)
        if is_leaf_type(named):
            chosen.append(name)
        elif _is_connection(inner):
            continue
        elif _is_node(named):
            chosen.append(f"{name} {{ id }}")
        elif isinstance(named, GraphQLObjectType) and not nested:
            inside = _selection(named, nested=True)
            if inside:
                chosen.append(f"{name} {{ {inside} }}")
    return " ".join(chosen)


def _is_connection(type_: Any) -> bool:
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        type_ = type_.of_type
    return type_.name.endswith("Connection")


@cache
def subject_query(type_name: str) -> str:
    type_ = _schema()._schema.get_type(type_name)
    assert isinstance(type_, GraphQLObjectType), type_name
    return (
        "query WebhookSubject($id: ID!) { node(id: $id) { __typename "
        f"... on {type_name} {{ {_selection(type_)} }} }} }}"
    )


async def subject_data(owner: Person, subject_type: str, subject_id: int) -> dict[str, Any] | None:
    """The subject as the owner may see it now (the API's own answer); None if they may not."""
    kind = kinds.get(subject_type)
    row = await kind.model.get_or_none(id=subject_id)
    if row is None:
        return None
    type_name = kind.type_name(row)
    viewer = await load_viewer(owner)
    result = await _schema().execute(
        subject_query(type_name),
        variable_values={"id": ids.encode(type_name, subject_id)},
        context_value=Context(viewer=viewer),
    )
    data = (result.data or {}).get("node")
    if data is None:
        return None
    if result.errors:
        log.warning("webhook subject %s %s: %s", subject_type, subject_id, result.errors)
    return dict(data)


def body_of(event: str, data: dict[str, Any]) -> bytes:
    delivered_at = clock.now().isoformat().replace("+00:00", "Z")
    document = {"event": event, "deliveredAt": delivered_at, "data": data}
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def webhook_sender(allow: tuple[Network, ...] | None = None) -> Sender:
    """The sender for OutboxChannel.WEBHOOK; `allow`: settings.webhook_allow (None: read
    INDABA_WEBHOOK_ALLOW at each delivery)."""

    async def send(item: OutboxItem) -> Outcome:
        return await deliver(item, allowed_networks() if allow is None else allow)

    return send


async def deliver(item: OutboxItem, allow: tuple[Network, ...]) -> Outcome:
    assert item.channel == OutboxChannel.WEBHOOK
    webhook = await Webhook.get_or_none(id=item.payload.get("webhook_id"))
    if webhook is None or not webhook.active:
        return DONE  # deleted or turned off since: nothing is owed any more
    owner = await Person.get(id=webhook.person_id)
    if item.subject_type is None or item.subject_id is None:
        return Outcome(False, "a webhook item without a subject", retry=False)
    data = await subject_data(owner, item.subject_type, item.subject_id)
    if data is None:
        # The owner may not see it (any more): they are told nothing of it, not even that
        # something happened. No request, no attempt kept.
        log.info("webhook %s: item %s not visible to its owner, skipped", webhook.id, item.id)
        return DONE
    body = body_of(item.topic, data)
    last = item.attempts > len(outbox.DELAYS[OutboxChannel.WEBHOOK])
    status, error = await post(webhook, item, body, allow)
    succeeded = status is not None and 200 <= status < 300
    await webhooks.record(
        webhook,
        event=WebhookEvent(item.topic),
        delivery_id=item.delivery_id,
        attempt=item.attempts,
        status_code=status,
        succeeded=succeeded,
        error=error,
        last_attempt=last,
    )
    return DONE if succeeded else Outcome(False, error or f"HTTP {status}")


async def post(
    webhook: Webhook, item: OutboxItem, body: bytes, allow: tuple[Network, ...]
) -> tuple[int | None, str | None]:
    """(the status answered, or None; what went wrong, or None)."""
    try:
        target = await check(webhook.url, allow)
    except BadInput as refused:
        return None, f"refused: {refused}"
    headers = {
        "Host": target.host_header,
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Indaba-Signature": sign(webhook.secret, body),
        "X-Indaba-Delivery": item.delivery_id,
        "X-Indaba-Event": item.topic,
    }
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    try:
        # 10 s in all (httpx's timeout is per phase: a receiver answering a byte at a time
        # would hold the worker longer). No proxy from the environment (it would resolve
        # the name again), no redirect followed.
        async with (
            asyncio.timeout(TIMEOUT_SECONDS),
            httpx.AsyncClient(
                timeout=TIMEOUT_SECONDS, trust_env=False, follow_redirects=False
            ) as client,
        ):
            request = client.build_request(
                "POST", target.connect_url, content=body, headers=headers, extensions=extensions
            )
            # The answer's body is not read: a receiver cannot make the worker hold it.
            response = await client.send(request, stream=True)
            await response.aclose()
    except (TimeoutError, httpx.TimeoutException):
        return None, f"no answer within {TIMEOUT_SECONDS:.0f} s"
    except httpx.HTTPError as error:
        return None, f"{type(error).__name__}: {error}"[:300]
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"
