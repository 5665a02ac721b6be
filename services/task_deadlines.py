"""Plan tasks that fall to a cell, with their deadlines, for the reminder planner."""

from __future__ import annotations

import hashlib

from knowledge.structured import deadline_of
from scheduler.planning import TaskDeadline
from services.plan_library import PlanLibrary
from storage.repos import Repositories

TITLE_LIMIT = 160


def task_key(document_id: str, section_path: str, text: str) -> str:
    """A short, stable id for a task of one plan version (no ':' — it goes into dedupe keys)."""
    digest = hashlib.sha1(f"{section_path}|{text}".encode()).hexdigest()[:10]
    return f"kh{document_id}-{digest}"


class PlanTaskDeadlines:
    """The deadlines of cell tasks in the plans of the cell's organisation and those above it."""

    def __init__(self, library: PlanLibrary) -> None:
        self._library = library

    async def __call__(self, repos: Repositories, cell_id: int) -> list[TaskDeadline]:
        index = await self._library.index(repos)
        if not len(index):
            return []
        cell = await repos.orgs.get_cell(cell_id)
        if cell is None:
            return []
        org = await repos.orgs.org_of_cell(cell)
        chain = set(org.lineage())
        documents = self._library.documents_of(chain)
        deadlines = []
        for ref in index.cell_tasks():
            if ref.document_id not in documents:
                continue
            deadline = deadline_of(ref)
            if deadline is None:
                continue
            text = " ".join(ref.task.text.split())
            if len(text) > TITLE_LIMIT:
                text = text[: TITLE_LIMIT - 1].rsplit(" ", 1)[0] + "…"
            title = f"{text} ({ref.document_label}, {ref.task.section_path})"
            deadlines.append(TaskDeadline(
                task_key(ref.document_id, ref.task.section_path, ref.task.text), deadline,
                title=title))
        return deadlines
