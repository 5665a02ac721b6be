"""/trogiup, /huy and /ngonngu: help for one's role, leaving a flow, switching language."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from fractions import Fraction

from core.messages import Choice, Reply
from core.roles import RoleName
from core.vnformat import format_month
from handlers.context import Context
from handlers.flow import Answer, CommandSpec, FlowState, Outcome, ask, done, passed_on
from handlers.reporting.attendance import format_percent
from handlers.reporting.numbers import format_count
from handlers.roles_text import role_label

HelpSection = Callable[[Context], str | None]


class HelpFlow:
    name = "help"

    def __init__(
        self, commands: Callable[[], Iterable[CommandSpec]], sections: Iterable[HelpSection] = ()
    ) -> None:
        self._commands = commands
        self._sections = list(sections)

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        principal = ctx.principal
        if not principal.is_member:
            return done(
                Reply(
                    _(
                        "chibo helps party cell secretaries with meeting reminders and reports.\n"
                        "To join, send the invite code the party committee gave you: /start CODE\n"
                        "/ngonngu - Tiếng Việt / English"
                    )
                )
            )
        roles = ", ".join(sorted({role_label(g.role, ctx.t) for g in principal.grants}))
        lines = [_("Commands for you ({roles}):").format(roles=roles)]
        for spec in self._commands():
            if spec.public or principal.has_any(spec.roles):
                lines.append(f"/{spec.name} - {_(spec.summary)}")
        lines.append(
            _(
                "You can also type a question about the plan, e.g. "
                '"chỉ tiêu kết nạp đảng viên năm 2025".'
            )
        )
        for section in self._sections:
            text = section(ctx)
            if text:
                lines.extend(["", text])
        if RoleName.ADMIN in {g.role for g in principal.grants} and "zalo" in ctx.config.channels:
            lines.extend(["", await zalo_usage_line(ctx)])
        return done(Reply("\n".join(lines)))

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


class CancelFlow:
    name = "cancel"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        return done(Reply(_("Cancelled. Nothing was saved.")))

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))


class LanguageFlow:
    name = "language"

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        wanted = args.strip().lower()
        if wanted in dict(LANGUAGES):
            return await self._set(ctx, wanted)
        # said in English too: who asks for another language may not read this one
        own, english = _("Choose your language:"), "Choose your language:"
        question = own if own == english else f"{own.rstrip(':')} / {english}"
        return ask(
            FlowState(self.name, "pick"),
            question,
            tuple(Choice(label, code) for code, label in LANGUAGES),
        )

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        if answer.value is None:
            # a question or a sentence is no language: read as if nothing were pending
            return passed_on()
        return await self._set(ctx, answer.value)

    async def _set(self, ctx: Context, locale: str) -> Outcome:
        account = ctx.account
        before = account.locale
        account.locale = locale
        await ctx.repos.accounts.save(account)
        await ctx.repos.audit.record(
            actor_account_id=account.id,
            action="account.locale",
            entity="account",
            entity_id=account.id,
            now=ctx.clock.now(),
            before={"locale": before},
            after={"locale": locale},
        )
        ctx.t = ctx.catalogs.translator(locale)
        return done(Reply(ctx.t.gettext("Language set to English.")))


async def zalo_usage_line(ctx: Context) -> str:
    """How many Zalo messages went out this month, against the quota (for administrators)."""
    _ = ctx.t.gettext
    local = ctx.local(ctx.clock.now())
    sent = await ctx.repos.usage.sent("zalo", local.strftime("%Y-%m"))
    month = format_month(local.year, local.month)
    quota = ctx.config.zalo_quota
    if quota is None:
        return _("Zalo, {month}: {sent} messages sent (no quota set).").format(
            month=month, sent=format_count(sent, ctx.t.locale)
        )
    text = _("Zalo, {month}: {sent} of the month's {quota} messages sent ({percent}%).")
    return text.format(
        month=month,
        sent=format_count(sent, ctx.t.locale),
        quota=format_count(quota, ctx.t.locale),
        percent=format_percent(Fraction(sent, quota), ctx.t.locale),
    )
