"""/moi: an admin or officer issues an invite code for a role over a scope they cover."""

from __future__ import annotations

from core.messages import Choice, Reply
from core.vnformat import format_day_long
from handlers.cells import visible_cells, visible_orgs
from handlers.committee.find import MAX_FOUND, find_by_name, search_question
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.invites import issue
from handlers.roles_text import role_label
from services.access import RoleName

CELL_SCOPED = {RoleName.SECRETARY, RoleName.DEPUTY}
LISTED_CELLS = 20  # more cells than this are found by typing a name, not listed


class InviteFlow:
    name = "invite"

    def _roles_for(self, ctx: Context) -> list[RoleName]:
        if ctx.principal.is_admin:
            return [RoleName.SECRETARY, RoleName.DEPUTY, RoleName.OFFICER, RoleName.ADMIN]
        return [RoleName.SECRETARY, RoleName.DEPUTY, RoleName.OFFICER]

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        choices = tuple(Choice(role_label(r, ctx.t), r.value) for r in self._roles_for(ctx))
        return ask(FlowState(self.name, "role"), _("Invite someone as:"), choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "role":
            allowed = {r.value for r in self._roles_for(ctx)}
            if answer.value not in allowed:
                return await self._reask(ctx, state, _("Please choose one of the roles below."))
            state.data["role"] = answer.value
            state.step = "scope"
            return await self._ask_scope(ctx, state, "")
        if state.step == "scope":
            if answer.value is None and RoleName(state.data["role"]) in CELL_SCOPED:
                return await self._find_cell(ctx, state, answer.text)
            if answer.value is None:
                return await self._ask_scope(
                    ctx, state, _("Please choose one of the options below.")
                )
            return await self._issue(ctx, state, int(answer.value))
        return done(Reply(_("Cancelled. Nothing was saved.")))

    async def _reask(self, ctx: Context, state: FlowState, prefix: str) -> Outcome:
        outcome = await self.start(ctx, "")
        outcome.replies[0] = Reply(
            prefix + "\n" + outcome.replies[0].text, outcome.replies[0].choices
        )
        return outcome

    async def _ask_scope(self, ctx: Context, state: FlowState, prefix: str) -> Outcome:
        _ = ctx.t.gettext
        role = RoleName(state.data["role"])
        if role in CELL_SCOPED:
            cells = await visible_cells(ctx.repos, ctx.principal)
            if len(cells) > LISTED_CELLS:
                # a province's hundred cells would be several messages of choices on Zalo
                return ask(
                    state,
                    (
                        prefix
                        + "\n"
                        + _(
                            "Type the name of the cell (diacritics optional), for example: "
                            "thon dong hoa"
                        )
                    ).strip(),
                )
            choices = tuple(Choice(c.name, str(c.id)) for c in cells)
            question = _("For which cell?")
        else:
            orgs = await visible_orgs(ctx.repos, ctx.principal)
            choices = tuple(Choice(o.name, str(o.id)) for o in orgs)
            question = _("For which organisation (its whole subtree)?")
        if not choices:
            return done(Reply(_("There is nothing in your scope to invite for yet.")))
        return ask(state, (prefix + "\n" + question).strip(), choices)

    async def _find_cell(self, ctx: Context, state: FlowState, typed: str) -> Outcome:
        """The cell a typed name names, or a question to find it (several, none, too many)."""
        _ = ctx.t.gettext
        cells = await visible_cells(ctx.repos, ctx.principal)
        text = typed.strip()
        found = find_by_name(cells, text, lambda c: c.name) if text else []
        if len(found) == 1 and found[0].id is not None:
            return await self._issue(ctx, state, found[0].id)
        if not found and len(cells) <= LISTED_CELLS:
            return await self._ask_scope(ctx, state, _("Please choose one of the options below."))
        question = search_question(ctx.t, len(found), text)
        if not found or len(found) > MAX_FOUND:
            return ask(state, question)
        return ask(state, question, tuple(Choice(c.name, str(c.id)) for c in found))

    async def _issue(self, ctx: Context, state: FlowState, target: int) -> Outcome:
        _ = ctx.t.gettext
        role = RoleName(state.data["role"])
        repos = ctx.repos
        cell_id = org_id = None
        if role in CELL_SCOPED:
            cell = await repos.orgs.get_cell(target)
            if cell is None or not ctx.principal.can_change_cell(
                cell, await repos.orgs.org_of_cell(cell)
            ):
                return await self._ask_scope(
                    ctx, state, _("Please choose one of the options below.")
                )
            cell_id, scope = cell.id, cell.name
        else:
            org = await repos.orgs.get_org(target)
            if org is None or not ctx.principal.covers_org(org):
                return await self._ask_scope(
                    ctx, state, _("Please choose one of the options below.")
                )
            org_id, scope = org.id, org.name
        now = ctx.clock.now()
        issued = await issue(
            repos,
            role=role.value,
            org_id=org_id,
            cell_id=cell_id,
            created_by=ctx.account.id,
            now=now,
            ttl=ctx.config.invite_ttl,
        )
        expires = format_day_long(
            issued.invite.expires_at.astimezone(ctx.config.timezone).date(), ctx.t
        )
        lines = [
            _("Invite code for {role}, {scope}:").format(role=role_label(role, ctx.t), scope=scope),
            issued.code,
            _("Valid once, until {date}. The person sends /start {code} to the bot.").format(
                date=expires, code=issued.code
            ),
        ]
        if role is RoleName.SECRETARY and cell_id is not None:
            lines += await _replaced_secretaries(ctx, cell_id, scope)
        links = ctx.services.invite_links(issued.code)
        if links.get("telegram"):
            lines.append(
                _("On Telegram they can simply open: {link}").format(link=links["telegram"])
            )
        if "zalo" in links:
            bot = f" «{links['zalo']}»" if links["zalo"] else ""
            lines.append(
                _("On Zalo they send the code to the bot{bot} as their first message.").format(
                    bot=bot
                )
            )
        return done(Reply("\n".join(lines)))


async def _replaced_secretaries(ctx: Context, cell_id: int, cell: str) -> list[str]:
    """A line for each secretary the cell has now, who loses the role when a secretary code
    is used (handlers.flows.onboarding replaces them; a deputy replaces nobody)."""
    _ = ctx.t.gettext
    lines = []
    for role in await ctx.repos.roles.active_in_cell(cell_id, [RoleName.SECRETARY]):
        account = await ctx.repos.accounts.get(role.account_id)
        name = (account.display_name or account.platform_user_id) if account else "?"
        lines.append(
            _(
                "Note: {cell} has a secretary now, comrade {name}; when this code is used, "
                "comrade {name} will no longer be its secretary."
            ).format(cell=cell, name=name)
        )
    return lines
