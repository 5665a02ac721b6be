"""The summary as one PNG a phone can read: reporting rate by month, attendance, topic sessions."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.i18n import Translator
from handlers.committee.summary_text import going_on_text, scope_name
from handlers.committee.wording import NOT_HELD, NOT_REPORTED, RETURNED, period_label
from services.review import LOW_ATTENDANCE_PERCENT, MonthRate, Summary

MAX_BARS = 25
REPORTED_COLOUR = "#2e86c1"
LOW_COLOUR = "#e67e22"
MISSING_COLOUR = "#c0392b"
GREY = "#7f8c8d"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the attendance panel: a percentage, or a state word instead of a value."""

    name: str
    value: float | None
    state: str = ""


def attendance_bars(t: Translator, summary: Summary) -> tuple[list[Bar], bool]:
    """Cells (small scope, with detail) or sub-organisations, lowest first when cut to MAX_BARS;
    the flag says whether they are sub-organisations."""
    bars: list[Bar] = []
    by_group = not summary.cells or len(summary.cells) > MAX_BARS
    if not by_group:
        for cell in summary.cells:
            name = cell.name.removeprefix("Chi bộ ")
            m = cell.meetings
            if (
                summary.period.is_month
                and cell.monthly is not None
                and cell.monthly.status == "returned"
            ):
                bars.append(Bar(name, None, t.gettext(RETURNED)))
            elif m.expected > 0:
                bars.append(Bar(name, 100.0 * m.present / m.expected))
            elif m.not_held and not m.held:
                bars.append(Bar(name, None, t.gettext(NOT_HELD)))
            else:
                bars.append(Bar(name, None, t.gettext(NOT_REPORTED)))
        return bars, False
    for group in summary.groups:
        m = group.meetings
        value = 100.0 * m.present / m.expected if m.expected else None
        bars.append(Bar(group.name, value, "" if value is not None else t.gettext(NOT_REPORTED)))
    if len(bars) > MAX_BARS:
        bars = sorted(bars, key=lambda b: (b.value is not None, b.value or 0.0))[:MAX_BARS]
    return bars, True


def title_lines(t: Translator, summary: Summary) -> list[str]:
    """The scope, the period, and what /tonghop says of a month still going on it counts."""
    lines = [scope_name(t, summary), period_label(t, summary.period)]
    going_on = going_on_text(t, summary)
    return [*lines, going_on] if going_on else lines


def build_chart(t: Translator, summary: Summary, rates: Sequence[MonthRate]) -> bytes:
    """Three panels, one under the other, for a phone screen."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    _ = t.gettext
    bars, by_group = attendance_bars(t, summary)
    height = 3.0 + 0.32 * max(len(bars), 4) + 3.0
    figure, (rate_axes, attendance_axes, topic_axes) = pyplot.subplots(
        3,
        1,
        figsize=(7.5, height),
        dpi=110,
        gridspec_kw={"height_ratios": [3.0, 0.32 * max(len(bars), 4), 2.6]},
    )
    try:
        figure.suptitle("\n".join(title_lines(t, summary)), fontsize=12, y=0.995)
        _rates_panel(t, rate_axes, rates)
        _attendance_panel(t, attendance_axes, bars, by_group)
        _topic_panel(t, topic_axes, summary)
        figure.tight_layout(rect=(0, 0, 1, 0.97))
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()
    finally:
        pyplot.close(figure)


def rate_values(rates: Sequence[MonthRate]) -> list[float | None]:
    """Each month's reports received as a % of the cells that owed it; None for a month no cell
    owed (the cells were created after it): no data, not 0%."""
    return [100.0 * r.reported / r.cells if r.cells else None for r in rates]


def _rates_panel(t: Translator, axes: Any, rates: Sequence[MonthRate]) -> None:
    labels = [f"{r.month.month:02d}/{r.month.year % 100:02d}" for r in rates]
    values = rate_values(rates)
    axes.bar(labels, [v or 0.0 for v in values], color=REPORTED_COLOUR)
    axes.set_ylim(0, 110)
    axes.set_title(t.gettext("Reports received, % of cells, by month"), fontsize=10)
    axes.tick_params(axis="x", labelsize=8)
    for index, value in enumerate(values):
        if value is None:
            axes.text(
                index, 2, t.gettext("no data"), ha="center", fontsize=6, color=GREY, rotation=90
            )
        else:
            axes.text(index, value + 2, f"{value:.0f}", ha="center", fontsize=7)


def _attendance_panel(t: Translator, axes: Any, bars: Sequence[Bar], by_group: bool) -> None:
    names = [b.name[:32] for b in bars]
    values = [b.value if b.value is not None else 0.0 for b in bars]
    colours = [
        MISSING_COLOUR
        if b.value is None
        else LOW_COLOUR
        if b.value <= LOW_ATTENDANCE_PERCENT
        else REPORTED_COLOUR
        for b in bars
    ]
    axes.barh(names, values, color=colours)
    axes.axvline(LOW_ATTENDANCE_PERCENT, color=GREY, linestyle="--", linewidth=1)
    axes.text(
        LOW_ATTENDANCE_PERCENT + 1,
        0.01,
        f"{LOW_ATTENDANCE_PERCENT}%",
        color=GREY,
        fontsize=8,
        ha="left",
        va="bottom",
        transform=axes.get_xaxis_transform(),
    )
    axes.set_xlim(0, 100)
    axes.invert_yaxis()
    title = (
        t.gettext("Attendance by organisation, %")
        if by_group
        else t.gettext("Attendance by cell, %")
    )
    axes.set_title(title, fontsize=10)
    axes.tick_params(axis="y", labelsize=8)
    for index, bar in enumerate(bars):
        label = bar.state if bar.value is None else _decimal(t, bar.value)
        inside = bar.value is not None and bar.value > 20
        axes.text(
            (bar.value or 0.0) - 1 if inside else (bar.value or 0.0) + 1,
            index,
            label,
            va="center",
            ha="right" if inside else "left",
            fontsize=7,
            color="white" if inside else "black",
        )


def _decimal(t: Translator, value: float) -> str:
    """ "83,3" ("83.3" in English)."""
    text = f"{value:.1f}"
    return text if t.locale == "en" else text.replace(".", ",")


def _topic_panel(t: Translator, axes: Any, summary: Summary) -> None:
    cells = summary.meetings.cells
    labels = [t.gettext("Quarter {q}").format(q=q) for q in ("I", "II", "III", "IV")]
    values = list(summary.topics.cells_by_quarter)
    axes.bar(labels, values, color=REPORTED_COLOUR)
    axes.axhline(cells, color=GREY, linestyle="--", linewidth=1)
    axes.set_ylim(0, max(cells, 1) * 1.2)
    axes.set_title(
        t.gettext("Cells with a topic session, by quarter of {year} (of {cells})").format(
            year=summary.period.year, cells=cells
        ),
        fontsize=10,
    )
    for index, value in enumerate(values):
        axes.text(index, value + max(cells, 1) * 0.02, str(value), ha="center", fontsize=8)
