"""Benchmark: the committee's review on a generated province.

Prints figures (not a test). A province of 10,000 cells under 100 communes with 36 months of
reports (regular, combined and separate topic sessions, meetings not held, returned reports),
monthly figures and three years of ratings, a secretary for most cells. Measures, through the
whole app (inbox, transaction, handler, outbox) as an officer would type it: /tonghop for the
province and for one commune (p50/p95 over --runs), /xuat for a year of the province,
/baocaothang for the province's month, /tonghop of an officer of 20 communes each with its own
plan (each one's targets), /chuabaocao of the province and its «Nhắc tất cả ngay», /khoaso of
the province's month up to its confirmation, and the peak memory (RSS) of the measuring process.
Targets: /tonghop p95 < 200 ms on PostgreSQL and < 500 ms on SQLite; /xuat < 5 s;
/baocaothang < 2 s; peak memory < 300 MB.

The summary cache (storage.models.summary) is emptied first: `first_ms` is each command's first
ask, with nothing kept (as after the first report of a new month everywhere); p50/p95 are the
asks after it. `tonghop_province_edited` asks again after a report of some commune was edited
each time (only that commune is computed again). The officer asks no faster than the rate
limits allow (the fake clock moves a minute, or three for a file, between asks).

Run: .venv/bin/python benchmarks/review.py [--cells 10000] [--communes 100] [--runs 20]
     [--db sqlite|postgres|both] [--keep] [--only tonghop_province,xuat_province_year]
The data is generated with SQLAlchemy Core bulk inserts; the measuring runs in a fresh process so
that its peak memory is that of the bot answering, not of the generator. With --keep the
generated database (a file under the temporary folder, or a PostgreSQL schema) is kept and
reused by the next run with the same --cells and --communes, brought to the newest migration
first: generating takes minutes, measuring again seconds. --drop removes the kept ones.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, func, insert, select, update

from bot.app import build_app
from bot.settings import Settings
from core.channel import PartsGone, Sent
from core.clock import FakeClock
from core.limits import COSTLY_PER_WINDOW, COSTLY_WINDOW, MESSAGE_WINDOW
from core.messages import Incoming, Reply
from handlers.committee.nudges import NUDGE_ACTION
from handlers.demo import DEMO_PLAN
from services.plan_library import import_document
from storage import migrate
from storage.engine import Database
from storage.models import (
    Account,
    AccountAction,
    AuditLog,
    Cell,
    ChannelUsage,
    Conversation,
    FigureRecord,
    InboxUpdate,
    Lease,
    MeetingReport,
    Organization,
    OutboxMessage,
    Role,
    SummaryCache,
)
from storage.repos import Repositories
from tests.databases import POSTGRES_URL, postgres_unavailable_reason

NOW = datetime(2026, 11, 24, 2, 0, tzinfo=UTC)  # Tuesday 24/11/2026 09:00 in Hà Nội
FIRST_MONTH = (2023, 12)
MONTHS = 36
PROVINCE_OFFICER = "tinh"
COMMUNE_OFFICER = "xa1"
SEVERAL_OFFICER = "nhieuxa"  # an officer of several communes, each with its own plan
SEVERAL_COMMUNES = 20
BATCH = 5000
COSTLY_COMMANDS = ("/xuat", "/bieudo", "/baocaothang")


def months() -> list[tuple[int, int]]:
    year, month = FIRST_MONTH
    found = []
    for _ in range(MONTHS):
        found.append((year, month))
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return found


async def _bulk(database: Database, model: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    async with database.transaction() as session:
        for start in range(0, len(rows), BATCH):
            await session.execute(insert(model.__table__), rows[start : start + BATCH])


async def generate(database: Database, cells: int, communes: int, seed: int = 7) -> dict[str, int]:
    """The province, its cells, people, reports and figures; returns the rows made per table."""
    rng = random.Random(seed)
    made: dict[str, int] = {}
    orgs = [
        {
            "id": 1,
            "parent_id": None,
            "path": "/1/",
            "name": "Đảng bộ tỉnh Mẫu",
            "kind": "tinh",
            "timezone": "Asia/Ho_Chi_Minh",
            "settings": {},
            "created_at": NOW,
        }
    ]
    for number in range(communes):
        org_id = number + 2
        orgs.append(
            {
                "id": org_id,
                "parent_id": 1,
                "path": f"/1/{org_id}/",
                "name": f"Đảng bộ xã Số {number + 1}",
                "kind": "xa",
                "timezone": "Asia/Ho_Chi_Minh",
                "settings": {},
                "created_at": NOW,
            }
        )
    await _bulk(database, Organization, orgs)
    per_commune = cells // communes
    cell_rows, accounts, roles = [], [], []
    members: dict[int, int] = {}
    for index in range(cells):
        cell_id = index + 1
        members[cell_id] = rng.randint(8, 40)
        cell_rows.append(
            {
                "id": cell_id,
                "org_id": 2 + min(index // per_commune, communes - 1),
                "name": f"Chi bộ Thôn {index % per_commune + 1} ({index // per_commune + 1})",
                "kind": "thon",
                "members_on_roll": members[cell_id],
                "meeting_rule": {
                    "kind": "day_of_month",
                    "day": rng.randint(2, 10),
                    "time": "19:30",
                },
                "topic_rule": None,
                "active": True,
                "created_at": NOW,
            }
        )
        if rng.random() < 0.9:
            accounts.append(
                {
                    "id": cell_id,
                    "channel": "console",
                    "platform_user_id": f"s{cell_id}",
                    "chat_id": f"s{cell_id}",
                    "display_name": f"Bí thư {cell_id}",
                    "locale": "vi",
                    "blocked_at": NOW if rng.random() < 0.02 else None,
                    "created_at": NOW,
                }
            )
            roles.append(
                {
                    "account_id": cell_id,
                    "role": "secretary",
                    "org_id": None,
                    "cell_id": cell_id,
                    "granted_by": None,
                    "granted_at": NOW,
                    "revoked_at": None,
                    "revoked_by": None,
                }
            )
    for offset, (user, org_id) in enumerate(((PROVINCE_OFFICER, 1), (COMMUNE_OFFICER, 2))):
        account_id = cells + 1 + offset
        accounts.append(
            {
                "id": account_id,
                "channel": "console",
                "platform_user_id": user,
                "chat_id": user,
                "display_name": user,
                "locale": "vi",
                "blocked_at": None,
                "created_at": NOW,
            }
        )
        roles.append(
            {
                "account_id": account_id,
                "role": "officer",
                "org_id": org_id,
                "cell_id": None,
                "granted_by": None,
                "granted_at": NOW,
                "revoked_at": None,
                "revoked_by": None,
            }
        )
    await _bulk(database, Cell, cell_rows)
    await _bulk(database, Account, accounts)
    await _bulk(database, Role, roles)
    made.update(orgs=len(orgs), cells=len(cell_rows), accounts=len(accounts))
    reports: list[dict[str, Any]] = []
    figures: list[dict[str, Any]] = []
    counts = {"reports": 0, "figures": 0}

    async def flush(force: bool = False) -> None:
        if force or len(reports) >= 50_000:
            await _bulk(database, MeetingReport, reports)
            counts["reports"] += len(reports)
            reports.clear()
        if force or len(figures) >= 50_000:
            await _bulk(database, FigureRecord, figures)
            counts["figures"] += len(figures)
            figures.clear()

    all_months = months()
    for cell_id in range(1, cells + 1):
        on_roll = members[cell_id]
        for year, month in all_months:
            period = f"{year:04d}-{month:02d}"
            current = (year, month) == (2026, 11)
            if rng.random() < (0.7 if current else 0.95):
                reports.append(_report(rng, cell_id, period, year, month, on_roll))
            if month % 3 == 2 and rng.random() < 0.4:
                reports.append(
                    _report(rng, cell_id, period, year, month, on_roll, slot="topic", kind="topic")
                )
            if rng.random() < 0.3:
                for key, number in (
                    ("admissions", rng.choice((0, 0, 0, 1, 1, 2))),
                    ("transferred_in", rng.choice((0, 0, 1))),
                    ("dues_collected", on_roll * rng.randint(5, 20) * 1000),
                ):
                    figures.append(_figure(cell_id, key, period, number, None))
        for year in (2023, 2024, 2025):
            rating = rng.choices(("htxsnv", "httnv", "htnv", "khtnv"), (15, 60, 22, 3))[0]
            figures.append(_figure(cell_id, "cell_rating", str(year), None, rating))
            left = on_roll
            for key in ("rated_htxsnv", "rated_httnv", "rated_htnv"):
                share = rng.randint(0, left)
                figures.append(_figure(cell_id, key, str(year), share, None))
                left -= share
            figures.append(_figure(cell_id, "rated_khtnv", str(year), left, None))
        await flush()
    await flush(force=True)
    made.update(counts)
    async with database.transaction() as session:
        repos = Repositories(session)
        province = await repos.orgs.get_org(1)
        assert province is not None
        await import_document(
            repos,
            province,
            filename=DEMO_PLAN.name,
            data=DEMO_PLAN.read_bytes(),
            actor_id=None,
            now=NOW,
        )
    async with database.transaction() as session:
        connection = await session.connection()
        if database.dialect == "postgresql":
            for table in (
                "organization",
                "cell",
                "account",
                "role",
                "meetingreport",
                "figurerecord",
            ):
                await connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        if database.dialect != "postgresql":
            await connection.exec_driver_sql("ANALYZE")
    if database.dialect == "postgresql":
        # What autovacuum does after a bulk load on a live server: visibility map and statistics
        # (index-only scans need the former). VACUUM cannot run inside a transaction.
        await _vacuum(database)
    return made


async def _vacuum(database: Database) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    )
    try:
        await connection.execute(f'SET search_path TO "{database.pg_schema}"')
        await connection.execute("VACUUM ANALYZE")
    finally:
        await connection.close()


def _report(
    rng: random.Random,
    cell_id: int,
    period: str,
    year: int,
    month: int,
    on_roll: int,
    *,
    slot: str = "monthly",
    kind: str | None = None,
) -> dict[str, Any]:
    held = slot == "topic" or rng.random() < 0.97
    exempted = rng.choice((0, 0, 0, 1, 2))
    excused = rng.choice((0, 0, 1, 1, 2, 3))
    unexcused = rng.choice((0, 0, 0, 0, 0, 1))
    present = max(on_roll - exempted - excused - unexcused, 0)
    if kind is None:
        kind = "combined" if month % 3 == 0 and rng.random() < 0.5 else "regular"
    return {
        "cell_id": cell_id,
        "period": period,
        "slot": slot,
        "status": "returned" if rng.random() < 0.005 else "sent",
        "held": held,
        "meeting_date": date(year, month, rng.randint(2, 12)) if held else None,
        "kind": kind if held else None,
        "topic_title": None,
        "on_roll": on_roll if held else None,
        "exempted": exempted if held else None,
        "present": present if held else None,
        "absent_excused": excused if held else None,
        "absent_unexcused": unexcused if held else None,
        "upper_attended": rng.random() < 0.3 if held else None,
        "upper_name": None,
        "resolution_adopted": rng.random() < 0.9 if held else None,
        "grade": rng.choices(("good", "fair", "average", "poor"), (50, 35, 12, 3))[0]
        if held
        else None,
        "note": "",
        "not_held_reason": "" if held else "Mưa bão",
        "new_date": None,
        "flags": [],
        "version": 1,
        "reported_by": None,
        "reported_at": NOW,
        "updated_by": None,
        "updated_at": NOW,
        "return_note": "",
        "returned_by": None,
        "returned_at": None,
    }


def _figure(
    cell_id: int, key: str, period: str, number: int | None, value: str | None
) -> dict[str, Any]:
    return {
        "cell_id": cell_id,
        "key": key,
        "period": period,
        "number": number,
        "text": value,
        "version": 1,
        "reported_by": None,
        "reported_at": NOW,
        "updated_by": None,
        "updated_at": NOW,
    }


class Recording:
    """A console channel that keeps only the size of what it would send."""

    name = "console"
    shows_buttons = False

    def __init__(self) -> None:
        self.last: Reply | None = None

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        self.last = reply
        return Sent("1")

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        """No buttons, no menus."""


async def measure(
    url: str, schema: str | None, runs: int, only: Sequence[str] = ()
) -> dict[str, Any]:
    database = Database(url, pg_schema=schema)
    channel = Recording()
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": url})
    clock = FakeClock(NOW)
    app = build_app(settings, clock=clock, channels={"console": channel}, database=database)
    counter = 0
    run = uuid.uuid4().hex[:8]
    async with database.transaction() as session:
        # A kept database remembers the messages and costly commands of an earlier run at the
        # same times: the officers start afresh.
        # The summary cache too: the first ask of each command is measured cold.
        for model in (
            OutboxMessage,
            InboxUpdate,
            Conversation,
            AccountAction,
            ChannelUsage,
            Lease,
            SummaryCache,
        ):
            await session.execute(delete(model))
        # and nudges nobody yet today (a cell is nudged once a day)
        await session.execute(delete(AuditLog).where(AuditLog.action == NUDGE_ACTION))  # type: ignore[arg-type]

    edited = await reports_to_edit(database)
    await several_communes(database)

    async def ask(user: str, typed: str) -> tuple[float, Reply | None]:
        nonlocal counter
        counter += 1
        # An officer who asks no faster than the limits let anyone (the same day still).
        costly = typed.split()[0] in COSTLY_COMMANDS
        clock.advance(
            COSTLY_WINDOW / COSTLY_PER_WINDOW + MESSAGE_WINDOW if costly else MESSAGE_WINDOW
        )
        incoming = Incoming(
            channel="console",
            user_id=user,
            chat_id=user,
            update_key=f"b{run}-{counter}",
            received_at=clock.now(),
            text=typed,
        )
        start = time.perf_counter()
        await app.worker.submit(incoming)
        return time.perf_counter() - start, channel.last

    figures: dict[str, Any] = {}
    for label, user, typed, count in (
        ("tonghop_province", PROVINCE_OFFICER, "/tonghop", runs),
        ("tonghop_province_edited", PROVINCE_OFFICER, "/tonghop", runs),
        ("tonghop_commune", COMMUNE_OFFICER, "/tonghop", runs),
        ("tonghop_province_year", PROVINCE_OFFICER, "/tonghop năm 2025", max(runs // 4, 3)),
        ("xuat_province_year", PROVINCE_OFFICER, "/xuat năm 2025", 3),
        ("baocaothang_province", PROVINCE_OFFICER, "/baocaothang", 5),
        ("bieudo_province", PROVINCE_OFFICER, "/bieudo", 3),
        # each commune's plan targets checked on its own summary
        ("tonghop_several_communes", SEVERAL_OFFICER, "/tonghop", max(runs // 4, 3)),
        # the late cells, then «Nhắc ngay» (each cell's quiet hours; nudged once a day)
        ("chuabaocao_province", PROVINCE_OFFICER, "/chuabaocao", max(runs // 4, 3)),
        ("chuabaocao_nudge_province", PROVINCE_OFFICER, "/chuabaocao|Nhắc tất cả ngay", max(runs // 4, 3)),
        # what closing a month shows before it is confirmed, then «Không khóa»
        ("khoaso_province", PROVINCE_OFFICER, "/khoaso tháng 11|Không khóa sổ", max(runs // 4, 3)),
    ):
        if only and label not in only:
            continue

        async def asked(user: str, typed: str) -> tuple[float, Reply | None]:
            """One message, or several separated by «|» (a command then a choice), summed."""
            total, reply = 0.0, None
            for part in typed.split("|"):
                elapsed, reply = await ask(user, part)
                total += elapsed
            return total, reply

        first, _reply = await asked(user, typed)  # warm-up (caches, first query plans)
        times = []
        reply = None
        for run_number in range(count):
            if label.endswith("_edited"):
                # A secretary somewhere corrected a report since the last ask.
                await edit_report(database, edited[run_number % len(edited)])
            elapsed, reply = await asked(user, typed)
            times.append(elapsed)
        times.sort()
        if typed.split()[0] in COSTLY_COMMANDS and (reply is None or reply.attachment is None):
            raise RuntimeError(f"{typed} sent no file: {reply.text if reply else None}")
        figures[label] = {
            "runs": count,
            "first_ms": round(first * 1000, 1),
            "p50_ms": round(statistics.median(times) * 1000, 1),
            "p95_ms": round(times[max(0, math.ceil(0.95 * count) - 1)] * 1000, 1),
            "max_ms": round(times[-1] * 1000, 1),
            "reply_chars": len(reply.text) if reply else 0,
            "file_kb": round(len(reply.attachment.content) / 1024, 1)
            if reply and reply.attachment
            else 0,
        }
    await app.close()
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


async def several_communes(database: Database) -> None:
    """The officer of SEVERAL_COMMUNES communes, and the demo plan imported into each (the same
    file again changes nothing: a kept database is reused as it is)."""
    async with database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get_or_create(
            "console",
            SEVERAL_OFFICER,
            chat_id=SEVERAL_OFFICER,
            display_name=SEVERAL_OFFICER,
            locale="vi",
            now=NOW,
        )
        assert account.id is not None
        granted = {g.org_id for g in await repos.roles.active_for(account.id)}
        communes = [o for o in await repos.orgs.orgs() if o.parent_id is not None]
        for org in communes[:SEVERAL_COMMUNES]:
            assert org.id is not None
            if org.id not in granted:
                await repos.roles.grant(
                    account.id, "officer", org_id=org.id, cell_id=None, granted_by=None, now=NOW
                )
            await import_document(
                repos,
                org,
                filename=DEMO_PLAN.name,
                data=DEMO_PLAN.read_bytes(),
                actor_id=None,
                now=NOW,
            )


async def reports_to_edit(database: Database) -> list[int]:
    """One report of this month in each commune (to edit between two asks)."""
    async with database.transaction() as session:
        rows = await session.execute(
            select(func.min(MeetingReport.id))  # type: ignore[arg-type]
            .join(Cell, Cell.id == MeetingReport.cell_id)  # type: ignore[arg-type]
            .where(MeetingReport.period == "2026-11", MeetingReport.slot == "monthly")
            .group_by(Cell.org_id)
        )
        return [int(found) for (found,) in rows.all()]


async def edit_report(database: Database, report_id: int) -> None:
    async with database.transaction() as session:
        await session.execute(
            update(MeetingReport)
            .where(MeetingReport.id == report_id)  # type: ignore[arg-type]
            .values(upper_attended=~MeetingReport.upper_attended)  # type: ignore[operator]
        )


KEPT = Path(tempfile.gettempdir()) / "chibo-review-bench"


def _fresh_schema() -> str:
    return f"bench_{uuid.uuid4().hex[:10]}"


def kept_name(cells: int, communes: int) -> str:
    return f"bench_keep_{cells}_{communes}"


async def prepare(
    kind: str, where: Path, cells: int, communes: int, *, reuse: bool = False
) -> tuple[str, str | None, dict[str, int] | None, float | None]:
    """The database to measure: generated into `where` (a SQLite file, or a PostgreSQL schema
    of that name), or brought to the newest migration when `reuse`; then what was made (None
    when reused) and how long it took."""
    schema = None
    if kind == "sqlite":
        url = f"sqlite+aiosqlite:///{where}"
    else:
        import asyncpg

        schema = where.name
        connection = await asyncpg.connect(
            POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
        )
        if not reuse:
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            await connection.execute(f'CREATE SCHEMA "{schema}"')
        await connection.close()
        url = POSTGRES_URL
    database = Database(url, pg_schema=schema)
    await migrate.upgrade(database)
    if reuse:
        if database.dialect == "postgresql":
            await _vacuum(database)
        await database.dispose()
        return url, schema, None, None
    start = time.perf_counter()
    made = await generate(database, cells, communes)
    elapsed = time.perf_counter() - start
    await database.dispose()
    return url, schema, made, elapsed


def drop_kept() -> None:
    """Remove every kept database (files and schemas)."""
    for marker in KEPT.glob("*.json") if KEPT.exists() else []:
        kind, _sep, name = marker.stem.partition("-")
        if kind == "postgres" and not postgres_unavailable_reason():
            asyncio.run(drop_schema(name))
        (KEPT / f"{name}.db").unlink(missing_ok=True)
        marker.unlink()


async def drop_schema(schema: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(
        POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
    )
    await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    await connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cells", type=int, default=10_000)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--keep", action="store_true", help="keep and reuse the generated data")
    parser.add_argument("--only", default="", help="measure these (tonghop_province,...)")
    parser.add_argument("--drop", action="store_true", help="remove the kept data and stop")
    parser.add_argument("--measure", nargs=2, metavar=("URL", "SCHEMA"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        url, schema = args.measure
        only = [label for label in args.only.split(",") if label]
        result = asyncio.run(measure(url, None if schema == "-" else schema, args.runs, only))
        print(json.dumps(result))
        return 0
    if args.drop:
        drop_kept()
        return 0
    kinds = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    if "postgres" in kinds and (reason := postgres_unavailable_reason()):
        print(f"PostgreSQL skipped: {reason}")
        kinds.remove("postgres")
    print(
        f"cores: {os.cpu_count()}, cells: {args.cells}, communes: {args.communes}, "
        f"months: {MONTHS}, runs: {args.runs}"
    )
    for kind in kinds:
        with tempfile.TemporaryDirectory() as folder:
            where = Path(folder) / "review.db" if kind == "sqlite" else Path(_fresh_schema())
            marker = KEPT / f"{kind}-{kept_name(args.cells, args.communes)}.json"
            reuse = args.keep and marker.exists()
            if args.keep:
                KEPT.mkdir(exist_ok=True)
                where = KEPT / kept_name(args.cells, args.communes)
                if kind == "sqlite":
                    where = where.with_suffix(".db")
                    if not reuse:
                        where.unlink(missing_ok=True)
            url, schema, made, seconds = asyncio.run(
                prepare(kind, where, args.cells, args.communes, reuse=reuse)
            )
            if made is None:
                print(f"\n== {kind}: reused {json.loads(marker.read_text())}")
            else:
                print(f"\n== {kind}: generated {made} in {seconds:.0f} s")
                if args.keep:
                    marker.write_text(json.dumps(made))
            try:
                output = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--runs",
                        str(args.runs),
                        "--only",
                        args.only,
                        "--measure",
                        url,
                        schema or "-",
                    ],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if output.returncode != 0:
                    print(output.stderr[-3000:])
                    return output.returncode
                figures = json.loads(output.stdout.strip().splitlines()[-1])
            finally:
                if schema and not args.keep:
                    asyncio.run(drop_schema(schema))
            for label, value in figures.items():
                print(f"{label:24} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
