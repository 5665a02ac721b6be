"""Counts to show an officer after an import: sections, tasks by owner and timing, targets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from core.i18n import N_, NP_, Text
from knowledge.model import ParsedPlan, TimingKind


@dataclass(frozen=True, slots=True)
class PlanSummary:
    """What an import found. `missing_identity` names fields to confirm ("number", "date"...)."""

    label: str
    sections: int
    tasks: int
    tasks_by_owner: dict[str, int]
    tasks_by_timing: dict[str, int]
    cell_tasks: int
    targets: int
    citations: int
    missing_identity: tuple[str, ...]


def summarize(plan: ParsedPlan) -> PlanSummary:
    """Count what `plan` holds."""
    owners = Counter(task.owner or "?" for task in plan.tasks)
    timings = Counter(task.timing.kind.value for task in plan.tasks)
    return PlanSummary(
        label=plan.label,
        sections=len(plan.sections),
        tasks=len(plan.tasks),
        tasks_by_owner=dict(owners.most_common()),
        tasks_by_timing={kind.value: timings.get(kind.value, 0) for kind in TimingKind},
        cell_tasks=sum(1 for task in plan.tasks if task.for_cells),
        targets=len(plan.targets),
        citations=len(plan.citations),
        missing_identity=plan.identity.missing,
    )


_FIELD_NAMES = {
    "number": N_("number"),
    "date": N_("date"),
    "place": N_("place"),
    "issuer": N_("issuer"),
    "signer": N_("signer"),
}


def summary_lines(
    summary: PlanSummary, gettext: Callable[[str], str] = lambda message: message
) -> list[Text]:
    """The summary as messages to render with `translator.render()`, one per line.

    Pass the reader's `translator.gettext` so the missing identity fields are named in their
    language ("số, ngày").
    """
    timing = summary.tasks_by_timing
    lines = [
        Text(N_("Imported {label}."), {"label": summary.label}),
        Text(
            N_(
                "{sections} sections, {tasks} tasks, {targets} targets, {citations} cited documents."
            ),
            {
                "sections": summary.sections,
                "tasks": summary.tasks,
                "targets": summary.targets,
                "citations": summary.citations,
            },
        ),
        Text(
            N_(
                "Timings: {deadline} with a deadline, {ongoing} ongoing, {yearly} yearly, "
                "{conditional} conditional, {done} done, {none} without a timing."
            ),
            {kind.value: timing.get(kind.value, 0) for kind in TimingKind},
        ),
        Text(N_("{cells} tasks fall to the cells."), {"cells": summary.cell_tasks}),
    ]
    for owner, count in summary.tasks_by_owner.items():
        lines.append(Text.counted(
                NP_("{owner}: {count} task", "{owner}: {count} tasks"),
                {"owner": owner, "count": count},
            ))
    if summary.missing_identity:
        lines.append(
            Text(
                N_("Not found in the document, please confirm: {fields}."),
                {
                    "fields": ", ".join(
                        gettext(missing_field_text(f)) for f in summary.missing_identity
                    )
                },
            )
        )
    return lines


def missing_field_text(field: str) -> str:
    """The msgid naming an identity field ("number" → N_("number")), for translation."""
    return _FIELD_NAMES.get(field, field)
