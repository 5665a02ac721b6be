"""The conversation core: one incoming update in, the replies (and notices to others) out."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from core.clock import Clock
from core.i18n import N_, Catalogs
from core.limits import MAX_TEXT_CHARS, RATE_LIMITED, TOO_LONG
from core.messages import Choice, Expect, Incoming, Reply
from core.prompts import join_or
from core.vnformat import format_time
from handlers.choices import NoSuchChoice, match_choice, names_exactly
from handlers.context import Context, CoreConfig, Notice, Services
from handlers.flow import (
    Answer,
    AsksAgain,
    CommandSpec,
    Flow,
    FlowState,
    Outcome,
    TakesNames,
    WantsNumbers,
    unchanged,
)
from handlers.flows.onboarding import OnboardingFlow
from handlers.invites import looks_like_code
from handlers.typed_commands import ALIASES, cancel_said, command_said
from handlers.withdrawn import withdrawn_text
from services.access import Principal, build_principal
from services.outgoing import ReportsWanted
from storage.models import Account, Conversation
from storage.repos import Repositories
from storage.repos.conversations import OFFERED

CONVERSATION_TTL = timedelta(days=7)
# In the state of a command's question put in the middle of a draft (CommandSpec.beside): the
# draft, its pending choices and the message that asked them, to go back to
KEPT_DRAFT = "kept_draft"
FreeTextHandler = Callable[[Context, str], Awaitable[Outcome]]
FileHandler = Callable[[Context], Awaitable[Outcome]]


@dataclass
class HandleResult:
    """What handling one update produced."""

    replies: list[Reply]
    notices: list[Notice] = field(default_factory=list)
    account: Account | None = None
    # A button press the core took as an answer (a pending choice or a command), not stale.
    choice_accepted: bool = False
    # Which reply shows the question now pending (its choices), to remember its message.
    question: int | None = None


def parse_command(text: str) -> tuple[str, str]:
    """'/Start@chibo_bot ABC' → ('start', 'ABC')."""
    head, _, args = text.strip().partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    return name, args.strip()


async def load_principal(repos: Repositories, account: Account) -> Principal:
    if account.id is None:
        raise ValueError("account not saved")
    roles = list(await repos.roles.active_for(account.id))
    paths: dict[int, str] = {}
    for role in roles:
        if role.org_id is not None and role.org_id not in paths:
            org = await repos.orgs.get_org(role.org_id)
            if org is not None:
                paths[role.org_id] = org.path
    return build_principal(account.id, roles, paths)


class ConversationCore:
    """Routes commands, answers to pending questions and free text to the right flow."""

    def __init__(
        self,
        *,
        catalogs: Catalogs,
        clock: Clock,
        config: CoreConfig,
        commands: Mapping[str, CommandSpec],
        onboarding: OnboardingFlow,
        free_text: FreeTextHandler | None = None,
        file_handler: FileHandler | None = None,
        services: Services | None = None,
        extra_flows: Sequence[Flow] = (),
    ) -> None:
        self.catalogs = catalogs
        self.clock = clock
        self.config = config
        self.commands = dict(commands)
        self.onboarding = onboarding
        self.free_text = free_text
        self.file_handler = file_handler
        self.services = services or Services()
        self._flows: dict[str, Flow] = {spec.flow.name: spec.flow for spec in commands.values()}
        self._flows[onboarding.name] = onboarding
        for flow in extra_flows:
            self._flows[flow.name] = flow

    async def handle(self, repos: Repositories, incoming: Incoming) -> HandleResult:
        now = self.clock.now()
        account, conversation = await repos.accounts.get_or_create_with_conversation(
            incoming.channel,
            incoming.user_id,
            chat_id=incoming.chat_id,
            display_name=incoming.display_name,
            locale=self.config.default_locale,
            now=now,
        )
        assert account.id is not None
        if account.linked_to is not None:
            # Another app of a linked person: their roles, conversation and language are the
            # first account's, and what the bot sends them on its own now comes here.
            primary = await repos.accounts.get(account.linked_to)
            if primary is not None and primary.id is not None:
                await repos.links.wrote_from(primary, account)
                account, conversation = primary, await repos.conversations.get(primary.id)
        else:
            await repos.links.wrote_from(account, account)
        assert account.id is not None
        ctx = Context(
            repos=repos,
            account=account,
            principal=await load_principal(repos, account),
            incoming=incoming,
            t=self.catalogs.translator(account.locale),
            catalogs=self.catalogs,
            clock=self.clock,
            config=self.config,
            services=self.services,
        )
        over_limit = _over_limit(ctx)
        state, pending, expect = _decode(conversation, now)
        if over_limit is not None:
            # Set at the edge (the inbox intake): one short answer, state kept; a message too
            # long at a flow's question is followed by that question again (what to answer)
            if TOO_LONG not in incoming.meta or state is None or not state.flow:
                return HandleResult([over_limit], [], account)
            asked = conversation.question_outbox_id if conversation is not None else None
            again = await self._ask_again(ctx, state, pending, expect, asked, over_limit.text)
            shown = again.replies[-1].choices if again.replies else ()
            return HandleResult(
                again.replies, [], account, question=len(again.replies) - 1 if shown else None
            )
        asked = conversation.question_outbox_id if conversation is not None else None
        pressed = incoming.choice
        accepted = False
        if pressed is not None and not pressed.startswith("/"):
            chosen = next((c for c in pending if c.value == pressed), None)
            accepted = chosen is not None and await _shown_on_pressed_message(
                repos, conversation, incoming
            )
            if not accepted:
                outcome = _stale_button(ctx)
            else:
                outcome = await self._route(ctx, state, pending, expect, asked)
        else:
            accepted = pressed is not None
            outcome = await self._route(ctx, state, pending, expect, asked)
        question: int | None = None
        if not outcome.keep_state:
            aside_before = list(conversation.aside) if conversation is not None else []
            outcome = await self._with_aside(ctx, conversation, outcome, now)
            aside_changed = conversation is not None and conversation.aside != aside_before
            await self._save(repos, account.id, conversation, outcome, aside_changed=aside_changed)
            if outcome.replies and outcome.replies[-1].choices:
                question = len(outcome.replies) - 1
        return HandleResult(
            outcome.replies, ctx.notices, account, choice_accepted=accepted, question=question
        )

    async def _route(
        self,
        ctx: Context,
        state: FlowState | None,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None = None,
    ) -> Outcome:
        incoming = ctx.incoming
        _ = ctx.t.gettext
        text = incoming.text.strip()
        kept = _kept_draft(state)
        if state is not None and kept is not None:
            over = await self._over_draft(ctx, state, pending, expect, kept)
            if over is not None:
                return over
        if state is not None and state.flow in DRAFT_FLOWS:
            what = _(DRAFT_FLOWS[state.flow])
            withdrawn = await withdrawn_text(ctx, state, what[:1].lower() + what[1:])
            if withdrawn is not None:  # revoked meanwhile: the draft ends here, said why
                command = incoming.choice or text
                if command[:1] != "/":
                    return Outcome([Reply(withdrawn)])
                then = await self._route(ctx, None, (), Expect.CHOICE)
                return Outcome([Reply(withdrawn), *then.replies], then.state)  # its question on
        answer: Answer
        if incoming.choice is not None:
            if incoming.choice.startswith("/"):
                return await self._beside(ctx, incoming.choice, state, pending, expect, asked)
            chosen = next(c for c in pending if c.value == incoming.choice)
            answer = Answer(chosen.label, chosen)
        elif text.startswith("/"):
            return await self._beside(ctx, text, state, pending, expect, asked)
        else:
            names = self._takes_name(state)
            matched = match_choice(text, pending, expect, names=names) if pending else None
            if isinstance(matched, NoSuchChoice):
                # A number where only the numbered choices may be picked: never read as
                # anything else (a date, a count); the question stays as it was.
                numbers = [str(n) for n in range(1, matched.count + 1)]
                refusal = _("There is no choice {typed}: please type {numbers}.").format(
                    typed=matched.typed, numbers=join_or(numbers, ctx.t)
                )
                if state is not None and state.flow in DRAFT_FLOWS:
                    # then the question itself again, not its choices alone
                    return await self._ask_again(ctx, state, pending, expect, asked, refusal)
                return unchanged(Reply(refusal, pending, expect=expect))
            if matched is None and self._cancel_said(text, state, pending, expect):
                # «huy», «thoát» at a numbered question none of whose choices it names, or at
                # one wanting a number: /huy
                return await self._beside(ctx, "/huy", state, pending, expect, asked)
            answer = Answer(text, matched)
            if state is not None and self._said_again(text, state, answer.choice):
                # "bao cao" in the middle of a report: the draft goes on, as /baocao does
                return await self._resume_draft(ctx, state, pending, expect, asked)
        if answer.choice is not None and answer.choice.value.startswith("/"):
            return await self._beside(ctx, answer.choice.value, state, pending, expect, asked)
        if state is not None and state.flow in self._flows:
            outcome = await self._flows[state.flow].resume(ctx, state, answer)
            if not outcome.not_mine:
                return outcome
            if outcome.state is not None:  # a question of its own, asked mid-way
                return await self._answer_beside(ctx, text, outcome.state, pending, expect, asked)
        if incoming.file_name and ctx.principal.is_member and self.file_handler is not None:
            return await self.file_handler(ctx)
        if not text:
            return Outcome([Reply(_("I can only read text messages. Please type your message."))])
        if not ctx.principal.is_member:
            return await self.onboarding.typed_text(ctx, text)
        said = command_said(text)
        spec = self.commands.get(said) if said else None
        if spec is not None and (spec.public or ctx.principal.has_any(spec.roles)):
            # "bao cao", "trợ giúp": the command, as typed on Zalo without a slash, beside
            # what is pending as the slash form is (an offer stays after "trợ giúp")
            return await self._beside(ctx, f"/{spec.name}", state, pending, expect, asked)
        if looks_like_code(text) and await self.onboarding.is_code(ctx, text):
            # an invite code typed alone by someone who has joined (Zalo has no /start button):
            # another role, or their own code sent again. Only a code given out: anything else
            # is their question, never a wrong guess counted towards a lockout.
            return await self.onboarding.start(ctx, text)
        if self.free_text is not None:
            return await self.free_text(ctx, text)
        return Outcome([Reply(_("I did not understand. Type /trogiup to see what I can do."))])

    async def _beside(
        self,
        ctx: Context,
        text: str,
        state: FlowState | None,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None = None,
    ) -> Outcome:
        """A command typed while a report, figures or a move is half entered: one answering at
        once (/trogiup, /lich) leaves it as it was, its question asked again; the same command
        again (resent on Zalo, or the next morning) goes on with it; one starting another
        conversation drops it, and says so. /huy is itself."""
        _ = ctx.t.gettext
        name, args = parse_command(text)
        spec = self.commands.get(_command_name(name, self.commands))
        if (
            state is not None
            and state.flow in DRAFT_FLOWS
            and spec is not None
            and _drafts_with(spec.flow.name, state)
            and not args
            and (spec.public or ctx.principal.has_any(spec.roles))
        ):
            return await self._resume_draft(ctx, state, pending, expect, asked)
        if (
            state is not None
            and state.flow in DRAFT_FLOWS
            and spec is not None
            and args.strip()
            and self._answers_free_text(spec.flow)
        ):
            # "/hoi câu hỏi" mid-report is the question typed alone: answered beside the
            # report, which stays as it was (its own "Đoạn khác" menu would have dropped it)
            return await self._answer_beside(ctx, args, state, pending, expect, asked)
        outcome = await self._command(ctx, text, state)
        if state is not None and state.step == OFFERED and not state.flow:
            if any(choice.value == text for choice in pending):
                return outcome  # the offer's own choice: answered
            if spec is not None and spec.flow.name == "cancel":
                return Outcome(outcome.replies, None)  # /huy: the offer is dismissed too
            return await self._keep_offer(ctx, outcome, state, pending, expect, asked)
        if state is None or state.flow not in DRAFT_FLOWS or outcome.keep_state:
            return outcome
        if spec is None or spec.flow.name == "cancel":
            return outcome
        if outcome.state is None:
            asides = [_aside(reply) for reply in outcome.replies]
            kept = ctx.t.gettext(  # the language it may have just switched to (/ngonngu en)
                "What you entered is kept. Please go on with the question you were answering, "
                "or type /huy to drop it."
            )
            again = await self._ask_again(ctx, state, pending, expect, asked, kept)
            return Outcome([*asides, *again.replies], again.state)
        if spec.beside:  # /ngonngu: its question, the draft kept in its state (_over_draft)
            outcome.state.data[KEPT_DRAFT] = {
                "flow": state.flow,
                "step": state.step,
                "data": state.data,
                "choices": [_choice_json(choice) for choice in pending],
                "expect": expect.value,
                "asked": asked,
            }
            return outcome
        dropped = _("The unfinished {what} was dropped; nothing of it was saved.").format(
            what=_(DRAFT_FLOWS[state.flow])
        )
        return Outcome([Reply(dropped), *outcome.replies], outcome.state)

    async def _over_draft(
        self,
        ctx: Context,
        state: FlowState,
        pending: tuple[Choice, ...],
        expect: Expect,
        kept: tuple[FlowState, tuple[Choice, ...], Expect, int | None],
    ) -> Outcome | None:
        """The answer to a command's question put in the middle of a draft (/ngonngu mid-report,
        CommandSpec.beside): once it is answered, the draft's question is asked again (in the
        language just chosen); /huy drops that question alone; anything else is read at the
        draft's question, as if that one had not been asked. None: a number no choice has,
        refused as at any question."""
        draft, draft_pending, draft_expect, draft_asked = kept
        incoming = ctx.incoming
        text = incoming.text.strip()
        matched: Choice | NoSuchChoice | None = None
        if incoming.choice is not None:
            matched = next((c for c in pending if c.value == incoming.choice), None)
        elif not text.startswith("/"):
            matched = match_choice(text, pending, expect)
        if isinstance(matched, NoSuchChoice):
            return None
        if matched is not None:
            own = {key: value for key, value in state.data.items() if key != KEPT_DRAFT}
            answer = Answer(matched.label if incoming.choice else text, matched)
            outcome = await self._flows[state.flow].resume(
                ctx, FlowState(state.flow, state.step, own), answer
            )
            if outcome.state is not None:  # a question of its own again: the draft still waits
                outcome.state.data[KEPT_DRAFT] = state.data[KEPT_DRAFT]
                return outcome
            if outcome.keep_state:
                return outcome
            if not outcome.not_mine:
                again = await self._resume_draft(
                    ctx, draft, draft_pending, draft_expect, draft_asked
                )
                return Outcome([*outcome.replies, *again.replies], again.state)
        name = parse_command(text)[0] if text.startswith("/") else ""
        if cancel_said(text) or _command_name(name, self.commands) == "huy":
            return await self._resume_draft(ctx, draft, draft_pending, draft_expect, draft_asked)
        return await self._route(ctx, draft, draft_pending, draft_expect, draft_asked)

    def _answers_free_text(self, flow: Flow) -> bool:
        """Whether a command's flow is the one answering free text (/hoi): with a question
        after it, it is that question typed alone."""
        return self.free_text is not None and getattr(flow, "answer", None) == self.free_text

    async def _answer_beside(
        self,
        ctx: Context,
        text: str,
        state: FlowState,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None,
    ) -> Outcome:
        """A question typed where a flow waits for its answer (Flow: `asked_beside`): answered
        as free text is (a plan question), without choices of its own, then the flow's question
        again, as after a command answering at once (/trogiup) mid-way; nothing is lost."""
        _ = ctx.t.gettext
        said = command_said(text)
        spec = self.commands.get(said) if said else None
        if spec is not None and (spec.public or ctx.principal.has_any(spec.roles)):
            # «lich hop», «huong dan» typed mid-way: the command, as its slash form is
            return await self._beside(ctx, f"/{spec.name}", state, pending, expect, asked)
        if self.free_text is not None:
            answered = (await self.free_text(ctx, text)).replies
        else:
            answered = [Reply(_("I did not understand. Type /trogiup to see what I can do."))]
        asides = [_aside(reply) for reply in answered]
        kept = _(
            "What you entered is kept. Please go on with the question you were answering, "
            "or type /huy to drop it."
        )
        again = await self._ask_again(ctx, state, pending, expect, asked, kept)
        return Outcome([*asides, *again.replies], again.state)

    async def _keep_offer(
        self,
        ctx: Context,
        outcome: Outcome,
        state: FlowState,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None,
    ) -> Outcome:
        """A command answering at once (/trogiup, /lich) after a notice offered choices ("1. Sửa
        báo cáo"): the offer stays, shown again, as a flow's pending question would."""
        if outcome.keep_state or outcome.state is not None:
            return outcome
        if not outcome.replies or outcome.replies[-1].choices:
            return outcome  # it asks something itself: that is what "1" answers now
        lead = ctx.t.gettext("The earlier message still waits for your answer:")
        again = await self._ask_again(ctx, state, pending, expect, asked, lead)
        return Outcome([*outcome.replies, *again.replies], state)

    def _cancel_said(
        self, text: str, state: FlowState | None, pending: tuple[Choice, ...], expect: Expect
    ) -> bool:
        """Whether a typed text is /huy said in words at a question offering choices to pick
        (not a value's shortcuts) or wanting a number (a count), where no person's name is
        taken instead."""
        if not cancel_said(text) or self._takes_name(state):
            return False
        if expect is Expect.CHOICE and pending:
            return True
        # a question listing nothing (last month's meeting day: no «hôm nay» to offer) is kept
        # as one of choices too: whether it wants a number is the flow's to say
        flow = self._flows.get(state.flow) if state is not None else None
        return isinstance(flow, WantsNumbers) and state is not None and flow.wants_number(state)

    def _takes_name(self, state: FlowState | None) -> bool:
        """Whether the pending question also takes a person's name typed instead (where «Huy»,
        «Hai», «Ba» are people, not /huy nor a choice's number)."""
        flow = self._flows.get(state.flow) if state is not None else None
        return isinstance(flow, TakesNames) and state is not None and flow.takes_name(state)

    def _said_again(self, text: str, state: FlowState, choice: Choice | None) -> bool:
        """Whether a typed text is, in words, the command of the draft in hand ("bao cao" in a
        report) and not one of the pending choices by its number or its whole label."""
        if state.flow not in DRAFT_FLOWS:
            return False
        said = command_said(text)
        spec = self.commands.get(said) if said else None
        if spec is None or not _drafts_with(spec.flow.name, state):
            return False
        return choice is None or not names_exactly(text, choice)

    async def _resume_draft(
        self,
        ctx: Context,
        state: FlowState,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None,
    ) -> Outcome:
        """The draft's own command again: nothing is dropped, its question is asked again."""
        _ = ctx.t.gettext
        kept = _(
            "Your unfinished {what} is kept. Please answer the question below, or type /huy to "
            "drop it and start again."
        ).format(what=_(DRAFT_FLOWS[state.flow]))
        return await self._ask_again(ctx, state, pending, expect, asked, kept)

    async def _ask_again(
        self,
        ctx: Context,
        state: FlowState,
        pending: tuple[Choice, ...],
        expect: Expect,
        asked: int | None,
        lead: str,
    ) -> Outcome:
        """`lead`, then the pending question once more (a message of its own, so that it can be
        shown again as it is): in the flow's own words (with what was entered) when it has them,
        else as the message that showed it, else by its choices alone."""
        flow = self._flows.get(state.flow)
        if isinstance(flow, AsksAgain):
            again = await flow.again(ctx, state)
            if again.replies and again.state is not None:
                return Outcome([Reply(lead), *again.replies], again.state)
        shown = await ctx.repos.outbox.get(asked) if asked is not None else None
        text = shown.payload.get("text") if shown is not None else None
        if not isinstance(text, str) or not text:
            return Outcome([Reply(lead, pending, expect=expect)], state)
        return Outcome([Reply(lead), Reply(text, pending, expect=expect)], state)

    async def _with_aside(
        self, ctx: Context, conversation: Conversation | None, outcome: Outcome, now: datetime
    ) -> Outcome:
        """The notices kept aside while a flow's question was pending (sent without their
        numbered choices, services.delivery.HELD_BACK_KINDS), offered again once nothing else
        is asked: after the flow ends, unless the last reply asks something itself. Those
        expired, or whose request is done by now (the report a nudge asked for, just sent),
        are dropped."""
        if conversation is None or not conversation.aside:
            return outcome
        if outcome.state is not None or (outcome.replies and outcome.replies[-1].choices):
            return outcome  # a flow goes on, or a question of its own: they wait
        kept = [
            n
            for n in conversation.aside
            if datetime.fromisoformat(n["until"]) > now
            and not await reports_done(ctx.repos, ReportsWanted.from_json(n.get("wanted")))
        ]
        conversation.aside = []
        if not kept:
            return outcome
        choices: dict[str, Choice] = {}
        for notice in kept:
            for c in notice["choices"]:
                choices.setdefault(c["value"], Choice(c["label"], c["value"], c.get("keyword", "")))
        lead = ctx.t.gettext(
            "While you were answering, this came for you (if it is already done, there is "
            "nothing more to do):"
        )
        text = "\n\n".join([lead, *(str(notice["text"]) for notice in kept)])
        again = Reply(text, tuple(choices.values()), expect=Expect(kept[-1]["expect"]))
        return Outcome([*outcome.replies, again], FlowState("", OFFERED))

    async def _command(self, ctx: Context, text: str, state: FlowState | None) -> Outcome:
        _ = ctx.t.gettext
        name, args = parse_command(text)
        name = _command_name(name, self.commands)
        if name == "start":
            return await self.onboarding.start(ctx, args)
        spec = self.commands.get(name)
        if spec is None:
            return unchanged(
                Reply(
                    _(
                        "There is no command /{name}. Type /trogiup to see the commands you can use."
                    ).format(name=name)
                )
            )
        if not spec.public:
            if not ctx.principal.is_member:
                return unchanged(await self.onboarding.not_joined(ctx))
            if not ctx.principal.has_any(spec.roles):
                return unchanged(
                    Reply(
                        _(
                            "The command /{name} is not available for your role. "
                            "Type /trogiup to see the commands you can use."
                        ).format(name=name)
                    )
                )
        return await spec.flow.start(ctx, args)

    async def _save(
        self,
        repos: Repositories,
        account_id: int,
        conversation: Conversation | None,
        outcome: Outcome,
        *,
        aside_changed: bool = False,
    ) -> None:
        """Write where the person now is. `aside_changed`: the notices kept aside were shown or
        had expired, and are cleared: written through the repository's save, which keeps any
        set aside meanwhile by another transaction (never by the session's own flush)."""
        now = self.clock.now()
        last_choices = outcome.replies[-1].choices if outcome.replies else ()
        state = outcome.state
        idle_after = state is None and not last_choices
        if conversation is not None and idle_after and _idle(conversation):
            if aside_changed:  # expired ones dropped: nothing else to write
                await repos.conversations.save(conversation)
            return  # idle before and after (a help, a question): nothing to write
        if conversation is None:
            conversation = Conversation(account_id=account_id, updated_at=now)
        conversation.flow = state.flow if state else ""
        conversation.step = state.step if state else ""
        conversation.data = dict(state.data) if state else {}
        conversation.choices = [_choice_json(c) for c in last_choices]
        conversation.expect = (
            outcome.replies[-1].expect.value if last_choices else Expect.CHOICE.value
        )
        conversation.question_outbox_id = None  # set once the new question is written out
        conversation.updated_at = now
        conversation.expires_at = now + CONVERSATION_TTL
        await repos.conversations.save(conversation)


# Conversations holding answers not saved yet, and what to call them when one is dropped.
DRAFT_FLOWS: Mapping[str, str] = {
    "report": N_("report"),
    "edit_report": N_("change of a report"),
    "figures": N_("figures"),
    "move_meeting": N_("change of the meeting date"),
}


def _choice_json(choice: Choice) -> dict[str, str]:
    """A pending choice as the conversation keeps it."""
    keyword = {"keyword": choice.keyword} if choice.keyword else {}
    return {"label": choice.label, "value": choice.value, **keyword}


def _choices(saved: list[dict[str, str]]) -> tuple[Choice, ...]:
    return tuple(Choice(c["label"], c["value"], c.get("keyword", "")) for c in saved)


def _kept_draft(
    state: FlowState | None,
) -> tuple[FlowState, tuple[Choice, ...], Expect, int | None] | None:
    """The draft kept in the state of a command's question put beside it (KEPT_DRAFT): its
    state, pending choices, how a typed answer is read, the message that asked it."""
    kept: dict[str, Any] | None = state.data.get(KEPT_DRAFT) if state is not None else None
    if not isinstance(kept, dict):
        return None
    draft = FlowState(str(kept["flow"]), str(kept["step"]), dict(kept["data"]))
    asked = kept.get("asked")
    return draft, _choices(kept["choices"]), Expect(kept["expect"]), asked


def _drafts_with(flow: str, state: FlowState) -> bool:
    """Whether the command of `flow` is the one the draft in `state` was begun with: its own,
    or /sua for a sent or returned report being corrected (which runs as a report)."""
    if flow == state.flow:
        return True
    draft = state.data.get("draft")
    return flow == "edit_report" and state.flow == "report" and isinstance(draft, dict) and bool(
        draft.get("edit")
    )


async def reports_done(repos: Repositories, wanted: ReportsWanted | None) -> bool:
    """Whether what a notice asked for is done: each month's report of its slot sent (held or
    not, and not returned for correction; the regular meeting's, or a returned topic session's),
    each quarter's topic session reported (False when it named nothing)."""
    if wanted is None:
        return False
    quarters = {period for period in wanted.periods if "-Q" in period}
    months = set(wanted.periods) - quarters
    if quarters:
        reported = await repos.meetings.reported_periods([wanted.cell_id])
        if not quarters <= reported.get(wanted.cell_id, set()):
            return False
    rows = await repos.reports.in_periods([wanted.cell_id], sorted(months)) if months else []
    sent = {row.period for row in rows if row.slot == wanted.slot and row.status == "sent"}
    return months <= sent


def _command_name(name: str, commands: Mapping[str, CommandSpec]) -> str:
    """The command a typed name stands for: its own, else the English name people try
    ("/help", "/cancel")."""
    return name if name in commands else ALIASES.get(name, name)


def _idle(conversation: Conversation) -> bool:
    """In no flow and offering nothing: what a finished exchange leaves (its times matter not:
    only a flow's last change is read, for draft reminders)."""
    return (
        not conversation.flow
        and not conversation.step
        and not conversation.data
        and not conversation.choices
        and conversation.expect == Expect.CHOICE.value
        and conversation.question_outbox_id is None
        and not conversation.aside
    )


def _decode(
    conversation: Conversation | None, now: datetime
) -> tuple[FlowState | None, tuple[Choice, ...], Expect]:
    if conversation is None or (conversation.expires_at and conversation.expires_at <= now):
        return None, (), Expect.CHOICE
    choices = _choices(conversation.choices)
    expect = Expect(conversation.expect) if conversation.expect else Expect.CHOICE
    if not conversation.flow:
        if conversation.step == OFFERED and choices:
            return FlowState("", OFFERED), choices, expect  # a notice's offer, kept aside
        return None, choices, expect
    state = FlowState(conversation.flow, conversation.step, dict(conversation.data))
    return state, choices, expect


async def _shown_on_pressed_message(
    repos: Repositories, conversation: Conversation | None, incoming: Incoming
) -> bool:
    """Whether a press came from the message that shows the pending question (a press on an
    older copy of a question must not answer the current one). Channels that do not say which
    message was pressed are taken at their word."""
    if incoming.message_ref is None:
        return True
    if conversation is None or conversation.question_outbox_id is None:
        return False
    shown = await repos.outbox.get(conversation.question_outbox_id)
    if shown is None:
        return False
    # Not marked sent yet (pressed within moments of arriving): it can only be this one.
    return shown.message_id is None or shown.message_id == incoming.message_ref


def _over_limit(ctx: Context) -> Reply | None:
    """The answer to a message the intake flagged: too long, or the first one over the rate."""
    meta = ctx.incoming.meta
    if RATE_LIMITED in meta:
        try:
            until = ctx.local(datetime.fromisoformat(meta[RATE_LIMITED]))
        except ValueError:
            until = ctx.local(ctx.clock.now())
        return Reply(
            ctx.t.gettext(
                "You are sending messages too fast. chibo will not answer the next ones until "
                "{time}; please wait, then send again what still needs an answer."
            ).format(time=format_time(until.time()))
        )
    if TOO_LONG in meta:
        return Reply(
            ctx.t.gettext(
                "Your message is too long ({count} characters): chibo reads at most {limit} "
                "characters in one message. Please send it shorter or in several parts."
            ).format(count=meta[TOO_LONG], limit=MAX_TEXT_CHARS)
        )
    return None


def _stale_button(ctx: Context) -> Outcome:
    return unchanged(
        Reply(
            ctx.t.gettext(
                "That button belongs to an earlier message and no longer applies. "
                "Please use the latest message, or type /trogiup."
            )
        )
    )


def _aside(reply: Reply) -> Reply:
    """A reply given beside a flow's pending question, without its own choices (a number typed
    next answers the flow). A last line that only introduced those choices ("Các đoạn gần với
    câu hỏi nhất, đồng chí có thể xem:") goes with them: it would head nothing."""
    text = reply.text
    if reply.choices and text.rstrip().endswith(":"):
        head, _sep, _last = text.rstrip().rpartition("\n")
        text = head.rstrip() or text
    return replace(reply, text=text, choices=(), hint="")
