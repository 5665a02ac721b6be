"""/lienket: link this account with the person's account on the other app, or undo it."""

from __future__ import annotations

from core.messages import Reply
from core.textfold import fold
from handlers.account_links import UNLINK_WORDS, issue_code, unlink, use_code
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, done
from handlers.invites import is_locked_out


class LinkFlow:
    name = "link"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        words = args.strip()
        if fold(words) in {fold(w) for w in UNLINK_WORDS}:
            return done(await unlink(ctx))
        if words:
            return done(await self._with_code(ctx, words))
        if not ctx.principal.is_member:
            return done(
                Reply(
                    _(
                        "You have not joined yet, so there is nothing to link from here. If you "
                        "use chibo on another app, type /lienket there and send the code it "
                        "gives you here."
                    )
                )
            )
        return done(await issue_code(ctx))

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, answer.text)

    async def _with_code(self, ctx: Context, code: str) -> Reply:
        _ = ctx.t.gettext
        incoming, now = ctx.incoming, ctx.clock.now()
        if await is_locked_out(ctx.repos, incoming.channel, incoming.user_id, now):
            return Reply(_("Too many wrong codes. Please wait an hour before trying again."))
        linked = await use_code(ctx, code)
        if linked is not None:
            return linked
        await ctx.repos.invites.record_failure(incoming.channel, incoming.user_id, now)
        return Reply(
            _(
                "This link code is not valid or has expired (a code works for 10 minutes, once). "
                "Type /lienket on your other app for a new one."
            )
        )
