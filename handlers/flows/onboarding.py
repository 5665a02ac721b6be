"""Joining with an invite code: /start CODE (or the code typed as a first message)."""

from __future__ import annotations

from datetime import datetime

from core.messages import Reply
from core.vnformat import format_date, format_day_long
from handlers.account_links import use_code
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.invites import (
    RedeemProblem,
    codes_in,
    find_redeemable,
    hash_code,
    locked_until,
    looks_like_code,
    near_code,
    wrong_codes_left,
)
from handlers.roles_text import role_label, scope_label
from services.access import RoleName
from services.invite_guard import guessing_alerts
from storage.models import Invite

WARN_LEFT = 2  # a wrong code says how many tries are left once this few are


class OnboardingFlow:
    name = "onboarding"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        if args:  # a deep link's code, or what was typed after /start: read as when typed alone
            return await self._read_code(ctx, args) or await self._redeem(ctx, args)
        if ctx.principal.is_member:
            return done(Reply(_("Welcome back, comrade. Type /trogiup to see what you can do.")))
        return ask(
            FlowState(self.name, "code"),
            _(
                "Welcome to chibo, the assistant for party cells. "
                "Please send the invite code the party committee gave you."
            ),
        )

    async def typed_text(self, ctx: Context, text: str) -> Outcome:
        """Free text from someone who has not joined: a code if it holds one, else a hint."""
        return await self._read_code(ctx, text) or done(await self.not_joined(ctx))

    async def _read_code(self, ctx: Context, text: str) -> Outcome | None:
        """The code in what someone typed to join, redeemed: alone, copied in groups, or inside
        a sentence ("mã mời của tôi là YZY5MBEXDGEMN"); the same wherever it comes (a first
        message, after a bare /start, after /start, after a wrong code). None when it holds
        no code, so that nothing is counted as a wrong one."""
        if looks_like_code(text) or near_code(text):  # a wrong one is told «không đúng»
            return await self._redeem(ctx, text)
        codes = codes_in(text)
        if len(codes) == 1:
            return await self._redeem(ctx, codes[0])
        if codes:
            return done(
                Reply(
                    ctx.t.gettext(
                        "Your message holds {count} codes. Please send only your own invite "
                        "code, one code in a message."
                    ).format(count=len(codes))
                )
            )
        return None

    async def not_joined(self, ctx: Context) -> Reply:
        """What someone without a role reads when they ask for anything but joining: how to
        join, or, if their role was withdrawn, which and when."""
        withdrawn = await self._withdrawn(ctx)
        if withdrawn is not None:
            return Reply(withdrawn)
        return Reply(
            ctx.t.gettext(
                "You have not joined yet. Please send the invite code the party committee "
                "gave you, for example: /start ABCD1234EFGH5"
            )
        )

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        """The answer to a bare /start's «send the invite code»: read as a first message is."""
        return await self.typed_text(ctx, answer.text)

    async def _redeem(self, ctx: Context, text: str) -> Outcome:
        _ = ctx.t.gettext
        now = ctx.clock.now()
        code = text.strip()
        if not code:
            return ask(FlowState(self.name, "code"), _("Please send your invite code."))
        incoming = ctx.incoming
        linked = await use_code(ctx, code)  # a code from /lienket on the person's other app
        if linked is not None:
            return done(linked)
        found = await find_redeemable(
            ctx.repos, code, channel=incoming.channel, user_id=incoming.user_id, now=now
        )
        if found is RedeemProblem.USED:
            held = await self._held_already(ctx, code)
            if held is not None:
                return done(held)
        if isinstance(found, RedeemProblem):
            if found is RedeemProblem.BUSY:
                alerts = await guessing_alerts(ctx.repos, ctx.catalogs, now=now)
                await ctx.repos.outbox.add_many(alerts, now=now)
            return done(Reply(await self._problem_reply(ctx, found)))
        return done(await self._grant(ctx, found))

    async def is_code(self, ctx: Context, text: str) -> bool:
        """Whether `text` is an invite code given out (used or not): nothing is recorded."""
        return await ctx.repos.invites.find_by_hash(hash_code(text)) is not None

    async def _held_already(self, ctx: Context, code: str) -> Reply | None:
        """A used code sent again by the person who used it (or someone holding the same role):
        they are told they have it, not that the code is used up."""
        invite = await ctx.repos.invites.find_by_hash(hash_code(code))
        if invite is None:
            return None
        return await self._already(ctx, invite) if _holds(ctx, invite) else None

    async def _already(self, ctx: Context, invite: Invite) -> Reply:
        _ = ctx.t.gettext
        cell = await ctx.repos.orgs.get_cell(invite.cell_id) if invite.cell_id else None
        org = await ctx.repos.orgs.get_org(invite.org_id) if invite.org_id else None
        return Reply(
            _("You already have this role: {role}, {scope}.").format(
                role=role_label(invite.role, ctx.t), scope=scope_label(cell, org, ctx.t)
            )
            + "\n"
            + _("Type /trogiup to see what you can do.")
        )

    async def _withdrawn(self, ctx: Context) -> str | None:
        """Why someone who had a role and has none now cannot go on: which role was withdrawn,
        when, and how to join again; None for someone who never had one."""
        assert ctx.account.id is not None
        role = await ctx.repos.roles.last_revoked(ctx.account.id)
        if role is None or role.revoked_at is None:
            return None
        cell = await ctx.repos.orgs.get_cell(role.cell_id) if role.cell_id else None
        org = await ctx.repos.orgs.get_org(role.org_id) if role.org_id else None
        _ = ctx.t.gettext
        return _(
            "Your role {role} ({scope}) was withdrawn on {date}, so you can no longer send or "
            "see its reports. To join again, please send a new invite code from the party "
            "committee."
        ).format(
            role=role_label(role.role, ctx.t),
            scope=scope_label(cell, org, ctx.t),
            date=format_day_long(ctx.local(role.revoked_at).date(), ctx.t),
        )

    async def _problem_reply(self, ctx: Context, problem: RedeemProblem) -> str:
        """Why a code was refused; a wrong one says how many tries are left when few are, and
        until when the lockout lasts once there are none."""
        text = self._problem_text(ctx, problem)
        incoming, now = ctx.incoming, ctx.clock.now()
        if problem is RedeemProblem.UNKNOWN:
            until = await locked_until(ctx.repos, incoming.channel, incoming.user_id, now)
            if until is not None:
                return text + "\n" + self._locked_text(ctx, until)
            left = await wrong_codes_left(ctx.repos, incoming.channel, incoming.user_id, now)
            if left <= WARN_LEFT:
                text += "\n" + ctx.t.ngettext(
                    "After {n} more wrong code, codes are not checked for an hour.",
                    "After {n} more wrong codes, codes are not checked for an hour.",
                    left,
                ).format(n=left)
        if problem is RedeemProblem.LOCKED:
            until = await locked_until(ctx.repos, incoming.channel, incoming.user_id, now)
            if until is not None:
                return self._locked_text(ctx, until)
        return text

    def _locked_text(self, ctx: Context, until: datetime) -> str:
        local = ctx.local(until)
        return ctx.t.gettext(
            "Too many wrong codes: codes are not checked until {time} on {date}. Please check "
            "the code with the party committee meanwhile."
        ).format(time=local.strftime("%H:%M"), date=format_day_long(local.date(), ctx.t))

    def _problem_text(self, ctx: Context, problem: RedeemProblem) -> str:
        _ = ctx.t.gettext
        if problem is RedeemProblem.LOCKED:
            return _("Too many wrong codes. Please wait an hour before trying again.")
        if problem is RedeemProblem.BUSY:
            return _(
                "Too many wrong invite codes have been typed in the last minute, so codes are not "
                "checked for now. Please send your code again in a minute."
            )
        if problem is RedeemProblem.EXPIRED:
            return _("This invite code has expired. Please ask the party committee for a new one.")
        if problem is RedeemProblem.USED:
            return _(
                "This invite code has already been used. "
                "Please ask the party committee for a new one."
            )
        return _("This invite code is not valid. Please check it and send it again.")

    async def _grant(self, ctx: Context, invite: Invite) -> Reply:
        _ = ctx.t.gettext
        repos, now, account = ctx.repos, ctx.clock.now(), ctx.account
        assert account.id is not None and invite.id is not None
        cell = await repos.orgs.get_cell(invite.cell_id) if invite.cell_id else None
        org = await repos.orgs.get_org(invite.org_id) if invite.org_id else None
        scope = scope_label(cell, org, ctx.t)
        if _holds(ctx, invite):
            return Reply(
                _("You already have this role: {role}, {scope}.").format(
                    role=role_label(invite.role, ctx.t), scope=scope
                )
            )
        if invite.role == RoleName.SECRETARY and invite.cell_id is not None:
            await self._replace_secretary(ctx, invite.cell_id, scope)
        role = await repos.roles.grant(
            account.id,
            invite.role,
            org_id=invite.org_id,
            cell_id=invite.cell_id,
            granted_by=invite.created_by,
            now=now,
        )
        invite.uses_left -= 1
        await repos.invites.save(invite)
        await repos.audit.record(
            actor_account_id=account.id,
            action="role.grant",
            entity="role",
            entity_id=role.id,
            now=now,
            after={
                "role": invite.role,
                "cell_id": invite.cell_id,
                "org_id": invite.org_id,
                "invite_id": invite.id,
            },
        )
        return Reply(
            _(
                "Welcome, comrade {name}. You are now registered as {role}, {scope}. "
                "Type /trogiup to see what you can do."
            ).format(
                name=account.display_name or account.platform_user_id,
                role=role_label(invite.role, ctx.t),
                scope=scope,
            )
        )

    async def _replace_secretary(self, ctx: Context, cell_id: int, scope: str) -> None:
        """A new secretary taking over a cell replaces the old one, who is told."""
        repos, now = ctx.repos, ctx.clock.now()
        for old in await repos.roles.active_in_cell(cell_id, [RoleName.SECRETARY]):
            if old.account_id == ctx.account.id:
                continue
            await repos.roles.revoke(old, by=ctx.account.id, now=now)
            await repos.audit.record(
                actor_account_id=ctx.account.id,
                action="role.replace",
                entity="role",
                entity_id=old.id,
                now=now,
                before={"role": old.role, "cell_id": cell_id, "account_id": old.account_id},
            )
            previous = await repos.accounts.get(old.account_id)
            if previous is not None and previous.id is not None:
                t = ctx.translator_for(previous)
                ctx.notify(
                    previous.id,
                    Reply(
                        t.gettext(
                            "Comrade {name} has taken over as secretary of {scope} ({date}). "
                            "Thank you for your work; your access to this cell has ended."
                        ).format(
                            name=ctx.account.display_name or "?",
                            scope=scope,
                            date=format_date(now.astimezone(ctx.config.timezone).date()),
                        )
                    ),
                )


def _holds(ctx: Context, invite: Invite) -> bool:
    """Whether the person already has the role `invite` gives, over the same cell or
    organisation."""
    wanted = (invite.role, invite.cell_id, invite.org_id)
    return any((g.role, g.cell_id, g.org_id) == wanted for g in ctx.principal.grants)
