"""A real first start: `chibo run` with a token on an empty database creates the schema and
nothing else, and says how to make the first administrator."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from storage.migrate import head_revision
from tests.fakes.zalo_api import FakeZaloAPI
from tests.telegram.tgharness import free_port

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]
HINT = "Chưa có quản trị viên nào. Tạo người đầu tiên bằng chibo invite --role admin"


async def test_run_with_a_token_on_an_empty_database_creates_only_the_schema(
    tmp_path: Path,
) -> None:
    database = tmp_path / "c.db"
    async with FakeZaloAPI() as api:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))}
        env.update(
            CHIBO_DATABASE_URL=f"sqlite:///{database}",
            PYTHONPATH=str(ROOT),
            ZALO_BOT_TOKEN=api.token,
            CHIBO_ZALO_API_URL=api.base_url,
            CHIBO_LISTEN_HOST="127.0.0.1",
            CHIBO_LISTEN_PORT=str(free_port()),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            assert process.stdout is not None
            line = await asyncio.wait_for(process.stdout.readline(), timeout=60)
            assert HINT in line.decode(), line
            assert "/taodonvi" in line.decode() and "chibo org add" in line.decode()
            assert process.stderr is not None
            logged = b""
            while b"no administrator yet" not in logged:  # logged too
                logged = await asyncio.wait_for(process.stderr.readline(), timeout=60)
                assert logged, "the log ended without the hint"
        finally:
            process.terminate()
            await asyncio.wait_for(process.wait(), timeout=30)
    with sqlite3.connect(database) as connection:
        (version,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        tables = [
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            if name not in ("alembic_version", "lease", "sqlite_sequence")
        ]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    filled = {t: n for t, n in counts.items() if n}
    assert version == head_revision()
    assert "organization" in tables and "plandocument" in tables
    assert filled == {}, filled
