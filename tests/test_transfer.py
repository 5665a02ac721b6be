"""Moving data between databases (storage.transfer): everything from SQLite to PostgreSQL, row by
row; one organisation's subtree with nothing of the others; a short or misplaced file refused."""

from __future__ import annotations

import json
import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from tempfile import mkdtemp
from typing import Any

import pytest
from sqlalchemy import select, text

from core.clock import FakeClock
from storage import migrate
from storage.engine import Database
from storage.repos import Repositories
from storage.transfer import Subtree, TransferProblem, export_data, import_data, tables
from tests.databases import fresh_database
from tests.report_flow.rf_world import World, exchange, make_world

REPORT = [("text", "/baocao"), *(("tap", p) for p in ["planned_all", "no", "yes", "good", "send"])]


@dataclass(frozen=True)
class Seeded:
    path: Path
    org_id: int
    other_org_id: int


_seeded: dict[str, Seeded] = {}


@asynccontextmanager
async def seeded(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[Database, Seeded]]:
    """A copy of one seeded SQLite database (seeded once per test process: it takes seconds)."""
    if "sqlite" not in _seeded:
        folder = Path(mkdtemp(prefix="chibo-transfer-"))
        async with fresh_database("sqlite", folder) as database:
            world = await seed(database, clock)
            path = Path(database.url.split("///", 1)[1])
        _seeded["sqlite"] = Seeded(path, world.org_id, world.other_org_id)
    made = _seeded["sqlite"]
    copy = tmp_path / "seeded.db"
    shutil.copyfile(made.path, copy)
    database = Database(f"sqlite+aiosqlite:///{copy}")
    try:
        yield database, made
    finally:
        await database.dispose()


async def seed(database: Database, clock: FakeClock) -> World:
    """Two communes with people, reports, a sub-organisation, linked accounts, the officers'
    summaries, closed months, and the inbox and outbox all that left behind."""
    world = await make_world(database, clock)
    chat = world.chat
    await exchange(chat, "chi", REPORT)
    await exchange(chat, "khac", REPORT)
    await chat.send("binh", "/tonghop")
    await chat.send("binh", "/chuabaocao")
    await chat.send("xa", "/tonghop")
    clock.advance(timedelta(days=8))
    await chat.remind()
    await chat.send("chi", "/sua")
    await chat.send("chi", "/huy")
    async with database.transaction() as session:
        repos = Repositories(session)
        now = clock.now()
        parent = await repos.orgs.get_org(world.org_id)
        assert parent is not None
        sub = await repos.orgs.add_org("Đảng bộ bộ phận Khu 5", parent=parent, kind="dang_bo", now=now)
        await repos.orgs.add_cell(sub, "Chi bộ Khu 5A", now=now, members_on_roll=12)
        chi = await repos.accounts.find("console", "chi")
        assert chi is not None
        alias = await repos.accounts.get_or_create(
            "zalo", "z-chi", chat_id="z-chi", display_name="Chi", locale="vi", now=now
        )
        await repos.links.link(alias, chi)
    return world


async def rows_of(database: Database) -> dict[str, list[dict[str, Any]]]:
    found = {}
    async with database.engine.connect() as connection:
        for table in tables():
            statement = select(table).order_by(*table.primary_key.columns)
            found[table.name] = [dict(r._mapping) for r in (await connection.execute(statement)).all()]
    return found


async def export_to(database: Database, path: Path, clock: FakeClock, org_id: int | None = None) -> Any:
    with path.open("w", encoding="utf-8") as out:
        return await export_data(database, out, org_id=org_id, now=clock.now())


async def import_from(database: Database, path: Path) -> Any:
    with path.open(encoding="utf-8") as lines:
        return await import_data(database, iter(lines))


@pytest.mark.postgres
async def test_everything_moves_from_sqlite_to_postgresql_row_by_row(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with (
        seeded(tmp_path, clock) as (source, _world),
        fresh_database("postgres", tmp_path, upgrade=False) as target,
    ):
        path = tmp_path / "everything.jsonl"
        exported = await export_to(source, path, clock)
        imported = await import_from(target, path)
        assert imported.rows == exported.rows
        before, after = await rows_of(source), await rows_of(target)
        for name, rows in before.items():
            assert after[name] == rows, name
        filled = {name for name, rows in before.items() if rows}
        assert {
            "organization", "cell", "account", "role", "meetingreport", "meetingreportversion",
            "inboxupdate", "outboxmessage", "conversation", "auditlog", "plandocument",
        } <= filled
        assert await migrate.current_revision(target) == migrate.head_revision()
        # Exported again from PostgreSQL, every row reads as it did from SQLite.
        again = await export_to(target, tmp_path / "again.jsonl", clock)
        assert again.rows == exported.rows
        first = path.read_text(encoding="utf-8").splitlines()[1:]
        assert (tmp_path / "again.jsonl").read_text(encoding="utf-8").splitlines()[1:] == first
        # PostgreSQL's ids go on after the imported ones.
        async with target.transaction() as session:
            org = await Repositories(session).orgs.add_org(
                "Đảng bộ mới", parent=None, kind="dang_bo", now=clock.now()
            )
        assert org.id == max(row["id"] for row in before["organization"]) + 1


async def test_an_organisations_subtree_holds_nothing_of_the_others(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with (
        seeded(tmp_path, clock) as (source, world),
        fresh_database("sqlite", tmp_path, upgrade=False) as target,
    ):
        path = tmp_path / "hoa-binh.jsonl"
        await export_to(source, path, clock, org_id=world.org_id)
        await import_from(target, path)  # foreign keys are on: every row it names is there
        before, after = await rows_of(source), await rows_of(target)
    other_cells = {c["id"] for c in before["cell"] if c["org_id"] == world.other_org_id}
    outsiders = {a["id"] for a in before["account"] if a["platform_user_id"] in ("xa", "khac")}
    assert other_cells and outsiders
    assert {o["name"] for o in after["organization"]} == {
        "Đảng bộ xã Hòa Bình", "Đảng bộ bộ phận Khu 5"
    }
    assert {c["name"] for c in after["cell"]} == {
        c["name"] for c in before["cell"] if c["org_id"] != world.other_org_id
    }
    for name, rows in after.items():
        for row in rows:
            assert row.get("cell_id") not in other_cells, (name, row)
            assert row.get("org_id") != world.other_org_id, (name, row)
            people = ("account_id", "reported_by", "by", "actor_account_id")
            named = {v for k, v in row.items() if k in people}
            assert not named & outsiders, (name, row)
    assert not after["account"] or not {a["id"] for a in after["account"]} & outsiders
    assert not any(after[name] for name in ("inboxupdate", "outboxmessage", "conversation"))
    # What travels is the source's rows as they were.
    for name, rows in after.items():
        originals = {tuple(r[c.name] for c in _key(name)): r for r in before[name]}
        for row in rows:
            assert originals[tuple(row[c.name] for c in _key(name))] == row, name
    accounts = {a["platform_user_id"] for a in after["account"]}
    assert {"chi", "tu", "binh", "z-chi"} <= accounts
    ours = [r for r in before["meetingreport"] if r["cell_id"] not in other_cells]
    assert ours and len(after["meetingreport"]) == len(ours)


async def test_a_sub_organisation_becomes_a_top_level_one(tmp_path: Path, clock: FakeClock) -> None:
    async with (
        seeded(tmp_path, clock) as (source, _world),
        fresh_database("sqlite", tmp_path, upgrade=False) as target,
    ):
        async with source.transaction() as session:
            [sub] = await Repositories(session).orgs.find_orgs("Đảng bộ bộ phận Khu 5")
        path = tmp_path / "khu-5.jsonl"
        assert sub.id is not None
        await export_to(source, path, clock, org_id=sub.id)
        await import_from(target, path)
        after = await rows_of(target)
    [org] = after["organization"]
    assert (org["id"], org["parent_id"], org["path"]) == (sub.id, None, f"/{sub.id}/")
    assert [c["name"] for c in after["cell"]] == ["Chi bộ Khu 5A"]


@pytest.mark.unit
def test_every_table_is_in_a_subtree_export_or_left_out_on_purpose() -> None:
    subtree = Subtree(4, "/1/4/", "/1/")
    for table in tables():
        subtree.rows(table)  # a new table must be placed (storage.transfer.Subtree)
    row = subtree.adapt(_table_named("organization"), {"id": 4, "parent_id": 1, "path": "/1/4/"})
    assert row == {"id": 4, "parent_id": None, "path": "/4/"}
    child = subtree.adapt(_table_named("organization"), {"id": 7, "parent_id": 4, "path": "/1/4/7/"})
    assert child == {"id": 7, "parent_id": 4, "path": "/4/7/"}


def _table_named(name: str) -> Any:
    return next(t for t in tables() if t.name == name)


def _key(name: str) -> list[Any]:
    return next(list(t.primary_key.columns) for t in tables() if t.name == name)


async def test_a_short_file_or_a_database_with_data_is_refused_and_nothing_changes(
    tmp_path: Path, clock: FakeClock
) -> None:
    async with (
        seeded(tmp_path, clock) as (source, _world),
        fresh_database("sqlite", tmp_path, upgrade=False) as target,
    ):
        path = tmp_path / "everything.jsonl"
        await export_to(source, path, clock)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        short = tmp_path / "short.jsonl"
        short.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
        with pytest.raises(TransferProblem) as incomplete:
            await import_from(target, short)
        assert incomplete.value.code == "incomplete"
        assert not any((await rows_of(target)).values())
        damaged = tmp_path / "damaged.jsonl"
        damaged.write_text("".join(lines[:5]) + '[1, "x"\n' + "".join(lines[5:]), encoding="utf-8")
        with pytest.raises(TransferProblem) as bad:
            await import_from(target, damaged)
        assert bad.value.code == "bad_line" and bad.value.params["line"] == 6
        with pytest.raises(TransferProblem) as filled:
            await import_from(source, path)
        assert filled.value.code == "not_empty"
        header = json.loads(lines[0])
        assert header["format"] == "chibo-data" and header["schema"] == migrate.head_revision()
        async with target.engine.connect() as connection:
            count = (await connection.execute(text("SELECT count(*) FROM organization"))).scalar()
        assert count == 0
