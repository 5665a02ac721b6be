"""Dates, weekdays, months and quarters written the way Vietnamese users read them."""

from __future__ import annotations

from datetime import date, time

from core.i18n import N_, Text, Translator

WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
ROMAN_QUARTERS = ("I", "II", "III", "IV")


def format_date(day: date) -> str:
    """05/12/2026."""
    return day.strftime("%d/%m/%Y")


def format_time(moment: time) -> str:
    """19:30."""
    return moment.strftime("%H:%M")


def weekday_name(day: date, t: Translator) -> str:
    """thứ Hai … Chủ nhật (translated)."""
    return t.gettext(WEEKDAYS[day.weekday()])


def weekday_text(day: date) -> Text:
    """The weekday of `day` as a Text, for messages built before the reader's language is known
    ("{date} ({weekday})")."""
    return Text(WEEKDAYS[day.weekday()])


def format_day_long(day: date, t: Translator) -> str:
    """05/12/2026 (thứ Bảy)."""
    return f"{format_date(day)} ({weekday_name(day, t)})"


def format_day_inline(day: date, t: Translator) -> str:
    """thứ Bảy 05/12/2026: the weekday first, for a date already inside parentheses."""
    return f"{weekday_name(day, t)} {format_date(day)}"


def format_month(year: int, month: int) -> str:
    """11/2026 (the caller puts "tháng" in its own sentence)."""
    return f"{month:02d}/{year}"


def format_quarter(year: int, quarter: int) -> str:
    """IV/2026 (the caller puts "quý" in its own sentence)."""
    return f"{ROMAN_QUARTERS[quarter - 1]}/{year}"

