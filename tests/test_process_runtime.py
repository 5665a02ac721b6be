"""The real `chibo run` process: its log holds no secret, /healthz and /metrics answer, and a
SIGTERM in the middle of a backlog stops it cleanly within 10 s, nothing lost."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlmodel import select

from storage.engine import Database
from storage.models import Lease
from tests.chibo_process import (
    Chibo,
    WebhookPusher,
    admin_code,
    chibo_environment,
    free_port,
    inbox_counts,
    outbox_counts,
    prepared,
    telegram_accounts,
    wait_for,
)
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.e2e

TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsawQ"
WEBHOOK_SECRET = "hook_Secret_value_4815"
SECRET_KEY = "chibo-secret-key-16-162342"
PRIVATE_TEXT = "Nội dung riêng tư số 90210 của đồng chí"


async def test_a_whole_run_logs_no_token_secret_code_or_message_text(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    database = Database(url)
    await prepared(database)
    code = await admin_code(database)
    async with FakeTelegramAPI(token=TOKEN) as api:
        env = chibo_environment(
            url, api, free_port(), CHIBO_WEBHOOK_SECRET=WEBHOOK_SECRET,
            CHIBO_SECRET_KEY=SECRET_KEY, CHIBO_LOG_LEVEL="DEBUG",
        )
        chibo = Chibo(env, tmp_path, tmp_path / "chibo.log")
        pusher = WebhookPusher(api)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            api.inject_message(4242, f"/start {code}", "Quản trị")
            await wait_for(lambda: api.sent_messages(4242), 30, "the welcome")
            api.inject_message(4242, PRIVATE_TEXT)
            api.inject_message(4242, code)  # the code again, typed alone
            api.inject_message(4242, "/trogiup")
            await wait_for(lambda: len(api.sent_messages(4242)) >= 4, 30, "four answers")
            # A request with a wrong secret is refused (and logs nothing secret).
            forged = api.inject_message(4243, "forged")
            api.pending_updates.remove(forged)
            assert await api.deliver_via_webhook(forged, secret_token="wrong_secret_1") == 401
            status, body = await chibo.health()
            assert status == 200 and body["healthy"] is True, body
            metrics = await chibo.metrics()
            assert 'chibo_updates_received_total{channel="telegram"} 4.0' in metrics
            assert 'chibo_updates_handled_total{channel="telegram",outcome="done"} 4.0' in metrics
            assert "chibo_outbox_backlog" in metrics and "chibo_database_up 1.0" in metrics
            await chibo.terminate()
        finally:
            await pusher.stop()
            await chibo.close()
            await database.dispose()
    log = chibo.log()
    assert "[telegram:" in log  # the handling lines carry their update's key
    for secret in (TOKEN, TOKEN.split(":")[1], WEBHOOK_SECRET, SECRET_KEY, code, "90210"):
        assert secret not in log, secret
    assert PRIVATE_TEXT[:20] not in log


async def test_sigterm_in_a_backlog_stops_within_10_s_releases_everything_loses_nothing(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    database = Database(url)
    await prepared(database)
    users = await telegram_accounts(database, 60)
    async with FakeTelegramAPI(token=TOKEN) as api:
        env = chibo_environment(url, api, free_port(), CHIBO_LOG_FORMAT="json")
        chibo = Chibo(env, tmp_path, tmp_path / "chibo.log")
        pusher = WebhookPusher(api)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            for round_ in range(3):
                for user in users:
                    api.inject_message(user, f"/trogiup {round_}")
            # Stop once some were handled and many still wait.
            await wait_for(
                lambda: _handled_some(database), 60, "the worker handling the backlog", 0.02
            )
            seconds = await chibo.terminate()
            print(f"SIGTERM during a backlog: exited in {seconds:.2f} s")
            inbox = await inbox_counts(database)
            outbox = await outbox_counts(database)
            assert inbox.get("processing", 0) == 0 and outbox.get("sending", 0) == 0
            async with database.transaction() as session:
                leases = (await session.exec(select(Lease))).all()
            assert leases and all(lease.expires_at.timestamp() <= time.time() for lease in leases)
            # The next start handles and sends what was left, each once.
            await chibo.start()
            await chibo.wait_ready()
            await wait_for(lambda: not api.pending_updates, 60, "every update posted")
            await wait_for(lambda: _all_done(database, 180), 60, "every update handled")
            await wait_for(lambda: _outbox_idle(database), 60, "every reply sent")
            await chibo.terminate()
        finally:
            await pusher.stop()
            await chibo.close()
            await database.dispose()
    for user in users:
        texts = [m["text"] for m in api.sent_messages(user)]
        assert len(texts) == 3, (user, texts)  # one answer per message: none lost, none twice
    lines = [line for line in chibo.log().splitlines() if line.startswith("{")]
    assert lines and all(json.loads(line)["level"] for line in lines)
    assert any("stopped in" in json.loads(line)["message"] for line in lines)


async def _handled_some(database: Database) -> bool:
    return (await inbox_counts(database)).get("done", 0) >= 20


async def _all_done(database: Database, count: int) -> bool:
    counts = await inbox_counts(database)
    assert counts.get("failed", 0) == 0, counts
    return counts.get("done", 0) == count


async def _outbox_idle(database: Database) -> bool:
    counts = await outbox_counts(database)
    return not counts.get("pending") and not counts.get("sending")
