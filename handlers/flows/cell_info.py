"""/chibo: a cell's details (officers pick one of their subtree; secretaries see their own)."""

from __future__ import annotations

from core.messages import Choice, Reply
from handlers.access import AccessDenied
from handlers.cells import view_cell, visible_cells
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done


class CellInfoFlow:
    name = "cell_info"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        cells = await visible_cells(ctx.repos, ctx.principal)
        if not cells:
            return done(Reply(_("You have no cell in your scope yet.")))
        if len(cells) == 1 and cells[0].id is not None:
            return await self._show(ctx, cells[0].id)
        choices = tuple(Choice(c.name, str(c.id)) for c in cells)
        return ask(FlowState(self.name, "pick"), _("Which cell?"), choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        if answer.value is None or not answer.value.isdigit():
            return await self.start(ctx, "")
        return await self._show(ctx, int(answer.value))

    async def _show(self, ctx: Context, cell_id: int) -> Outcome:
        _ = ctx.t.gettext
        try:
            view = await view_cell(ctx.repos, ctx.principal, cell_id)
        except AccessDenied:
            return done(Reply(_("You do not have access to that cell.")))
        names = ", ".join(a.display_name or a.platform_user_id for a in view.secretaries)
        lines = [
            f"{view.cell.name} ({view.org.name})",
            _("Members on the roll: {n}").format(n=view.cell.members_on_roll),
            _("Secretary: {names}").format(names=names or _("not joined yet")),
        ]
        return done(Reply("\n".join(lines)))
