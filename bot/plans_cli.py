"""`chibo plan import FILE...` and `chibo ask`: the plan knowledge base from the command line."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TextIO

from bot.app import App, prepare_database
from handlers.bootstrap import ScopeError, resolve_scope
from knowledge import PlanImportError, missing_field_text, summarize, summary_lines
from services.plan_library import (
    ImportStatus,
    PlanLibrary,
    correct_identity,
    identity_missing,
    import_document,
)
from storage.models import Organization
from storage.repos import Repositories


def _progress(out: TextIO, done: int, total: int, name: str) -> None:
    """A progress bar on a terminal; plain lines otherwise (logs, scripts)."""
    if not out.isatty():
        if done < total:
            out.write(f"[{done + 1}/{total}] {name}\n")
        return
    width = 24
    filled = width * done // max(total, 1)
    out.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name[:40]:<40}")
    out.flush()
    if done == total:
        out.write("\n")


async def _organisation(repos: Repositories, org_text: str | None) -> Organization:
    scope = await resolve_scope(repos, org_text)
    if scope.org is not None:
        return scope.org
    roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
    if len(roots) != 1:
        raise ScopeError("name the organisation with --org")
    return roots[0]


async def import_plans_command(
    app: App,
    files: Sequence[Path],
    org_text: str | None,
    number: str | None,
    issued: str | None,
) -> int:
    """Import each file in its own transaction; print what was found in each."""
    t = app.catalogs.translator(app.settings.locale)
    await prepare_database(app)
    failures = 0
    issued_on = date.fromisoformat("-".join(reversed(issued.split("/")))) if issued else None
    for position, path in enumerate(files, start=1):
        _progress(sys.stderr, position - 1, len(files), path.name)
        try:
            data = await asyncio.to_thread(path.read_bytes)
            async with app.database.transaction() as session:
                repos = Repositories(session)
                org = await _organisation(repos, org_text)
                outcome = await import_document(
                    repos, org, filename=path.name, data=data, actor_id=None, now=app.clock.now()
                )
                if (number or issued_on) and outcome.status is not ImportStatus.UNCHANGED:
                    await correct_identity(
                        repos,
                        outcome.document,
                        actor_id=None,
                        now=app.clock.now(),
                        code=number,
                        issued_on=issued_on,
                    )
        except (OSError, PlanImportError, ScopeError) as error:
            failures += 1
            message = t.render(error.message) if isinstance(error, PlanImportError) else str(error)
            print(f"\n{path.name}: {message}", file=sys.stderr)
            continue
        _progress(sys.stderr, position, len(files), path.name)
        print(f"== {path.name}")
        if outcome.status is ImportStatus.UNCHANGED:
            print(
                t.gettext("This plan is already imported ({label}); nothing changed.").format(
                    label=outcome.plan.label
                )
            )
            continue
        for line in summary_lines(summarize(outcome.plan), t.gettext):
            print(t.render(line))
        if outcome.status is ImportStatus.REPLACED:
            print(t.gettext("It replaces the earlier version (kept in the history)."))
        missing = [
            f
            for f in identity_missing(outcome.plan.identity)
            if not (f == "number" and number) and not (f == "date" and issued_on)
        ]
        if missing:
            names = ", ".join(t.gettext(missing_field_text(f)) for f in missing)
            print(
                t.gettext(
                    "To fill in {fields}: import again with --number and --date, or an "
                    "officer answers the bot's questions in chat."
                ).format(fields=names)
            )
    return 1 if failures else 0


async def ask_command(app: App, questions: Sequence[str], top: int, as_json: bool) -> int:
    await prepare_database(app)
    if list(questions) == ["-"] or not questions:
        questions = [line.strip() for line in sys.stdin if line.strip()]
    library = PlanLibrary()
    t = app.catalogs.translator(app.settings.locale)
    async with app.database.transaction() as session:
        index = await library.index(Repositories(session))
    for question in questions:
        result = index.search(question, top=top)
        hits = [] if result.not_found else list(result.hits)
        if as_json:
            print(
                json.dumps(
                    {
                        "question": question,
                        "not_found": result.not_found,
                        "hits": [
                            {
                                "document": h.document_label,
                                "section": h.section_path,
                                "text": h.text,
                                "score": h.score,
                            }
                            for h in hits
                        ],
                    },
                    ensure_ascii=False,
                )
            )
            continue
        print(f"? {question}")
        if not hits:
            print("  " + t.gettext("Not found in the plans."))
        for number, hit in enumerate(hits, start=1):
            print(f"  {number}. [{hit.document_label}, {hit.section_path}] {hit.text}")
    return 0
