"""The committee's files for a scope and period: Excel, chart and draft report, as attachments.

Chat flows and the `chibo report` command both build them here, from one summary each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from core.i18n import Translator
from core.messages import Attachment
from core.textfold import fold
from handlers.committee.catalog import figure_catalog
from handlers.committee.chart import build_chart
from handlers.committee.draft_report import DOCX, MAX_LATE_NAMES, build_draft
from handlers.committee.workbook import XLSX, build_workbook
from scheduler.review_periods import ReviewPeriod
from services.review import (
    DETAIL_STEPS,
    SUMMARY_STEPS,
    Progress,
    ReviewScope,
    Summary,
    late_cells,
    monthly_rates,
    summarize,
)
from storage.repos import Repositories

FILE_STEPS = SUMMARY_STEPS + DETAIL_STEPS + 2
"""At most this many progress steps for one file (a bar can use it as its length)."""
CHART_CELL_LIMIT = 25


@dataclass(frozen=True, slots=True)
class ReviewFile:
    attachment: Attachment
    summary: Summary


def file_stem(kind: str, scope: ReviewScope, period: ReviewPeriod) -> str:
    """ "tong-hop-dang-bo-xa-an-2026-11": ASCII, no spaces (safe on every phone)."""
    single = scope.single
    name = re.sub(r"[^a-z0-9]+", "-", fold(single.name)).strip("-") if single else "nhieu-don-vi"
    return f"{kind}-{name[:40]}-{period.token.lower()}"


def _noop(_step: str) -> None:
    return None


async def export_file(
    repos: Repositories,
    t: Translator,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    now: datetime,
    progress: Progress | None = None,
) -> ReviewFile:
    step = progress or _noop
    summary = await summarize(
        repos, scope, period, today=today, now=now, detail=True, progress=step
    )
    catalog = await figure_catalog(repos, scope)
    content = build_workbook(summary, catalog, t, today)
    step("workbook")
    name = file_stem("tong-hop", scope, period) + ".xlsx"
    return ReviewFile(Attachment(name, content, XLSX, "document"), summary)


async def chart_file(
    repos: Repositories,
    t: Translator,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    now: datetime,
    progress: Progress | None = None,
) -> ReviewFile:
    step = progress or _noop
    cells = await repos.summary.count_cells(scope.prefixes)
    summary = await summarize(
        repos,
        scope,
        period,
        today=today,
        now=now,
        detail=cells <= CHART_CELL_LIMIT,
        progress=step,
    )
    # the months owed: December is no bar of 0% on 01/12, its meetings are ahead
    last = summary.owed[-1] if summary.owed else period.first.plus(-1)
    rates = await monthly_rates(repos, scope, last)
    step("months")
    content = build_chart(t, summary, rates)
    step("chart")
    name = file_stem("bieu-do", scope, period) + ".png"
    return ReviewFile(Attachment(name, content, "image/png", "photo"), summary)


async def draft_file(
    repos: Repositories,
    t: Translator,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    now: datetime,
    progress: Progress | None = None,
) -> ReviewFile:
    step = progress or _noop
    summary = await summarize(repos, scope, period, today=today, now=now, progress=step)
    late = None
    if summary.late_count <= MAX_LATE_NAMES:
        late = tuple(c for c in await late_cells(repos, summary, now=now, today=today) if c.owes)
    step("late cells")
    parent_name = None
    single = scope.single
    if single is not None:
        org = await repos.orgs.get_org(single.id)
        if org is not None and org.parent_id is not None:
            parent = await repos.orgs.get_org(org.parent_id)
            parent_name = parent.name if parent is not None else None
    catalog = await figure_catalog(repos, scope)
    content = build_draft(summary, catalog, t, parent_name=parent_name, late=late, made_on=today)
    step("document")
    name = file_stem("du-thao-bao-cao", scope, period) + ".docx"
    return ReviewFile(Attachment(name, content, DOCX, "document"), summary)
