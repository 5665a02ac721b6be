"""`chibo cells import FILE`: the command-line side of importing cells from a spreadsheet."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from bot.app import App, prepare_database
from core.i18n import N_, Translator
from handlers.bootstrap import ScopeError, resolve_scope
from handlers.cells_import import (
    CellsFileError,
    RowError,
    import_cells,
    name_clashes,
    parse_rows,
    read_table,
)
from storage.repos import Repositories


class _Rejected(Exception):
    """Raised inside the transaction so that leaving it rolls every row back."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} bad rows")
        self.errors = errors


async def import_cells_command(app: App, path: Path, org_text: str | None) -> int:
    t = app.catalogs.translator(app.settings.locale)
    await prepare_database(app)
    if not await asyncio.to_thread(path.exists):
        print(t.gettext("File not found: {path}").format(path=path), file=sys.stderr)
        return 2
    try:
        rows, errors = parse_rows(read_table(path))
        async with app.database.transaction() as session:
            repos = Repositories(session)
            scope = await resolve_scope(repos, org_text, want="org")
            org = scope.org
            if org is None:
                roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
                if len(roots) != 1:
                    raise ScopeError(N_("Name the organisation with --org."))
                org = roots[0]
            # every bad row at once: the names already there with the rows that do not read
            errors = sorted(
                errors + await name_clashes(repos, org, rows), key=lambda error: error.line
            )
            if errors:
                raise _Rejected(errors)
            errors = await import_cells(repos, org, rows, now=app.clock.now())
            if errors:
                raise _Rejected(errors)
            org_name = org.name
    except CellsFileError as error:
        print(t.render(error.message), file=sys.stderr)
        return 2
    except ScopeError as error:
        print(f"chibo cells import: {t.render(error.text)}", file=sys.stderr)
        return 2
    except _Rejected as rejected:
        _print_errors(t, rejected.errors)
        return 1
    print(
        t.ngettext(
            "Imported {n} cell into {org}.", "Imported {n} cells into {org}.", len(rows)
        ).format(n=len(rows), org=org_name)
    )
    return 0


def _print_errors(t: Translator, errors: list[RowError]) -> None:
    print(t.gettext("Nothing was imported. Fix these rows and try again:"), file=sys.stderr)
    for error in errors:
        line = t.gettext("row {line}: {message}")
        print("  " + line.format(line=error.line, message=t.render(error.message)), file=sys.stderr)
