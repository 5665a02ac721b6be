"""A secretary's meeting reminders as they read them: every date with its weekday."""

from __future__ import annotations

from datetime import UTC, datetime, time

from core.i18n import Catalogs
from scheduler.planning import CellSchedule, ReminderKind, plan
from scheduler.rules import MeetingRule, TopicRule
from scheduler.texts import render_reminder

MOVED = {
    "step": "d3",
    "meeting_kind": "regular",
    "meeting_date": "2026-12-09",
    "meeting_time": "19:30",
    "moved_from": "2026-12-03",
    "cell_name": "Chi bộ Thôn 1",
    "period": "2026-12",
}


def test_a_moved_meeting_s_reminder_says_the_weekday_of_the_old_date_too() -> None:
    text = render_reminder("before", MOVED, Catalogs().translator("vi")).text
    assert "Chi bộ Thôn 1 sinh hoạt thường kỳ ngày 09/12/2026 (thứ Tư) lúc 19:30." in text
    assert text.endswith("\nBuổi sinh hoạt đã được dời từ ngày 03/12/2026 (thứ Năm).")
    english = render_reminder("on_day", MOVED, Catalogs().translator("en")).text
    assert english.endswith("\nThe meeting was moved from 03/12/2026 (Thursday).")


def test_the_topic_reminder_says_it_goes_with_the_regular_meeting_and_why_that_day() -> None:
    """A cell whose topic session goes with December's meeting (the 5th, a Saturday, so Monday
    07/12): the quarter's reminder said «dự kiến ngày 07/12/2026» as if it were a session of its
    own, while /lich says «kết hợp với buổi sinh hoạt thường kỳ»."""
    cell = CellSchedule(
        "c9", MeetingRule.day_of_month(5, at=time(19, 30), shift=True), topic=TopicRule(3, True)
    )
    start = datetime(2026, 11, 30, 18, 0, tzinfo=UTC)  # 01/12 01:00 in Hà Nội
    [due] = [r for r in plan([cell], start, 2).reminders if r.kind is ReminderKind.TOPIC_DUE]
    payload = {**due.payload, "cell_name": "Chi bộ Thôn 9", "period": due.period}
    text = render_reminder(str(due.kind), payload, Catalogs().translator("vi")).text
    assert text == (
        "Quý IV/2026: Chi bộ Thôn 9 cần tổ chức sinh hoạt chuyên đề, kết hợp với buổi sinh hoạt"
        " thường kỳ ngày 07/12/2026 (thứ Hai) lúc 19:30.\nNgày 05/12/2026 là thứ Bảy nên buổi"
        " sinh hoạt dời sang ngày làm việc kế tiếp."
    )
