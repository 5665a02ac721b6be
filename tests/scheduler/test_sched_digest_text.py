"""The officers' digest as they read it: each late meeting's date with its weekday."""

from __future__ import annotations

from core.i18n import Catalogs
from scheduler.texts import render_digest

PAYLOAD = {
    "day": "2026-12-01",
    "lines": [
        {"cell_name": "Chi bộ Thôn 2", "meeting_date": "2026-11-03", "days_late": 28},
        {
            "cell_name": "Chi bộ Thôn 3",
            "meeting_date": "2026-11-05",
            "days_late": 26,
            "has_secretary": False,
        },
    ],
}


def test_the_digest_says_the_weekday_of_each_meeting() -> None:
    text = render_digest(PAYLOAD, Catalogs().translator("vi")).text
    assert text.startswith("Các chi bộ chưa báo cáo sinh hoạt, tính đến ngày 01/12/2026 (thứ Ba):")
    assert "- Chi bộ Thôn 2: họp ngày 03/11/2026 (thứ Ba), đã 28 ngày chưa báo cáo" in text
    assert "- Chi bộ Thôn 3: họp ngày 05/11/2026 (thứ Năm), đã 26 ngày" in text
    english = render_digest(PAYLOAD, Catalogs().translator("en")).text
    assert "meeting of 03/11/2026 (Tuesday)" in english
