"""Officers' summaries in English: numbers, percentages and plurals in the reader's language."""

from __future__ import annotations

from fractions import Fraction

from core.i18n import Catalogs
from handlers.committee.summary_text import target_phrase
from handlers.reporting.attendance import format_percent
from handlers.reporting.figures import unit_text
from handlers.reporting.numbers import format_count
from knowledge.model import Target

EN = Catalogs().translator("en")
VI = Catalogs().translator("vi")


def test_percentages_and_thousands_follow_the_language() -> None:
    assert format_percent(Fraction(8, 9), EN.locale) == "88.9"
    assert format_percent(Fraction(8, 9), VI.locale) == "88,9"
    assert format_count(1_200_000, EN.locale) == "1,200,000"
    assert format_count(1_200_000, VI.locale) == "1.200.000"


def test_people_are_counted_in_the_plural_that_fits() -> None:
    assert unit_text(EN, "count", "people", 1) == "1 person"
    assert unit_text(EN, "count", "people", 0) == "0 people"
    assert unit_text(EN, "count", "people", 1234) == "1,234 people"
    assert unit_text(VI, "count", "people", 1) == "1 người"
    assert unit_text(EN, "money", "VND", 1_200_000) == "1,200,000 dong"
    assert unit_text(VI, "money", "VND", 1_200_000) == "1.200.000 đồng"


def test_a_plan_target_is_said_in_english_from_its_parts() -> None:
    target = Target("II.2", "Tỷ lệ kết nạp", "đạt 4,5% trở lên", 4.5, "%", "at_least")
    assert target_phrase(EN, target) == "at least 4.5%"
    assert target_phrase(VI, target) == "đạt 4,5% trở lên"  # as the plan writes it
    above = Target("II.1", "Chi bộ HTTNV", "trên 90%", 90.0, "%", "above")
    assert target_phrase(EN, above) == "above 90%"
    ceiling = Target("II.1", "Chi bộ HTXSNV", "20%", 20.0, "%", "at_most")
    assert target_phrase(VI, ceiling) == "không vượt quá 20%"  # the plan's phrase left it out


def test_a_count_of_cells_takes_the_plural_that_fits() -> None:
    one = EN.ngettext(
        "Absent without reason: {n} in {cells} cell.",
        "Absent without reason: {n} in {cells} cells.",
        1,
    ).format(n=1, cells=1)
    assert one == "Absent without reason: 1 in 1 cell."
    vi = VI.ngettext(
        "Absent without reason: {n} in {cells} cell.",
        "Absent without reason: {n} in {cells} cells.",
        2,
    ).format(n=3, cells=2)
    assert vi == "Vắng không lý do: 3 lượt ở 2 chi bộ."
