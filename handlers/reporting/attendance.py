"""Meeting attendance figures, the checks that must pass, and the warnings worth showing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from core.i18n import N_, NP_, Text
from core.vnformat import format_quarter
from handlers.reporting.problems import Issue

DEFAULT_MIN_RATIO = Fraction(85, 100)
DEFAULT_UNEXCUSED_RUN = 3
MAX_ROLL = 500
"""More members than any party cell has (a village cell has a few to a few dozen, the largest
cells of agencies and enterprises a few hundred): such a roll is a typing mistake."""

E_NEGATIVE = "attendance.negative"
E_NO_MEMBERS = "attendance.no_members"
E_ROLL_TOO_LARGE = "attendance.roll_too_large"
E_PRESENT_OVER_ROLL = "attendance.present_over_roll"
E_EXEMPTED_OVER_ROLL = "attendance.exempted_over_roll"
E_SUM_SHORT = "attendance.sum_short"
E_SUM_OVER = "attendance.sum_over"
E_NONE_PRESENT = "attendance.none_present"
W_LOW_ATTENDANCE = "attendance.low"
W_UNEXCUSED = "attendance.unexcused"
W_UNEXCUSED_RUN = "attendance.unexcused_run"
W_NO_TOPIC_SESSION = "attendance.no_topic_session"

_MSG_NEGATIVE = {
    "on_roll": N_("The number of members cannot be negative. Please type it again:"),
    "exempted": N_("The number exempted cannot be negative. Please type it again:"),
    "present": N_("The number present cannot be negative. Please type it again:"),
    "absent_excused": N_(
        "The number absent with a reason cannot be negative. Please type it again:"
    ),
    "absent_unexcused": N_(
        "The number absent without a reason cannot be negative. Please type it again:"
    ),
}
_MSG_NO_MEMBERS = N_("The cell has 0 members on the roll. Please type the number of members:")
_MSG_ROLL_TOO_LARGE = N_(
    "{on_roll} members is more than a party cell has (at most {maximum}). Please type the "
    "number of members on the roll again:"
)
_MSG_PRESENT_OVER_ROLL = N_(
    "The number present ({present}) is larger than the number of members ({on_roll}). "
    "Please type the number present again:"
)
_MSG_NONE_PRESENT = N_(
    "The meeting was held with nobody present? Please type the number present; if the cell "
    "did not meet, type «chưa họp»:"
)
_MSG_EXEMPTED_OVER_ROLL = N_(
    "The number exempted ({exempted}) is larger than the number of members ({on_roll}). "
    "Please type the number exempted again:"
)
_MSG_SUM_SHORT = N_(
    "Present {present} + absent with a reason {absent_excused} + absent without a reason "
    "{absent_unexcused} + exempted {exempted} = {total}, but the cell has {on_roll} members. "
    "{difference} missing. Please check the absences:"
)
_MSG_SUM_OVER = N_(
    "Present {present} + absent with a reason {absent_excused} + absent without a reason "
    "{absent_unexcused} + exempted {exempted} = {total}, but the cell has {on_roll} members. "
    "{difference} too many. Please check the figures:"
)
_MSG_LOW_ATTENDANCE = N_(
    "Attendance is {percent}% ({present}/{expected} members expected), not above {threshold}%."
)
_MSG_UNEXCUSED = NP_(
    "{count} member absent without a reason; this counts when grading the meeting.",
    "{count} members absent without a reason; this counts when grading the meeting.",
)
_MSG_UNEXCUSED_RUN = N_(
    "The cell has had members absent without a reason {months} months running. A member "
    "absent for 3 months in a year without a valid reason is proposed for striking off the "
    "roll; please check whether it is the same member."
)
_MSG_NO_TOPIC_SESSION = N_(
    "The cell has not held a topic session in quarter {quarter} and the planned month has "
    "passed. Please arrange one before the quarter ends."
)


@dataclass(frozen=True, slots=True)
class Attendance:
    """Who was at one meeting. on_roll counts full and probationary members."""

    on_roll: int
    exempted: int
    present: int
    absent_excused: int
    absent_unexcused: int

    @property
    def expected(self) -> int:
        """Members expected at the meeting: on the roll and not exempted."""
        return self.on_roll - self.exempted

    @property
    def ratio(self) -> Fraction | None:
        """present / (on_roll − exempted); None when nobody was expected."""
        if self.expected <= 0:
            return None
        return Fraction(self.present, self.expected)


@dataclass(frozen=True, slots=True)
class TopicSessionStatus:
    """What the caller knows about this quarter's topic session (chuyên đề).

    held_this_quarter includes the meeting being reported; planned_month_passed is True once
    the month the cell planned it for is over (or the setting's default month, e.g. the
    quarter's second month).
    """

    year: int
    quarter: int
    held_this_quarter: bool
    planned_month_passed: bool


def roll_too_large(on_roll: int) -> Issue | None:
    """A roll typed that no cell has (more than MAX_ROLL); a cell's own roll, however large
    (set by an administrator), is never refused by this."""
    if on_roll <= MAX_ROLL:
        return None
    params = {"on_roll": on_roll, "maximum": MAX_ROLL}
    return Issue(E_ROLL_TOO_LARGE, Text(_MSG_ROLL_TOO_LARGE, params), ("on_roll",))


def roll_change_is_large(before: int, after: int) -> bool:
    """A new roll far from the one so far (18 → 180, 18 → 8): asked to be confirmed, since a
    cell's roll moves by a member or two a year. Changes of up to 3, or a quarter of the roll,
    are not."""
    return abs(after - before) > max(3, before // 4)


def check_attendance(attendance: Attendance) -> list[Issue]:
    """Errors that must be fixed before the figures of a meeting held are saved (empty when
    all is well)."""
    negative = [
        Issue(E_NEGATIVE, Text(_MSG_NEGATIVE[field.name]), (field.name,))
        for field in fields(attendance)
        if getattr(attendance, field.name) < 0
    ]
    if negative:
        return negative
    a = attendance
    if a.on_roll == 0:
        return [Issue(E_NO_MEMBERS, Text(_MSG_NO_MEMBERS), ("on_roll",))]
    issues: list[Issue] = []
    if a.present == 0 and a.expected > 0:
        # a meeting reported as held: someone was there (not held is its own answer)
        issues.append(Issue(E_NONE_PRESENT, Text(_MSG_NONE_PRESENT), ("present",)))
    if a.present > a.on_roll:
        params = {"present": a.present, "on_roll": a.on_roll}
        issues.append(
            Issue(E_PRESENT_OVER_ROLL, Text(_MSG_PRESENT_OVER_ROLL, params), ("present",))
        )
    if a.exempted > a.on_roll:
        params = {"exempted": a.exempted, "on_roll": a.on_roll}
        issues.append(
            Issue(E_EXEMPTED_OVER_ROLL, Text(_MSG_EXEMPTED_OVER_ROLL, params), ("exempted",))
        )
    total = a.present + a.absent_excused + a.absent_unexcused + a.exempted
    if total != a.on_roll:
        params = {
            "present": a.present,
            "absent_excused": a.absent_excused,
            "absent_unexcused": a.absent_unexcused,
            "exempted": a.exempted,
            "total": total,
            "on_roll": a.on_roll,
            "difference": abs(a.on_roll - total),
        }
        code, msgid = (
            (E_SUM_SHORT, _MSG_SUM_SHORT) if total < a.on_roll else (E_SUM_OVER, _MSG_SUM_OVER)
        )
        involved = ("present", "absent_excused", "absent_unexcused", "exempted")
        issues.append(Issue(code, Text(msgid, params), involved))
    return issues


def attendance_warnings(
    attendance: Attendance,
    *,
    previous_unexcused: Sequence[int | None] = (),
    topic: TopicSessionStatus | None = None,
    min_ratio: Fraction = DEFAULT_MIN_RATIO,
    unexcused_run: int = DEFAULT_UNEXCUSED_RUN,
) -> list[Issue]:
    """Warnings about figures that passed `check_attendance` (the report can still be saved).

    previous_unexcused: unexcused absences of the months just before this one, oldest first
    (None for a month without a report).
    """
    a = attendance
    warnings: list[Issue] = []
    ratio = a.ratio
    if ratio is not None and ratio <= min_ratio:
        params = {
            "percent": format_percent(ratio),
            "present": a.present,
            "expected": a.expected,
            "threshold": format_percent(min_ratio),
        }
        warnings.append(Issue(W_LOW_ATTENDANCE, Text(_MSG_LOW_ATTENDANCE, params), ("present",)))
    if a.absent_unexcused > 0:
        params = {"count": a.absent_unexcused}
        warnings.append(Issue(W_UNEXCUSED, Text.counted(_MSG_UNEXCUSED, params), ("absent_unexcused",)))
        months = unexcused_months_running(a.absent_unexcused, previous_unexcused)
        if months >= unexcused_run:
            warnings.append(
                Issue(
                    W_UNEXCUSED_RUN,
                    Text(_MSG_UNEXCUSED_RUN, {"months": months}),
                    ("absent_unexcused",),
                )
            )
    if topic is not None:
        warning = topic_session_warning(topic)
        if warning is not None:
            warnings.append(warning)
    return warnings


def unexcused_months_running(current: int, previous: Sequence[int | None]) -> int:
    """How many months up to this one in a row had unexcused absences (0 if this one had none)."""
    if current <= 0:
        return 0
    months = 1
    for count in reversed(previous):
        if not count or count <= 0:
            break
        months += 1
    return months


def topic_session_warning(topic: TopicSessionStatus) -> Issue | None:
    """A warning when the quarter's topic session is overdue."""
    if topic.held_this_quarter or not topic.planned_month_passed:
        return None
    params = {"quarter": format_quarter(topic.year, topic.quarter)}
    return Issue(W_NO_TOPIC_SESSION, Text(_MSG_NO_TOPIC_SESSION, params))


def format_percent(ratio: Fraction, locale: str = "vi") -> str:
    """83,3 (one decimal, comma, none when whole: 85); 83.3 in English."""
    value = (Decimal(ratio.numerator) * 100 / Decimal(ratio.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    text = f"{value:f}"
    if text.endswith(".0"):
        text = text[:-2]
    return text if locale == "en" else text.replace(".", ",")
