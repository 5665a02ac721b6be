"""The real `chibo run` and `chibo invite` processes with a Zalo token, against the fake API."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.messages import Reply
from services.outgoing import reply_to
from storage.engine import Database
from storage.repos import Repositories
from tests.chibo_process import Chibo, prepared, wait_for
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


# A summary Zalo takes as two messages (about 1,950 and 750 characters), as /tonghop of
# 49 cells: each line its own, so a message shown twice is seen.
SUMMARY = "\n".join(
    f"{n:02d}. Chi bộ Khu dân cư số {n:02d}: đã báo cáo sinh hoạt tháng 12/2026, đủ"
    for n in range(1, 40)
)
OFFICER = "8100"


async def _row(database: Database) -> tuple[str, int]:
    async with database.transaction() as session:
        (row,) = await Repositories(session).outbox.messages()
    return row.status, row.parts_sent


async def _parts_recorded(database: Database) -> bool:
    return await _row(database) == ("sending", 1)


async def _status_is(database: Database, wanted: str) -> bool:
    return (await _row(database))[0] == wanted


@pytest.mark.slow
@pytest.mark.parametrize(
    "killed",
    [
        "before part 2 is taken",
        # the documented window (part 2 shows twice): a long variant, 19 s of a real process
        pytest.param("after part 2 is taken", marks=pytest.mark.long),
    ],
)
async def test_kill_9_after_part_1_of_a_long_reply_is_answered_does_not_send_it_again(
    tmp_path: Path, killed: str
) -> None:
    """`chibo run` is killed (SIGKILL) after Zalo answered the first of a reply's two messages;
    restarted, it sends the second only: the first shows once. Part 2 not yet taken, each
    shows once; taken by Zalo but not yet answered (the one message a crash can leave
    unknown, services/delivery.py), part 2 may show twice, part 1 still once. Before, the
    count of messages gone was written only on a failure, and both went again."""
    url = f"sqlite:///{tmp_path / 'c.db'}"
    database = Database(url)
    await prepared(database)
    async with database.transaction() as session:
        await Repositories(session).outbox.add(
            reply_to("zalo", OFFICER, Reply(SUMMARY)), now=datetime.now(UTC)
        )
    async with FakeZaloAPI() as api:
        api.known_chats.add(OFFICER)
        if killed == "before part 2 is taken":
            api.take_delay = 4.0  # part 1 shown 4 s after it was sent, then part 2 waits 4 s
        else:
            api.send_delay = 8.0  # each part shown at once, answered 8 s later
        chibo = Chibo(environment(tmp_path, api), tmp_path, tmp_path / "chibo.log")
        try:
            await chibo.start()
            if killed == "before part 2 is taken":
                await wait_for(lambda: len(api.to(OFFICER)) == 1, 60, "part 1 shown")
                await asyncio.sleep(1.0)  # part 1 answered at once; part 2 waits 4 s
            else:
                await wait_for(lambda: len(api.to(OFFICER)) == 2, 60, "part 2 shown")
            assert await _parts_recorded(database)
            shown_at_kill = len(api.to(OFFICER))
            await chibo.kill()
            api.take_delay = api.send_delay = 0.0
            await chibo.start()
            await wait_for(lambda: _status_is(database, "sent"), 60, "the reply marked sent")
            await chibo.terminate()
        finally:
            await chibo.close()
            await database.dispose()
    texts = api.texts(OFFICER)
    assert texts[0].startswith("01. ") and texts[-1].rstrip().endswith("đủ")
    assert texts.count(texts[0]) == 1  # part 1 once
    if killed == "before part 2 is taken":
        assert shown_at_kill == 1 and len(texts) == 2  # part 2 once, after part 1
    else:
        assert shown_at_kill == 2 and len(texts) == 3 and texts[1] == texts[2]
    assert "\n".join(dict.fromkeys(texts)).startswith(SUMMARY)
    assert "took over delivery on zalo: 1 messages left in flight" in chibo.log()
