"""What a meeting report holds, possibly only in part (as a compact line or a flow fills it)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from core.i18n import N_
from handlers.reporting.attendance import Attendance
from handlers.reporting.grades import MeetingGrade
from scheduler.planning import MeetingKind

__all__ = ["ATTENDANCE_FIELDS", "KIND_LABELS", "MeetingKind", "PartialReport"]


KIND_LABELS: dict[MeetingKind, str] = {
    MeetingKind.REGULAR: N_("Regular meeting"),
    MeetingKind.TOPIC: N_("Topic session"),
    MeetingKind.COMBINED: N_("Regular meeting with a topic session"),
}

ATTENDANCE_FIELDS = ("on_roll", "exempted", "present", "absent_excused", "absent_unexcused")


@dataclass(frozen=True, slots=True)
class PartialReport:
    """A meeting report where every field may still be unknown (None).

    held False means the meeting did not take place (then the other fields stay None).
    upper_name is the name of the upper-level committee member who attended, as typed.
    """

    held: bool | None = None
    date: date | None = None
    kind: MeetingKind | None = None
    topic_title: str | None = None
    on_roll: int | None = None
    exempted: int | None = None
    present: int | None = None
    absent_excused: int | None = None
    absent_unexcused: int | None = None
    upper_attended: bool | None = None
    upper_name: str | None = None
    resolution_adopted: bool | None = None
    grade: MeetingGrade | None = None

    def attendance(self) -> Attendance | None:
        """The attendance figures when all five are known."""
        if (
            self.on_roll is None
            or self.exempted is None
            or self.present is None
            or self.absent_excused is None
            or self.absent_unexcused is None
        ):
            return None
        return Attendance(
            on_roll=self.on_roll,
            exempted=self.exempted,
            present=self.present,
            absent_excused=self.absent_excused,
            absent_unexcused=self.absent_unexcused,
        )

    def known(self) -> tuple[str, ...]:
        """Names of the fields that have a value."""
        return tuple(f.name for f in fields(self) if getattr(self, f.name) is not None)
