"""The words committee views share, so chat, Excel, chart and Word say each state one way."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from core.i18n import N_, Translator
from core.vnformat import format_month
from handlers.reporting.attendance import format_percent
from handlers.reporting.figures import DEFAULT_FIGURES, FigureDefinition, unit_text
from handlers.reporting.grades import GRADE_LABELS, RATING_ABBREVIATIONS, MeetingGrade, Rating
from handlers.reporting.numbers import format_count
from scheduler.periods import Month
from scheduler.review_periods import ReviewPeriod
from services.review import Reach, Secretary

REACH_LABELS: dict[Reach, str] = {
    Reach.REACHABLE: N_("secretary on the bot"),
    Reach.NO_SECRETARY: N_("no secretary has joined the bot"),
    Reach.INVITED: N_("secretary invited, not joined yet"),
    Reach.BLOCKED: N_("secretary blocked the bot"),
}
"""Why a cell can or cannot be told something: one wording everywhere."""

REPORTED = N_("Reported")
NOT_REPORTED = N_("Not reported")
NOT_DUE = N_("Meeting day not come yet")  # its meeting is still to come: not late
RETURNED = N_("Returned for correction")
HELD = N_("Held")
NOT_HELD = N_("Meeting not held")
"""The states of a cell's month, capitalised for table cells (lower-cased inside sentences)."""

GRADE_ORDER = (MeetingGrade.GOOD, MeetingGrade.FAIR, MeetingGrade.AVERAGE, MeetingGrade.POOR)
RATING_ORDER = (Rating.HTXSNV, Rating.HTTNV, Rating.HTNV, Rating.KHTNV)
QUARTER_NAMES = ("I", "II", "III", "IV")


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def period_label(t: Translator, period: ReviewPeriod) -> str:
    """ "tháng 11/2026", "quý IV/2026", "6 tháng đầu năm 2026", "năm 2026"."""
    return t.render(period.describe())


def percent(t: Translator, numerator: int, denominator: int) -> str:
    """ "77,8" (no % sign; "77.8" in English), "-" when there is nothing to divide by."""
    if denominator <= 0:
        return "-"
    return format_percent(Fraction(numerator, denominator), t.locale)


def percent_of(t: Translator, value: float | None) -> str:
    """A 0..100 float as "91,2" ("91.2" in English)."""
    if value is None:
        return "-"
    return format_percent(Fraction(round(value * 10), 1000), t.locale)


def ratio_percent(t: Translator, value: float | None) -> str:
    """A 0..1 ratio as "91,2" ("91.2" in English)."""
    return percent_of(t, value * 100 if value is not None else None)


def month_list(months: Sequence[Month]) -> str:
    """ "10, 11/2026" (months of one year) or "12/2025, 01/2026"."""
    if not months:
        return ""
    if len({m.year for m in months}) == 1:
        return (
            ", ".join(f"{m.month:02d}" for m in months[:-1])
            + (", " if len(months) > 1 else "")
            + format_month(months[-1].year, months[-1].month)
        )
    return ", ".join(format_month(m.year, m.month) for m in months)


def secretary_text(t: Translator, secretaries: Sequence[Secretary], reach: Reach) -> str:
    """ "bí thư: Tu", "bí thư: Tu; phó bí thư: Lan", or the reason nobody can be reached."""
    if reach is not Reach.REACHABLE:
        return t.gettext(REACH_LABELS[reach])
    reached = [s for s in secretaries if not s.blocked and s.name]
    heads = ", ".join(s.name for s in reached if not s.deputy)
    deputies = ", ".join(s.name for s in reached if s.deputy)
    parts = [t.gettext("secretary: {names}").format(names=heads)] if heads else []
    if deputies:
        parts.append(t.gettext("deputy secretary: {names}").format(names=deputies))
    return "; ".join(parts) or t.gettext("secretary: {names}").format(names="?")


def grade_label(t: Translator, grade: str | None) -> str:
    return t.gettext(GRADE_LABELS[MeetingGrade(grade)]) if grade else ""


def rating_abbreviation(code: str) -> str:
    try:
        return RATING_ABBREVIATIONS[Rating(code)]
    except ValueError:
        return code


class FigureCatalog:
    """Labels, units and kinds of the figures a scope collects (its own set, then any set of
    a sub-organisation, then the defaults), in the order the committee set them."""

    def __init__(self, definitions: Sequence[FigureDefinition]) -> None:
        self._by_key: dict[str, FigureDefinition] = {}
        for definition in (*definitions, *DEFAULT_FIGURES):
            self._by_key.setdefault(definition.key, definition)

    def order(self, keys: Sequence[str]) -> list[str]:
        known = list(self._by_key)
        return sorted(keys, key=lambda k: (known.index(k) if k in known else len(known), k))

    def definition(self, key: str) -> FigureDefinition | None:
        return self._by_key.get(key)

    def label(self, t: Translator, key: str) -> str:
        definition = self._by_key.get(key)
        return definition.label(t.locale) if definition is not None else key

    def value_text(self, t: Translator, key: str, value: int) -> str:
        """ "2 người", "1.200.000 đồng" ("1 person", "1,200,000 dong" in English)."""
        definition = self._by_key.get(key)
        if definition is None:
            return format_count(value, t.locale)
        return unit_text(t, definition.kind, definition.unit, value)
