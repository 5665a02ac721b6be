"""Questions about the plans (/hoi or any free text), /kehoach, /viectoi, and officers' uploads."""

from __future__ import annotations

import re
from typing import Any

from core.i18n import Translator
from core.messages import Choice, Reply
from core.vnformat import format_date
from handlers.access import ORG_ROLES
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, done
from handlers.plan_scope import import_target, readable_documents
from handlers.reporting.problems import ParseError
from handlers.reporting.userdates import DateRules, parse_user_date
from knowledge import Hit, PlanImportError, summarize, summary_lines
from knowledge.index import PlanIndex, TaskRef
from knowledge.structured import Kind, StructuredAnswer, answer_structured, deadline_of
from services.plan_library import (
    ImportStatus,
    PlanLibrary,
    correct_identity,
    identity_missing,
    import_document,
)

MAX_LISTED = 10
SKIP = "skip"
ANY_PAST_DATE = DateRules(allow_future=False, max_days_back=None)
_CODE = re.compile(
    r"^\s*(?:số\s*)?(\d{1,4})\s*-\s*([A-Za-zĐđ]{1,6}\s*/\s*[A-Za-zĐđ0-9\-]{1,12})\s*$",
    re.IGNORECASE,
)


def _short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _last_heading(heading: str) -> str:
    return heading.split(" > ")[-1].strip()


def cite(t: Translator, label: str, path: str) -> str:
    return t.gettext("{document}, section {section}").format(document=label, section=path)


def hit_reply_text(t: Translator, hit: dict[str, Any]) -> str:
    lines = []
    if hit["heading"]:
        lines.append(_last_heading(hit["heading"]))
    lines.append(f"«{hit['text']}»")
    lines.append(f"({cite(t, hit['label'], hit['section'])})")
    return "\n".join(lines)


async def readable_index(ctx: Context, library: PlanLibrary) -> tuple[PlanIndex, set[str] | None]:
    """The current index and the plans in it the person may read (None: all of them)."""
    index = await library.index(ctx.repos)
    return index, await readable_documents(ctx.repos, ctx.principal, library)


def _hit_dict(hit: Hit) -> dict[str, Any]:
    return {
        "label": hit.document_label,
        "section": hit.section_path,
        "heading": hit.heading,
        "text": hit.text,
    }


class QuestionFlow:
    """Answers a question with the best passage, and offers the next two."""

    name = "qa"

    def __init__(self, library: PlanLibrary) -> None:
        self._library = library

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
        if value.startswith("more:") and state.data.get("hits"):
            index = int(value.split(":", 1)[1])
            hits = state.data["hits"]
            if 0 <= index < len(hits):
                return Outcome(
                    [
                        Reply(
                            hit_reply_text(ctx.t, hits[index]),
                            self._more_choices(ctx, hits, exclude=index),
                        )
                    ],
                    state,
                )
        return await self.answer(ctx, answer.text)

    async def answer(self, ctx: Context, question: str) -> Outcome:
        _ = ctx.t.gettext
        index, within = await readable_index(ctx, self._library)
        if not len(index) or within == set():
            return done(
                Reply(
                    _(
                        "No plan has been imported yet. An officer can send the plan file "
                        "(.docx, .pdf or .txt) to the bot to import it."
                    )
                )
            )
        today = ctx.today()
        structured = answer_structured(index, question, today, within)
        if structured is not None:
            return done(Reply(self._structured_text(ctx, structured)))
        result = index.search(question, top=3, within=within)
        if result.not_found or not result.hits:
            return done(
                Reply(
                    _(
                        "Not found in the plans yet. Try a shorter question that names a target, a "
                        'body or a deadline, for example: "chỉ tiêu kết nạp đảng viên năm 2025", '
                        '"nhiệm vụ của Ủy ban Kiểm tra", "việc đến hạn tháng này".'
                    )
                )
            )
        hits = [_hit_dict(hit) for hit in result.hits]
        state = FlowState(self.name, "answered", {"hits": hits})
        return Outcome(
            [Reply(hit_reply_text(ctx.t, hits[0]), self._more_choices(ctx, hits, exclude=0))], state
        )

    def _more_choices(
        self, ctx: Context, hits: list[dict[str, Any]], exclude: int
    ) -> tuple[Choice, ...]:
        _ = ctx.t.gettext
        return tuple(
            Choice(
                _("More: {place}").format(place=cite(ctx.t, hit["label"], hit["section"])),
                f"more:{number}",
            )
            for number, hit in enumerate(hits)
            if number != exclude
        )[:2]

    def _structured_text(self, ctx: Context, answer: StructuredAnswer) -> str:
        _ = ctx.t.gettext
        lines: list[str] = []
        if answer.kind is Kind.DUE and answer.period is not None:
            period = answer.period
            when = (
                f"{period.month:02d}/{period.year}"
                if period.month
                else f"{['I', 'II', 'III', 'IV'][period.quarter - 1]}/{period.year}"
                if period.quarter
                else str(period.year)
            )
            lines.append(_("Tasks due in {period}:").format(period=when))
        elif answer.kind is Kind.OWNER:
            lines.append(_("Tasks of {owner}:").format(owner=answer.tasks[0].task.owner))
        else:
            year = answer.period.year if answer.period else ""
            lines.append(_("Targets for {year}:").format(year=year))
        for task in answer.tasks[:MAX_LISTED]:
            lines.append(self._task_line(ctx, task))
        for target in answer.targets[:MAX_LISTED]:
            lines.append(
                f"• {_short(target.target.phrase or target.target.indicator)} "
                f"({cite(ctx.t, target.document_label, target.target.section_path)})"
            )
        hidden = len(answer.tasks) + len(answer.targets) - MAX_LISTED
        if hidden > 0:
            lines.append(
                _("… and {n} more. Ask more precisely to narrow it down.").format(n=hidden)
            )
        return "\n".join(lines)

    def _task_line(self, ctx: Context, ref: TaskRef) -> str:
        timing = ref.task.timing.phrase
        suffix = f" [{timing}]" if timing else ""
        return f"• {_short(ref.task.text)}{suffix} ({cite(ctx.t, ref.document_label, ref.task.section_path)})"


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
            when = format_date(identity.date) if identity.date else "?"
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
    dated = [(deadline_of(t), t) for t in tasks]
    future = sorted(((d, t) for d, t in dated if d is not None and d >= today), key=lambda x: x[0])
    ongoing = [t for d, t in dated if d is None and t.task.timing.kind.value != "done"]
    return [t for _d, t in future] + ongoing


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
            when = format_date(deadline) if deadline else ref.task.timing.phrase or "—"
            lines.append(
                f"• {when}: {_short(ref.task.text, 180)} "
                f"({cite(ctx.t, ref.document_label, ref.task.section_path)})"
            )
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
