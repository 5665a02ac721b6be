"""A secretary's meeting reminders as they read them: every date with its weekday."""

from __future__ import annotations

from core.i18n import Catalogs
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
