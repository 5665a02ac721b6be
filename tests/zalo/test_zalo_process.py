"""The real `chibo run` and `chibo invite` processes with a Zalo token, against the fake API."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.telegram_api import FakeTelegramAPI
from tests.fakes.zalo_api import FakeZaloAPI
from tests.telegram.tgharness import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]


def environment(tmp_path: Path, api: FakeZaloAPI) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))}
    env.update(
        CHIBO_DATABASE_URL=f"sqlite:///{tmp_path / 'c.db'}",
        PYTHONPATH=str(ROOT),
        ZALO_BOT_TOKEN=api.token,
        CHIBO_ZALO_API_URL=api.base_url,
        CHIBO_LISTEN_HOST="127.0.0.1",
        CHIBO_LISTEN_PORT=str(free_port()),
    )
    return env


@pytest.mark.slow
async def test_chibo_run_on_zalo_alone_answers_and_stops_cleanly(tmp_path: Path) -> None:
    async with FakeZaloAPI() as api:
        env = environment(tmp_path, api)
        invite = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "invite", "--role", "admin"],
            cwd=tmp_path, env=env, capture_output=True, text=True, check=False,
        )
        assert invite.returncode == 0, invite.stderr
        assert "Zalo: gửi mã" in invite.stdout and "«chibo thử nghiệm»" in invite.stdout
        assert api.token not in invite.stdout + invite.stderr
        code = invite.stdout.split("Mã mời: ", 1)[1].split()[0]
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            await api.inject(api.event("8001", code, name="Quản trị"))
            loop = asyncio.get_running_loop()
            deadline = loop.time() + 60
            while not api.to("8001"):
                assert loop.time() < deadline, "chibo run did not answer"
                assert process.returncode is None, await process.stderr.read()  # type: ignore[union-attr]
                await asyncio.sleep(0.1)
            assert "quản trị hệ thống" in api.texts("8001")[-1]
            assert api.webhook_url is None  # polling
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=30)
        finally:
            if process.returncode is None:
                process.kill()
        stderr = (await process.stderr.read()).decode()  # type: ignore[union-attr]
    assert process.returncode == 0, stderr
    assert api.token not in stderr


@pytest.mark.parametrize("platform", ["telegram", "zalo"])
async def test_a_refused_token_stops_the_start_with_one_line(tmp_path: Path, platform: str) -> None:
    """401 from the platform at start: exit code 2, one line naming the setting, no traceback,
    and the token itself never printed."""
    async with FakeZaloAPI() as zalo, FakeTelegramAPI(token="123456:the-right-token") as telegram:
        env = environment(tmp_path, zalo)
        if platform == "zalo":
            env["ZALO_BOT_TOKEN"] = wrong = "9999:wrong-zalo-token"
        else:
            del env["ZALO_BOT_TOKEN"]
            env.update(TELEGRAM_BOT_TOKEN=(wrong := "123456:wrong-token"),
                       CHIBO_TELEGRAM_API_URL=telegram.base_url)
        result = await asyncio.to_thread(
            subprocess.run, [sys.executable, "-m", "bot", "run"], cwd=tmp_path, env=env,
            capture_output=True, text=True, timeout=120, check=False,
        )
    assert result.returncode == 2, result.stderr
    setting = "ZALO_BOT_TOKEN" if platform == "zalo" else "TELEGRAM_BOT_TOKEN"
    assert setting in result.stderr and "401" in result.stderr
    assert "Traceback" not in result.stderr
    assert wrong not in result.stdout + result.stderr
