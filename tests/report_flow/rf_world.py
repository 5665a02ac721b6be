"""The report flow tests' world: the demo organisation, secretaries, officers and a chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from sqlmodel import SQLModel, select

from core.clock import FakeClock
from core.messages import Reply
from handlers.demo import load_demo
from storage.engine import Database
from storage.models import Cell
from storage.repos import Repositories
from tests.harness import Harness, build_harness

Row = TypeVar("Row", bound=SQLModel)


@dataclass
class World:
    chat: Harness
    database: Database
    clock: FakeClock
    cells: dict[str, Cell]
    org_id: int
    other_org_id: int


async def make_world(database: Database, clock: FakeClock) -> World:
    """Demo org with 9 cells; "chi" is secretary of Thôn 1, "binh" an officer of the commune,
    "xa" an officer of another commune (with one cell), "tu" secretary of Thôn 2 and Thôn 3."""
    now = clock.now()
    async with database.transaction() as session:
        repos = Repositories(session)
        org = await load_demo(repos, now)
        other = await repos.orgs.add_org("Đảng bộ xã Khác", parent=None, kind="dang_bo_xa", now=now)
        await repos.orgs.add_cell(other, "Chi bộ Xóm Khác", now=now, members_on_roll=10)
        cells = {c.name: c for c in await repos.orgs.all_cells()}

        async def person(
            user: str, role: str, *, cell: str | None = None, org_id: int | None = None
        ) -> None:
            account = await repos.accounts.get_or_create(
                "console", user, chat_id=user, display_name=user.title(), locale="vi", now=now
            )
            assert account.id is not None
            await repos.roles.grant(
                account.id,
                role,
                org_id=org_id,
                cell_id=cells[cell].id if cell else None,
                granted_by=None,
                now=now,
            )

        await person("chi", "secretary", cell="Chi bộ Thôn 1")
        await person("tu", "secretary", cell="Chi bộ Thôn 2")
        await person("tu", "secretary", cell="Chi bộ Thôn 3")
        await person("binh", "officer", org_id=org.id)
        await person("xa", "officer", org_id=other.id)
        await person("khac", "secretary", cell="Chi bộ Xóm Khác")
        assert org.id is not None and other.id is not None
        org_id, other_id = org.id, other.id
    return World(build_harness(database, clock), database, clock, cells, org_id, other_id)


async def exchange(chat: Harness, user: str, steps: list[tuple[str, str]]) -> list[str]:
    """Send each (kind, value): ("text", "...") typed, ("tap", value) a button press."""
    seen: list[str] = []
    for kind, value in steps:
        replies = await (chat.send(user, choice=value) if kind == "tap" else chat.send(user, value))
        seen.append("\n".join(r.text for r in replies))
    return seen


def last_choices(replies: list[Reply]) -> list[str]:
    return [c.label for c in replies[-1].choices] if replies else []


async def rows(world: World, model: type[Row]) -> list[Row]:
    """Every stored row of `model` (reports, moves, figures), read in a transaction of its own."""
    async with world.database.transaction() as session:
        return list((await session.exec(select(model))).all())
