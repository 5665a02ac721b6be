"""Logs (masking, the update's key, JSON lines), metrics and /healthz, in process."""

from __future__ import annotations

import io
import json
import logging
from datetime import timedelta

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from bot.health import HealthCheck, HealthLimits
from bot.logs import MASK, Redactor, configure_logging, handling
from core.clock import FakeClock
from handlers.invites import new_code
from services.outgoing import Kind
from storage.engine import Database
from storage.repos import Repositories
from storage.repos.outbox import NewMessage
from tests.harness import build_harness

TOKEN = "7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


# ---------------------------------------------------------------- logs (unit)


def test_the_redactor_masks_secrets_tokens_and_invite_codes() -> None:
    code = new_code()
    redact = Redactor(["zalo-secret-token-value", "webhook_secret_123"])
    text = (
        f"GET https://api.telegram.org/bot{TOKEN}/getUpdates code {code} "
        "zalo-secret-token-value hook webhook_secret_123 update 123456789 id 42"
    )
    masked = redact(text)
    assert TOKEN not in masked and code not in masked
    assert "zalo-secret-token-value" not in masked and "webhook_secret_123" not in masked
    assert masked.count(MASK) == 4
    assert "update 123456789 id 42" in masked  # plain numbers are ids, kept


def test_text_lines_carry_the_update_key_and_json_lines_parse() -> None:
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    try:
        out = io.StringIO()
        configure_logging(secrets=[TOKEN], stream=out)
        log = logging.getLogger("chibo.test")
        with handling("telegram:77"):
            log.info("handling with token %s", TOKEN)
        log.info("outside")
        lines = out.getvalue().splitlines()
        assert "[telegram:77]: handling with token ***" in lines[0]
        assert "[-]: outside" in lines[1]

        out = io.StringIO()
        configure_logging(json_lines=True, stream=out)
        with handling("zalo:abc"):
            try:
                raise ValueError(TOKEN)
            except ValueError:
                log.exception("failed")
        line = json.loads(out.getvalue())
        assert line["update"] == "zalo:abc" and line["level"] == "ERROR"
        assert line["message"] == "failed" and TOKEN not in line["exc"] and MASK in line["exc"]
        assert logging.getLogger("httpx").level == logging.WARNING
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in before[0]:
            root.addHandler(handler)
        root.setLevel(before[1])


# ---------------------------------------------------------------- metrics and health


async def test_metrics_count_updates_and_deliveries_and_read_the_backlog(
    sqlite_database: Database, clock: FakeClock
) -> None:
    harness = build_harness(sqlite_database, clock)
    app = harness.app
    await harness.send("an", "xin chào")
    await harness.send("binh", "/trogiup")
    await harness.send("kha", "/start ABCDEFGHJKMNP")  # a wrong invite code
    async with sqlite_database.transaction() as session:
        await Repositories(session).outbox.add(
            NewMessage("console", "chi", {"text": "later"}, kind=Kind.NOTICE), now=clock.now()
        )
    clock.advance(timedelta(seconds=90))
    depths = await app.metrics.refresh(sqlite_database, clock, app.deliverers)
    assert depths is not None and depths.outbox_backlog == 1
    found = samples(app.metrics.render().decode())
    assert found[("chibo_updates_received_total", (("channel", "console"),))] == 3
    handled = ("chibo_updates_handled_total", (("channel", "console"), ("outcome", "done")))
    assert found[handled] == 3
    assert found[("chibo_update_handling_seconds_count", (("channel", "console"),))] == 3
    sent = ("chibo_messages_total", (("channel", "console"), ("kind", "reply"), ("outcome", "sent")))
    assert found[sent] >= 2
    pending = ("chibo_outbox_backlog", (("channel", "console"), ("status", "pending")))
    assert found[pending] == 1
    assert found[("chibo_outbox_oldest_due_age_seconds", ())] == 90
    assert found[("chibo_database_up", ())] == 1
    assert found[("chibo_invite_wrong_codes_last_hour", ())] == 1
    assert found[("chibo_invite_lockouts_last_hour", ())] == 0
    # Nothing went to the process-wide default registry.
    assert REGISTRY.get_sample_value("chibo_updates_received_total", {"channel": "console"}) is None


async def test_health_is_503_when_the_outbox_stops_draining_and_200_once_it_drains(
    sqlite_database: Database, clock: FakeClock
) -> None:
    harness = build_harness(sqlite_database, clock)
    app = harness.app
    for deliverer in app.deliverers.values():
        deliverer.beat = None  # never turned: counted from the start (just now)
    check = HealthCheck(app.database, clock, app.deliverers, app.beats, ticks=False)
    healthy, body = await check.report()
    assert healthy, body
    async with sqlite_database.transaction() as session:
        await Repositories(session).outbox.add(
            NewMessage("console", "chi", {"text": "stuck"}, kind=Kind.REMINDER), now=clock.now()
        )
    clock.advance(timedelta(seconds=HealthLimits().oldest_due_age + 1))
    healthy, body = await check.report()
    assert not healthy and body["problems"] == ["outbox not draining"]
    assert body["outbox"]["backlog"] == 1 and body["database"]["reachable"] is True
    await app.worker.deliver()
    healthy, body = await check.report()
    assert healthy and body["outbox"]["backlog"] == 0


async def test_health_says_the_database_is_unreachable_and_ticks_stopped(clock: FakeClock) -> None:
    database = Database("postgresql+asyncpg://nobody@127.0.0.1:9/none")
    try:
        harness = build_harness(database, clock)
        app = harness.app
        limits = HealthLimits(database_timeout=2.0, tick_age=-1.0)
        check = HealthCheck(database, clock, app.deliverers, app.beats, limits=limits)
        healthy, body = await check.report()
        assert not healthy
        assert body["database"]["reachable"] is False
        assert "database unreachable" in body["problems"]
        assert "scheduler not ticking" in body["problems"]
        assert body["inbox"] is None
        assert await app.metrics.refresh(database, clock, app.deliverers, within=2.0) is None
        assert samples(app.metrics.render().decode())[("chibo_database_up", ())] == 0
    finally:
        await database.dispose()


def test_refused_webhook_calls_are_logged_at_most_once_a_minute_with_their_count(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from bot.metrics import Metrics
    from bot.webhook_refusals import RefusedWebhooks

    now = [0.0]
    metrics = Metrics()
    refused = RefusedWebhooks("telegram", metrics, monotonic=lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="bot.webhook_refusals"):
        for _ in range(5):
            refused("wrong secret")
            now[0] += 10
        now[0] += 20
        refused("no secret")
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2
    assert "refused 1 call" in lines[0] and "refused 5 call(s)" in lines[1]
    count = metrics.registry.get_sample_value
    labels = {"channel": "telegram", "reason": "wrong secret"}
    assert count("chibo_webhook_refused_total", labels) == 5.0
