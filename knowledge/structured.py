"""Questions answered from the plans' structure: tasks due in a period, an owner's tasks, a
year's targets. Anything else goes to the passage search."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from knowledge.index import PlanIndex, TargetRef, TaskRef
from knowledge.model import TimingKind
from knowledge.textnorm import fold_key

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_DUE_TASK = re.compile(r"\b(?:viec|nhiem vu|cong viec)\b")
_DUE_WORD = re.compile(r"\b(?:den han|het han|han|phai xong|hoan thanh|xong)\b")
# A question asking for the list of tasks due, not for one task's deadline: "việc đến hạn tháng
# này", "có việc gì sắp đến hạn không", "những nhiệm vụ nào tới hạn trong quý 1".
_DUE_LIST = re.compile(
    r"^(?:(?:co|xem|cho (?:toi |em )?(?:hoi|xem)) )?(?:(?:cac|nhung) )?"
    r"(?:viec|nhiem vu|cong viec)(?: (?:nao|gi))?(?: (?:sap|da|dang))? (?:den|toi|het) han\b"
)
_SOON = re.compile(r"\b(?:sap|gan) (?:den|toi|het) han\b")
# How many tasks coming due are shown when the period asked has none, or "sắp đến hạn" is asked.
UPCOMING_SHOWN = 3
_THIS_MONTH = re.compile(r"\bthang nay\b")
_NEXT_MONTH = re.compile(r"\bthang (toi|sau)\b")
_MONTH = re.compile(r"\bthang (\d{1,2})(?:\s*(?:/|nam)\s*(\d{4}))?\b")
_QUARTER = re.compile(r"\bquy (i{1,3}|iv|[1-4]|nay)\b(?:\s*(?:/|nam)\s*(\d{4}))?")
_YEAR = re.compile(r"\bnam (\d{4}|nay)\b")
_OWNER = re.compile(r"^(?:cac )?(?:nhiem vu|viec|cong viec)(?: cu the)? cua (.+?)\??$")
_OWNER_ASKS = re.compile(r"^(.+?) (?:co|phai lam) (?:nhung )?(?:nhiem vu|viec) gi\??$")
_TARGETS = re.compile(r"^(?:cac )?chi tieu (?:den |cua |trong )?(?:nam )?(\d{4})\??$")


class Kind(StrEnum):
    DUE = "due"
    OWNER = "owner"
    TARGETS = "targets"


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None = None
    quarter: int | None = None

    @property
    def last_day(self) -> date:
        if self.month:
            return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        if self.quarter:
            month = self.quarter * 3
            return date(self.year, month, calendar.monthrange(self.year, month)[1])
        return date(self.year, 12, 31)


@dataclass(frozen=True)
class StructuredAnswer:
    kind: Kind
    tasks: tuple[TaskRef, ...] = ()
    targets: tuple[TargetRef, ...] = ()
    period: Period | None = None
    owner: str = ""
    # DUE: the tasks coming due next, soonest first, when `period` has none or none was named
    upcoming: tuple[TaskRef, ...] = ()


def due_period(folded: str, today: date) -> Period | None:
    """The month, quarter or year a deadline question names, relative to `today`."""
    if _THIS_MONTH.search(folded):
        return Period(today.year, month=today.month)
    if _NEXT_MONTH.search(folded):
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        return Period(year, month=month)
    match = _MONTH.search(folded)
    if match and 1 <= int(match.group(1)) <= 12:
        return Period(int(match.group(2) or today.year), month=int(match.group(1)))
    match = _QUARTER.search(folded)
    if match:
        word = match.group(1)
        quarter = (today.month - 1) // 3 + 1 if word == "nay" else ROMAN.get(word) or int(word)
        return Period(int(match.group(2) or today.year), quarter=quarter)
    match = _YEAR.search(folded)
    if match:
        return Period(today.year if match.group(1) == "nay" else int(match.group(1)))
    return None


def answer_structured(
    index: PlanIndex,
    question: str,
    today: date,
    within: set[str] | None = None,
    owners: bool = True,
) -> StructuredAnswer | None:
    """A structured answer when the question asks for one and the plans have it (without the
    owner's tasks when `owners` is false: knowledge.answers has its own)."""
    folded = fold_key(question).strip(" ?.!")

    def readable(document_id: str) -> bool:
        return within is None or document_id in within

    task_word = _DUE_TASK.search(folded)
    if task_word and _DUE_WORD.search(folded, task_word.end()):
        period = due_period(folded, today)
        listing = _DUE_LIST.match(folded) is not None
        if period is not None:
            tasks = [t for t in index.tasks_due(period.year, period.month, period.quarter)
                     if readable(t.document_id)]
            if tasks:
                return StructuredAnswer(Kind.DUE, tuple(tasks), period=period)
        if listing and (period is not None or _SOON.search(folded)):
            # "việc đến hạn tháng này" with none due then, or "việc nào sắp đến hạn": the
            # next ones, so that the answer is never "the plans say nothing about this"
            after = today if period is None else max(today, period.last_day + timedelta(days=1))
            upcoming = upcoming_tasks(index, after, readable)
            if upcoming or period is not None:
                return StructuredAnswer(Kind.DUE, period=period, upcoming=upcoming)
    match = (_OWNER.match(folded) or _OWNER_ASKS.match(folded)) if owners else None
    if match:
        owner = match.group(1).strip()
        tasks = [t for t in index.tasks_of_owner(owner) if readable(t.document_id)]
        if tasks:
            return StructuredAnswer(Kind.OWNER, tuple(tasks), owner=owner)
    match = _TARGETS.match(folded)
    if match:
        year = int(match.group(1))
        targets = [t for t in index.targets_for_year(year) if readable(t.document_id)]
        if targets:
            return StructuredAnswer(Kind.TARGETS, targets=tuple(targets), period=Period(year))
    return None


def deadline_of(task: TaskRef) -> date | None:
    """The last day a task is due by, from its first deadline timing."""
    for timing in task.task.timings:
        if timing.kind is TimingKind.DEADLINE and timing.year:
            return Period(timing.year, timing.month, timing.quarter).last_day
    return None


def coming_due(refs: Iterable[TaskRef], after: date) -> list[TaskRef]:
    """The tasks of `refs` whose deadline is `after` or later, soonest first (in their order
    among those due the same day)."""
    dated = [(deadline, ref) for ref in refs if (deadline := deadline_of(ref)) and deadline >= after]
    return [ref for _deadline, ref in sorted(dated, key=lambda item: item[0])]


def upcoming_tasks(
    index: PlanIndex, after: date, readable: Callable[[str], bool]
) -> tuple[TaskRef, ...]:
    """The first `UPCOMING_SHOWN` readable tasks whose deadline is `after` or later."""
    readable_refs = (ref for ref in index.tasks() if readable(ref.document_id))
    return tuple(coming_due(readable_refs, after)[:UPCOMING_SHOWN])
