"""The officers' daily digest of late cells, built from the due escalation reminders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from scheduler.planning import PlannedReminder, ReminderKind


@dataclass(frozen=True, slots=True)
class DigestLine:
    """One late cell in a digest."""

    cell_id: str
    period: str
    meeting_date: date
    days_late: int
    has_secretary: bool
    reminder_key: str


@dataclass(frozen=True, slots=True)
class Digest:
    """One message to one officer for one local day, listing late cells."""

    officer_id: str
    day: date
    lines: tuple[DigestLine, ...]

    @property
    def dedupe_key(self) -> str:
        return f"digest:{self.officer_id}:{self.day.isoformat()}"


def build_digests(
    escalations: Iterable[PlannedReminder], officers_of: Mapping[str, Iterable[str]]
) -> list[Digest]:
    """Group due escalation reminders into one digest per officer per local day.

    `officers_of[cell_id]` lists the officers following a cell. Other kinds are ignored; a cell
    with no officer appears in no digest (the caller should log it).
    """
    grouped: dict[tuple[str, date], dict[str, DigestLine]] = defaultdict(dict)
    for reminder in escalations:
        if reminder.kind is not ReminderKind.ESCALATION:
            continue
        day = date.fromisoformat(reminder.payload["day"])
        line = DigestLine(
            reminder.cell_id,
            reminder.period,
            date.fromisoformat(reminder.payload["meeting_date"]),
            int(reminder.payload["days_late"]),
            reminder.payload.get("has_secretary") == "yes",
            reminder.dedupe_key,
        )
        for officer in officers_of.get(reminder.cell_id, ()):
            grouped[(officer, day)][line.reminder_key] = line
    return [
        Digest(officer, day, tuple(sorted(lines.values(), key=lambda x: (x.cell_id, x.period))))
        for (officer, day), lines in sorted(grouped.items())
    ]
