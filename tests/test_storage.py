"""Migrations on both databases, models against migrations, UTC round trips, SQLite settings."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import migrate
from storage.engine import Database, normalise_url
from storage.models import Conversation
from storage.repos import Repositories
from tests.databases import fresh_database


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_upgrade_from_empty_to_head_and_models_match(kind: str, tmp_path: Path) -> None:
    async with fresh_database(kind, tmp_path, upgrade=False) as database:
        assert await migrate.is_empty(database)
        await migrate.upgrade(database)
        await migrate.upgrade(database)  # a second run (another instance) changes nothing
        assert not await migrate.is_empty(database)
        assert await migrate.model_differences(database) == []


async def test_times_come_back_in_utc(database: Database) -> None:
    hanoi = timezone(timedelta(hours=7))
    moment = datetime(2026, 12, 5, 19, 30, tzinfo=hanoi)
    async with database.transaction() as session:
        org = await Repositories(session).orgs.add_org("X", parent=None, kind="xa", now=moment)
        org_id = org.id
    async with database.transaction() as session:
        assert org_id is not None
        loaded = await Repositories(session).orgs.get_org(org_id)
        assert loaded is not None
        assert loaded.created_at == moment
        assert loaded.created_at.tzinfo is not None
        assert loaded.created_at.utcoffset() == timedelta(0)


async def test_naive_datetimes_are_refused(sqlite_database: Database) -> None:
    with pytest.raises(Exception, match="naive"):
        async with sqlite_database.transaction() as session:
            await Repositories(session).orgs.add_org(
                "X", parent=None, kind="xa", now=datetime(2026, 1, 1)
            )


async def test_sqlite_is_configured_for_safe_concurrency(sqlite_database: Database) -> None:
    async with sqlite_database.transaction() as session:
        journal = (await session.execute(text("PRAGMA journal_mode"))).scalar()
        foreign = (await session.execute(text("PRAGMA foreign_keys"))).scalar()
        busy = (await session.execute(text("PRAGMA busy_timeout"))).scalar()
    assert (journal, foreign, busy) == ("wal", 1, 30000)


async def test_repositories_never_commit(sqlite_database: Database) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(RuntimeError):
        async with sqlite_database.transaction() as session:
            await Repositories(session).orgs.add_org("Rolled back", parent=None, kind="xa", now=now)
            raise RuntimeError("the caller fails after the repository wrote")
    async with sqlite_database.transaction() as session:
        assert not await Repositories(session).orgs.find_orgs("Rolled back")


async def test_subtree_queries_follow_the_tree(database: Database) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    async with database.transaction() as session:
        orgs = Repositories(session).orgs
        top = await orgs.add_org("Tỉnh", parent=None, kind="tinh", now=now)
        mid = await orgs.add_org("Xã", parent=top, kind="xa", now=now)
        low = await orgs.add_org("Bộ phận", parent=mid, kind="bo_phan", now=now)
        other = await orgs.add_org("Xã khác", parent=top, kind="xa", now=now)
        await orgs.add_cell(low, "Chi bộ sâu", now=now)
        await orgs.add_cell(other, "Chi bộ khác", now=now)
        assert [c.name for c in await orgs.cells_in_subtree(mid)] == ["Chi bộ sâu"]
        assert len(await orgs.cells_in_subtree(top)) == 2
        assert [o.name for o in await orgs.orgs_in_subtree(mid)] == ["Xã", "Bộ phận"]


def test_plain_urls_get_async_drivers() -> None:
    assert normalise_url("sqlite:///x.db").startswith("sqlite+aiosqlite:///")
    assert normalise_url("postgresql://u@h/db").startswith("postgresql+asyncpg://")


async def test_live_buttons_read_ahead_for_a_batch_match_one_by_one(database: Database) -> None:
    from sqlalchemy import update as sql_update

    from storage.models import OutboxMessage
    from storage.repos.outbox import NewMessage

    now = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    async with database.transaction() as session:
        repos = Repositories(session)
        messages = [
            NewMessage("telegram", chat, {"text": f"{chat} {n}"})
            for chat in ("1", "2", "3")
            for n in range(3)
        ]
        ids = await repos.outbox.add_many(messages, now=now)
        # chat 1: its first and last show buttons; chat 2: none; chat 3: one (not sent yet)
        live = {ids[0]: "m10", ids[2]: "m12", ids[7]: None}
        for row_id in ids:
            await session.execute(
                sql_update(OutboxMessage)
                .where(OutboxMessage.id == row_id)  # type: ignore[arg-type]
                .values(
                    status="sent" if row_id != ids[7] else "pending",
                    buttons_live=row_id in live,
                    message_id=live.get(row_id) or f"m{row_id}",
                )
            )
    async with database.transaction() as session:
        one_by_one = {
            c: await Repositories(session).outbox.live_buttons("telegram", c) for c in "123"
        }
    assert one_by_one == {"1": [(ids[0], "m10"), (ids[2], "m12")], "2": [], "3": []}
    async with database.transaction() as session:
        repos = Repositories(session)
        await repos.outbox.read_ahead_live_buttons("telegram", ["3", "1", "2", "1"])
        await session.execute(sql_update(OutboxMessage).values(buttons_live=False))
        ahead = {c: await repos.outbox.live_buttons("telegram", c) for c in "123"}
        again = await repos.outbox.live_buttons("telegram", "1")  # taken once, then asked
    assert ahead == one_by_one and again == []


async def test_bulk_insert_stores_what_the_orm_stores(database: Database) -> None:
    """Reminders written the bulk way (driver executemany / COPY) read back exactly like rows
    the ORM wrote: instants in UTC whatever the offset given, microseconds, JSON, NULLs; a
    second bulk insert of the same keys changes nothing."""
    from sqlmodel import select

    from storage.models import Cell, Reminder
    from storage.upsert import bulk_insert_ignore

    hanoi = timezone(timedelta(hours=7))
    due = datetime(2026, 12, 1, 7, 30, 15, 123456, tzinfo=hanoi)
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org(
            "Đảng bộ xã Thử", parent=None, kind="dang_bo", now=datetime.now(UTC)
        )
        cell = await repos.orgs.add_cell(org, "Chi bộ 1", now=datetime.now(UTC))
        assert isinstance(cell, Cell) and cell.id is not None
        base = {
            "cell_id": cell.id,
            "kind": "meeting",
            "recipient": "secretary",
            "period": "2026-12",
            "offset": "-1d",
            "due_at": due,
            "expires_at": due + timedelta(days=2),
            "payload": {"template": "nhắc", "n": [1, 2]},
            "fingerprint": None,
            "status": "pending",
            "created_at": due,
        }
        session.add(Reminder(dedupe_key="orm", **base))
        rows = [{**base, "dedupe_key": f"bulk{n}"} for n in range(3)]
        await bulk_insert_ignore(session, Reminder, rows, ["dedupe_key"])
        await bulk_insert_ignore(session, Reminder, rows[:1], ["dedupe_key"])
    async with database.transaction() as session:
        found = {r.dedupe_key: r for r in (await session.exec(select(Reminder))).all()}
    assert sorted(found) == ["bulk0", "bulk1", "bulk2", "orm"]
    for key in ("bulk0", "orm"):
        row = found[key]
        assert row.due_at == due and row.due_at.tzinfo == UTC
        assert row.expires_at == due + timedelta(days=2)
        assert row.payload == {"template": "nhắc", "n": [1, 2]} and row.fingerprint is None
        assert row.status == "pending" and row.lease_until is None


async def test_bulk_upsert_updates_only_rows_in_the_given_state(database: Database) -> None:
    """bulk_upsert inserts new keys and, for taken ones, updates the named columns where the
    row there is in the given state; values shared by several rows are stored for each."""
    from sqlmodel import select

    from storage.models import Cell, Reminder
    from storage.upsert import bulk_insert_ignore, bulk_upsert

    due = datetime(2026, 12, 1, 0, 30, tzinfo=UTC)
    later = due + timedelta(hours=3)
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Thử", parent=None, kind="dang_bo", now=due)
        cell = await repos.orgs.add_cell(org, "Chi bộ 1", now=due)
        assert isinstance(cell, Cell) and cell.id is not None
        base = {
            "cell_id": cell.id,
            "kind": "before",
            "recipient": "secretary",
            "period": "2026-12",
            "offset": "d1",
            "due_at": due,
            "expires_at": due,
            "payload": {"step": "d1"},
            "fingerprint": "old",
            "status": "pending",
            "created_at": due,
        }
        await bulk_insert_ignore(
            session,
            Reminder,
            [
                {**base, "dedupe_key": "pending"},
                {**base, "dedupe_key": "sent", "status": "expanded"},
            ],
            ["dedupe_key"],
        )
        payload = {"step": "d1", "moved": "yes"}  # one object for every row
        changed = [
            {**base, "dedupe_key": key, "due_at": later, "payload": payload, "fingerprint": "new"}
            for key in ("pending", "sent", "new")
        ]
        await bulk_upsert(
            session,
            Reminder,
            changed,
            ["dedupe_key"],
            update=["due_at", "payload", "fingerprint"],
            only_if={"status": "pending"},
        )
    async with database.transaction() as session:
        found = {r.dedupe_key: r for r in (await session.exec(select(Reminder))).all()}
    assert {k: (r.due_at, r.payload, r.fingerprint, r.status) for k, r in found.items()} == {
        "pending": (later, payload, "new", "pending"),
        "sent": (due, {"step": "d1"}, "old", "expanded"),
        "new": (later, payload, "new", "pending"),
    }


async def _chi_in_no_flow(database: Database, now: datetime) -> int:
    """Chi's account, with a conversation in no flow: its id."""
    async with database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console", "chi", chat_id="chi", display_name="Chi", locale="vi", now=now
        )
        assert account.id is not None
        await repos.conversations.save(Conversation(account_id=account.id, updated_at=now))
        return account.id


async def test_an_offer_never_writes_over_a_flow_saved_meanwhile(database: Database) -> None:
    """A reminder's choices offered (the deliverer's transaction) while the person's /baocao
    is being saved (the worker's, not committed yet): the offer waits for it, sees the report
    begun and leaves it (read before, it wrote the draft over with the offer, on PostgreSQL)."""
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    person = await _chi_in_no_flow(database, now)
    saved, release = asyncio.Event(), asyncio.Event()

    async def begin_a_report() -> None:
        async with database.transaction() as session:
            repos = Repositories(session)
            conversation = await repos.conversations.get(person)
            assert conversation is not None
            conversation.flow, conversation.step = "report", "present"
            conversation.data = {"draft": {"present": 17}}
            await repos.conversations.save(conversation)
            saved.set()
            await release.wait()

    async def offer() -> bool:
        await saved.wait()
        async with database.transaction() as session:
            return await Repositories(session).conversations.offer(
                person,
                [{"label": "Báo cáo ngay", "value": "/baocao"}],
                "choice",
                1,
                now=now,
                ttl=timedelta(days=3),
            )

    report, offered = asyncio.create_task(begin_a_report()), asyncio.create_task(offer())
    await saved.wait()
    await asyncio.sleep(0.3)
    release.set()
    await report
    assert await offered is False
    async with database.transaction() as session:
        kept = await Repositories(session).conversations.get(person)
    assert kept is not None
    assert (kept.flow, kept.step, kept.data) == ("report", "present", {"draft": {"present": 17}})


async def test_a_notice_set_aside_while_a_message_is_handled_is_kept(database: Database) -> None:
    """The person's message shows the notices kept aside (and clears them) while the deliverer
    sets another aside and commits: the new one stays for later (PostgreSQL, where the two
    transactions run side by side; SQLite's take turns, so that this cannot happen there)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite's transactions take turns: the second waits for the first")
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    ttl = timedelta(days=3)
    person = await _chi_in_no_flow(database, now)
    async with database.transaction() as session:
        await Repositories(session).conversations.set_aside(
            person, "first", [], "choice", now=now, ttl=ttl
        )
    read, later = asyncio.Event(), asyncio.Event()

    async def handle_a_message() -> None:
        async with database.transaction() as session:
            repos = Repositories(session)
            conversation = await repos.conversations.get(person)
            assert conversation is not None and len(conversation.aside) == 1
            read.set()
            await later.wait()
            conversation.aside = []  # shown with the reply
            await repos.conversations.save(conversation)

    async def set_another_aside() -> None:
        await read.wait()
        async with database.transaction() as session:
            await Repositories(session).conversations.set_aside(
                person, "second", [], "choice", now=now, ttl=ttl
            )
        later.set()

    await asyncio.gather(handle_a_message(), set_another_aside())
    async with database.transaction() as session:
        kept = await Repositories(session).conversations.get(person)
    assert kept is not None
    assert [entry["text"] for entry in kept.aside] == ["second"]


async def test_two_first_sends_of_a_period_s_figures_wait_for_each_other(
    database: Database,
) -> None:
    """A period with no figures yet has no rows to lock: the cell's row is, so that the second
    sender reads the first one's figures and is told, instead of failing on the unique key
    (PostgreSQL; SQLite's transactions take turns)."""
    if database.dialect != "postgresql":
        pytest.skip("SQLite's transactions take turns: the second waits for the first")
    now = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await repos.orgs.add_org("Đảng bộ xã Số", parent=None, kind="dang_bo_xa", now=now)
        cell = await repos.orgs.add_cell(org, "Chi bộ Số", now=now, members_on_roll=10)
    assert cell.id is not None
    cell_id = cell.id
    read = asyncio.Event()
    seen: list[int] = []

    async def first() -> None:
        async with database.transaction() as session:
            repos = Repositories(session)
            assert await repos.reports.figures_for_update(cell_id, "2026-11") == []
            read.set()
            await asyncio.sleep(0.3)  # the second is waiting on the lock meanwhile
            await repos.reports.save_figure(
                cell_id, "admitted", "2026-11", number=1, text=None, by=None, now=now
            )

    async def second() -> None:
        await read.wait()
        async with database.transaction() as session:
            found = await Repositories(session).reports.figures_for_update(cell_id, "2026-11")
            seen.append(len(found))

    await asyncio.gather(first(), second())
    assert seen == [1]
