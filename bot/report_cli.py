"""`chibo report summary|export|chart|draft --scope ORG --period KỲ [--out PATH]`: the committee's
summary and files from the command line, for the server's operator (no access check: the
operator names the subtree), with a progress bar on a terminal."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any, TextIO

from bot.app import App, prepare_database
from core.i18n import N_, Translator
from handlers.bootstrap import ScopeError, resolve_scope
from handlers.committee.catalog import figure_catalog
from handlers.committee.files import FILE_STEPS, chart_file, draft_file, export_file
from handlers.committee.scope import default_period_of
from handlers.committee.summary_text import cell_lines, group_label, late_lines, overview
from scheduler.review_periods import PeriodError, ReviewPeriod, parse_review_period
from services.review import SUMMARY_STEPS, ReviewScope, scope_of, summarize
from storage.models import Organization
from storage.repos import Repositories

ACTIONS = ("summary", "export", "chart", "draft")
DETAIL_LIMIT = 30


def add_report_parser(commands: Any, t: Translator) -> None:
    """The `report` subcommand (called by bot.cli)."""
    _ = t.gettext
    report = commands.add_parser("report", help=_("committee summary, Excel, chart, draft report"))
    report.add_argument("action", choices=ACTIONS)
    report.add_argument("--scope", help=_("the organisation: org:ID, an id, or its name"))
    report.add_argument("--period", default="", help=_('e.g. "tháng 10", "quý 4/2026", "năm 2026"'))
    report.add_argument("--out", type=Path, help=_("where to write the file"))


class ProgressBar:
    """A bar on a terminal; nothing when the output is a file or a pipe."""

    def __init__(self, out: TextIO, total: int, label: str) -> None:
        self._out = out
        self._total = max(total, 1)
        self._done = 0
        self._label = label
        self._live = out.isatty()

    def step(self, name: str) -> None:
        self._done = min(self._done + 1, self._total)
        self._draw(name)

    def finish(self) -> None:
        self._done = self._total
        self._draw("")
        if self._live:
            self._out.write("\n")
            self._out.flush()

    def _draw(self, name: str) -> None:
        if not self._live:
            return
        width = 24
        filled = width * self._done // self._total
        text = f"\r{self._label} [{'#' * filled}{'.' * (width - filled)}] {name[:30]:<30}"
        self._out.write(text)
        self._out.flush()


async def _organisation(repos: Repositories, text: str | None) -> Organization:
    if text and text.strip().isdecimal():
        text = f"org:{text.strip()}"
    scope = await resolve_scope(repos, text, want="org")
    if scope.cell is not None:
        raise ScopeError(N_("the scope must be an organisation, not a cell"))
    if scope.org is not None:
        return scope.org
    roots = [o for o in await repos.orgs.orgs() if o.parent_id is None]
    if len(roots) != 1:
        raise ScopeError(N_("name the organisation with --scope"))
    return roots[0]


async def report_command(app: App, args: argparse.Namespace) -> int:
    t = app.catalogs.translator(app.settings.locale)
    await prepare_database(app)
    now = app.clock.now()
    today = now.astimezone(app.settings.zone).date()
    typed = parse_review_period(args.period, today) if args.period else None
    if isinstance(typed, PeriodError):
        print(f"chibo report: {t.render(typed.message)}", file=sys.stderr)
        return 2
    try:
        async with app.database.transaction() as session:
            repos = Repositories(session)
            scope = scope_of([await _organisation(repos, args.scope)])
            # without --period, the month chat gives: last month while its reports are open
            period = typed or await default_period_of(repos, scope, today)
            if args.action == "summary":
                text = await _summary_text(repos, t, scope, period, today=today, now=now)
                print(text)
                return 0
            bar = ProgressBar(sys.stderr, FILE_STEPS, args.action)
            builder = {"export": export_file, "chart": chart_file, "draft": draft_file}[args.action]
            made = await builder(repos, t, scope, period, today=today, now=now, progress=bar.step)
            bar.finish()
    except ScopeError as error:
        print(f"chibo report: {t.render(error.text)}", file=sys.stderr)
        return 2
    path: Path = args.out or Path(made.attachment.filename)
    try:
        await asyncio.to_thread(path.write_bytes, made.attachment.content)
    except OSError as error:
        reason = error.strerror or type(error).__name__
        print(
            "chibo report: "
            + t.gettext("cannot write {path}: {reason}").format(path=path, reason=reason),
            file=sys.stderr,
        )
        return 1
    print(path)
    return 0


async def _summary_text(
    repos: Repositories,
    t: Translator,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: Any,
    now: Any,
) -> str:
    cells = await repos.summary.count_cells(scope.prefixes)
    bar = ProgressBar(sys.stderr, SUMMARY_STEPS, "summary")
    summary = await summarize(
        repos,
        scope,
        period,
        today=today,
        now=now,
        detail=cells <= DETAIL_LIMIT,
        progress=bar.step,
    )
    bar.finish()
    lines = overview(t, summary, await figure_catalog(repos, scope))
    if len(summary.groups) > 1:
        lines.extend("- " + group_label(t, g, summary) for g in summary.groups)
    if summary.detail:
        lines.extend(cell_lines(t, summary))
        lines.extend(late_lines(t, summary, summary.late, today))
    return "\n".join(lines)
