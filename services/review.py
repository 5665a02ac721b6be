"""Committee summaries of a subtree for a period: one computation for chat, files and the CLI.

`summarize` asks the database for aggregates (storage.repos.summary) and puts together what an
officer reads: reports in and missing, attendance, unexcused absences, upper-level attendance,
grades, topic sessions by quarter against one a quarter, the /solieu figures summed, yearly
ratings, and the plan targets that a collected figure can be checked against. With `detail`
it adds one line per cell and the late cells with their secretaries (for files and small
scopes); without, it stays a few hundred rows even for a province.

Whether a cell is late is decided here once (services.review_due): a cell lacking a month
whose meeting is still to come is not late for it yet (`LateCell.ahead`, `Group.waiting`,
`Summary.waiting`), and every view (/tonghop, /chuabaocao and its nudges, the files) reads that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

from knowledge.model import Target
from knowledge.target_measures import Measure, TargetMeasure, applies_in, measures_of, meets
from scheduler.periods import Month, Quarter
from scheduler.review_periods import ReviewPeriod, existed
from services.plan_library import load_plan
from services.review_due import may_be_ahead, not_due, planned_dates
from storage.models import MeetingReport, Organization
from storage.repos import Repositories
from storage.repos.summary import (
    MONTHLY,
    TOPIC,
    CellRow,
    CellTopics,
    IncompleteCell,
    LowestMeeting,
    MeetingCounts,
    OrgRow,
    RatingRow,
    SecretaryRow,
    TopicCounts,
    month_bits,
)

LOW_ATTENDANCE_PERCENT = 85
UNEXCUSED_RUN = 3
TOPIC_QUARTERS = 4  # one topic session a quarter: 4 a year
HEAD_COUNTS = ("candidates_in_training",)
"""Figures that count people at a moment (candidates being trained), not events in a month:
over several months each cell's last value counts, never their sum."""
ADMISSIONS = "admissions"
CELL_RATING = "cell_rating"
RATINGS = ("htxsnv", "httnv", "htnv", "khtnv")
RATED_KEYS = {f"rated_{r}": r for r in RATINGS}
SUMMARY_STEPS = 10
"""How many times `summarize` reports progress (detail adds DETAIL_STEPS)."""
DETAIL_STEPS = 4

Progress = Callable[[str], None]


class Reach(StrEnum):
    """Whether a cell's secretary can be told something through the bot."""

    REACHABLE = "reachable"
    NO_SECRETARY = "no_secretary"  # nobody holds the cell's secretary or deputy role
    INVITED = "invited"  # an invite was issued and not used yet
    BLOCKED = "blocked"  # every secretary and deputy blocked the bot


@dataclass(frozen=True, slots=True)
class ScopeOrg:
    id: int
    name: str
    path: str


@dataclass(frozen=True, slots=True)
class ReviewScope:
    """The subtrees a summary covers (one organisation, or an officer's several)."""

    orgs: tuple[ScopeOrg, ...]

    @property
    def prefixes(self) -> tuple[str, ...]:
        return tuple(o.path for o in self.orgs)

    @property
    def single(self) -> ScopeOrg | None:
        return self.orgs[0] if len(self.orgs) == 1 else None

    @property
    def token(self) -> str:
        return ",".join(str(o.id) for o in self.orgs)


async def scope_org_ids(repos: Repositories, scope: ReviewScope) -> list[int]:
    """The ids of every organisation in the scope's subtrees."""
    return [o.id for o in await repos.summary.orgs(scope.prefixes)]


def scope_of(orgs: Iterable[Organization]) -> ReviewScope:
    """The organisations as a scope, leaving out any inside another one's subtree."""
    found = sorted({o.path: o for o in orgs if o.id is not None}.values(), key=lambda o: o.path)
    kept: list[Organization] = []
    for org in found:
        if not any(org.path.startswith(k.path) for k in kept):
            kept.append(org)
    return ReviewScope(tuple(ScopeOrg(o.id or 0, o.name, o.path) for o in kept))


@dataclass(frozen=True, slots=True)
class Group:
    """A sub-organisation's part of the summary (`direct`: the cells right under the scope)."""

    org_id: int
    name: str
    path: str
    direct: bool
    meetings: MeetingCounts
    topics: TopicCounts
    warned: int
    figures: dict[str, int]
    cell_ratings: dict[str, int]
    members_rated: dict[str, int]
    waiting: int = 0  # cells lacking only months whose meeting is still to come

    @property
    def cells(self) -> int:
        return self.meetings.cells

    @property
    def late(self) -> int:
        return self.meetings.cells - self.meetings.cells_complete - self.waiting


@dataclass(frozen=True, slots=True)
class FigureLine:
    key: str
    total: int
    cells: int
    by_group: dict[int, int]


@dataclass(frozen=True, slots=True)
class Ratings:
    """Yearly ratings: cells by their own rating, members by rating (sums of the counts)."""

    year: int
    cells: dict[str, int]
    members: dict[str, int]

    @property
    def cells_rated(self) -> int:
        return sum(self.cells.values())

    @property
    def members_rated(self) -> int:
        return sum(self.members.values())


@dataclass(frozen=True, slots=True)
class TargetCheck:
    """A plan target against what the figures say; `actual` is a count or a percentage."""

    plan: str
    target: Target
    measure: Measure
    year: int
    actual: float | None
    numerator: int | None
    denominator: int | None
    met: bool | None
    rated: tuple[int, int] | None = None
    """For a target on ratings while not all are in: (rated, to be rated); `met` is then
    None, since 2 cells rated out of 9 say nothing yet of "trên 90% chi bộ"."""
    so_far: bool = False
    """A count that grows through a year still going on (admissions, topic sessions): not met
    yet is no verdict (`met` None) until the year is over; met is met."""


# Measures summed over the year: short of the target before the year ends is not a failure
_CUMULATIVE = (Measure.ADMISSIONS, Measure.ADMISSION_RATE, Measure.TOPIC_CELLS)


_CELL_RATINGS = (Measure.CELLS_EXCELLENT, Measure.CELLS_GOOD, Measure.CELLS_DONE)
_MEMBER_RATINGS = (Measure.MEMBERS_EXCELLENT, Measure.MEMBERS_GOOD, Measure.MEMBERS_DONE)


RATINGS_IN_BY = (4, 1)  # (month, day) of the year after: a year's ratings are in by then


def _rated_so_far(measure: Measure, facts: _Facts, today: date) -> tuple[int, int] | None:
    """(rated, to be rated) when a ratings target is judged on part of those it is about while
    the year's ratings are still coming in (to the end of March after it); a year's ratings
    that are in are judged as they are (cells created or members admitted since were never
    rated for it)."""
    if today >= date(facts.ratings.year + 1, *RATINGS_IN_BY):
        return None
    if measure in _CELL_RATINGS:
        rated, total = facts.ratings.cells_rated, facts.cells
    elif measure in _MEMBER_RATINGS:
        rated, total = facts.ratings.members_rated, facts.members
    else:
        return None
    return (rated, total) if 0 < rated < total else None


@dataclass(frozen=True, slots=True)
class Secretary:
    name: str
    blocked: bool
    deputy: bool = False  # a deputy secretary (phó bí thư)


@dataclass(frozen=True, slots=True)
class LateCell:
    """A cell without an accepted regular-meeting report for some months of the period."""

    cell_id: int
    name: str
    org_name: str
    group_name: str
    missing: tuple[Month, ...]  # months owed (Summary.owed) without an accepted report
    returned: tuple[Month, ...]
    secretaries: tuple[Secretary, ...]
    reach: Reach
    running: tuple[Month, ...] = ()  # the month still going on, not reported yet (not owed)
    ahead: date | None = None
    """The date of its meeting of a month owed that is still to come (services.review_due):
    that month is left out of `missing`, it is not late for it yet."""
    planned: date | None = None
    """The planned date of the meeting of the last month it lacks (for a month's period, and
    the months whose meeting may still be to come)."""

    @property
    def owes(self) -> bool:
        """Whether it lacks a report owed (or one returned): late in the summary's counts."""
        return bool(self.missing or self.returned)


@dataclass(frozen=True, slots=True)
class CellDetail:
    """One cell over the period; for a month, its reports of that month too."""

    cell_id: int
    name: str
    org_name: str
    group_name: str
    members_on_roll: int
    meetings: MeetingCounts
    topics: CellTopics
    warned: bool
    figures: dict[str, int | str]
    secretaries: tuple[Secretary, ...]
    reach: Reach
    monthly: MeetingReport | None = None
    topic: MeetingReport | None = None
    ahead: date | None = None  # its meeting of a month owed is still to come (LateCell.ahead)


@dataclass(frozen=True, slots=True)
class Summary:
    scope: ReviewScope
    period: ReviewPeriod
    months: tuple[Month, ...]  # the period's months that have begun
    owed: tuple[Month, ...]  # of those, the ones reports are owed for (ReviewPeriod.owed)
    meetings: MeetingCounts
    topics: TopicCounts
    warned: int
    groups: tuple[Group, ...]
    lowest: LowestMeeting | None
    figures: tuple[FigureLine, ...]
    yearly_figures: bool  # whether figures include the yearly ones (a whole-year period)
    ratings: Ratings
    targets: tuple[TargetCheck, ...]
    members_on_roll: int
    detail: bool = False
    cells: tuple[CellDetail, ...] = field(default_factory=tuple)
    late: tuple[LateCell, ...] = field(default_factory=tuple)
    going_on: tuple[Month, ...] = ()
    """Months begun but not owed yet (December on 01/12 in a quarter or a year) for which
    reports or figures were sent: what was sent is counted (reports sent early are owed from
    then, figures are summed over every month begun), so every view says it is."""
    waiting: int = 0
    """Cells lacking only months whose meeting is still to come: not late (`late_count`)."""

    @property
    def cell_count(self) -> int:
        return self.meetings.cells

    @property
    def expected_reports(self) -> int:
        """Reports owed: each cell's owed months it existed for."""
        return self.meetings.owed

    @property
    def late_count(self) -> int:
        """Cells late: lacking a report owed whose meeting has passed (or one returned)."""
        return self.meetings.cells - self.meetings.cells_complete - self.waiting

    @property
    def owing(self) -> tuple[LateCell, ...]:
        """The late cells that lack a report owed (`late` also holds those lacking only the
        month still going on, whose meeting has passed, for /chuabaocao, and those whose
        meeting is still to come, `ahead`)."""
        return tuple(c for c in self.late if c.owes)

    @property
    def not_due(self) -> tuple[LateCell, ...]:
        """The cells whose meeting of a month owed is still to come (they may be late for
        another month too)."""
        return tuple(c for c in self.late if c.ahead is not None)

    @property
    def quarters(self) -> list[Quarter]:
        return [Quarter(self.period.year, q) for q in (1, 2, 3, 4)]


def _quarter_months(year: int) -> list[list[str]]:
    return [[str(Quarter(year, q).month(i)) for i in (1, 2, 3)] for q in (1, 2, 3, 4)]


def _groups_of(scope: ReviewScope, orgs: Sequence[OrgRow]) -> list[tuple[OrgRow, bool]]:
    """The groups a summary is split into: each root's direct children (and the root itself for
    its own cells) for one root; the roots themselves for several."""
    by_id = {o.id: o for o in orgs}
    if len(scope.orgs) != 1:
        return [(by_id[o.id], False) for o in scope.orgs if o.id in by_id]
    root = scope.orgs[0]
    children = [(o, False) for o in orgs if o.parent_id == root.id]
    return [(by_id[root.id], True), *children] if root.id in by_id else children


def _assign(orgs: Sequence[OrgRow], groups: Sequence[tuple[int, str, bool]]) -> dict[int, int]:
    """organisation id → the id of the group (id, path, direct) it counts in."""
    ordered = sorted(groups, key=lambda g: len(g[1]), reverse=True)
    found: dict[int, int] = {}
    for org in orgs:
        for group_id, path, direct in ordered:
            if (direct and org.id == group_id) or (not direct and org.path.startswith(path)):
                found[org.id] = group_id
                break
    return found


def _reach(rows: Sequence[SecretaryRow], invited: bool) -> Reach:
    if not rows:
        return Reach.INVITED if invited else Reach.NO_SECRETARY
    if all(r.blocked for r in rows):
        return Reach.BLOCKED
    return Reach.REACHABLE


async def summarize(
    repos: Repositories,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    now: datetime,
    detail: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """The whole picture of `scope` over `period` (see the module docstring)."""
    async with repos.summary.kept_together():
        return await _summarize(
            repos, scope, period, today=today, now=now, detail=detail, progress=progress
        )


async def _summarize(
    repos: Repositories,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    now: datetime,
    detail: bool,
    progress: Progress | None,
) -> Summary:
    def step(name: str) -> None:
        if progress is not None:
            progress(name)

    db = repos.summary
    prefixes = scope.prefixes
    months = period.elapsed(today)
    month_keys = [str(m) for m in months]
    owed = period.owed(today)
    owed_keys = [str(m) for m in owed]
    year = period.year
    orgs = await db.orgs(prefixes)
    ids = [o.id for o in orgs]
    groups = _groups_of(scope, orgs)
    group_of = _assign(orgs, [(g.id, g.path, direct) for g, direct in groups])
    step("organisations")
    cell_rows: list[CellRow] = []
    per_cell: dict[int, MeetingCounts] = {}
    if detail:
        # One pass per cell; the organisations' counts are their cells' summed.
        cell_rows = await db.cells(prefixes)
        per_cell = await db.meeting_counts(
            ids, month_keys, by="cell", low_percent=LOW_ATTENDANCE_PERCENT, owed=owed_keys
        )
        by_org: dict[int, MeetingCounts] = {}
        for row in cell_rows:
            counts = per_cell.get(row.id, MeetingCounts(cells=1))
            by_org[row.org_id] = by_org.get(row.org_id, MeetingCounts()).plus(counts)
    else:
        by_org = await db.meeting_counts(
            ids, month_keys, by="org", low_percent=LOW_ATTENDANCE_PERCENT, owed=owed_keys
        )
    step("meetings")
    topics_by_org = await db.topic_counts(ids, _quarter_months(year), month_keys)
    step("topic sessions")
    window = list(month_keys)
    if months:
        window = [str(months[0].plus(-i)) for i in range(UNEXCUSED_RUN - 1, 0, -1)] + month_keys
    warned = await db.unexcused_runs(ids, window, month_keys, run=UNEXCUSED_RUN)
    step("unexcused absences")
    lowest_orgs = [o for o, c in by_org.items() if c.lowest is not None]
    lowest = None
    if lowest_orgs:
        worst = min(by_org[o].lowest or 0.0 for o in lowest_orgs)
        lowest = await db.lowest_meeting(
            [o for o in lowest_orgs if by_org[o].lowest == worst], month_keys
        )
    step("lowest attendance")
    yearly = period.kind == "year"
    figure_periods = month_keys + ([str(year)] if yearly else [])
    totals = await db.figure_totals(ids, figure_periods, head_counts=HEAD_COUNTS)
    step("figures")
    both_years = await db.rating_rows(ids, [str(year), str(year - 1)], [CELL_RATING, *RATED_KEYS])
    ratings_year = _ratings_year(both_years, year, yearly)
    rating_rows = [r for r in both_years if r.period == str(ratings_year)]
    step("ratings")
    members_by_org = await db.members_by_org(prefixes)
    members = sum(members_by_org.values())
    step("members")
    running = [str(m) for m in months if m not in owed]
    sent_ahead = await db.months_with_sends(ids, running) if running else set()
    # which cells are late: those lacking a month whose meeting is still to come are not
    incomplete: list[IncompleteCell] = []
    if month_keys and (detail or may_be_ahead(months, today)):
        incomplete = await db.incomplete_cells(ids, month_keys)
    judged = await _judge_all(
        repos, incomplete, months, owed, today, dated=months if detail and period.is_month else ()
    )
    waiting_by_org: dict[int, int] = {}
    for lacking in incomplete:
        if judged[lacking.cell_id].waiting:
            waiting_by_org[lacking.org_id] = waiting_by_org.get(lacking.org_id, 0) + 1
    step("meeting days")

    group_ids = [g.id for g, _d in groups]
    meetings = MeetingCounts()
    topics = TopicCounts()
    group_meetings = {g: MeetingCounts() for g in group_ids}
    group_topics = {g: TopicCounts() for g in group_ids}
    for org_id, counts in by_org.items():
        meetings = meetings.plus(counts)
        if org_id in group_of:
            group_meetings[group_of[org_id]] = group_meetings[group_of[org_id]].plus(counts)
    for org_id, held in topics_by_org.items():
        topics = topics.plus(held)
        if org_id in group_of:
            group_topics[group_of[org_id]] = group_topics[group_of[org_id]].plus(held)
    group_waiting = {g: 0 for g in group_ids}
    for org_id, n in waiting_by_org.items():
        if org_id in group_of:
            group_waiting[group_of[org_id]] += n
    group_warned = {g: 0 for g in group_ids}
    for org_id in warned.values():
        if org_id in group_of:
            group_warned[group_of[org_id]] += 1
    figure_lines: dict[str, dict[int, tuple[int, int]]] = {}
    for total in totals:
        group = group_of.get(total.org_id, 0)
        line = figure_lines.setdefault(total.key, {})
        old = line.get(group, (0, 0))
        line[group] = (old[0] + total.total, old[1] + total.cells)
    figures = tuple(
        FigureLine(
            key,
            sum(v[0] for v in by_group.values()),
            sum(v[1] for v in by_group.values()),
            {g: v[0] for g, v in by_group.items()},
        )
        for key, by_group in figure_lines.items()
    )
    group_ratings: dict[int, dict[str, int]] = {g: {} for g in group_ids}
    group_members: dict[int, dict[str, int]] = {g: {} for g in group_ids}
    for rating_row in rating_rows:
        group = group_of.get(rating_row.org_id, 0)
        if rating_row.key == CELL_RATING and rating_row.text is not None:
            bucket = group_ratings.setdefault(group, {})
            bucket[rating_row.text] = bucket.get(rating_row.text, 0) + rating_row.cells
        elif rating_row.key in RATED_KEYS:
            rating = RATED_KEYS[rating_row.key]
            bucket = group_members.setdefault(group, {})
            bucket[rating] = bucket.get(rating, 0) + rating_row.number
    ratings = _ratings_of(rating_rows, ratings_year)
    group_list = tuple(
        Group(
            org.id,
            org.name,
            org.path,
            direct,
            group_meetings[org.id],
            group_topics[org.id],
            group_warned[org.id],
            {line.key: line.by_group[org.id] for line in figures if org.id in line.by_group},
            group_ratings.get(org.id, {}),
            group_members.get(org.id, {}),
            group_waiting[org.id],
        )
        for org, direct in groups
        if not direct or group_meetings[org.id].cells > 0
    )
    if yearly:
        admitted = [t for t in totals if t.key == ADMISSIONS]
    else:
        through = [str(Month(year, m)) for m in range(1, months[-1].month + 1)] if months else []
        admitted = await db.figure_totals(ids, through, [ADMISSIONS])
    admissions_by_org: dict[int, int] = {}
    for total in admitted:
        admissions_by_org[total.org_id] = admissions_by_org.get(total.org_id, 0) + total.total

    def facts_of(owner: ScopeOrg) -> _Facts | None:
        """The figures a plan of `owner` is measured on: its subtree's, from the parts per
        organisation read above (no query); None when no cell of it had to report."""
        inside = {o.id for o in orgs if o.path.startswith(owner.path)}
        counts, held = MeetingCounts(), TopicCounts()
        for org_id in inside:
            counts = counts.plus(by_org.get(org_id, MeetingCounts()))
            held = held.plus(topics_by_org.get(org_id, TopicCounts()))
        if owed and counts.owed == 0 and counts.reported == 0:
            return None  # no cell had to report for the period: nothing to judge targets by
        rows = [r for r in both_years if r.org_id in inside]
        own_year = _ratings_year(rows, year, yearly)
        return _Facts(
            admissions=sum(admissions_by_org.get(o, 0) for o in inside),
            members=sum(members_by_org.get(o, 0) for o in inside),
            cells=counts.cells,
            topic_full=held.full_year_cells,
            topic_owing=held.full_year_owing,
            present=counts.present,
            expected=counts.expected,
            ratings=_ratings_of([r for r in rows if r.period == str(own_year)], own_year),
        )

    targets = await _targets(repos, scope, period, today=today, facts_of=facts_of)
    summary = Summary(
        scope=scope,
        period=period,
        months=tuple(months),
        owed=tuple(owed),
        meetings=meetings,
        topics=topics,
        warned=len(warned),
        groups=group_list,
        lowest=lowest,
        figures=figures,
        yearly_figures=yearly,
        ratings=ratings,
        targets=targets,
        members_on_roll=members,
        going_on=tuple(m for m in months if str(m) in sent_ahead),
        waiting=sum(waiting_by_org.values()),
    )
    if not detail:
        return summary
    cells, late = await _detail(
        repos, summary, orgs, group_of, warned, now, step, cell_rows, per_cell, incomplete, judged
    )
    return replace(summary, detail=True, cells=cells, late=late)


@dataclass(frozen=True, slots=True)
class _Judged:
    """What a cell lacks over a period, its meetings still to come left out."""

    missing: tuple[Month, ...]  # owed, past their meeting, without an accepted report
    returned: tuple[Month, ...]
    running: tuple[Month, ...]  # begun, not owed by the period, past their meeting
    ahead: date | None  # the meeting of a month owed still to come
    planned: date | None  # the planned meeting of the last month it lacks, when looked up
    waiting: bool  # it lacks a month owed, but only ones whose meeting is still to come

    @property
    def anything(self) -> bool:
        return bool(self.missing or self.returned or self.running or self.ahead)


async def _judge_all(
    repos: Repositories,
    incomplete: Sequence[IncompleteCell],
    months: Sequence[Month],
    owed: Sequence[Month],
    today: date,
    *,
    dated: Sequence[Month] = (),
) -> dict[int, _Judged]:
    """Each incomplete cell judged (`_judge`), the meeting dates it needs looked up at once:
    those of the months whose meeting may still be to come, and of `dated` (to show)."""
    month_keys = [str(m) for m in months]
    lookup = [m for m in months if m in dated or m in may_be_ahead(months, today)]
    wanted: dict[int, list[Month]] = {}
    for row in incomplete:
        accepted = set(month_bits(row.accepted_mask, month_keys))
        returned = set(month_bits(row.returned_mask, month_keys))
        lacking = [
            m
            for m in lookup
            if str(m) not in accepted and str(m) not in returned and existed(m, row.created_at)
        ]
        if lacking:
            wanted[row.cell_id] = lacking
    dates = await planned_dates(repos, wanted)
    return {row.cell_id: _judge(row, month_keys, owed, dates, today) for row in incomplete}


def _judge(
    row: IncompleteCell,
    month_keys: Sequence[str],
    owed: Sequence[Month],
    dates: dict[tuple[int, Month], date],
    today: date,
) -> _Judged:
    """The months `row` lacks: owed (`missing`) or not yet (`running`), each late only once its
    meeting has passed (services.review_due); a returned report is late whatever the date."""
    returned = tuple(Month.parse(m) for m in month_bits(row.returned_mask, month_keys))
    accepted = set(month_bits(row.accepted_mask, month_keys))
    lacking = [
        month
        for month in map(Month.parse, month_keys)
        if str(month) not in accepted and existed(month, row.created_at)
    ]

    def due(month: Month) -> bool:
        return month in returned or not not_due(dates.get((row.cell_id, month)), today)

    owed_lacking = [m for m in lacking if m in owed]
    missing = tuple(m for m in owed_lacking if due(m))
    running = tuple(m for m in lacking if m not in owed and due(m))
    ahead = max((dates[(row.cell_id, m)] for m in owed_lacking if not due(m)), default=None)
    last = missing[-1] if missing else (Month.parse(month_keys[-1]) if month_keys else None)
    planned = dates.get((row.cell_id, last)) if last is not None else None
    owing = bool(missing or returned)
    return _Judged(
        missing, returned, running, ahead, planned, waiting=bool(owed_lacking) and not owing
    )


async def late_cells(
    repos: Repositories,
    summary: Summary,
    *,
    now: datetime,
    today: date,
    limit: int | None = None,
) -> tuple[LateCell, ...]:
    """The cells of `summary` missing a report, with their secretaries (at most `limit`),
    judged as `summarize` judges them on `today`."""
    db = repos.summary
    orgs = await db.orgs(summary.scope.prefixes)
    org_ids = [o.id for o in orgs]
    incomplete = (await db.incomplete_cells(org_ids, [str(m) for m in summary.months]))[:limit]
    judged = await _judge_all(repos, incomplete, summary.months, summary.owed, today)
    people = _by_cell(await db.secretaries(org_ids, [row.cell_id for row in incomplete]))
    invited = await db.invited_cells(org_ids, now)
    return _late(summary, orgs, incomplete, judged, people, invited)


async def returned_cells(
    repos: Repositories, summary: Summary, *, today: date
) -> tuple[LateCell, ...]:
    """The cells of `summary` with a report returned for correction and not sent again (their
    secretaries left out): one statement for the whole subtree, whatever its size."""
    db = repos.summary
    orgs = await db.orgs(summary.scope.prefixes)
    rows = await db.incomplete_cells([o.id for o in orgs], [str(m) for m in summary.months])
    returned = [row for row in rows if row.returned_mask]
    judged = await _judge_all(repos, returned, summary.months, summary.owed, today)
    return _late(summary, orgs, returned, judged, {}, set())


def _late(
    summary: Summary,
    orgs: Sequence[OrgRow],
    incomplete: Sequence[IncompleteCell],
    judged: dict[int, _Judged],
    people: dict[int, list[SecretaryRow]],
    invited: set[int],
) -> tuple[LateCell, ...]:
    org_names = {o.id: o.name for o in orgs}
    group_of = _assign(orgs, [(g.org_id, g.path, g.direct) for g in summary.groups])
    group_names = {g.org_id: g.name for g in summary.groups}
    late: list[LateCell] = []
    for row in incomplete:
        found = judged[row.cell_id]
        if not found.anything:
            continue  # created after the months it lacks: nothing was owed
        late.append(
            LateCell(
                cell_id=row.cell_id,
                name=row.name,
                org_name=org_names.get(row.org_id, ""),
                group_name=group_names.get(
                    group_of.get(row.org_id, 0), org_names.get(row.org_id, "")
                ),
                missing=found.missing,
                returned=found.returned,
                secretaries=_secretaries(people.get(row.cell_id, [])),
                reach=_reach(people.get(row.cell_id, []), row.cell_id in invited),
                running=found.running,
                ahead=found.ahead,
                planned=found.planned,
            )
        )
    return tuple(late)


def _by_cell(rows: Sequence[SecretaryRow]) -> dict[int, list[SecretaryRow]]:
    found: dict[int, list[SecretaryRow]] = {}
    for row in rows:
        found.setdefault(row.cell_id, []).append(row)
    return found


def _secretaries(rows: Sequence[SecretaryRow]) -> tuple[Secretary, ...]:
    return tuple(Secretary(r.name, r.blocked, r.deputy) for r in rows)


async def _detail(
    repos: Repositories,
    summary: Summary,
    orgs: Sequence[OrgRow],
    group_of: dict[int, int],
    warned: dict[int, int],
    now: datetime,
    step: Progress,
    cells: Sequence[CellRow],
    per_cell: dict[int, MeetingCounts],
    incomplete: Sequence[IncompleteCell],
    judged: dict[int, _Judged],
) -> tuple[tuple[CellDetail, ...], tuple[LateCell, ...]]:
    db = repos.summary
    month_keys = [str(m) for m in summary.months]
    org_ids = [o.id for o in orgs]
    org_names = {o.id: o.name for o in orgs}
    group_names = {g.org_id: g.name for g in summary.groups}
    topics = await db.cell_topics(org_ids, _quarter_months(summary.period.year), month_keys)
    step("cells")
    numbers = sorted({f.key for f in summary.figures})
    periods = month_keys + ([str(summary.period.year)] if summary.yearly_figures else [])
    figures = await db.cell_figures(org_ids, periods, numbers, [], head_counts=HEAD_COUNTS)
    ratings = await db.cell_figures(org_ids, [str(summary.ratings.year)], [], [CELL_RATING])
    step("figures by cell")
    people = _by_cell(await db.secretaries(org_ids))
    invited = await db.invited_cells(org_ids, now)
    step("secretaries")
    reports: dict[int, dict[str, MeetingReport]] = {}
    if summary.period.is_month and summary.months:
        for report in await db.month_reports(org_ids, month_keys[0]):
            reports.setdefault(report.cell_id, {})[report.slot] = report
    late = _late(summary, orgs, incomplete, judged, people, invited)
    ahead = {c.cell_id: c.ahead for c in late if c.ahead is not None}
    step("late cells")
    details = []
    for cell in cells:
        values = dict(figures.get(cell.id, {}))
        rating = ratings.get(cell.id, {}).get(CELL_RATING)
        if rating is not None:
            values[CELL_RATING] = rating
        details.append(
            CellDetail(
                cell_id=cell.id,
                name=cell.name,
                org_name=org_names.get(cell.org_id, ""),
                group_name=group_names.get(
                    group_of.get(cell.org_id, 0), org_names.get(cell.org_id, "")
                ),
                members_on_roll=cell.members_on_roll,
                meetings=per_cell.get(cell.id, MeetingCounts(cells=1)),
                topics=topics.get(cell.id, CellTopics()),
                warned=cell.id in warned,
                figures=values,
                secretaries=_secretaries(people.get(cell.id, [])),
                reach=_reach(people.get(cell.id, []), cell.id in invited),
                monthly=reports.get(cell.id, {}).get(MONTHLY),
                topic=reports.get(cell.id, {}).get(TOPIC),
                ahead=ahead.get(cell.id),
            )
        )
    return tuple(details), late


@dataclass(frozen=True, slots=True)
class _Facts:
    admissions: int
    members: int
    cells: int
    topic_full: int
    present: int
    expected: int
    ratings: Ratings
    topic_owing: int = 0  # cells owing a topic session in some quarter of the year


def _share(numerator: int, denominator: int) -> float | None:
    return 100.0 * numerator / denominator if denominator > 0 else None


def _check(found: TargetMeasure, facts: _Facts) -> tuple[int, float | None, int | None, int | None]:
    """The year the actual is of, the actual, and the numerator and denominator behind it."""
    ratings = facts.ratings
    good_cells = ratings.cells.get("htxsnv", 0) + ratings.cells.get("httnv", 0)
    good_members = ratings.members.get("htxsnv", 0) + ratings.members.get("httnv", 0)
    cells_rated, members_rated = ratings.cells_rated, ratings.members_rated
    match found.measure:
        case Measure.ADMISSIONS:
            return 0, float(facts.admissions), facts.admissions, None
        case Measure.ADMISSION_RATE:
            base = found.base or facts.members
            return 0, _share(facts.admissions, base), facts.admissions, base
        case Measure.TOPIC_CELLS:
            # of the cells that owed a session (created before a quarter began)
            return 0, _share(facts.topic_full, facts.topic_owing), facts.topic_full, facts.topic_owing
        case Measure.ATTENDANCE:
            return 0, _share(facts.present, facts.expected), facts.present, facts.expected
        case Measure.CELLS_EXCELLENT:
            base = good_cells if found.of_good else cells_rated
            n = ratings.cells.get("htxsnv", 0)
            return ratings.year, _share(n, base), n, base
        case Measure.CELLS_GOOD:
            return ratings.year, _share(good_cells, cells_rated), good_cells, cells_rated
        case Measure.CELLS_DONE:
            n = cells_rated - ratings.cells.get("khtnv", 0)
            return ratings.year, _share(n, cells_rated), n, cells_rated
        case Measure.MEMBERS_EXCELLENT:
            base = good_members if found.of_good else members_rated
            n = ratings.members.get("htxsnv", 0)
            return ratings.year, _share(n, base), n, base
        case Measure.MEMBERS_GOOD:
            return ratings.year, _share(good_members, members_rated), good_members, members_rated
        case Measure.MEMBERS_DONE:
            n = members_rated - ratings.members.get("khtnv", 0)
            return ratings.year, _share(n, members_rated), n, members_rated
    return 0, None, None, None


async def _targets(
    repos: Repositories,
    scope: ReviewScope,
    period: ReviewPeriod,
    *,
    today: date,
    facts_of: Callable[[ScopeOrg], _Facts | None],
) -> tuple[TargetCheck, ...]:
    """The targets of the scope's own current plans that a collected figure measures, each
    plan's measured over the cells of the organisation that owns it (and below): with several
    organisations in the scope, each owner's plans are checked on its own subtree's figures
    (`facts_of`, summed from the summary's parts: no summary again per owner)."""
    documents = await repos.plans.current([o.id for o in scope.orgs])
    year = period.year
    checks: list[TargetCheck] = []
    for owner in scope.orgs:
        owned = [d for d in documents if d.org_id == owner.id]
        facts = facts_of(owner) if owned else None
        if facts is None:
            continue
        seen: set[tuple[str, float, str]] = set()
        for document in owned:
            plan = load_plan(document)
            for target in plan.targets:
                if not applies_in(target, year):
                    continue
                for found in measures_of(target):
                    key = (found.measure.value, target.value, target.comparison)
                    if key in seen:
                        continue
                    seen.add(key)
                    checks.append(_target_check(plan.label, target, found, facts, year, today))
    return tuple(checks)


def _target_check(
    label: str, target: Target, found: TargetMeasure, facts: _Facts, year: int, today: date
) -> TargetCheck:
    of_year, actual, numerator, denominator = _check(found, facts)
    rated = _rated_so_far(found.measure, facts, today)
    met = meets(target, actual) if actual is not None and not rated else None
    so_far = found.measure in _CUMULATIVE and (of_year or year) >= today.year
    return TargetCheck(
        plan=label,
        target=target,
        measure=found.measure,
        year=of_year or year,
        actual=actual,
        numerator=numerator,
        denominator=denominator,
        met=None if so_far and met is False else met,
        rated=rated,
        so_far=so_far,
    )


def _ratings_year(rows: Sequence[RatingRow], year: int, yearly: bool) -> int:
    """The year whose ratings a summary shows: its own, or last year's while this year's are
    not in (a period within the year)."""
    if not yearly and not any(r.period == str(year) for r in rows):
        return year - 1
    return year


def _ratings_of(rows: Sequence[RatingRow], year: int) -> Ratings:
    """Cells by their own rating and members by rating, summed over `rows` (of one year)."""
    cells: dict[str, int] = {}
    members: dict[str, int] = {}
    for row in rows:
        if row.key == CELL_RATING and row.text is not None:
            cells[row.text] = cells.get(row.text, 0) + row.cells
        elif row.key in RATED_KEYS:
            rating = RATED_KEYS[row.key]
            members[rating] = members.get(rating, 0) + row.number
    return Ratings(year, cells, members)


@dataclass(frozen=True, slots=True)
class MonthRate:
    month: Month
    reported: int
    held: int
    cells: int


async def monthly_rates(
    repos: Repositories, scope: ReviewScope, last: Month, *, count: int = 12
) -> list[MonthRate]:
    """Accepted regular-meeting reports for each of the `count` months up to `last`, and the
    cells that owed each (those that existed before it ended)."""
    months = [last.plus(-i) for i in range(count - 1, -1, -1)]
    keys = [str(m) for m in months]
    org_ids = await scope_org_ids(repos, scope)
    found = {row.period: row for row in await repos.summary.monthly_counts(org_ids, keys)}
    owing = await repos.summary.cells_owing(org_ids, keys)
    return [
        MonthRate(
            m,
            found[str(m)].reported if str(m) in found else 0,
            found[str(m)].held if str(m) in found else 0,
            owing.get(str(m), 0),
        )
        for m in months
    ]
