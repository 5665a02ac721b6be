"""`chibo invite` asks Telegram for the bot's username, so the deep link is ready to send."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.telegram_api import FakeTelegramAPI
from tests.telegram.tgharness import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:cli-invite-token"


async def test_invite_prints_the_deep_link_with_the_bots_username(tmp_path: Path) -> None:
    async with FakeTelegramAPI(token=TOKEN, bot_username="chibo_xa_hoa_binh_bot") as api:
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
        }
        environment.update(
            CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}",
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=TOKEN,
            CHIBO_TELEGRAM_API_URL=api.base_url,
        )
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "invite", "--role", "admin"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=environment,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "https://t.me/chibo_xa_hoa_binh_bot?start=" in result.stdout
    assert TOKEN not in result.stdout + result.stderr


async def test_chibo_run_polls_answers_and_stops_cleanly(tmp_path: Path) -> None:
    """The real `chibo run` process against the fake Bot API: it answers, then stops on SIGTERM."""
    async with FakeTelegramAPI(token=TOKEN) as api:
        environment = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
        }
        environment.update(
            CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}",
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=TOKEN,
            CHIBO_TELEGRAM_API_URL=api.base_url,
            CHIBO_LISTEN_HOST="127.0.0.1",
            CHIBO_LISTEN_PORT=str(free_port()),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=environment,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            api.inject_message(4242, "xin chào")
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            while not api.sent_messages(4242):
                assert loop.time() < deadline, "chibo run did not answer"
                assert process.returncode is None, await process.stderr.read()  # type: ignore[union-attr]
                await asyncio.sleep(0.1)
            assert "mã mời" in api.sent_messages(4242)[-1]["text"]
            assert api.webhook_url in (None, "")  # polling: any webhook was deleted
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=30)
        finally:
            if process.returncode is None:
                process.kill()
    assert process.returncode == 0
