"""One person on two apps: /lienket gives a one-time code, sending it from the other app links
the two accounts (same roles, conversation and reminders); /lienket huy undoes it."""

from __future__ import annotations

from datetime import timedelta

from core.messages import Reply
from core.vnformat import format_time
from handlers.context import Context
from handlers.invites import hash_code, looks_like_code, new_code
from storage.models import Account

LINK_CODE_TTL = timedelta(minutes=10)
UNLINK_WORDS = frozenset({"huy", "hủy", "bo", "bỏ", "off", "cancel"})
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo", "console": "console"}


def channel_name(channel: str) -> str:
    return CHANNEL_NAMES.get(channel, channel)


async def writer(ctx: Context) -> Account:
    """The account the message came from (the core works with the person's first account)."""
    incoming = ctx.incoming
    found = await ctx.repos.accounts.find(incoming.channel, incoming.user_id)
    return found if found is not None else ctx.account


async def issue_code(ctx: Context) -> Reply:
    """A new one-time code for the person (earlier unused ones stop working)."""
    _ = ctx.t.gettext
    now = ctx.clock.now()
    account = ctx.account
    assert account.id is not None
    code = new_code()
    await ctx.repos.links.add_code(
        account.id, hash_code(code), expires_at=now + LINK_CODE_TTL, now=now
    )
    await ctx.repos.audit.record(
        actor_account_id=account.id,
        action="account.link_code",
        entity="account",
        entity_id=account.id,
        now=now,
    )
    until = format_time((now + LINK_CODE_TTL).astimezone(ctx.config.timezone).time())
    here = channel_name(ctx.incoming.channel)
    lines = [
        _(
            "To use chibo on your other app too (Zalo or Telegram), send this code to the chibo "
            "bot there within 10 minutes (until {time}):"
        ).format(time=until),
        f"/lienket {code}",
        _(
            "After that your roles, reports and reminders are the same on both apps; reminders "
            "go to the app you used last. The code works once. This is {app}."
        ).format(app=here),
    ]
    aliases = await ctx.repos.links.aliases(account.id)
    if aliases or account.linked_to is not None:
        lines.append(linked_line(ctx, [account, *aliases]))
    return Reply("\n".join(lines))


def linked_line(ctx: Context, accounts: list[Account]) -> str:
    names = ", ".join(sorted({channel_name(a.channel) for a in accounts}))
    return ctx.t.gettext("Linked now: {apps}. To undo it, type /lienket huy.").format(apps=names)


async def use_code(ctx: Context, code: str) -> Reply | None:
    """Link the account this message came from to the one that made `code`; None when `code`
    is no link code (it may be an invite code)."""
    _ = ctx.t.gettext
    if not looks_like_code(code):
        return None
    now = ctx.clock.now()
    repos = ctx.repos
    primary_id = await repos.links.take_code(hash_code(code), now)
    if primary_id is None:
        return None
    primary = await repos.accounts.get(primary_id)
    here = await writer(ctx)
    if primary is None or primary.id is None or here.id is None:
        return None
    if primary.linked_to is not None:  # the code was made on an account linked to another
        first = await repos.accounts.get(primary.linked_to)
        if first is not None:
            primary = first
    assert primary.id is not None
    if here.linked_to == primary.id:
        return Reply(_("These accounts are already linked."))
    if here.id == primary.id or here.channel == primary.channel:
        return Reply(
            _(
                "This code links your account on another app. Please send it from the other app "
                "(Zalo or Telegram), not from {app}."
            ).format(app=channel_name(here.channel))
        )
    before = {"linked_to": here.linked_to}
    moved = await repos.links.link(here, primary)
    await repos.links.wrote_from(primary, here)
    await repos.audit.record(
        actor_account_id=primary.id,
        action="account.link",
        entity="account",
        entity_id=here.id,
        now=now,
        before=before,
        after={"linked_to": primary.id, "channel": here.channel, "roles_moved": moved},
    )
    t = ctx.catalogs.translator(primary.locale)
    return Reply(
        t.gettext(
            "Linked. From now on {this} and {other} are one account for chibo: the same roles, "
            "reports and reminders. Reminders go to the app you used last. To undo it, type "
            "/lienket huy."
        ).format(this=channel_name(here.channel), other=channel_name(primary.channel))
    )


async def unlink(ctx: Context) -> Reply:
    """Undo the links of the account this message came from."""
    _ = ctx.t.gettext
    repos, now = ctx.repos, ctx.clock.now()
    here = await writer(ctx)
    if here.linked_to is not None:
        primary = await repos.accounts.get(here.linked_to)
        pairs = [(here, primary)] if primary is not None else []
    else:
        pairs = [(alias, here) for alias in await repos.links.aliases(here.id or 0)]
    if not pairs:
        return Reply(_("This account is not linked to another app."))
    was_linked_here = here.linked_to is not None
    for alias, primary in pairs:
        assert primary is not None
        await repos.links.unlink(alias, primary)
        await repos.audit.record(
            actor_account_id=here.id,
            action="account.unlink",
            entity="account",
            entity_id=alias.id,
            now=now,
            before={"linked_to": primary.id},
            after={"linked_to": None},
        )
    if was_linked_here:
        # This app's account was the linked one: it keeps nothing.
        return Reply(
            _(
                "Unlinked. This {app} account no longer shares the roles of your {other} account; "
                "to use chibo here again, link it again or ask for an invite code."
            ).format(app=channel_name(here.channel), other=channel_name(pairs[0][1].channel))
        )
    apps = ", ".join(sorted({channel_name(alias.channel) for alias, _p in pairs}))
    return Reply(
        _(
            "Unlinked. Your roles stay on this {app} account; {others} no longer shares them."
        ).format(app=channel_name(here.channel), others=apps)
    )
