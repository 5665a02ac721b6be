"""`chibo plan import` as an officer runs it: never into the demo, dates as people write them."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage import migrate
from storage.engine import Database
from storage.repos import Repositories
from tests.test_cli import Cli, make_cli
from tests.test_plans_chat import PLAN_WITHOUT_NUMBER


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """`chibo ARGS` in this process, on tmp_path's database."""
    return make_cli(tmp_path, monkeypatch, capsys)


def _plan(tmp_path: Path, name: str = "kh.txt", extra: str = "") -> Path:
    path = tmp_path / name
    path.write_text(PLAN_WITHOUT_NUMBER + extra, encoding="utf-8")
    return path


def _rows(tmp_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(tmp_path / "data" / "chibo.db") as connection:
        return list(connection.execute(sql))


def _add_org(tmp_path: Path, name: str) -> None:
    async def add() -> None:
        database = Database(f"sqlite+aiosqlite:///{tmp_path / 'data' / 'chibo.db'}")
        await migrate.upgrade(database)
        async with database.transaction() as session:
            await Repositories(session).orgs.add_org(
                name, parent=None, kind="dang_bo_xa", now=datetime(2026, 11, 24, tzinfo=UTC)
            )
        await database.dispose()

    (tmp_path / "data").mkdir(exist_ok=True)
    asyncio.run(add())


def test_without_an_organisation_nothing_is_created_and_one_line_says_what_to_do(
    tmp_path: Path, cli: Cli
) -> None:
    result = cli("plan", "import", str(_plan(tmp_path)))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "/taodonvi" in lines[0] and "--org" in lines[0]
    assert "chibo org add" in lines[0]
    assert _rows(tmp_path, "select count(*) from organization") == [(0,)]
    assert _rows(tmp_path, "select count(*) from plandocument") == [(0,)]


def test_the_demo_is_used_only_when_named(tmp_path: Path, cli: Cli) -> None:
    assert cli("demo").returncode == 0
    refused = cli("plan", "import", str(_plan(tmp_path)))
    assert refused.returncode == 2 and "--org" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    named = cli("plan", "import", str(_plan(tmp_path)), "--org", "dang bo xa hoa binh")
    assert named.returncode == 0, named.stderr


@pytest.mark.parametrize("typed", ["1/2/2026", "01/02/2026", "1-2-2026", " 1.2.2026 "])
def test_dates_as_people_write_them(tmp_path: Path, cli: Cli, typed: str) -> None:
    _add_org(tmp_path, "Đảng bộ xã Tân Lập")
    result = cli("plan", "import", str(_plan(tmp_path)), "--date", typed)
    assert result.returncode == 0, result.stderr
    assert _rows(tmp_path, "select issued_on from plandocument") == [("2026-02-01",)]


@pytest.mark.parametrize("typed", ["31/2/2026", "2026-02-01", "hôm qua", "1/13/2026"])
def test_a_bad_date_is_one_line_and_imports_nothing(tmp_path: Path, cli: Cli, typed: str) -> None:
    _add_org(tmp_path, "Đảng bộ xã Tân Lập")
    result = cli("plan", "import", str(_plan(tmp_path)), "--date", typed)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "--date" in lines[0] and "dd/mm/yyyy" not in lines[0]
    assert "27/10/2022" in lines[0] and "Traceback" not in result.stderr
    assert _rows(tmp_path, "select count(*) from plandocument") == [(0,)]


def test_one_progress_line_per_file(tmp_path: Path, cli: Cli) -> None:
    _add_org(tmp_path, "Đảng bộ xã Tân Lập")
    first = _plan(tmp_path, "mot.txt")
    second = _plan(tmp_path, "hai.txt", "\n")
    result = cli("plan", "import", str(first), str(second), str(tmp_path / "x.txt"))
    assert result.returncode == 1
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert progress == ["[1/3] mot.txt", "[2/3] hai.txt", "[3/3] x.txt"]
    assert "x.txt: " in result.stderr
    assert result.stdout.count("== ") == 2
