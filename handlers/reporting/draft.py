"""A meeting report being filled in: a typed draft, kept as JSON in the conversation state."""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from typing import Any

from handlers.reporting.attendance import Attendance
from handlers.reporting.grades import MeetingGrade
from handlers.reporting.report import MeetingKind, PartialReport

MONTHLY, TOPIC = "monthly", "topic"


def report_to_json(report: PartialReport) -> dict[str, Any]:
    """Only the known fields, with dates as ISO text and enums as their values."""
    data: dict[str, Any] = {}
    for item in fields(report):
        value = getattr(report, item.name)
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, MeetingKind | MeetingGrade):
            value = value.value
        data[item.name] = value
    return data


def report_from_json(data: dict[str, Any]) -> PartialReport:
    """The inverse of `report_to_json` (unknown keys are ignored)."""
    names = {item.name for item in fields(PartialReport)}
    values: dict[str, Any] = {k: v for k, v in data.items() if k in names and v is not None}
    if "date" in values:
        values["date"] = date.fromisoformat(values["date"])
    if "kind" in values:
        values["kind"] = MeetingKind(values["kind"])
    if "grade" in values:
        values["grade"] = MeetingGrade(values["grade"])
    return PartialReport(**values)


def merge(base: PartialReport, extra: PartialReport) -> PartialReport:
    """`base` with every field `extra` knows taken from `extra`."""
    return replace(base, **{name: getattr(extra, name) for name in extra.known()})


def clear(report: PartialReport, *names: str) -> PartialReport:
    return replace(report, **dict.fromkeys(names))


def complete_absences(report: PartialReport) -> PartialReport:
    """Fill the absences that follow from the other figures (all present: none absent; one
    kind of absence given: the other is the rest)."""
    r = report
    if r.on_roll is None or r.exempted is None or r.present is None:
        return r
    absent = r.on_roll - r.exempted - r.present
    if absent < 0:
        return r
    if r.absent_excused is None and r.absent_unexcused is None:
        return replace(r, absent_excused=0, absent_unexcused=0) if absent == 0 else r
    unexcused, excused = r.absent_unexcused, r.absent_excused
    if excused is None and unexcused is not None and 0 <= unexcused <= absent:
        return replace(r, absent_excused=absent - unexcused)
    if unexcused is None and excused is not None and 0 <= excused <= absent:
        return replace(r, absent_unexcused=absent - excused)
    return r


@dataclass
class ReportDraft:
    """A report being written: which cell, month and meeting (`slot` monthly: the month's
    regular or combined meeting; topic: a separate topic session), what the schedule planned,
    and what the secretary has said so far.

    `roll_before` is the cell's roll when the draft began: a report saying otherwise changes it
    only once the secretary confirms (`roll_confirmed`). `queue` holds the steps asked before
    the next unanswered one (a correction, the roll, a note). `base_version` is the version of
    the stored report (`report_id`) the draft began from: sending is refused if it has changed
    since (someone else corrected or returned it meanwhile); `base` is what that report said
    (`began_from`, `base_of` in handlers.flows.report), to tell the sender then which of their
    changes were not saved. `began_at` says whether a report found sent meanwhile was sent
    before or after the person began.
    """

    cell_id: int
    cell_name: str
    period: str
    slot: str = MONTHLY
    planned_date: date | None = None
    # when the schedule has the meeting begin (UTC): before it, «held as planned» is refused
    planned_start: datetime | None = None
    planned_kind: MeetingKind = MeetingKind.REGULAR
    report: PartialReport = field(default_factory=PartialReport)
    roll_before: int | None = None
    exempted_before: int = 0
    roll_confirmed: bool = False
    reason: str | None = None
    new_date: date | None = None
    new_date_asked: bool = False
    # «chưa họp» said of a meeting still ahead was confirmed as "not held this month" (not
    # "not yet": that files nothing)
    not_held_sure: bool = False
    note: str = ""
    queue: list[str] = field(default_factory=list)
    edit: bool = False
    report_id: int | None = None
    returned: bool = False
    base_version: int | None = None
    base: dict[str, Any] | None = None
    began_at: datetime | None = None  # when the person began it (UTC; None: an older draft)

    @property
    def expected(self) -> int:
        """Members expected at the meeting: on the roll, not exempted."""
        r = self.report
        return (r.on_roll or 0) - (r.exempted or 0)

    @property
    def absent(self) -> int:
        r = self.report
        return self.expected - (r.present or 0)

    def attendance(self) -> Attendance | None:
        return self.report.attendance()

    def with_report(self, report: PartialReport) -> None:
        """Take `report`, with the absences that follow from it filled in."""
        self.report = complete_absences(report)

    def to_json(self) -> dict[str, Any]:
        return {
            "cell_id": self.cell_id,
            "cell_name": self.cell_name,
            "period": self.period,
            "slot": self.slot,
            "planned_date": self.planned_date.isoformat() if self.planned_date else None,
            "planned_start": self.planned_start.isoformat() if self.planned_start else None,
            "planned_kind": self.planned_kind.value,
            "report": report_to_json(self.report),
            "roll_before": self.roll_before,
            "exempted_before": self.exempted_before,
            "roll_confirmed": self.roll_confirmed,
            "reason": self.reason,
            "new_date": self.new_date.isoformat() if self.new_date else None,
            "new_date_asked": self.new_date_asked,
            "not_held_sure": self.not_held_sure,
            "note": self.note,
            "queue": list(self.queue),
            "edit": self.edit,
            "report_id": self.report_id,
            "returned": self.returned,
            "base_version": self.base_version,
            "base": self.base,
            "began_at": self.began_at.isoformat() if self.began_at else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReportDraft:
        def day(key: str) -> date | None:
            value = data.get(key)
            return date.fromisoformat(value) if isinstance(value, str) else None

        def moment(key: str) -> datetime | None:
            value = data.get(key)
            return datetime.fromisoformat(value) if isinstance(value, str) else None

        return cls(
            cell_id=int(data["cell_id"]),
            cell_name=str(data.get("cell_name", "")),
            period=str(data["period"]),
            slot=str(data.get("slot", MONTHLY)),
            planned_date=day("planned_date"),
            planned_start=moment("planned_start"),
            planned_kind=MeetingKind(data.get("planned_kind", MeetingKind.REGULAR.value)),
            report=report_from_json(dict(data.get("report") or {})),
            roll_before=data.get("roll_before"),
            exempted_before=int(data.get("exempted_before") or 0),
            roll_confirmed=bool(data.get("roll_confirmed")),
            reason=data.get("reason"),
            new_date=day("new_date"),
            new_date_asked=bool(data.get("new_date_asked")),
            not_held_sure=bool(data.get("not_held_sure")),
            note=str(data.get("note") or ""),
            queue=[str(step) for step in data.get("queue") or []],
            edit=bool(data.get("edit")),
            report_id=data.get("report_id"),
            returned=bool(data.get("returned")),
            base_version=data.get("base_version"),
            base=data.get("base"),
            began_at=moment("began_at"),
        )

    def began_from(self) -> ReportDraft | None:
        """The draft as it was when it began from a stored report (None: it did not)."""
        if self.base is None:
            return None
        new_date = self.base.get("new_date")
        return replace(
            self,
            report=report_from_json(dict(self.base.get("report") or {})),
            reason=self.base.get("reason"),
            new_date=date.fromisoformat(new_date) if isinstance(new_date, str) else None,
            note=str(self.base.get("note") or ""),
        )
