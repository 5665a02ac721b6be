"""`chibo plan import FILE...` and `chibo ask`: the plan knowledge base from the command line."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.app import App
from core.i18n import Translator
from handlers.bootstrap import ScopeError, resolve_scope
from handlers.demo import DEMO_ORG
from handlers.flows.plans import SMALL_TALK, small_talk_reply
from handlers.plan_answers import near_labels, render
from knowledge import PlanImportError, missing_field_text, summarize, summary_lines
from knowledge.answers import MOST_ITEMS, AnswerKind, Item
from knowledge.answers import answer as answer_question
from knowledge.limits import question_problem
from services.plan_library import (
    ImportStatus,
    PlanLibrary,
    correct_identity,
    identity_missing,
    import_document,
)
from storage import migrate
from storage.models import Organization
from storage.repos import Repositories

_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class ArgumentProblem(Exception):
    """A command-line value that cannot be used; the message is one line for the person."""


def parse_plan_date(text: str, t: Translator) -> date:
    """A date as people write it: 1/2/2026, 01/02/2026, 1-2-2026 or 1.2.2026 (day first)."""
    match = _DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    raise ArgumentProblem(
        t.gettext(
            "--date «{value}» is not a date: write it as dd/mm/yyyy, e.g. 27/10/2022."
        ).format(value=text)
    )


async def _organisation(repos: Repositories, org_text: str | None, t: Translator) -> Organization:
    """The organisation named with --org; without it, the only one there is, never the demo."""
    try:
        scope = await resolve_scope(repos, org_text, want="org")
    except ScopeError as error:
        raise ArgumentProblem(
            t.gettext("--org: {problem}.").format(problem=t.render(error.text))
        ) from error
    if scope.org is not None:
        return scope.org
    if scope.cell is not None:
        raise ArgumentProblem(
            t.gettext("--org names a cell: plans belong to an organisation (a đảng bộ).")
        )
    roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
    if not roots:
        raise ArgumentProblem(
            t.gettext(
                "There is no organisation yet: add one with chibo org add NAME (or /taodonvi "
                "in chat), then import again with --org NAME."
            )
        )
    if len(roots) == 1 and roots[0].name != DEMO_ORG:
        return roots[0]
    if len(roots) == 1:
        raise ArgumentProblem(
            t.gettext(
                "The only organisation is the demo ({name}): name it with --org to import into "
                "it, or create the real one with /taodonvi in chat."
            ).format(name=roots[0].name)
        )
    raise ArgumentProblem(
        t.gettext("There are several organisations: name one with --org NAME (or org:ID).")
    )


async def import_plans_command(
    app: App,
    files: Sequence[Path],
    org_text: str | None,
    number: str | None,
    issued: str | None,
) -> int:
    """Import each file in its own transaction; print what was found in each.

    The database is migrated but never given the demo: with no organisation to import into, or
    a bad --date or --org, one line says what to do and nothing is imported.
    """
    t = app.catalogs.translator(app.settings.locale)
    await migrate.upgrade(app.database)
    try:
        issued_on = parse_plan_date(issued, t) if issued else None
        async with app.database.transaction() as session:
            org = await _organisation(Repositories(session), org_text, t)
    except ArgumentProblem as problem:
        print(f"chibo: {problem}", file=sys.stderr)
        return 2
    assert org.id is not None
    failures = 0
    for position, path in enumerate(files, start=1):
        print(f"[{position}/{len(files)}] {path.name}", file=sys.stderr)
        try:
            data = await asyncio.to_thread(path.read_bytes)
            async with app.database.transaction() as session:
                repos = Repositories(session)
                target = await repos.orgs.get_org(org.id)
                assert target is not None
                outcome = await import_document(
                    repos,
                    target,
                    filename=path.name,
                    data=data,
                    actor_id=None,
                    now=app.clock.now(),
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
        except OSError as error:
            failures += 1
            reason = error.strerror or type(error).__name__
            print(
                t.gettext("{name}: could not read the file ({reason}).").format(
                    name=path.name, reason=reason
                ),
                file=sys.stderr,
            )
            continue
        except PlanImportError as error:
            failures += 1
            print(f"{path.name}: {t.render(error.message)}", file=sys.stderr)
            continue
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


async def ask_command(app: App, words: Sequence[str], top: int, as_json: bool) -> int:
    """Answer questions as an administrator would be answered in chat (every plan): the words
    on the command line make one question, as a line typed in chat (quoted or not); `-` or
    none reads one question a line from standard input. The answers' texts, best first."""
    t = app.catalogs.translator(app.settings.locale)
    if not 1 <= top <= MOST_ITEMS:
        print(
            t.gettext("chibo ask: --top must be from 1 to {most}, not {top}.").format(
                most=MOST_ITEMS, top=top
            ),
            file=sys.stderr,
        )
        return 2
    await migrate.upgrade(app.database)
    if list(words) == ["-"] or not words:
        questions = [line.strip() for line in sys.stdin if line.strip()]
    else:
        questions = [" ".join(" ".join(words).split())]
    library = PlanLibrary()
    async with app.database.transaction() as session:
        index = await library.index(Repositories(session))
    if not len(index):
        print(t.gettext("No plan has been imported yet: import one with `chibo plan import FILE`."))
        return 1
    for question in questions:
        problem = question_problem(question)
        result = (
            None
            if problem
            else answer_question(
                index, question, app.clock.now().astimezone(app.settings.zone).date()
            )
        )
        items = list(result.items[:top]) if result and result.kind is AnswerKind.FOUND else []
        kind = result.kind.value if result else "too_long"
        if as_json:
            print(
                json.dumps(
                    {
                        "question": question,
                        "kind": kind,
                        "not_found": not items,
                        "hits": [_hit_json(t, item) for item in items],
                        "near": [_hit_json(t, item) for item in (result.near if result else ())],
                    },
                    ensure_ascii=False,
                )
            )
            continue
        print(f"? {question}")
        if problem:
            print("  " + t.render(problem))
        elif result is not None and result.kind in SMALL_TALK:
            # as the chat replies
            print("  " + t.gettext(small_talk_reply(result.kind, question)))
        elif not items:
            print("  " + t.gettext("Not found in the plans."))
            for label in near_labels(t, result.near) if result else ():
                print("  ~ " + t.gettext("See: {place}").format(place=label))
        for number, item in enumerate(items, start=1):
            text = render(t, item).replace("\n", "\n     ")
            print(f"  {number}. {text}")
    return 0


def _hit_json(t: Translator, item: Item) -> dict[str, object]:
    hit = item.hit
    return {
        "kind": item.kind.value,
        "document": item.document_label,
        "section": hit.section_path if hit else item.section_path,
        "text": hit.text if hit else render(t, item),
        "score": hit.score if hit else None,
    }
