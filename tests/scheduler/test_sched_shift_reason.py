"""A meeting moved off its rule's day (weekend, holiday) says why, from the planner to the text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from core.i18n import Catalogs
from scheduler.calendar_vn import WorkCalendar
from scheduler.moves import MeetingOverride
from scheduler.periods import Month
from scheduler.planning import CellSchedule, ReminderKind, meetings_in_month, plan
from scheduler.rules import DayShift, MeetingRule, meeting_day
from scheduler.texts import describe_shift, render_reminder

VN = WorkCalendar()
FIFTH = MeetingRule.day_of_month(5, at=time(19, 30), shift=True)
VI = Catalogs().translator("vi")


def test_a_weekend_day_moves_to_monday_and_says_so() -> None:
    day, shift = meeting_day(FIFTH, Month(2026, 12), VN)
    assert day == date(2026, 12, 7)
    assert shift == DayShift(date(2026, 12, 5), "weekend", later=True)
    assert describe_shift(VI, shift) == (
        "Ngày 05/12/2026 là thứ Bảy nên buổi sinh hoạt dời sang ngày làm việc kế tiếp."
    )


def test_a_holiday_is_named_and_a_working_day_has_no_shift() -> None:
    day, shift = meeting_day(FIFTH, Month(2027, 2), VN)  # Tết 2027
    assert day == date(2027, 2, 11) and shift is not None
    assert shift.reason == "public_holiday" and "Tết" in shift.holiday
    assert describe_shift(VI, shift).startswith("Ngày 05/02/2027 (thứ Sáu) là ngày nghỉ ")
    assert meeting_day(FIFTH, Month(2027, 1), VN) == (date(2027, 1, 5), None)
    unshifted = MeetingRule.day_of_month(5, at=time(19, 30))
    assert meeting_day(unshifted, Month(2026, 12), VN) == (date(2026, 12, 5), None)


def test_a_month_end_moves_back_and_says_so() -> None:
    day, shift = meeting_day(MeetingRule.day_of_month(31, shift=True), Month(2026, 10), VN)
    assert day == date(2026, 10, 30) and shift is not None and not shift.later
    assert describe_shift(VI, shift) == (
        "Ngày 31/10/2026 là thứ Bảy nên buổi sinh hoạt dời về ngày làm việc liền trước để vẫn"
        " họp trong tháng."
    )


def test_a_secretary_s_own_move_replaces_the_shift() -> None:
    cell = CellSchedule(
        "c1", FIFTH, topic=None, overrides=(MeetingOverride("2026-12", date(2026, 12, 9)),)
    )
    [moved] = meetings_in_month(cell, Month(2026, 12))
    assert moved.moved_from == date(2026, 12, 7) and moved.shift is None
    later = CellSchedule(
        "c1", FIFTH, topic=None, overrides=(MeetingOverride("2026-12", date(2026, 12, 7), time(20)),)
    )
    [same_day] = meetings_in_month(later, Month(2026, 12))
    assert same_day.shift is not None  # only the time changed: still not on the 5th


def test_the_reminders_of_a_shifted_meeting_say_why() -> None:
    cell = CellSchedule("c1", FIFTH, topic=None)
    start = datetime(2026, 12, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")).astimezone(UTC)
    reminders = [
        r
        for r in plan([cell], start, 10).reminders
        if r.kind in (ReminderKind.BEFORE, ReminderKind.ON_DAY)
    ]
    assert reminders
    for reminder in reminders:
        payload = {**reminder.payload, "cell_name": "Chi bộ Thôn 9", "period": "2026-12"}
        text = render_reminder(str(reminder.kind), payload, VI).text
        assert "07/12/2026 (thứ Hai)" in text
        assert "Ngày 05/12/2026 là thứ Bảy nên buổi sinh hoạt dời sang ngày làm việc kế tiếp." in text
    english = render_reminder(
        "before", {**reminders[0].payload, "cell_name": "Cell 9"}, Catalogs().translator("en")
    ).text
    assert "05/12/2026 is a Saturday, so the meeting moves to the next working day." in english
