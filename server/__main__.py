"""The command line: python -m server migrate | demo | create-admin | issue-token | serve |
worker | export-schema | verify-audit."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import getpass
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from server.settings import Settings, SettingsError

NOT_MIGRATED = "The database is not migrated yet: run `python -m server migrate` first."


class NotMigrated(Exception):
    """The database has no tables yet (or lacks migrations): said in one line, exit 2."""


async def _connect(settings: Settings) -> None:
    """Connect, or NotMigrated, having created nothing: no empty SQLite file is left behind."""
    from server import database

    if not database.may_be_migrated(settings.database_url):
        raise NotMigrated
    await database.connect(settings.database_url)
    if await database.pending_migrations():
        await database.close()
        raise NotMigrated


def _require_migrated(settings: Settings) -> None:
    from server import database

    async def check() -> None:
        await _connect(settings)
        await database.close()

    asyncio.run(check())


def _run(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Any:
    from governance import audit
    from permissions import policy
    from server import database

    async def main() -> Any:
        audit.configure(settings.audit_key)
        await _connect(settings)
        try:
            await policy.load()
            return await work()
        finally:
            await database.close()

    return asyncio.run(main())


def migrate(settings: Settings, args: argparse.Namespace) -> int:
    from governance import audit
    from permissions import policy
    from server import database

    async def main() -> int:
        audit.configure(settings.audit_key)
        try:
            await database.migrate(settings.database_url)
        except Exception:
            # Closed before the error propagates: SQLite's connection thread would
            # otherwise keep the process alive after the traceback.
            await database.close()
            raise
        await database.connect(settings.database_url)
        try:
            changed = await policy.sync_from_file()
            print("Access policy updated." if changed else "Access policy up to date.")
            # A chain under another scheme (the first release's SHA-256, a retired key)
            # moves onto INDABA_AUDIT_KEY here; appends refuse until it has.
            rekeyed = await audit.rekey(unverified=args.rekey_unverified)
        except audit.RekeyRefused as refused:
            print(refused, file=sys.stderr)
            return 2
        finally:
            await database.close()
        if rekeyed is not None:
            checked = "verified first" if rekeyed.verified else "NOT verified"
            print(
                f"Audit trail re-keyed: {rekeyed.events} events from {rekeyed.source} ({checked})."
            )
        return 0

    code = asyncio.run(main())
    if code == 0:
        print(f"Database migrated: {settings.database_url.split('?', 1)[0]}")
    return code


def demo(settings: Settings, _args: argparse.Namespace) -> int:
    from tortoise.transactions import in_transaction

    from demo import DEMO_PASSWORD, demo_accounts, load_demo
    from governance import audit

    async def work() -> bool:
        async with in_transaction():
            accounts = await load_demo()
            if accounts is not None:
                await audit.record(None, "demo.load", "Loaded the demo programme")
        return accounts is not None

    loaded = _run(settings, work)
    print("Demo programme loaded." if loaded else "Demo programme already present.")
    print(f"Demo accounts (password: {DEMO_PASSWORD}):")
    for account in demo_accounts():
        print(f"  {account.email:<28} {account.role}")
    return 0


def create_admin(settings: Settings, args: argparse.Namespace) -> int:
    from governance import administration, validation
    from governance.credentials import hash_password
    from governance.enums import PlatformRole
    from governance.errors import DomainError
    from permissions import SYSTEM

    # The operator at the command line is the platform itself (permissions.SYSTEM), acting
    # through the same service as an admin in the admin or the API, so the same rules hold
    # (email, name, one account per email, the audit line). It is no person: the audit line
    # has no actor (NULL), like the demo's and the operator's tokens.
    operator = SYSTEM

    password = args.password
    if password is None:
        if not sys.stdin.isatty():
            print("Give --password, or run in a terminal to be asked for one.", file=sys.stderr)
            return 2
        _require_migrated(settings)  # before asking for a password it could not keep
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Again: "):
            print("The passwords differ.", file=sys.stderr)
            return 2

    async def work() -> str:
        person = await administration.create_person(
            operator,
            name=args.name,
            email=args.email,
            platform_roles=[PlatformRole.ADMIN],
            password_hash=hash_password(validation.password(password)),
        )
        return person.email

    try:
        email = _run(settings, work)
    except DomainError as error:
        print(error.message, file=sys.stderr)
        return 2
    print(f"Platform admin {email} created; sign in at /admin.")
    return 0


def issue_token(settings: Settings, args: argparse.Namespace) -> int:
    from governance.access import mint_token
    from governance.models import Person

    async def work() -> str | None:
        person = await Person.get_or_none(email=args.email.strip().lower())
        if person is None:
            return None
        return (await mint_token(person, actor_id=None)).token

    token = _run(settings, work)
    if token is None:
        print(f"Nobody has the email address {args.email}.", file=sys.stderr)
        return 1
    print(token)
    return 0


def serve(settings: Settings, args: argparse.Namespace) -> int:
    import uvicorn

    workers = args.workers or int(os.environ.get("WEB_CONCURRENCY", "1"))
    if settings.is_sqlite and workers > 1:
        print(
            "SQLite serves from one worker: several processes writing one SQLite file fail with "
            "'database is locked'. Use one worker, or PostgreSQL (DATABASE_URL=postgres://…) "
            "for several.",
            file=sys.stderr,
        )
        return 2
    # Said here, in one line, rather than as the application's failed start-up.
    _require_migrated(settings)
    if args.with_worker:
        # Read by server.app's start-up in each process uvicorn runs (Settings.from_env).
        os.environ["INDABA_WITH_WORKER"] = "1"
    base = f"http://{args.host}:{args.port}"
    print(f"Indaba on {base}")
    if settings.graphiql:
        print(f"  GraphiQL   {base}/graphql")
    print(f"  Admin      {base}/admin")
    print(f"  Feeds      {base}/feeds/updates.atom, {base}/feeds/<body-slug>.ics")
    if args.with_worker:
        print(f"  Worker     in this process; email {_email_state(settings)}")
    sys.stdout.flush()
    uvicorn.run(
        "server.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=workers,
        # X-Forwarded-For is read by server.addresses, from INDABA_TRUSTED_PROXIES only;
        # uvicorn's own reading would trust 127.0.0.1 by default.
        proxy_headers=False,
        log_level="info",
        ws="websockets-sansio",
    )
    return 0


def _email_state(settings: Settings) -> str:
    if settings.smtp_url is None:
        return "off (INDABA_SMTP_URL is not set)"
    from urllib.parse import urlsplit

    return f"via {urlsplit(settings.smtp_url).hostname}"


def worker(settings: Settings, _args: argparse.Namespace) -> int:
    """Send what the outbox holds and run the daily jobs until SIGTERM or SIGINT (Ctrl-C):
    the batch in hand is finished and recorded, then the process ends."""
    from server import database
    from server.worker import SingleWorker, work

    path = database.sqlite_file(settings.database_url)

    async def main() -> None:
        from governance import audit
        from permissions import policy

        audit.configure(settings.audit_key)
        await _connect(settings)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for number in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(number, stop.set)
        try:
            await policy.load()
            print(f"Indaba worker running; email {_email_state(settings)}", flush=True)
            await work(settings, stop)
        finally:
            await database.close()
        print("Indaba worker stopped.", flush=True)

    with contextlib.ExitStack() as held:
        if path is not None:
            try:
                held.enter_context(SingleWorker(path))
            except RuntimeError as refused:  # another worker holds this SQLite database
                print(refused, file=sys.stderr)
                return 2
        asyncio.run(main())
    return 0


def export_schema(_settings: Settings, _args: argparse.Namespace) -> int:
    from schema import build_schema

    print(build_schema().as_str().rstrip())
    return 0


def verify_audit(settings: Settings, args: argparse.Namespace) -> int:
    from governance import audit

    result = _run(settings, lambda: audit.verify(expect=args.expect))
    if result.ok:
        print(f"Audit trail intact: {result.checked} events verified.")
        # Its own line, to copy into the minutes and give back as --expect later.
        print(f"head {result.head[0]}:{result.head[1]}")
    elif result.broken_at is None:
        print(f"Audit trail not verified: {result.reason}", file=sys.stderr)
    else:
        print(f"Audit trail broken at event {result.broken_at}: {result.reason}.", file=sys.stderr)
    if args.expect is not None:
        expected = f"{args.expect[0]}:{args.expect[1]}"
        if result.checkpoint is not None:
            print(f"Checkpoint {expected} not confirmed: {result.checkpoint}.", file=sys.stderr)
            return 1
        print(f"Checkpoint {expected} holds.")
    return 0 if result.ok else 1


def _checkpoint(text: str) -> tuple[int, str]:
    """`N:DIGEST` as verify-audit prints it (a leading "head " copied with it is fine)."""
    position, _, digest = text.strip().removeprefix("head ").strip().partition(":")
    digest = digest.strip().lower()
    if not (position.isascii() and position.isdigit() and 0 < int(position) < 2**63):
        raise argparse.ArgumentTypeError(f"{text!r}: N must be an event's position (1, 2, …).")
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise argparse.ArgumentTypeError(f"{text!r}: DIGEST must be 64 hexadecimal digits.")
    return int(position), digest


COMMANDS: dict[str, Callable[[Settings, argparse.Namespace], int]] = {
    "migrate": migrate,
    "demo": demo,
    "create-admin": create_admin,
    "issue-token": issue_token,
    "serve": serve,
    "worker": worker,
    "export-schema": export_schema,
    "verify-audit": verify_audit,
}


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="python -m server", description="Indaba")
    sub = root.add_subparsers(dest="command", required=True)
    migrating = sub.add_parser("migrate", help="apply the database migrations (idempotent)")
    migrating.add_argument(
        "--rekey-unverified",
        action="store_true",
        help="re-key an audit trail under a key that is not here to verify it first",
    )
    sub.add_parser("demo", help="load the demo programme (idempotent)")
    admin = sub.add_parser("create-admin", help="create a platform admin")
    admin.add_argument("--email", required=True)
    admin.add_argument("--name", required=True)
    admin.add_argument("--password")
    token = sub.add_parser("issue-token", help="print a new API token for a person")
    token.add_argument("--email", required=True)
    run = sub.add_parser("serve", help="serve GraphQL, the admin and the feeds")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument("--workers", type=int, default=0)
    run.add_argument(
        "--with-worker",
        action="store_true",
        help="also deliver the outbox and run the daily jobs in this process (one-process installs)",
    )
    sub.add_parser("worker", help="send emails and webhooks, and the daily reminders and digest")
    sub.add_parser("export-schema", help="print the GraphQL schema (SDL)")
    checking = sub.add_parser(
        "verify-audit", help="walk the audit chain; name the first broken link; print the head"
    )
    checking.add_argument(
        "--expect",
        type=_checkpoint,
        metavar="N:DIGEST",
        help="fail unless the trail still holds event N with this digest (a head printed before)",
    )
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    try:
        code = COMMANDS[args.command](settings, args)
        sys.stdout.flush()  # here, where a closed pipe can still be caught
    except NotMigrated:
        print(NOT_MIGRATED, file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader had enough (`export-schema | head -1`): nothing is wrong, and there is
        # nowhere left to write; point stdout at /dev/null so closing it at exit stays quiet.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
