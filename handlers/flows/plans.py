"""Questions about the plans (/hoi or any free text), /kehoach, /viectoi, and officers' uploads."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from core.i18n import N_
from core.messages import Choice, Reply
from core.textfold import fold
from core.vnformat import format_day_inline, format_day_long
from handlers.choices import is_number
from handlers.context import Context
from handlers.costly import refused
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.plan_answers import MAX_LISTED, cite, near_labels, place_of, render, short
from handlers.plan_scope import asker_of, import_target, readable_documents
from handlers.reporting.problems import ParseError
from handlers.reporting.userdates import DateRules, parse_user_date
from knowledge import PlanImportError, summarize, summary_lines
from knowledge.answers import AnswerKind, Item, about_party_work
from knowledge.answers import answer as answer_question
from knowledge.index import PlanIndex, TaskRef
from knowledge.limits import question_problem
from knowledge.structured import coming_due, deadline_of
from knowledge.textnorm import fold_key
from services.access import ORG_ROLES
from services.plan_library import (
    ImportStatus,
    PlanLibrary,
    correct_identity,
    identity_missing,
    import_document,
)

SKIP = "skip"
NOT_FOUND = N_(
    "Not found in the plans yet. Try a shorter question that names a target, a body or a "
    'deadline, for example: "chỉ tiêu kết nạp đảng viên năm 2025", "nhiệm vụ của Ủy ban Kiểm '
    'tra", "việc đến hạn tháng này".'
)
# Not found, and the question says no word of party work («giá lúa hôm nay»): how to ask about
# a plan would be no help.
NOT_ABOUT_PLANS = N_("Not found: the imported plans say nothing about this.")
GREETING = N_(
    'Greetings, comrade. Ask me anything about the plans, for example: "nhiệm vụ của Ủy ban '
    'Kiểm tra".'
)
THANKS = N_("You are welcome, comrade.")
# «ok», «hihi», «👍»: nothing was thanked for, so no «you're welcome»: a plain acknowledgement
ACKNOWLEDGED = N_("All right, comrade.")
NOTHING_PENDING = N_(
    "There is no question waiting for your answer now. Type /trogiup to see what you can do."
)
FAREWELL = N_("Goodbye, comrade. Write to me whenever you need.")
ABOUT = N_(
    "I am chibo, the party cell's assistant: I remind you of the cell's meetings, take the "
    "report after each one and answer questions about the implementation plans (targets, "
    'deadlines, who is responsible). Type a question about a plan, for example: "nhiệm vụ của '
    'Ủy ban Kiểm tra", or type /trogiup to see everything you can do.'
)
# The short reply to small talk, in chat and in `chibo ask`.
SMALL_TALK = {
    AnswerKind.GREETING: GREETING,
    AnswerKind.THANKS: THANKS,
    AnswerKind.FAREWELL: FAREWELL,
    AnswerKind.ABOUT: ABOUT,
}
_THANKED = re.compile(r"\b(?:cam ?on|camon|cmon|thanks?|tks|thks|thx)\b")


def small_talk_reply(kind: AnswerKind, question: str) -> str:
    """The msgid answering small talk: an acknowledgement without thanks in it («ok», «hihi»,
    «👍») gets a plain acknowledgement, not «you're welcome»."""
    if kind is AnswerKind.THANKS and not _THANKED.search(fold(question)):
        return ACKNOWLEDGED
    return SMALL_TALK[kind]


ANY_PAST_DATE = DateRules(allow_future=False, max_days_back=None)
_CODE = re.compile(
    r"^\s*(?:số\s*)?(\d{1,4})\s*-\s*([A-Za-zĐđ]{1,6}\s*/\s*[A-Za-zĐđ0-9\-]{1,12})\s*$",
    re.IGNORECASE,
)


def _short(text: str, limit: int = 220) -> str:
    return short(text, limit)


async def readable_index(ctx: Context, library: PlanLibrary) -> tuple[PlanIndex, set[str] | None]:
    """The current index and the plans in it the person may read (None: all of them)."""
    index = await library.index(ctx.repos)
    return index, await readable_documents(ctx.repos, ctx.principal, library)


def _shown(
    ctx: Context, items: tuple[Item, ...], org_names: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """The answers as the flow keeps them to show again: each one's text and place."""
    return [
        {"text": render(ctx.t, item, org_names), "place": place_of(ctx.t, item)} for item in items
    ]


class QuestionFlow:
    """Answers a question with the best answer (a quote with its place, a plan's identity, a
    body's tasks), and offers the next two."""

    name = "qa"

    def __init__(
        self,
        library: PlanLibrary,
        *,
        typed_command: Callable[[Context, str], Awaitable[Outcome | None]] | None = None,
    ) -> None:
        self._library = library
        # what a command typed in words with its period starts ("tong hop thang 12"), before
        # the text is searched as a question (None: it is no such command)
        self._typed_command = typed_command

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        if not args.strip():
            return ask(
                FlowState(self.name, "question"),
                _(
                    "What would you like to know about the plan? For example: "
                    '"chỉ tiêu kết nạp đảng viên năm 2025".'
                ),
            )
        return await self.answer(ctx, args)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        value = answer.value or ""
        answers = state.data.get("answers")
        if value.startswith("more:") and answers:
            index = int(value.split(":", 1)[1])
            if 0 <= index < len(answers):
                return Outcome(
                    [Reply(answers[index]["text"], self._more_choices(ctx, answers, index))],
                    state,
                )
        return await self.answer(ctx, answer.text)

    async def answer(self, ctx: Context, question: str) -> Outcome:
        _ = ctx.t.gettext
        if self._typed_command is not None:
            started = await self._typed_command(ctx, question)
            if started is not None:
                return started
        problem = question_problem(question)
        if problem is not None:
            return done(Reply(ctx.t.render(problem)))
        if is_number(question) and len(question.strip(" .)(")) <= 2:
            # "1" typed to a list that is gone (answered, cancelled): no question to search.
            return done(Reply(_(NOTHING_PENDING)))
        index = await self._library.index(ctx.repos)
        asker = await asker_of(ctx.repos, ctx.principal, self._library)
        if not len(index) or asker.readable == frozenset():
            return done(
                Reply(
                    _(
                        "No plan has been imported yet. An officer can send the plan file "
                        "(.docx, .pdf or .txt) to the bot to import it."
                    )
                )
            )
        result = answer_question(index, question, ctx.today(), asker)
        if result.kind in SMALL_TALK:
            return done(Reply(_(small_talk_reply(result.kind, question))))
        if result.kind is AnswerKind.NOT_FOUND and not result.near:
            if not about_party_work(question, fold_key(question)):
                return done(Reply(_(NOT_ABOUT_PLANS)))
            return done(Reply(_(NOT_FOUND)))
        if result.kind is AnswerKind.NOT_FOUND:
            # Nothing answers well enough; the nearest passages are offered to look at.
            near = _shown(ctx, result.near)
            choices = tuple(
                Choice(_("See: {place}").format(place=label), f"more:{number}")
                for number, label in enumerate(near_labels(ctx.t, result.near))
            )
            text = _(NOT_FOUND) + "\n\n" + _("Passages near what you asked, to look at:")
            return Outcome([Reply(text, choices)], FlowState(self.name, "near", {"answers": near}))
        answers = _shown(ctx, result.items, await self._org_names(ctx, result.items))
        state = FlowState(self.name, "answered", {"answers": answers})
        return Outcome([Reply(answers[0]["text"], self._more_choices(ctx, answers, 0))], state)

    async def _org_names(self, ctx: Context, items: tuple[Item, ...]) -> dict[str, str]:
        names: dict[str, str] = {}
        for item in items:
            org_id = self._library.org_of(item.document_id) if item.document_id else None
            if org_id is not None and item.document_id not in names:
                org = await ctx.repos.orgs.get_org(org_id)
                if org is not None:
                    names[item.document_id] = org.name
        return names

    def _more_choices(
        self, ctx: Context, answers: list[dict[str, Any]], exclude: int
    ) -> tuple[Choice, ...]:
        _ = ctx.t.gettext
        offered = [(number, answer) for number, answer in enumerate(answers) if number != exclude]
        # the answer on screen counts too: "Đoạn khác: mục II.2" beside an answer from II.2
        places = [answer["place"] for _number, answer in offered[:2]] + [answers[exclude]["place"]]
        return tuple(
            Choice(_("More: {place}").format(place=_told_apart(answer, places)), f"more:{number}")
            for number, answer in offered[:2]
        )


def _told_apart(answer: dict[str, Any], places: list[str]) -> str:
    """An answer's place, with its quote's first words when another answer offered beside it,
    or the one shown, has the same place ("mục III.1" twice), so that a number typed means one
    of them and not, seemingly, the answer already on screen."""
    place: str = answer["place"]
    if places.count(place) < 2:
        return place
    quote = _QUOTE.search(answer["text"])
    return f"{place}: {short(quote.group(1) if quote else answer['text'], 50)}"


_QUOTE = re.compile(r"«([^»]+)»")


class PlansListFlow:
    """/kehoach: the plans the person can read."""

    name = "plans"

    def __init__(self, library: PlanLibrary) -> None:
        self._library = library

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        index, within = await readable_index(ctx, self._library)
        plans = [p for p in index.plans if within is None or p.document_id in within]
        if not plans:
            return done(
                Reply(
                    _(
                        "No plan has been imported yet. An officer can send the plan file "
                        "(.docx, .pdf or .txt) to the bot to import it."
                    )
                )
            )
        lines = [_("Imported plans:")]
        for plan in plans:
            identity = plan.identity
            when = (
                format_day_inline(identity.date, ctx.t)
                if identity.date
                else _("date of issue unknown")
            )
            lines.append(
                _("• {label} ({date}): {tasks} tasks, {targets} targets").format(
                    label=plan.label, date=when, tasks=len(plan.tasks), targets=len(plan.targets)
                )
            )
        lines.append(_('Ask anything about them, e.g. "nhiệm vụ của Ủy ban Kiểm tra".'))
        return done(Reply("\n".join(lines)))

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


def upcoming_cell_tasks(index: PlanIndex, within: set[str] | None, today: Any) -> list[TaskRef]:
    """Tasks for the cells, those with a deadline first (soonest first), done ones left out."""
    tasks = [t for t in index.cell_tasks() if within is None or t.document_id in within]
    ongoing = [t for t in tasks if deadline_of(t) is None and t.task.timing.kind.value != "done"]
    return coming_due(tasks, today) + ongoing


class CellTasksFlow:
    """/viectoi: the plan tasks that fall to the cells, soonest deadline first."""

    name = "cell_tasks"

    def __init__(self, library: PlanLibrary) -> None:
        self._library = library

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        index, within = await readable_index(ctx, self._library)
        today = ctx.today()
        tasks = upcoming_cell_tasks(index, within, today)
        if not tasks:
            return done(
                Reply(_("The imported plans give the cells no task with a deadline ahead."))
            )
        lines = [_("Plan tasks for the cells:")]
        for ref in tasks[:MAX_LISTED]:
            deadline = deadline_of(ref)
            when = format_day_long(deadline, ctx.t) if deadline else ref.task.timing.phrase
            task = (
                f"{_short(ref.task.text, 180)} "
                f"({cite(ctx.t, ref.document_label, ref.task.section_path)})"
            )
            lines.append(f"• {when}: {task}" if when else f"• {task}")
        return done(Reply("\n".join(lines)))

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        return await self.start(ctx, "")


class PlanUploadFlow:
    """An officer sends a plan file: it is imported for their organisation, then the number and
    date the parser could not find are asked (never guessed)."""

    name = "plan_upload"

    def __init__(self, library: PlanLibrary) -> None:
        self._library = library

    async def start(self, ctx: Context, args: str) -> Outcome:
        return await self.received_file(ctx)

    async def received_file(self, ctx: Context) -> Outcome:
        _ = ctx.t.gettext
        incoming = ctx.incoming
        if not ctx.principal.has_any(ORG_ROLES):
            return done(
                Reply(_("Only committee officers can import plans. Please type your message."))
            )
        if incoming.file_bytes is None or not incoming.file_name:
            return done(Reply(_("I could not read the file. Please send it again.")))
        org = await import_target(ctx.repos, ctx.principal)
        if org is None:
            return done(Reply(_("Your role covers no organisation to import the plan for.")))
        too_often = await refused(ctx, "plan_import")
        if too_often is not None:
            return done(too_often)
        try:
            outcome = await import_document(
                ctx.repos,
                org,
                filename=incoming.file_name,
                data=incoming.file_bytes,
                actor_id=ctx.account.id,
                now=ctx.clock.now(),
            )
        except PlanImportError as error:
            return done(Reply(ctx.t.render(error.message)))
        if outcome.status is ImportStatus.UNCHANGED:
            return done(
                Reply(
                    _("This plan is already imported ({label}); nothing changed.").format(
                        label=outcome.plan.label
                    )
                )
            )
        lines = [
            ctx.t.render(line) for line in summary_lines(summarize(outcome.plan), ctx.t.gettext)
        ]
        if outcome.status is ImportStatus.REPLACED:
            lines.append(_("It replaces the earlier version (kept in the history)."))
        missing = identity_missing(outcome.plan.identity)
        state = FlowState(
            self.name, "", {"document": outcome.document.id, "missing": list(missing)}
        )
        return self._next_question(ctx, state, "\n".join(lines))

    def _next_question(self, ctx: Context, state: FlowState, prefix: str = "") -> Outcome:
        _ = ctx.t.gettext
        missing: list[str] = state.data["missing"]
        skip = (Choice(_("Skip"), SKIP),)
        if not missing:
            text = (prefix + "\n" if prefix else "") + _("Secretaries can now ask about it.")
            return done(Reply(text.strip()))
        field = missing[0]
        state.step = field
        if field == "number":
            question = _(
                "The plan has no number I could read. Type its number and symbol "
                "(e.g. 74-KH/ĐUK), or skip:"
            )
        else:
            question = _(
                "The plan has no date I could read. Type the date it was issued "
                "(dd/mm/yyyy), or skip:"
            )
        return ask(state, (prefix + "\n\n" + question).strip(), skip)

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        document = await ctx.repos.plans.get(int(state.data["document"]))
        if document is None:
            return done(Reply(_("Cancelled. Nothing was saved.")))
        if answer.value != SKIP:
            if state.step == "number":
                match = _CODE.match(answer.text)
                if not match:
                    return ask(
                        state,
                        _("Please type the number and symbol like 74-KH/ĐUK, or skip:"),
                        (Choice(_("Skip"), SKIP),),
                    )
                code = f"{match.group(1)}-{match.group(2).replace(' ', '').upper()}"
                await correct_identity(
                    ctx.repos, document, actor_id=ctx.account.id, now=ctx.clock.now(), code=code
                )
            else:
                today = ctx.today()
                parsed = parse_user_date(answer.text, today, ANY_PAST_DATE)
                if isinstance(parsed, ParseError):
                    return ask(state, ctx.t.render(parsed.message), (Choice(_("Skip"), SKIP),))
                await correct_identity(
                    ctx.repos,
                    document,
                    actor_id=ctx.account.id,
                    now=ctx.clock.now(),
                    issued_on=parsed,
                )
        state.data["missing"] = state.data["missing"][1:]
        return self._next_question(ctx, state)
