"""`chibo data export FILE [--org ORG]` and `chibo data import FILE`: the command-line side of
storage.transfer (a FILE ending in .gz is compressed)."""

from __future__ import annotations

import argparse
import asyncio
import gzip
import sys
from pathlib import Path
from typing import IO, Any

from bot.app import App, prepare_database
from core.i18n import N_, Translator
from handlers.bootstrap import ScopeError, resolve_scope
from storage.repos import Repositories
from storage.transfer import TransferProblem, TransferResult, export_data, import_data

PROBLEMS = {
    "no_schema": N_("the database has no chibo schema yet (chibo db upgrade)."),
    "no_org": N_("no organisation with id {org}."),
    "not_export": N_("line {line} is not the start of a chibo data export."),
    "format_version": N_("the file is in export format {version}, which this chibo cannot read."),
    "newer_schema": N_(
        "the file has schema {schema}, newer than this chibo knows ({head}): upgrade chibo first."
    ),
    "schema_differs": N_(
        "the file has schema {schema} but the database {current}: export again with the chibo "
        "of this database, or import into a new, empty database."
    ),
    "not_empty": N_(
        "the database already holds data (in {tables}): import into a new, empty database."
    ),
    "bad_line": N_("line {line} cannot be read: nothing was imported."),
    "unknown_table": N_("line {line} names an unknown table «{table}»: nothing was imported."),
    "columns_differ": N_(
        "line {line}: the columns of {table} differ from this chibo's: nothing was imported."
    ),
    "incomplete": N_("the file is incomplete (cut short?): nothing was imported."),
}


def add_data_parser(commands: Any, t: Translator) -> None:
    """The `data` subcommand (called by bot.cli)."""
    _ = t.gettext
    data = commands.add_parser(
        "data", help=_("move data between databases (e.g. SQLite to PostgreSQL)")
    )
    actions = data.add_subparsers(dest="action", required=True)
    export = actions.add_parser(
        "export", help=_("write every table, or one organisation's subtree, to FILE")
    )
    export.add_argument("file", type=Path, help=_("a new file (.jsonl, or .jsonl.gz compressed)"))
    export.add_argument(
        "--org", help=_("only this organisation and everything under it (org:ID or name)")
    )
    load = actions.add_parser(
        "import", help=_("read FILE into the database of CHIBO_DATABASE_URL (new and empty)")
    )
    load.add_argument("file", type=Path, help=_("a file made by chibo data export"))


async def data_command(app: App, t: Translator, args: argparse.Namespace) -> int:
    if args.action == "export":
        return await _export(app, t, args.file, args.org)
    return await _import(app, t, args.file)


def _open(path: Path, mode: str, *, compressed: bool) -> IO[str]:
    if compressed:
        return gzip.open(path, mode + "t", encoding="utf-8")  # type: ignore[return-value]
    return path.open(mode, encoding="utf-8")


async def _write(out: IO[str], chunk: str) -> None:
    await asyncio.to_thread(out.write, chunk)


async def _export(app: App, t: Translator, path: Path, org_text: str | None) -> int:
    await prepare_database(app)
    org_id = None
    if org_text:
        try:
            async with app.database.transaction() as session:
                scope = await resolve_scope(Repositories(session), org_text, want="org")
        except ScopeError as error:
            print(f"chibo data export: {t.render(error.text)}", file=sys.stderr)
            return 2
        if scope.org is None:
            print(
                "chibo data export: " + t.gettext("--org must name an organisation."),
                file=sys.stderr,
            )
            return 2
        org_id = scope.org.id
    if await asyncio.to_thread(path.exists):
        print(
            "chibo data export: "
            + t.gettext("{path} already exists: give a new file name.").format(path=path),
            file=sys.stderr,
        )
        return 2
    partial = path.with_name(f".{path.name}.partial")
    try:
        out = await asyncio.to_thread(_open, partial, "w", compressed=path.suffix == ".gz")
        try:
            result = await export_data(
                app.database, out, org_id=org_id, now=app.clock.now(), write=_write
            )
        finally:
            await asyncio.to_thread(out.close)
        await asyncio.to_thread(partial.replace, path)
    except TransferProblem as problem:
        print(f"chibo data export: {_problem(t, problem)}", file=sys.stderr)
        return 1
    finally:
        partial.unlink(missing_ok=True)
    print(
        t.gettext("Exported {rows} rows of {tables} tables (schema {schema}) to {path}.").format(
            **_figures(result), path=path
        )
    )
    return 0


async def _import(app: App, t: Translator, path: Path) -> int:
    if not await asyncio.to_thread(path.is_file):
        print(
            "chibo data import: " + t.gettext("File not found: {path}").format(path=path),
            file=sys.stderr,
        )
        return 2
    source = await asyncio.to_thread(_open, path, "r", compressed=path.suffix == ".gz")
    try:
        result = await import_data(app.database, iter(source))
    except TransferProblem as problem:
        print(f"chibo data import: {_problem(t, problem)}", file=sys.stderr)
        return 1
    except (UnicodeDecodeError, OSError, EOFError) as error:
        print(
            "chibo data import: "
            + t.gettext("{path} cannot be read ({error}): nothing was imported.").format(
                path=path, error=type(error).__name__
            ),
            file=sys.stderr,
        )
        return 1
    finally:
        await asyncio.to_thread(source.close)
    print(
        t.gettext("Imported {rows} rows of {tables} tables (schema {schema}) from {path}.").format(
            **_figures(result), path=path
        )
    )
    return 0


def _figures(result: TransferResult) -> dict[str, object]:
    tables = sum(1 for n in result.rows.values() if n)
    return {"rows": result.total, "tables": tables, "schema": result.schema}


def _problem(t: Translator, problem: TransferProblem) -> str:
    return t.gettext(PROBLEMS[problem.code]).format(**problem.params)
