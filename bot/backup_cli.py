"""`chibo backup PATH` and `chibo restore PATH`: the command-line side of storage.backup."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.app import App
from core.i18n import N_, Translator
from storage import migrate
from storage.backup import (
    BackupProblem,
    backup_sqlite,
    check_file,
    live_leases,
    postgres_commands,
    restore_sqlite,
    sqlite_path,
)

PROBLEMS = {
    "not_found": N_("{path} does not exist."),
    "not_sqlite": N_("{path} is not an SQLite database."),
    "damaged": N_("{path} is damaged ({detail}): nothing was changed."),
    "no_schema": N_("{path} is not a chibo database (it has no schema version)."),
    "target_exists": N_("{path} already exists: give a new file name."),
}


def add_backup_parsers(commands: Any, t: Translator) -> None:
    """The `backup` and `restore` subcommands (called by bot.cli)."""
    _ = t.gettext
    backup = commands.add_parser(
        "backup",
        help=_("copy the SQLite database to PATH while the bot runs (PostgreSQL: pg_dump)"),
    )
    backup.add_argument("path", type=Path, help=_("the new file, e.g. backups/chibo-2026-11-30.db"))
    restore = commands.add_parser(
        "restore",
        help=_("replace the SQLite database with a backup (every instance stopped first)"),
    )
    restore.add_argument("path", type=Path, help=_("a file made by chibo backup"))


async def backup_command(app: App, t: Translator, args: argparse.Namespace) -> int:
    database = sqlite_path(app.database.url)
    if database is None:
        return _postgres_advice(app, t, str(args.path))
    try:
        made = await asyncio.to_thread(backup_sqlite, database, args.path)
    except BackupProblem as problem:
        print(f"chibo backup: {_problem(t, problem)}", file=sys.stderr)
        return 1
    print(
        t.gettext("Backed up to {path} ({size}, schema {revision}), checked.").format(
            path=made.path, size=_size(made.size), revision=made.revision
        )
    )
    return 0


def _local_time(app: App, moment: datetime) -> str:
    """«14:03:07 (Asia/Ho_Chi_Minh)»: the settings' time zone, as everything else is said."""
    zone = app.settings.zone
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(zone):%H:%M:%S} ({zone.key})"


async def restore_command(app: App, t: Translator, args: argparse.Namespace) -> int:
    database = sqlite_path(app.database.url)
    if database is None:
        return _postgres_advice(app, t, str(args.path))
    try:
        checked = await asyncio.to_thread(check_file, args.path)
    except BackupProblem as problem:
        print(f"chibo restore: {_problem(t, problem)}", file=sys.stderr)
        return 1
    known = migrate.known_revisions()
    if checked.revision not in known:
        print(
            "chibo restore: "
            + t.gettext(
                "{path} has schema {revision}, newer than this chibo knows ({head}): "
                "upgrade chibo first. Nothing was changed."
            ).format(path=args.path, revision=checked.revision, head=known[-1]),
            file=sys.stderr,
        )
        return 1
    now = app.clock.now()
    held = await asyncio.to_thread(live_leases, database, now)
    if held:
        name, owner, until = held[0]
        print(
            "chibo restore: "
            + t.gettext(
                "an instance of chibo is running on this database (it holds «{lease}» until "
                "{time}, owner {owner}). Stop every instance first (e.g. systemctl stop "
                "chibo); after a crash, wait until its leases run out (about 12 seconds). "
                "Nothing was changed."
            ).format(lease=name, time=_local_time(app, until), owner=owner),
            file=sys.stderr,
        )
        return 1
    local = now.astimezone(app.settings.zone)  # named in local time, as the guide's times are
    keep = database.with_name(
        f"{database.stem}.before-restore-{local:%Y%m%d-%H%M%S}{database.suffix}"
    )
    try:
        await asyncio.to_thread(restore_sqlite, args.path, database, keep_as=keep)
    except BackupProblem as problem:
        print(f"chibo restore: {_problem(t, problem)}", file=sys.stderr)
        return 1
    print(
        t.gettext("Restored {path} (schema {revision}) into {database}.").format(
            path=args.path, revision=checked.revision, database=database
        )
    )
    if keep.exists():
        print(t.gettext("The database it replaced is kept as {path}.").format(path=keep))
    if checked.revision != known[-1]:
        await migrate.upgrade(app.database)
        print(
            t.gettext("Upgraded it from schema {old} to {new}.").format(
                old=checked.revision, new=known[-1]
            )
        )
    return 0


def _postgres_advice(app: App, t: Translator, path: str) -> int:
    dump, restore = postgres_commands(app.database.url, path)
    print(
        t.gettext(
            "The database is PostgreSQL: back it up with pg_dump and restore it with "
            "pg_restore (stop every instance first):"
        ),
        file=sys.stderr,
    )
    print(f"  {dump}\n  {restore}", file=sys.stderr)
    return 2


def _problem(t: Translator, problem: BackupProblem) -> str:
    return t.gettext(PROBLEMS[problem.code]).format(**problem.params)


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size // 1024, 1)} KB"
