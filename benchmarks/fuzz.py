"""Fuzz the real `chibo run` process over both webhooks and report what it did.

Run from the project root: `.venv/bin/python benchmarks/fuzz.py [cases] [--seed N]`
(default 10,000 cases). chibo runs as its own process (`python -m bot run`, SQLite) with the
Telegram and Zalo channels on webhooks, talking to the fake Bot APIs of the tests; people
joined through real invite codes write to it. The cases, posted to the webhooks with the right
secrets: real messages with texts of every kind (commands, numbers, long words, texts at and
over the length limit, random Unicode), button presses with any data, real updates with one to
three fields set to values of the wrong type, random JSON, random bytes, deep nesting, numbers
too long to read, lone surrogates, and floods from one person. Prints the cases run, the HTTP
answers by status, crashes (the process gone), updates whose handling failed, and the process's
peak memory (VmHWM, from /proc), against the goal of 300 MB. It is not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import copy
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from aiohttp import ClientError, ClientSession, ClientTimeout  # noqa: E402

from tests.bounds.strategies import changed, paths  # noqa: E402
from tests.fakes.telegram_api import SECRET_HEADER as TG_SECRET  # noqa: E402
from tests.fakes.telegram_api import FakeTelegramAPI  # noqa: E402
from tests.fakes.zalo_api import SECRET_HEADER as ZALO_SECRET  # noqa: E402
from tests.fakes.zalo_api import FakeZaloAPI  # noqa: E402

TOKEN = "7000000001:FUZZ-token-not-real"
GOAL_MB = 300
CONCURRENCY = 8
COMMANDS = [
    "/baocao", "/solieu", "/sua", "/tonghop", "/chuabaocao", "/xuat", "/bieudo", "/baocaothang",
    "/khoaso", "/hoi", "/kehoach", "/viectoi", "/chibo", "/moi", "/thuhoi", "/huy", "/trogiup",
    "/ngonngu", "/lienket", "/start", "/taodonvi", "/taochibo", "/lich", "/khong",
]  # fmt: skip
WORDS = ["1", "2", "0", "quý 4", "tháng 10", "năm 2026", "31/02", "có", "đủ", "chỉ tiêu", "hủy"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def random_text(rng: random.Random) -> str:
    kind = rng.randrange(9)
    if kind == 0:
        return rng.choice(COMMANDS)
    if kind == 1:
        return f"{rng.choice(COMMANDS)} {rng.choice(WORDS)}"
    if kind == 2:
        return rng.choice(WORDS)
    if kind == 3:
        return "".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 60)))
    if kind == 4:
        return "a" * rng.choice([24, 200, 4096, 4097, 20_000])  # one long word
    if kind == 5:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randrange(50, 900)))[:5000]
    if kind == 6:
        return "9" * rng.choice([3, 50, 4000, 4301, 5000])
    if kind == 7:
        return "chỉ tiêu kết nạp đảng viên năm 2026 " * rng.randrange(1, 20)
    return str(rng.randrange(-5, 40))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    kind = rng.randrange(8 if depth < 3 else 6)
    if kind == 0:
        return None
    if kind == 1:
        return rng.random() < 0.5
    if kind == 2:
        return rng.choice([0, -1, 1.5, 2**63, 2**70, 10**300, -(2**64)])
    if kind == 3:
        return rng.choice(["", "abc", "1", "x" * 300, "😀"])
    if kind == 4:
        return rng.uniform(-1e9, 1e9)
    if kind == 5:
        return str(rng.randrange(10**20))
    if kind == 6:
        return [random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    return {rng.choice(["id", "text", "a", "from", "chat"]): random_json(rng, depth + 1)}


def mutate(rng: random.Random, value: dict[str, Any]) -> dict[str, Any]:
    result = copy.deepcopy(value)
    for _ in range(rng.randrange(1, 4)):
        spots = paths(result)
        result = changed(result, rng.choice(spots), random_json(rng))
    return result


def nasty_body(rng: random.Random) -> bytes:
    kind = rng.randrange(7)
    depth = rng.choice([10, 40, 1000, 100_000, 500_000])
    if kind == 0:
        return b"[" * depth + b"]" * depth
    if kind == 1:
        return b'{"a":' * depth + b"1" + b"}" * depth
    if kind == 2:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(300)))
    if kind == 3:
        return b'{"update_id": ' + b"9" * rng.choice([20, 4000, 5000]) + b"}"
    if kind == 4:
        return b'{"update_id": 1, "message": {"text": "\\ud800"}}'
    if kind == 5:
        return json.dumps(random_json(rng)).encode()
    return b'{"event_name": "message.text.received", "message": {"from": {"id": "\\udc00"}}}'


class Chibo:
    """The `chibo run` process and its database."""

    def __init__(self, folder: Path, telegram: FakeTelegramAPI, zalo: FakeZaloAPI) -> None:
        self.folder = folder
        self.port = free_port()
        self.database = folder / "fuzz.db"
        self.env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
        }
        self.env.update(
            CHIBO_DATABASE_URL=f"sqlite:///{self.database}",
            PYTHONPATH=str(ROOT),
            TELEGRAM_BOT_TOKEN=TOKEN,
            CHIBO_TELEGRAM_API_URL=telegram.base_url,
            ZALO_BOT_TOKEN=str(zalo.token),
            CHIBO_ZALO_API_URL=zalo.base_url,
            CHIBO_LISTEN_HOST="127.0.0.1",
            CHIBO_LISTEN_PORT=str(self.port),
            CHIBO_PUBLIC_URL=f"http://127.0.0.1:{self.port}",
            CHIBO_TELEGRAM_PACE="off",
            CHIBO_ZALO_PACE="off",
        )
        self.process: asyncio.subprocess.Process | None = None
        self.log = folder / "chibo.log"

    def command(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "bot", *args],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def code(self, role: str, scope: str | None) -> str:
        args = ["invite", "--role", role, "--uses", "100"]
        if scope:
            args += ["--scope", scope]
        found = re.search(r"(?:Mã mời|Invite code|Code): (\S+)", self.command(*args))
        assert found is not None, "chibo invite printed no code"
        return found.group(1)

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=self.folder,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=self.log.open("wb"),
        )

    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def memory_mb(self) -> tuple[float, float]:
        """(VmRSS, VmHWM) of the process in MB."""
        assert self.process is not None
        values = {"VmRSS": 0.0, "VmHWM": 0.0}
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                key, _, rest = line.partition(":")
                if key in values:
                    values[key] = int(rest.split()[0]) / 1024
        except OSError:
            pass
        return values["VmRSS"], values["VmHWM"]

    def inbox(self) -> tuple[int, int, int]:
        """(stored, still open, failed) updates."""
        with sqlite3.connect(self.database) as connection:
            stored, open_, failed = connection.execute(
                "SELECT count(*), sum(status IN ('pending', 'processing')), "
                "sum(error IS NOT NULL) FROM inboxupdate"
            ).fetchone()
        return int(stored), int(open_ or 0), int(failed or 0)

    async def stop(self) -> int | None:
        if self.process is None:
            return None
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), timeout=60)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return self.process.returncode


async def wait_for(predicate: Any, limit: float, what: str) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"fuzz: {what} did not happen within {limit:.0f}s")
        await asyncio.sleep(0.1)


class Cases:
    """The cases, as (channel, body) pairs, from one seed."""

    def __init__(self, rng: random.Random, telegram: FakeTelegramAPI, zalo: FakeZaloAPI) -> None:
        self.rng = rng
        self.telegram = telegram
        self.zalo = zalo
        self.tg_users = list(range(20_001, 20_041)) + list(range(30_001, 30_200))
        self.zalo_users = [f"z{n}" for n in range(1, 30)] + [f"zn{n}" for n in range(200)]

    def tg_message(self, user: int, text: str) -> dict[str, Any]:
        update = self.telegram.inject_message(user, text)
        self.telegram.pending_updates.clear()
        return update

    def tg_press(self, user: int, data: str) -> dict[str, Any]:
        update = self.tg_message(user, "x")
        message = {**update["message"], "from": self.telegram.bot_user, "text": "Câu hỏi?"}
        message["reply_markup"] = {"inline_keyboard": [[{"text": "A", "callback_data": data}]]}
        return {
            "update_id": update["update_id"],
            "callback_query": {
                "id": str(update["update_id"]),
                "chat_instance": "1",
                "from": update["message"]["from"],
                "message": message,
                "data": data,
            },
        }

    def next(self) -> tuple[str, bytes]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.32:
            body = self.tg_message(rng.choice(self.tg_users), random_text(rng))
            return "telegram", json.dumps(body).encode()
        if roll < 0.42:
            data = rng.choice(["c:1", "c:held", "k:" + "A" * 24, "x" * 80, "", "c:/baocao"])
            return "telegram", json.dumps(self.tg_press(rng.choice(self.tg_users), data)).encode()
        if roll < 0.57:
            body = mutate(rng, self.tg_message(rng.choice(self.tg_users), random_text(rng)))
            return "telegram", json.dumps(body).encode()
        if roll < 0.74:
            event = self.zalo.event(rng.choice(self.zalo_users), random_text(rng)[:2000])
            return "zalo", json.dumps(event).encode()
        if roll < 0.84:
            event = mutate(rng, self.zalo.event(rng.choice(self.zalo_users), random_text(rng)))
            return "zalo", json.dumps(event).encode()
        if roll < 0.90:  # a flood from one person
            return "telegram", json.dumps(self.tg_message(20_001, "/trogiup")).encode()
        return rng.choice(["telegram", "zalo"]), nasty_body(rng)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("cases", nargs="?", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--log", type=Path, help="keep the process's log in this file")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="chibo-fuzz-") as folder:
        async with FakeTelegramAPI(token=TOKEN) as telegram, FakeZaloAPI() as zalo:
            chibo = Chibo(Path(folder), telegram, zalo)
            chibo.command("db", "upgrade")
            chibo.command("demo")
            officer = chibo.code("officer", "Đảng bộ xã Hòa Bình")
            secretary = chibo.code("secretary", "Chi bộ Thôn 1")
            await chibo.start()
            await wait_for(lambda: bool(telegram.webhook_url and zalo.webhook_url), 60, "webhooks")
            urls = {"telegram": telegram.webhook_url, "zalo": str(zalo.webhook_url)}
            headers = {
                "telegram": {TG_SECRET: str(telegram.webhook_secret)},
                "zalo": {ZALO_SECRET: str(zalo.webhook_secret)},
            }
            cases = Cases(rng, telegram, zalo)
            joins: list[tuple[str, bytes]] = []
            for number, user in enumerate(range(20_001, 20_041)):
                code = officer if number % 2 else secretary
                joins.append(
                    ("telegram", json.dumps(cases.tg_message(user, f"/start {code}")).encode())
                )
            for number in range(1, 30):
                code = officer if number % 2 else secretary
                joins.append(("zalo", json.dumps(zalo.event(f"z{number}", code)).encode()))
            statuses: Counter[int] = Counter()
            errors: Counter[str] = Counter()
            peak = [0.0]
            started = time.monotonic()
            done = [0]
            queue: asyncio.Queue[tuple[str, bytes]] = asyncio.Queue()
            for join in joins:
                queue.put_nowait(join)
            for _ in range(args.cases):
                queue.put_nowait(cases.next())

            async def watch() -> None:
                while True:
                    peak[0] = max(peak[0], chibo.memory_mb()[1])
                    await asyncio.sleep(0.5)

            async def post(client: ClientSession) -> None:
                while not queue.empty() and chibo.alive():
                    channel, body = queue.get_nowait()
                    try:
                        async with client.post(
                            urls[channel], data=body, headers=headers[channel]
                        ) as response:
                            await response.read()
                            statuses[response.status] += 1
                    except (ClientError, TimeoutError) as error:
                        errors[type(error).__name__] += 1
                    done[0] += 1
                    if done[0] % 1000 == 0:
                        rss, hwm = chibo.memory_mb()
                        rate = done[0] / (time.monotonic() - started)
                        print(
                            f"  {done[0]:>6} cases, {rate:.0f}/s, RSS {rss:.0f} MB, peak {hwm:.0f} MB"
                        )

            watcher = asyncio.create_task(watch())
            async with ClientSession(timeout=ClientTimeout(total=120)) as client:
                await asyncio.gather(*(post(client) for _ in range(CONCURRENCY)))
            posted = time.monotonic() - started
            # Let the workers finish what was stored (or give up after two minutes).
            deadline = time.monotonic() + 120
            while chibo.alive() and chibo.inbox()[1] and time.monotonic() < deadline:  # noqa: ASYNC110
                await asyncio.sleep(0.5)  # another process's database: nothing to wait on
            drained = time.monotonic() - started
            peak[0] = max(peak[0], chibo.memory_mb()[1])
            watcher.cancel()
            crashed = not chibo.alive()
            stored, still_open, failed = chibo.inbox()
            code = await chibo.stop()
            log = chibo.log.read_text(errors="replace")
            answered = len(telegram.sent_messages()) + len(zalo.sent)
    total = sum(statuses.values())
    fours = sum(n for s, n in statuses.items() if 400 <= s < 500)
    fives = sum(n for s, n in statuses.items() if s >= 500)
    print(f"chibo run fuzzed with {args.cases} cases (+{len(joins)} joins), seed {args.seed}, "
          f"{os.cpu_count()} cores")  # fmt: skip
    print(f"  answered over HTTP: {total}; by status {dict(sorted(statuses.items()))}")
    print(f"  4xx: {fours}   5xx: {fives}   connection errors: {dict(errors) or 0}")
    print(f"  crashes: {int(crashed)} (exit code {code} after SIGTERM)")
    print(f"  stored: {stored}; handling failed: {failed}; still open: {still_open}")
    print(f"  replies sent: {answered}; tracebacks in the log: {log.count('Traceback')}")
    print(
        f"  posting took {posted:.1f}s ({total / posted:.0f} cases/s), all handled by {drained:.1f}s"
    )
    print(f"  peak memory (VmHWM): {peak[0]:.0f} MB (goal < {GOAL_MB} MB)")
    if args.log is not None:
        args.log.write_text(log)
    errors_seen = Counter(
        line for line in log.splitlines() if line and not line.startswith((" ", "Traceback"))
        and ("Error" in line or "Exception" in line)
    )  # fmt: skip
    for line, count in errors_seen.most_common(5):
        print(f"  {count} x {line[:200]}")
    ok = not crashed and not fives and not failed and peak[0] < GOAL_MB
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
