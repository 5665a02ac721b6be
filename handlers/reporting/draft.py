"""A meeting report being filled in, kept as JSON in the conversation state."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

from handlers.reporting.grades import MeetingGrade
from handlers.reporting.report import MeetingKind, PartialReport

_DATE_FIELDS = ("date",)


def report_to_json(report: PartialReport) -> dict[str, Any]:
    """Only the known fields, with dates as ISO text and enums as their values."""
    data: dict[str, Any] = {}
    for field in fields(report):
        value = getattr(report, field.name)
        if value is None:
            continue
        if isinstance(value, date):
            value = value.isoformat()
        elif isinstance(value, MeetingKind | MeetingGrade):
            value = value.value
        data[field.name] = value
    return data


def report_from_json(data: dict[str, Any]) -> PartialReport:
    """The inverse of `report_to_json` (unknown keys are ignored)."""
    names = {field.name for field in fields(PartialReport)}
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
    """Fill the absences that follow from the other figures (all present: none absent)."""
    r = report
    if r.on_roll is None or r.exempted is None or r.present is None:
        return r
    absent = r.on_roll - r.exempted - r.present
    if r.absent_excused is None and r.absent_unexcused is None:
        if absent == 0:
            return replace(r, absent_excused=0, absent_unexcused=0)
        return r
    if (
        r.absent_excused is None
        and r.absent_unexcused is not None
        and 0 <= r.absent_unexcused <= absent
    ):
        return replace(r, absent_excused=absent - r.absent_unexcused)
    if (
        r.absent_unexcused is None
        and r.absent_excused is not None
        and 0 <= r.absent_excused <= absent
    ):
        return replace(r, absent_unexcused=absent - r.absent_excused)
    return r
