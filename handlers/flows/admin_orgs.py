"""/taodonvi and /taochibo: an admin adds organisations and cells in chat."""

from __future__ import annotations

from core.messages import Choice, Reply
from core.textfold import fold
from handlers.cells import visible_orgs
from handlers.cells_import import MIN_MEMBERS
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.reporting.numbers import parse_count

TOP = "top"
MAX_NAME = 120


def _clean_name(text: str) -> str:
    return " ".join(text.split())[:MAX_NAME]


def _parse_count(text: str) -> int | None:
    """A whole number as the report reads one: "18", "18 người", "mười lăm"."""
    value = parse_count(text, maximum=100_000)
    return value if isinstance(value, int) else None


class AddOrgFlow:
    name = "add_org"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        orgs = await visible_orgs(ctx.repos, ctx.principal)
        choices = (Choice(_("None (top level)"), TOP), *(Choice(o.name, str(o.id)) for o in orgs))
        return ask(FlowState(self.name, "parent"), _("Which organisation is it under?"), choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "parent":
            if answer.value is None:
                return await self.start(ctx, "")
            state.data["parent"] = answer.value
            state.step = "name"
            return ask(state, _("Name of the new organisation (e.g. Đảng bộ xã Hòa Bình):"))
        name = _clean_name(answer.text)
        if len(name) < 3:
            return ask(state, _("The name is too short. Please type the full name:"))
        same = await ctx.repos.orgs.org_named_like(name)
        if same is not None:
            return ask(
                state,
                _(
                    "There is already an organisation named {name}, and menus and commands find "
                    "organisations by name (also without diacritics). Please type a name of its "
                    "own, e.g. with the commune or district:"
                ).format(name=same.name),
            )
        parent = None
        if state.data["parent"] != TOP:
            parent = await ctx.repos.orgs.get_org(int(state.data["parent"]))
            if parent is None or not ctx.principal.covers_org(parent):
                return done(Reply(_("That organisation is not in your scope.")))
        now = ctx.clock.now()
        org = await ctx.repos.orgs.add_org(name, parent=parent, kind="dang_bo", now=now)
        await ctx.repos.audit.record(
            actor_account_id=ctx.account.id,
            action="org.create",
            entity="organization",
            entity_id=org.id,
            now=now,
            after={"name": name, "parent_id": org.parent_id},
        )
        return done(Reply(_("Created: {name}.").format(name=name)))


class AddCellFlow:
    name = "add_cell"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        orgs = await visible_orgs(ctx.repos, ctx.principal)
        if not orgs:
            return done(Reply(_("Create an organisation first with /taodonvi.")))
        choices = tuple(Choice(o.name, str(o.id)) for o in orgs)
        return ask(
            FlowState(self.name, "org"), _("Which organisation does the cell belong to?"), choices
        )

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "org":
            if answer.value is None:
                return await self.start(ctx, "")
            state.data["org"] = int(answer.value)
            state.step = "name"
            return ask(state, _("Name of the cell (e.g. Chi bộ Thôn 1):"))
        if state.step == "name":
            name = _clean_name(answer.text)
            if len(name) < 3:
                return ask(state, _("The name is too short. Please type the full name:"))
            org = await ctx.repos.orgs.get_org(int(state.data["org"]))
            cells = await ctx.repos.orgs.cells_in_subtree(org, active_only=False) if org else []
            same = next((c for c in cells if fold(c.name) == fold(name)), None)
            if org is not None and same is not None:
                # «Chi bo Thon 1» beside «Chi bộ Thôn 1»: every lookup by name would be
                # ambiguous (compared as /taodonvi and the spreadsheet import compare)
                return ask(
                    state,
                    _(
                        "There is already {cell} in {org}. Please type a name of its own "
                        "(e.g. with the hamlet or unit):"
                    ).format(cell=same.name, org=org.name),
                )
            state.data["name"] = name
            state.step = "members"
            return ask(state, _("How many party members are on the roll?"))
        if state.step == "members":
            members = _parse_count(answer.text)
            if members is None:
                return ask(state, _("Please type a whole number, e.g. 18:"))
            if members < MIN_MEMBERS:
                return ask(
                    state,
                    _(
                        "A party cell has at least {min} full members, so it cannot have {n}. "
                        "Please type the number on the roll again ({min} or more):"
                    ).format(min=MIN_MEMBERS, n=members),
                )
            state.data["members"] = members
            state.step = "day"
            return ask(state, _("Which day of the month does the cell meet (1 to 31)?"))
        day = _parse_count(answer.text)
        if day is None or not 1 <= day <= 31:
            return ask(state, _("Please type a day from 1 to 31:"))
        org = await ctx.repos.orgs.get_org(int(state.data["org"]))
        if org is None or not ctx.principal.covers_org(org):
            return done(Reply(_("That organisation is not in your scope.")))
        now = ctx.clock.now()
        cell = await ctx.repos.orgs.add_cell(
            org,
            state.data["name"],
            now=now,
            members_on_roll=int(state.data["members"]),
            meeting_rule={"kind": "day_of_month", "day": day},
        )
        await ctx.repos.audit.record(
            actor_account_id=ctx.account.id,
            action="cell.create",
            entity="cell",
            entity_id=cell.id,
            now=now,
            after={
                "name": cell.name,
                "org_id": cell.org_id,
                "members_on_roll": cell.members_on_roll,
                "meeting_day": day,
            },
        )
        return done(
            Reply(_("Created: {name}. Invite its secretary with /moi.").format(name=cell.name))
        )
