"""The real `chibo run` process through a scripted session (one run, to keep the suite short):
/healthz and /metrics answer; a SIGTERM in the middle of a backlog stops it within 10 s with
nothing claimed or leased, and the next start handles the rest, each once; the whole log (JSON
lines, DEBUG) holds no token, secret, invite code or message text."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from sqlmodel import select

from storage.engine import Database
from storage.models import Lease
from tests.chibo_process import (
    TOKEN,
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

WEBHOOK_SECRET = "hook_Secret_value_4815"
SECRET_KEY = "chibo-secret-key-16-162342"
PRIVATE_TEXT = "Nội dung riêng tư số 90210 của đồng chí"
ADMIN = 4242


@pytest.mark.slow
async def test_a_scripted_run_health_metrics_sigterm_and_a_log_without_secrets(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    database = Database(url)
    await prepared(database)
    code = await admin_code(database)
    users = await telegram_accounts(database, 60)
    async with FakeTelegramAPI(token=TOKEN) as api:
        env = chibo_environment(
            url, api, free_port(), CHIBO_WEBHOOK_SECRET=WEBHOOK_SECRET,
            CHIBO_SECRET_KEY=SECRET_KEY, CHIBO_LOG_LEVEL="DEBUG", CHIBO_LOG_FORMAT="json",
        )
        chibo = Chibo(env, tmp_path, tmp_path / "chibo.log")
        pusher = WebhookPusher(api)
        try:
            await chibo.start()
            await chibo.wait_ready()
            pusher.start()
            # 1. An administrator joins with a code and writes something private.
            api.inject_message(ADMIN, f"/start {code}", "Quản trị")
            await wait_for(lambda: api.sent_messages(ADMIN), 30, "the welcome")
            api.inject_message(ADMIN, PRIVATE_TEXT)
            api.inject_message(ADMIN, code)  # the code again, typed alone
            api.inject_message(ADMIN, "/trogiup")
            await wait_for(lambda: len(api.sent_messages(ADMIN)) >= 4, 30, "four answers")
            forged = api.inject_message(4243, "forged")  # a request with a wrong secret
            api.pending_updates.remove(forged)
            assert await api.deliver_via_webhook(forged, secret_token="wrong_secret_1") == 401
            status, body = await chibo.health()
            assert status == 200 and body["healthy"] is True, body
            metrics = await chibo.metrics()
            assert 'chibo_updates_received_total{channel="telegram"} 4.0' in metrics
            assert 'chibo_updates_handled_total{channel="telegram",outcome="done"} 4.0' in metrics
            assert "chibo_outbox_backlog" in metrics and "chibo_database_up 1.0" in metrics

            # 2. SIGTERM while a backlog is being handled.
            for round_ in range(3):
                for user in users:
                    api.inject_message(user, f"/trogiup {round_}")
            await wait_for(lambda: _done_at_least(database, 24), 60, "the backlog under way", 0.02)
            seconds = await chibo.terminate()  # asserts the exit within 10 s, code 0
            print(f"\nSIGTERM during a backlog: exited in {seconds:.2f} s")
            inbox = await inbox_counts(database)
            outbox = await outbox_counts(database)
            assert inbox.get("processing", 0) == 0 and outbox.get("sending", 0) == 0
            assert inbox.get("done", 0) < 4 + 3 * len(users)  # it stopped mid-backlog
            async with database.transaction() as session:
                leases = (await session.exec(select(Lease))).all()
            assert leases and all(lease.expires_at.timestamp() <= time.time() for lease in leases)

            # 3. The next start handles and sends what was left, each once.
            await chibo.start()
            await chibo.wait_ready()
            await wait_for(lambda: not api.pending_updates, 60, "every update posted")
            await wait_for(lambda: _idle(database, 4 + 3 * len(users)), 60, "all handled, sent")
            await chibo.terminate()
        finally:
            await pusher.stop()
            await chibo.close()
            await database.dispose()
    for user in users:
        assert len(api.sent_messages(user)) == 3, user  # one answer a message: none lost or twice

    log = chibo.log()
    lines = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
    assert any(line["message"].startswith("stopped in") for line in lines)
    assert any((line["update"] or "").startswith("telegram:") for line in lines)  # the key
    for secret in (TOKEN, TOKEN.split(":")[1], WEBHOOK_SECRET, SECRET_KEY, code, "90210"):
        assert secret not in log, secret
    assert PRIVATE_TEXT[:20] not in log


async def _done_at_least(database: Database, count: int) -> bool:
    return (await inbox_counts(database)).get("done", 0) >= count


async def _idle(database: Database, count: int) -> bool:
    inbox = await inbox_counts(database)
    assert not inbox.get("failed"), inbox
    outbox = await outbox_counts(database)
    return inbox.get("done", 0) == count and not outbox.get("pending") and not outbox.get("sending")
