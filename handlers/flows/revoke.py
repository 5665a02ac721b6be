"""/thuhoi: take a role away from someone in one's scope; they are told, and it is audited."""

from __future__ import annotations

from core.messages import Choice, Reply
from handlers.cells import load_cell, visible_cells, visible_orgs
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.roles_text import role_label
from handlers.withdrawn import revoking_org
from services.access import AccessDenied, RoleName
from storage.models import Account, Organization, Role

YES, NO = "yes", "no"


class RevokeFlow:
    name = "revoke"

    async def _revocable(self, ctx: Context) -> list[tuple[Role, str]]:
        repos = ctx.repos
        cells = {c.id: c for c in await visible_cells(repos, ctx.principal)}
        orgs = {o.id: o for o in await visible_orgs(repos, ctx.principal)}
        roles: list[Role] = []
        cell_ids = [i for i in cells if i is not None]
        org_ids = [i for i in orgs if i is not None]
        for cell_id in cell_ids:
            roles.extend(
                await repos.roles.active_in_cell(cell_id, [RoleName.SECRETARY, RoleName.DEPUTY])
            )
        roles.extend(await repos.roles.active_on_orgs(org_ids, [RoleName.OFFICER, RoleName.ADMIN]))
        found = []
        for role in roles:
            if role.account_id == ctx.account.id:
                continue
            account = await repos.accounts.get(role.account_id)
            who = account.display_name or account.platform_user_id if account else "?"
            scope = (
                cells[role.cell_id].name
                if role.cell_id in cells
                else (orgs[role.org_id].name if role.org_id in orgs else "")
            )
            found.append((role, f"{who} - {role_label(role.role, ctx.t)} - {scope}"))
        return found

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        found = await self._revocable(ctx)
        if not found:
            return done(Reply(_("There is nobody in your scope whose role you can revoke.")))
        choices = tuple(Choice(label, str(role.id)) for role, label in found)
        return ask(FlowState(self.name, "pick"), _("Whose role do you want to revoke?"), choices)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "pick":
            found = {str(role.id): label for role, label in await self._revocable(ctx)}
            if answer.value not in found:
                outcome = await self.start(ctx, "")
                return outcome
            state.data = {"role_id": int(answer.value), "label": found[answer.value]}
            state.step = "confirm"
            return ask(
                state,
                _("Revoke: {label}?").format(label=found[answer.value]),
                (Choice(_("Yes, revoke"), YES), Choice(_("No"), NO)),
            )
        if answer.value != YES:
            return done(Reply(_("Cancelled. Nothing was saved.")))
        allowed = {role.id for role, _label in await self._revocable(ctx)}
        role = await ctx.repos.roles.get(int(state.data["role_id"]))
        if role is None or role.id not in allowed or role.revoked_at is not None:
            return done(Reply(_("This role can no longer be revoked.")))
        now = ctx.clock.now()
        await ctx.repos.roles.revoke(role, by=ctx.account.id, now=now)
        await ctx.repos.audit.record(
            actor_account_id=ctx.account.id,
            action="role.revoke",
            entity="role",
            entity_id=role.id,
            now=now,
            before={
                "account_id": role.account_id,
                "role": role.role,
                "cell_id": role.cell_id,
                "org_id": role.org_id,
            },
        )
        person = await ctx.repos.accounts.get(role.account_id)
        if person is not None and person.id is not None:
            ctx.notify(person.id, Reply(await self._notice(ctx, role, person)))
        return done(Reply(_("Revoked: {label}.").format(label=state.data["label"])))

    async def _notice(self, ctx: Context, role: Role, person: Account) -> str:
        """What the person whose role was revoked reads: which role, where, by which
        organisation, and whom to contact if it is a mistake (in their own language)."""
        t = ctx.translator_for(person)
        place: str | None = None
        org: Organization | None = None
        if role.cell_id is not None:
            try:
                cell, org = await load_cell(ctx.repos, role.cell_id)
                place = cell.name
            except AccessDenied:
                org = None
        elif role.org_id is not None:
            org = await ctx.repos.orgs.get_org(role.org_id)
            place = org.name if org is not None else None
        if org is None or place is None:
            return t.gettext("Your role {role} has been revoked by the party committee.").format(
                role=role_label(role.role, t)
            )
        by = await revoking_org(ctx, ctx.account.id, org)
        return t.gettext(
            "Your role {role} of {place} has been withdrawn by {org}. If this is a mistake, "
            "please contact {org}."
        ).format(role=role_label(role.role, t), place=place, org=by)

