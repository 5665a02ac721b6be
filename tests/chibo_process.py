"""The real `chibo run` as a child process, for the process and fault tests (and faults/ scripts).

`Chibo` starts, stops (SIGTERM), kills (SIGKILL) and restarts the process with one environment,
its stderr appended to one log file across restarts (so a test can read the whole run's log),
and asks its /healthz and /metrics. `WebhookPusher` plays Telegram's side of webhooks: it POSTs
the fake API's queued updates and keeps retrying those not answered 200 (as Telegram does
while the bot is down). The database helpers migrate and seed it from the test process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout
from sqlmodel import col, func, select

from core.clock import SystemClock
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from services.outgoing import PRIORITY, Kind
from storage import migrate
from storage.engine import Database
from storage.models import Account, Cell, InboxUpdate, OutboxMessage
from storage.repos import Repositories
from storage.repos.outbox import NewMessage
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.telegram.tgharness import free_port

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"


def chibo_environment(
    database_url: str, api: FakeTelegramAPI, port: int, *, webhook: bool = True, **extra: str
) -> dict[str, str]:
    """The environment of `chibo run` on Telegram (fake API), listening on 127.0.0.1:`port`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))}
    env.update(
        CHIBO_DATABASE_URL=database_url,
        PYTHONPATH=str(ROOT),
        TELEGRAM_BOT_TOKEN=api.token or TOKEN,
        CHIBO_TELEGRAM_API_URL=api.base_url,
        CHIBO_LISTEN_HOST="127.0.0.1",
        CHIBO_LISTEN_PORT=str(port),
    )
    if webhook:
        env["CHIBO_PUBLIC_URL"] = f"http://127.0.0.1:{port}"
    env.update(extra)
    return env


class Chibo:
    """One `chibo run` process (restartable), its log appended to `log_path`."""

    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.port = int(env["CHIBO_LISTEN_PORT"])
        self.process: asyncio.subprocess.Process | None = None
        self.started_at = 0.0

    async def start(self) -> None:
        self.started_at = time.monotonic()
        with self.log_path.open("ab") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.cwd, env=self.env,
                stdin=asyncio.subprocess.DEVNULL, stdout=log, stderr=log,
            )

    async def wait_ready(self, limit: float = 60.0) -> float:
        """Wait until /healthz answers (200 or 503); seconds since the start."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        while True:
            assert self.running, f"chibo exited early:\n{self.log()[-3000:]}"
            with contextlib.suppress(ClientError, OSError, asyncio.TimeoutError):
                await self.health()
                return time.monotonic() - self.started_at
            assert loop.time() < deadline, "chibo did not start"
            await asyncio.sleep(0.1)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    async def health(self) -> tuple[int, dict[str, Any]]:
        async with (
            ClientSession(timeout=ClientTimeout(total=10)) as client,
            client.get(f"http://127.0.0.1:{self.port}/healthz") as response,
        ):
            return response.status, await response.json()

    async def metrics(self) -> str:
        async with (
            ClientSession(timeout=ClientTimeout(total=10)) as client,
            client.get(f"http://127.0.0.1:{self.port}/metrics") as response,
        ):
            assert response.status == 200
            return await response.text()

    async def terminate(self, limit: float = 10.0) -> float:
        """SIGTERM; the seconds it took to exit (asserted under `limit`); exit code 0."""
        assert self.process is not None
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(self.process.wait(), limit)
        except TimeoutError:
            self.process.kill()
            await self.process.wait()
            raise AssertionError(f"chibo did not exit within {limit} s of SIGTERM") from None
        assert self.process.returncode == 0, self.log()[-3000:]
        return time.monotonic() - started

    async def kill(self) -> None:
        """SIGKILL (kill -9): no clean-up of any kind."""
        assert self.process is not None
        self.process.kill()
        await self.process.wait()

    async def close(self) -> None:
        if self.running:
            await self.kill()

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


class WebhookPusher:
    """Telegram's side of webhooks: POST queued updates, retry until answered 200."""

    def __init__(self, api: FakeTelegramAPI, pause: float = 0.05) -> None:
        self.api = api
        self.pause = pause
        self.failed_posts = 0
        self._task: asyncio.Task[None] | None = None
        self._stop = asyncio.Event()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def _run(self) -> None:
        while not self._stop.is_set():
            if self.api.webhook_url and self.api.pending_updates:
                try:
                    statuses = await self.api.deliver_pending_via_webhook()
                    self.failed_posts += sum(1 for s in statuses if s != 200)
                except (TimeoutError, ClientError, OSError):
                    self.failed_posts += 1
            await asyncio.sleep(self.pause)

    async def stop(self) -> None:
        self._stop.set()
        if self._task is not None:
            await self._task


async def wait_for(
    predicate: Callable[[], Any], limit: float, what: str, every: float = 0.1
) -> float:
    """Await `predicate()` (sync or async) until true; seconds waited."""
    started = time.monotonic()
    while True:
        value = predicate()
        if asyncio.iscoroutine(value):
            value = await value
        if value:
            return time.monotonic() - started
        assert time.monotonic() - started < limit, f"not reached within {limit} s: {what}"
        await asyncio.sleep(every)


# ------------------------------------------------------------------ the database, from outside


async def prepared(database: Database) -> None:
    """Migrated, as `chibo db upgrade` leaves it."""
    await migrate.upgrade(database)


async def admin_code(database: Database) -> str:
    async with database.transaction() as session:
        issued, _scope = await invite_from_cli(
            Repositories(session), role="admin", scope_text=None,
            now=SystemClock().now(), ttl=timedelta(days=1),
        )
    return issued.code


async def demo_secretaries(database: Database, count: int) -> list[int]:
    """The demo đảng bộ with `count` cells (the nine demo cells and more), one Telegram
    secretary each (user ids 1000, 1001, …); the user ids."""
    now = SystemClock().now()
    users: list[int] = []
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await load_demo(repos, now)
        cells: list[Cell] = list(await repos.orgs.all_cells())
        for number in range(len(cells), count):
            cells.append(
                await repos.orgs.add_cell(org, f"Chi bộ Khu {number + 1}", now=now, members_on_roll=12)
            )
        for index, cell in enumerate(cells[:count]):
            user = 1000 + index
            account = await repos.accounts.get_or_create(
                "telegram", str(user), chat_id=str(user), display_name=f"Bí thư {index}",
                locale="vi", now=now,
            )
            assert account.id is not None
            await repos.roles.grant(
                account.id, "secretary", org_id=None, cell_id=cell.id, granted_by=None, now=now
            )
            users.append(user)
    return users


async def telegram_accounts(database: Database, count: int, first: int = 5000) -> list[int]:
    """`count` plain Telegram accounts (no role) with their private chats; the user ids."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        for user in range(first, first + count):
            session.add(
                Account(channel="telegram", platform_user_id=str(user), chat_id=str(user),
                        display_name=f"Người {user}", locale="vi", created_at=now)
            )
    return list(range(first, first + count))


async def reminder_batch(
    database: Database,
    users: Sequence[int | str],
    tag: str = "batch",
    channel: str = "telegram",
) -> None:
    """A reminder batch due now, one reminder to each of `users` (accounts of `channel`), as
    the expand tick writes it: outbox rows of kind "reminder", one per person, keyed once
    each."""
    now = datetime.now(UTC)
    async with database.transaction() as session:
        repos = Repositories(session)
        messages = [
            NewMessage(
                channel=channel,
                chat_id=str(user),
                payload={"text": f"Nhắc lịch sinh hoạt chi bộ ({tag} {user})"},
                kind=str(Kind.REMINDER),
                priority=PRIORITY[Kind.REMINDER],
                dedupe_key=f"{tag}:{user}",
                expires_at=now + timedelta(hours=2),
            )
            for user in users
        ]
        await repos.outbox.add_many(messages, now=now)


async def inbox_counts(database: Database) -> dict[str, int]:
    async with database.transaction() as session:
        rows = (
            await session.exec(
                select(InboxUpdate.status, func.count()).group_by(col(InboxUpdate.status))
            )
        ).all()
    return {str(status): int(n) for status, n in rows}


async def outbox_counts(database: Database) -> dict[str, int]:
    async with database.transaction() as session:
        rows = (
            await session.exec(
                select(OutboxMessage.status, func.count()).group_by(col(OutboxMessage.status))
            )
        ).all()
    return {str(status): int(n) for status, n in rows}


def duplicates(api: FakeTelegramAPI) -> int:
    """Messages the fake API received twice (same chat, same text) — counted per pair."""
    seen: dict[tuple[int, str], int] = {}
    for message in api.sent_messages():
        key = (int(message["chat_id"]), str(message.get("text", "")))
        seen[key] = seen.get(key, 0) + 1
    return sum(n - 1 for n in seen.values())


__all__ = [
    "TOKEN",
    "Chibo",
    "WebhookPusher",
    "admin_code",
    "chibo_environment",
    "demo_secretaries",
    "duplicates",
    "free_port",
    "inbox_counts",
    "outbox_counts",
    "prepared",
    "reminder_batch",
    "telegram_accounts",
    "wait_for",
]
