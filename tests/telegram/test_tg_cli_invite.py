"""`chibo invite` asks Telegram for the bot's username, so the deep link is ready to send."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from tests.fakes.telegram_api import FakeTelegramAPI

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "123456:cli-invite-token"


async def test_invite_prints_the_deep_link_with_the_bots_username(tmp_path: Path) -> None:
    async with FakeTelegramAPI(token=TOKEN, bot_username="chibo_xa_hoa_binh_bot") as api:
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))}
        environment.update(
            CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}", PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=TOKEN, CHIBO_TELEGRAM_API_URL=api.base_url,
        )
        result = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "invite", "--role", "admin"],
            capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert "https://t.me/chibo_xa_hoa_binh_bot?start=" in result.stdout
    assert TOKEN not in result.stdout + result.stderr
