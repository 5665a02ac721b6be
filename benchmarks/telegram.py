"""Benchmark of the Telegram channel: updates/s through webhook → inbox → core → reply.

Run from the project root: `.venv/bin/python benchmarks/telegram.py [updates] [workers]
[rounds]` (1000, 4, 3): each round measures the three in turn; the medians are compared.
Both sides post the same updates to a webhook on 127.0.0.1 and reply through the same local
fake Bot API: chibo with every guarantee on (stored and committed before 200, handled in a
transaction, reply through the outbox), and a bare aiogram echo bot (Dispatcher + webhook).
Prints figures; it is not a test.
"""

from __future__ import annotations

import asyncio
import os
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiogram import Bot, Dispatcher, Router  # noqa: E402
from aiogram.client.session.aiohttp import AiohttpSession  # noqa: E402
from aiogram.client.telegram import TelegramAPIServer  # noqa: E402
from aiogram.types import Message  # noqa: E402
from aiogram.webhook.aiohttp_server import SimpleRequestHandler  # noqa: E402
from aiohttp import ClientSession, TCPConnector, web  # noqa: E402

from bot.app import build_app  # noqa: E402
from bot.runner import PlatformOptions, Platforms  # noqa: E402
from bot.settings import Settings  # noqa: E402
from storage import migrate  # noqa: E402
from storage.engine import Database  # noqa: E402
from tests.databases import POSTGRES_URL, postgres_unavailable_reason  # noqa: E402
from tests.fakes.telegram_api import SECRET_HEADER, FakeTelegramAPI  # noqa: E402

TOKEN = "123456:BENCH-token"
SECRET = "bench-secret-123"
CONCURRENCY = 32


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def make_updates(api: FakeTelegramAPI, count: int, users: int) -> list[dict[str, Any]]:
    updates = [api.inject_message(10_000 + n % users, "/trogiup") for n in range(count)]
    api.pending_updates.clear()
    return updates


async def post_all(url: str, updates: list[dict[str, Any]]) -> None:
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for update in updates:
        queue.put_nowait(update)
    headers = {SECRET_HEADER: SECRET}
    async with ClientSession(connector=TCPConnector(limit=CONCURRENCY)) as client:

        async def poster() -> None:
            while not queue.empty():
                update = queue.get_nowait()
                async with client.post(url, json=update, headers=headers) as response:
                    assert response.status == 200, response.status
                    await response.read()

        await asyncio.gather(*(poster() for _ in range(CONCURRENCY)))


async def until(predicate: Callable[[], bool]) -> None:
    while not predicate():  # noqa: ASYNC110 - the fake records sends; polling is simplest
        await asyncio.sleep(0.001)


async def timed(
    api: FakeTelegramAPI, url: str, updates: list[dict[str, Any]]
) -> tuple[float, float]:
    """(updates per second end to end, seconds until every 200)."""
    start = time.perf_counter()
    target = api.sent_count + len(updates)
    await post_all(url, updates)
    accepted = time.perf_counter() - start
    await until(lambda: api.sent_count >= target)
    return len(updates) / (time.perf_counter() - start), accepted


async def bench_echo(count: int, users: int) -> float:
    async with FakeTelegramAPI() as api:
        router = Router()

        @router.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "")

        dispatcher = Dispatcher()
        dispatcher.include_router(router)
        session = AiohttpSession(api=TelegramAPIServer.from_base(api.base_url))
        bot = Bot(TOKEN, session=session)
        application = web.Application()
        SimpleRequestHandler(dispatcher, bot, secret_token=SECRET).register(application, "/echo")
        runner = web.AppRunner(application, access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        url = f"http://127.0.0.1:{port}/echo"
        try:
            await timed(api, url, make_updates(api, users, users))  # warm-up
            rate, _ = await timed(api, url, make_updates(api, count, users))
        finally:
            await runner.cleanup()
            await bot.session.close()
        return rate


async def bench_chibo(database: Database, count: int, users: int, workers: int) -> float:
    async with FakeTelegramAPI() as api:
        port = free_port()
        settings = Settings.model_validate(
            {
                "CHIBO_DATABASE_URL": database.url,
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "CHIBO_TELEGRAM_API_URL": api.base_url,
                "CHIBO_PUBLIC_URL": f"http://127.0.0.1:{port}",
                "CHIBO_WEBHOOK_SECRET": SECRET,
                "CHIBO_LISTEN_HOST": "127.0.0.1",
                "CHIBO_LISTEN_PORT": port,
                # The pipeline's own throughput, as the echo bot's: Telegram's pace (28/s
                # overall) would otherwise be what is measured.
                "CHIBO_TELEGRAM_PACE": "off",
            }
        )
        await migrate.upgrade(database)
        app = build_app(settings, database=database)
        options = PlatformOptions.from_app(app)
        options.workers = workers
        platforms = Platforms(app, options)
        await platforms.start()
        url = f"http://127.0.0.1:{port}/telegram/webhook"
        try:
            await timed(api, url, make_updates(api, users, users))  # warm-up: every menu set
            rate, _ = await timed(api, url, make_updates(api, count, users))
        finally:
            await platforms.stop()
            if app.telegram is not None:
                await app.telegram.close()
        return rate


async def with_sqlite(work: Callable[[Database], Awaitable[float]]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite+aiosqlite:///{folder}/bench.db")
        try:
            return await work(database)
        finally:
            await database.dispose()


async def with_postgres(work: Callable[[Database], Awaitable[float]]) -> float:
    import asyncpg

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://"))
    await admin.execute(f'CREATE SCHEMA "{schema}"')
    database = Database(POSTGRES_URL, pg_schema=schema)
    try:
        return await work(database)
    finally:
        await database.dispose()
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        await admin.close()


async def main(count: int, workers: int, rounds: int) -> None:
    users = 200
    print(
        f"cpu_count: {os.cpu_count()}; {count} updates from {users} users, {CONCURRENCY} "
        f"concurrent webhook posts, {workers} inbox workers; {rounds} rounds, each measuring "
        "the three in turn (medians below: other work on the machine moves single runs)"
    )
    reason = await asyncio.to_thread(postgres_unavailable_reason)
    rates: dict[str, list[float]] = {"echo": [], "sqlite": [], "postgres": []}
    for number in range(1, rounds + 1):
        rates["echo"].append(await bench_echo(count, users))
        rates["sqlite"].append(await with_sqlite(lambda db: bench_chibo(db, count, users, workers)))
        if not reason:
            rates["postgres"].append(
                await with_postgres(lambda db: bench_chibo(db, count, users, workers))
            )
        line = ", ".join(f"{name} {values[-1]:.0f}/s" for name, values in rates.items() if values)
        print(f"  round {number}: {line}")
    echo = statistics.median(rates["echo"])
    print(f"bare aiogram echo (webhook, no storage):   {echo:8.1f} updates/s")
    sqlite = statistics.median(rates["sqlite"])
    print(
        f"chibo, SQLite (every guarantee on):        {sqlite:8.1f} updates/s"
        f"  ratio {sqlite / echo:.2f}"
    )
    if reason:
        print(f"chibo, PostgreSQL: skipped ({reason})")
        return
    postgres = statistics.median(rates["postgres"])
    print(
        f"chibo, PostgreSQL (every guarantee on):    {postgres:8.1f} updates/s"
        f"  ratio {postgres / echo:.2f}"
    )


if __name__ == "__main__":
    arguments = sys.argv[1:]
    asyncio.run(
        main(
            int(arguments[0]) if arguments else 1000,
            int(arguments[1]) if len(arguments) > 1 else 4,
            int(arguments[2]) if len(arguments) > 2 else 3,
        )
    )
