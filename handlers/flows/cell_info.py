"""/chibo [TÊN]: a cell's history, found by name (diacritics optional) or picked from a list."""

from __future__ import annotations

from core.messages import Choice, Reply
from handlers.cells import load_cell, visible_cells
from handlers.committee.find import MAX_FOUND, find_by_name, search_question
from handlers.committee.history import cell_history
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from services.access import AccessDenied
from storage.models import Cell

NAME = "cell_info"
LIST_LIMIT = 30


class CellInfoFlow:
    name = NAME

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        cells = await visible_cells(ctx.repos, ctx.principal)
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        if args.strip():
            return await self._search(ctx, cells, args, typed_with_command=True)
        if len(cells) == 1 and cells[0].id is not None:
            return await self._show(ctx, cells[0].id)
        if len(cells) <= LIST_LIMIT:
            return self._pick(ctx, cells, _("Which cell?"))
        return ask(
            FlowState(NAME, "pick"),
            _("Type the name of the cell (diacritics optional), for example: thon dong hoa"),
        )

    def _pick(self, ctx: Context, cells: list[Cell], question: str) -> Outcome:
        choices = tuple(Choice(c.name, f"c:{c.id}") for c in cells)
        return ask(FlowState(NAME, "pick"), question, choices)

    async def _search(
        self, ctx: Context, cells: list[Cell], typed: str, *, typed_with_command: bool = False
    ) -> Outcome:
        """The cell named `typed`, or a question to find it. A name typed with the command that
        names no cell is said and nothing asked: /chibo may be typed while a report is half
        entered, and a question here would drop it."""
        _ = ctx.t.gettext
        found = find_by_name(cells, typed, lambda c: c.name)
        if len(found) == 1 and found[0].id is not None:
            return await self._show(ctx, found[0].id)
        if not found and typed_with_command:
            return done(
                Reply(
                    _(
                        "No cell is named «{text}». Type /chibo to pick one from the list, or "
                        "/chibo with another name."
                    ).format(text=typed.strip())
                )
            )
        question = search_question(ctx.t, len(found), typed.strip())
        if not found or len(found) > MAX_FOUND:
            return ask(FlowState(NAME, "pick"), question)
        return self._pick(ctx, found, question)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        value = answer.value or ""
        if value.startswith("c:") and value[2:].isdecimal():
            return await self._show(ctx, int(value[2:]))
        typed = answer.text.strip()
        if not typed or typed.isdecimal():
            return await self.start(ctx, "")
        return await self._search(ctx, await visible_cells(ctx.repos, ctx.principal), typed)

    async def _show(self, ctx: Context, cell_id: int) -> Outcome:
        _ = ctx.t.gettext
        try:
            cell, org = await load_cell(ctx.repos, cell_id)
        except AccessDenied:
            return done(Reply(_("You do not have access to that cell.")))
        if not ctx.principal.can_read_cell(cell, org):
            return done(Reply(_("You do not have access to that cell.")))
        return done(Reply(await cell_history(ctx, cell, org)))
