"""Retention as the app runs it: its settings checked at start, a tick among the app's jobs,
its counts in the metrics."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.runner import app_jobs
from bot.settings import SettingsError, load_settings
from core.clock import FakeClock
from storage.engine import Database
from tests.harness import build_harness
from tests.retention.test_retention_rows import add_message, add_update

KEEP = ("CHIBO_KEEP_TEXTS_DAYS", "CHIBO_KEEP_UPDATES_DAYS", "CHIBO_KEEP_MESSAGES_DAYS")


@pytest.mark.parametrize(
    ("values", "refused", "said"),
    [
        ({"CHIBO_KEEP_TEXTS_DAYS": "0"}, "CHIBO_KEEP_TEXTS_DAYS", "must be 7 to 36500 days"),
        ({"CHIBO_KEEP_TEXTS_DAYS": "-5"}, "CHIBO_KEEP_TEXTS_DAYS", "must be 7 to"),
        ({"CHIBO_KEEP_TEXTS_DAYS": "6"}, "CHIBO_KEEP_TEXTS_DAYS", "must be 7 to"),
        ({"CHIBO_KEEP_UPDATES_DAYS": "3"}, "CHIBO_KEEP_UPDATES_DAYS", "must be at least"),
        ({"CHIBO_KEEP_MESSAGES_DAYS": "90"}, "CHIBO_KEEP_MESSAGES_DAYS", "must be 120 to"),
        ({"CHIBO_KEEP_MESSAGES_DAYS": "0"}, "CHIBO_KEEP_MESSAGES_DAYS", "must be at least"),
    ],
)
def test_retention_settings_refuse_nonsense_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, values: dict[str, str], refused: str, said: str
) -> None:
    for name in KEEP:
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings(None)
    assert str(error.value).startswith(f"{refused}:") and said in str(error.value)


def test_retention_settings_default_to_30_90_and_400_days(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in KEEP:
        monkeypatch.delenv(name, raising=False)
    settings = load_settings(None)
    assert (settings.keep_texts_days, settings.keep_updates_days, settings.keep_messages_days) == (
        30,
        90,
        400,
    )
    monkeypatch.setenv("CHIBO_KEEP_TEXTS_DAYS", "7")
    monkeypatch.setenv("CHIBO_KEEP_UPDATES_DAYS", "7")
    assert (load_settings(None).keep_texts_days, load_settings(None).keep_updates_days) == (7, 7)


async def test_the_app_ticks_retention_with_its_settings_and_counts_it(
    database: Database, clock: FakeClock
) -> None:
    app = build_harness(database, clock).app
    app = replace(app, settings=app.settings.model_copy(update={"keep_texts_days": 7}))
    (job,) = [job for job in app_jobs(app) if job.name == "retention"]
    assert job.every == timedelta(minutes=10)
    now = clock.now()
    await add_update(database, "u-8", at=now - timedelta(days=8))
    await add_update(database, "u-6", at=now - timedelta(days=6))
    await add_message(database, at=now - timedelta(days=401))
    await job.tick()
    metrics = app.metrics.render().decode()
    assert 'chibo_retention_rows_total{action="cleared",table="inbox"} 1.0' in metrics
    assert 'chibo_retention_rows_total{action="deleted",table="outbox"} 1.0' in metrics
    assert 'chibo_retention_rows_total{action="deleted",table="inbox"} 0.0' in metrics
    assert app.beats.age("ticks") is not None  # it beat "ticks", like the other ticks
