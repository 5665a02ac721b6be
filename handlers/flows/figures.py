"""/solieu: a cell's monthly figures and yearly ratings; officers configure which are collected."""

from __future__ import annotations

import copy
import io
import re
from datetime import date
from typing import Any

from core.messages import Attachment, Choice, Expect, Reply
from core.vnformat import format_day_long, format_month, format_time
from handlers.cells import visible_orgs
from handlers.choices import number_word
from handlers.context import Context
from handlers.flow import Answer, FlowState, Outcome, ask, asked_beside, done
from handlers.reporting.asked import asks_instead
from handlers.reporting.figures import (
    DEFAULT_FIGURES,
    RATING_COUNT_KEYS,
    UNIT_LABELS,
    DefinitionsResult,
    FigureDefinition,
    check_against_roll,
    check_rating_counts,
    load_definitions_csv,
    load_definitions_xlsx,
    load_definitions_yaml,
    parse_figure_value,
    unit_text,
    unusual_value,
)
from handlers.reporting.grades import RATING_ABBREVIATIONS, RATING_LABELS, Rating, parse_yes_no
from handlers.reporting.problems import ParseError
from handlers.reporting.records import (
    CellSetting,
    closed_month_text,
    definition_from_json,
    definition_to_json,
    definitions_for,
    last_roll,
    load_setting,
    org_chain,
)
from scheduler.periods import Month, month_of
from scheduler.reporting_window import is_open, last_open_day
from services.access import CELL_ROLES, ORG_ROLES

NAME = "figures"
SEND, CHANGE, CANCEL = "send", "change", "/huy"
UPLOAD, DEFAULTS, KEEP, SAVE = "upload", "defaults", "keep", "save"
PICK, TEMPLATE = "pick", "template"
RIGHT, AGAIN = "right", "again"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_NUMBERS = re.compile(r"[\s,;.]+")
MAX_ERRORS_SHOWN = 5



def period_label(ctx: Context, period: str) -> str:
    """ "tháng 11/2026" or "năm 2026"."""
    _ = ctx.t.gettext
    if "-" in period:
        year, month = map(int, period.split("-"))
        return _("month {month}").format(month=format_month(year, month))
    return _("year {year}").format(year=period)


def period_last_day(period: str, day: int) -> date:
    """The last day figures of `period` can be sent or changed."""
    if "-" in period:
        return last_open_day(Month.parse(period), day)
    return last_open_day(Month(int(period), 12), day)


def show_value(ctx: Context, definition: FigureDefinition, value: Any) -> str:
    _ = ctx.t.gettext
    if value is None:
        return "-"
    if definition.kind == "rating":
        return ctx.t.gettext(RATING_LABELS[Rating(value)])
    return unit_text(ctx.t, definition.kind, definition.unit, int(value))


class FiguresFlow:
    """One question per figure (skip with 0), a summary, then send."""

    name = NAME

    async def start(self, ctx: Context, args: str) -> Outcome:
        _ = ctx.t.gettext
        if ctx.principal.has_any(ORG_ROLES) and not ctx.principal.has_any(CELL_ROLES):
            return await self._config_menu(ctx)
        cells = sorted(ctx.principal.cell_ids())
        if not cells:
            return done(Reply(_("You have no cell to report for.")))
        if len(cells) > 1:
            choices = []
            for cell_id in cells:
                setting = await load_setting(ctx.repos, cell_id)
                if setting is not None:
                    choices.append(Choice(setting.cell.name, str(cell_id)))
            return ask(FlowState(NAME, "cell"), _("Which cell?"), tuple(choices))
        return await self._pick_period(ctx, cells[0])

    async def _pick_period(self, ctx: Context, cell_id: int) -> Outcome:
        _ = ctx.t.gettext
        setting = await load_setting(ctx.repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        definitions, _owner = await definitions_for(ctx.repos, setting.chain)
        today = ctx.today()
        this = month_of(today)
        previous = this.plus(-1)
        months = [previous] if is_open(previous, today, setting.open_until_day()) else []
        months.append(this)
        choices = []
        closed: list[str] = []  # months closed by the committee: said up front, not offered
        if any(d.period == "month" for d in definitions):
            for month in months:
                text = await closed_month_text(
                    ctx.repos, ctx.t, setting, month, ctx.config.timezone
                )
                if text is not None:
                    closed.append(text)
                    continue
                period = str(month)
                choices.append(
                    Choice(
                        _("Figures for {period}").format(period=period_label(ctx, period)), period
                    )
                )
        if any(d.period == "year" for d in definitions):
            year = str(today.year if today.month >= 10 else today.year - 1)
            choices.append(
                Choice(_("Ratings for {period}").format(period=period_label(ctx, year)), year)
            )
        if not choices and closed:
            return done(Reply("\n".join(closed)))
        if not choices:
            return done(Reply(_("Your party committee collects no figures.")))
        state = FlowState(NAME, "period", {"cell": cell_id})
        question = "\n".join([*closed, _("Which figures will you send?")])
        return ask(state, question, tuple(choices))

    async def begin(self, ctx: Context, setting: CellSetting, period: str) -> Outcome:
        """Ask the figures of `period` one by one (those already sent: straight to the summary);
        a month closed by the committee is refused before any is asked, as /sua does."""
        if "-" in period:
            text = await closed_month_text(
                ctx.repos, ctx.t, setting, Month.parse(period), ctx.config.timezone
            )
            if text is not None:
                return done(Reply(text))
        definitions, _owner = await definitions_for(ctx.repos, setting.chain)
        scope = "month" if "-" in period else "year"
        chosen = [d for d in definitions if d.period == scope]
        stored = await ctx.repos.reports.figures([setting.cell_id], [period])
        values: dict[str, Any] = {}
        for record in stored:
            values[record.key] = record.text if record.text is not None else record.number
        data: dict[str, Any] = {
            "cell": setting.cell_id,
            "cell_name": setting.cell.name,
            "period": period,
            "defs": [definition_to_json(d) for d in chosen],
            "values": {d.key: values[d.key] for d in chosen if d.key in values},
            "only": None,
            "mode": "edit" if stored else "new",
            # the version of each figure sent so far: sending is refused when one has changed
            "versions": {r.key: r.version for r in stored if r.key in {d.key for d in chosen}},
        }
        data["base"] = dict(data["values"])  # what they were: the person's changes are the rest
        return await self._next(ctx, FlowState(NAME, "", data), [])

    async def resume(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        # A copy: nested values changed in place would not be seen as changed and saved.
        state.data = copy.deepcopy(state.data)
        step = state.step
        if step == "cell":
            if answer.value is None or not answer.value.isdecimal():
                return await self.start(ctx, "")
            return await self._pick_period(ctx, int(answer.value))
        if step == "period":
            setting = await load_setting(ctx.repos, int(state.data["cell"]))
            if setting is None or answer.value is None:
                return await self._pick_period(ctx, int(state.data["cell"]))
            return await self.begin(ctx, setting, answer.value)
        if step.startswith("config"):
            return await self._config_answer(ctx, state, answer)
        if step == "summary":
            if answer.value == SEND or (answer.value is None and parse_yes_no(answer.text) is True):
                return await self._send(ctx, state)  # «có», «ok» to «Đồng chí gửi chứ?»
            if answer.value == CHANGE:
                state.step = "change"
                choices = tuple(
                    Choice(d.label(ctx.t.locale), d.key) for d in self._definitions(state)
                )
                return ask(state, _("Which figure do you want to change?"), choices)
            return await self._next(
                ctx, state, [_("Please choose one of the options (type its number).")]
            )
        if answer.choice is None and asks_instead(answer.text):
            return asked_beside(state)  # answered, then this question again: nothing lost
        if step == "confirm":
            return await self._confirmed(ctx, state, answer)
        if step == "change":
            keys = {d.key for d in self._definitions(state)}
            if answer.value in keys:
                state.data["only"] = answer.value
                state.data["values"].pop(answer.value, None)
            return await self._next(ctx, state, [])
        return await self._answer_value(ctx, state, answer)

    def _definitions(self, state: FlowState) -> list[FigureDefinition]:
        return [definition_from_json(d) for d in state.data["defs"]]

    async def _answer_value(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        definition = next((d for d in self._definitions(state) if d.key == state.step), None)
        if definition is None:
            return await self._next(ctx, state, [])
        text = answer.value if answer.value is not None else answer.text
        parsed = parse_figure_value(definition, text, ctx.t.locale)
        if isinstance(parsed, ParseError):
            return await self._next(ctx, state, [ctx.t.render(parsed.message)])
        setting = await load_setting(ctx.repos, int(state.data["cell"]))
        if setting is not None:
            on_roll, _exempted = await last_roll(ctx.repos, setting.cell)
            issue = check_against_roll(definition, parsed, on_roll or 0, ctx.t.locale)
            if issue is not None:
                return await self._next(ctx, state, [ctx.t.render(issue.message)])
            unusual = unusual_value(definition, parsed, on_roll or 0, ctx.t.locale)
            if unusual is not None:
                # seldom right, and it would count towards the targets: said back first
                state.step = "confirm"
                state.data["unsure"] = {"key": definition.key, "value": parsed}
                _ = ctx.t.gettext
                right = _("Yes, {value}").format(value=show_value(ctx, definition, parsed))
                return ask(
                    state,
                    ctx.t.render(unusual),
                    (Choice(right, RIGHT), Choice(_("Type it again"), AGAIN)),
                )
        return await self._keep(ctx, state, definition.key, parsed)

    async def _keep(
        self, ctx: Context, state: FlowState, key: str, value: Rating | int
    ) -> Outcome:
        state.data["values"][key] = value.value if isinstance(value, Rating) else value
        state.data["only"] = None
        problems = await self._check_ratings(ctx, state)
        return await self._next(ctx, state, problems)

    async def _confirmed(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        """The answer to «{value}, is that right?»: kept, typed again, or a new value typed."""
        unsure = state.data.pop("unsure", None) or {}
        key = str(unsure.get("key", ""))
        # «một», «hai»: the choices' numbers said in words, never a new figure
        picked = answer.value or {1: RIGHT, 2: AGAIN}.get(number_word(answer.text) or 0)
        if picked == RIGHT and key:
            return await self._keep(ctx, state, key, int(unsure["value"]))
        state.data["only"] = key or None
        if picked is None and key and answer.text.strip():
            state.step = key  # a new value typed straight away: read as the answer
            return await self._answer_value(ctx, state, answer)
        return await self._next(ctx, state, [])

    async def _check_ratings(self, ctx: Context, state: FlowState) -> list[str]:
        values = state.data["values"]
        keys = [
            k for k in RATING_COUNT_KEYS.values() if any(d["key"] == k for d in state.data["defs"])
        ]
        if not keys or any(k not in values for k in keys):
            return []
        setting = await load_setting(ctx.repos, int(state.data["cell"]))
        if setting is None:
            return []
        on_roll, _exempted = await last_roll(ctx.repos, setting.cell)
        counts = {r: int(values.get(k, 0)) for r, k in RATING_COUNT_KEYS.items() if k in keys}
        issue = check_rating_counts(counts, on_roll or 0)
        if issue is None:
            return []
        for key in keys:
            values.pop(key, None)
        return [ctx.t.render(issue.message)]

    async def _next(self, ctx: Context, state: FlowState, before: list[str]) -> Outcome:
        _ = ctx.t.gettext
        values = state.data["values"]
        pending = [d for d in self._definitions(state) if d.key not in values]
        if state.data.get("only"):
            pending = [d for d in pending if d.key == state.data["only"]] or pending
        if not pending:
            return self._summary(ctx, state, before)
        definition = pending[0]
        state.step = definition.key
        # which cell and period, above every question (as /baocao's): a choice typed a moment ago
        # is not always remembered
        # what was wrong with the last answer comes under it, above the question asked again
        before = [
            _("{cell}, figures for {period}:").format(
                cell=state.data["cell_name"], period=period_label(ctx, state.data["period"])
            ),
            *before,
        ]
        if definition.kind == "rating":
            choices = tuple(
                Choice(f"{RATING_ABBREVIATIONS[r]} - {ctx.t.gettext(RATING_LABELS[r])}", r.value)
                for r in Rating
            )
            question = _("{label}?").format(label=definition.label(ctx.t.locale))
            return ask(state, "\n".join([*before, question]), choices)
        if definition.kind == "money":
            question = _("{label} (dong)? Type the amount, or 0 if none.").format(
                label=definition.label(ctx.t.locale)
            )
        else:
            question = _("{label}? Type the number, or 0 if none.").format(
                label=definition.label(ctx.t.locale)
            )
        return ask(
            state, "\n".join([*before, question]), (Choice(_("0 - none"), "0"),), expect=Expect.VALUE
        )

    def _summary(self, ctx: Context, state: FlowState, before: list[str]) -> Outcome:
        _ = ctx.t.gettext
        state.step = "summary"
        lines = [
            *before,
            _("{cell}, figures for {period}:").format(
                cell=state.data["cell_name"], period=period_label(ctx, state.data["period"])
            ),
        ]
        for definition in self._definitions(state):
            value = state.data["values"].get(definition.key)
            lines.append(
                f"- {definition.label(ctx.t.locale)}: {show_value(ctx, definition, value)}"
            )
        lines.append(_("Send them?"))
        return ask(
            state,
            "\n".join(lines),
            (
                Choice(_("Send the figures"), SEND),
                Choice(_("Change a figure"), CHANGE),
                Choice(_("Cancel"), CANCEL),
            ),
        )

    async def _send(self, ctx: Context, state: FlowState) -> Outcome:
        _ = ctx.t.gettext
        repos, now = ctx.repos, ctx.clock.now()
        cell_id = int(state.data["cell"])
        setting = await load_setting(repos, cell_id)
        if setting is None or cell_id not in ctx.principal.cell_ids():
            return done(Reply(_("You do not have access to that cell.")))
        period = str(state.data["period"])
        if "-" in period:
            closed_text = await closed_month_text(
                repos, ctx.t, setting, Month.parse(period), ctx.config.timezone
            )
            if closed_text is not None:
                return done(Reply(closed_text + " " + _("Nothing was saved.")))
        closed = period_last_day(period, setting.open_until_day())
        if ctx.today() > closed:
            return done(
                Reply(
                    _("Figures for {period} closed on {date}; nothing was saved.").format(
                        period=period_label(ctx, period), date=format_day_long(closed, ctx.t)
                    )
                )
            )
        changed = await self._changed_since(ctx, state, setting)
        if changed is not None:
            return done(changed)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        for definition in self._definitions(state):
            value = state.data["values"].get(definition.key)
            if value is None:
                continue
            number = None if definition.kind == "rating" else int(value)
            text = str(value) if definition.kind == "rating" else None
            _record, old = await repos.reports.save_figure(
                cell_id,
                definition.key,
                period,
                number=number,
                text=text,
                by=ctx.account.id,
                now=now,
            )
            previous = (
                None if old is None else (old["text"] if old["text"] is not None else old["number"])
            )
            if old is not None and previous == value:
                continue
            if old is not None:
                before[definition.key] = previous
            after[definition.key] = value
        edited = bool(before)
        await repos.audit.record(
            actor_account_id=ctx.account.id,
            action="figures.edit" if edited else "figures.send",
            entity="figures",
            entity_id=f"{cell_id}:{period}",
            now=now,
            before=before or None,
            after=after,
        )
        return done(
            Reply(
                _("Recorded the figures for {period}. Thank you.").format(
                    period=period_label(ctx, period)
                )
            )
        )

    async def _changed_since(
        self, ctx: Context, state: FlowState, setting: CellSetting
    ) -> Reply | None:
        """The refusal of figures someone sent or changed after this person began theirs
        (None: none did): who and when, the figures as they stand now, this person's that
        were not saved, and a way to change them as they are. Read locked, as the report's
        check is (services.reports)."""
        _ = ctx.t.gettext
        began = state.data.get("versions")
        if not isinstance(began, dict):
            return None  # begun before versions were kept: not checked
        period = str(state.data["period"])
        definitions = self._definitions(state)
        keys = {d.key for d in definitions}
        now = {
            r.key: r
            for r in await ctx.repos.reports.figures_for_update(setting.cell_id, period)
            if r.key in keys
        }
        moved = [r for key, r in now.items() if began.get(key) != r.version]
        if not moved:
            return None
        last = max(moved, key=lambda r: r.updated_at)
        account = await ctx.repos.accounts.get(last.updated_by) if last.updated_by else None
        name = (account.display_name or account.platform_user_id) if account else "?"
        local = ctx.local(last.updated_at)
        values = {r.key: r.text if r.text is not None else r.number for r in now.values()}
        lines = [
            _("{cell}, figures for {period}:").format(
                cell=state.data["cell_name"], period=period_label(ctx, period)
            ),
            _(
                "Comrade {name} sent figures for this period at {time} on {date}, after you "
                "began yours. Yours were not saved, so that they do not overwrite theirs."
            ).format(
                name=name,
                time=format_time(local.time()),
                date=format_day_long(local.date(), ctx.t),
            ),
            _("The figures as they stand now:"),
        ]
        label = {d.key: d for d in definitions}
        lines += [
            f"- {d.label(ctx.t.locale)}: {show_value(ctx, d, values.get(d.key))}"
            for d in definitions
        ]
        base = state.data.get("base") or {}
        mine = [  # only what the person changed, not the values they began from
            f"- {label[key].label(ctx.t.locale)}: {show_value(ctx, label[key], value)}"
            for key, value in state.data["values"].items()
            if key in label and value != values.get(key) and (key not in base or value != base[key])
        ]
        if mine:
            lines += [_("Your figures, not saved:"), *mine]
        choice = Choice(
            _("Change the figures as they stand now"), f"/sua f:{setting.cell_id}:{period}"
        )
        return Reply("\n".join(lines), (choice,))

    # --- configuration (officers, admins) -----------------------------------------------------

    async def _config_menu(self, ctx: Context) -> Outcome:
        _ = ctx.t.gettext
        orgs = [o for o in await visible_orgs(ctx.repos, ctx.principal) if o.id is not None]
        own = [o for o in orgs if o.id in {g.org_id for g in ctx.principal.grants}] or orgs
        if not own:
            return done(Reply(_("You have no organisation in your scope yet.")))
        if len(own) > 1:
            choices = tuple(Choice(o.name, str(o.id)) for o in own)
            return ask(FlowState(NAME, "config_org"), _("Which organisation?"), choices)
        assert own[0].id is not None
        return await self._config_show(ctx, own[0].id)

    async def _config_show(self, ctx: Context, org_id: int) -> Outcome:
        _ = ctx.t.gettext
        org = await ctx.repos.orgs.get_org(org_id)
        if org is None or not ctx.principal.covers_org(org):
            return done(Reply(_("You do not have access to that organisation.")))
        definitions, owner = await definitions_for(ctx.repos, await org_chain(ctx.repos, org))
        source = (
            _("the default set")
            if owner is None
            else (_("its own set") if owner.id == org.id else owner.name)
        )
        lines = [
            _("Figures collected by {org} ({source}):").format(org=org.name, source=source),
            *(describe_definition(ctx, d) for d in definitions),
            _(
                "To change them, choose them from the list, or get the Excel template, change it "
                "and send it back here."
            )
            if _takes_files(ctx)
            else _(
                "To change them, choose them from the list here. The Excel template can be sent "
                "back changed only on Telegram: the bot takes no files here."
            ),
        ]
        state = FlowState(NAME, "config_menu", {"org": org_id})
        return ask(state, "\n".join(lines), self._config_choices(ctx))

    def _config_choices(self, ctx: Context) -> tuple[Choice, ...]:
        _ = ctx.t.gettext
        return (
            Choice(_("Choose from the list"), PICK),
            Choice(_("Get the Excel template"), TEMPLATE),
            Choice(_("Use the default set"), DEFAULTS),
            Choice(_("Keep as it is"), KEEP),
        )

    async def _candidates(self, ctx: Context, org_id: int) -> list[FigureDefinition]:
        """The figures an officer can pick: the current set, then the defaults not in it."""
        org = await ctx.repos.orgs.get_org(org_id)
        if org is None:
            return list(DEFAULT_FIGURES)
        current, _owner = await definitions_for(ctx.repos, await org_chain(ctx.repos, org))
        keys = {d.key for d in current}
        return [*current, *(d for d in DEFAULT_FIGURES if d.key not in keys)]

    async def _ask_pick(self, ctx: Context, state: FlowState, before: list[str]) -> Outcome:
        _ = ctx.t.gettext
        org_id = int(state.data["org"])
        org = await ctx.repos.orgs.get_org(org_id)
        current: tuple[FigureDefinition, ...] = ()
        if org is not None:
            current, _owner = await definitions_for(ctx.repos, await org_chain(ctx.repos, org))
        chosen = {d.key for d in current}
        candidates = await self._candidates(ctx, org_id)
        state.step = "config_pick"
        state.data["candidates"] = [definition_to_json(d) for d in candidates]
        lines = [*before, _("Figures that can be collected (✓: collected now):")]
        for number, definition in enumerate(candidates, start=1):
            mark = "✓ " if definition.key in chosen else ""
            lines.append(f"{number}. {mark}{describe_definition(ctx, definition).removeprefix('- ')}")
        lines.append(
            _(
                "Type the numbers of the figures to collect, separated by spaces (for example: "
                "1 2 3 8 13), or /huy to leave it as it is."
            )
        )
        return ask(state, "\n".join(lines))

    async def _picked(self, ctx: Context, state: FlowState, text: str) -> Outcome:
        _ = ctx.t.gettext
        candidates = [definition_from_json(d) for d in state.data.get("candidates", [])]
        parts = [p for p in _NUMBERS.split(text.strip()) if p]
        if not parts or not all(p.isdecimal() for p in parts):
            return await self._ask_pick(
                ctx, state, [_("Please type only numbers from the list, separated by spaces.")]
            )
        numbers = sorted({int(p) for p in parts})
        wrong = [n for n in numbers if not 1 <= n <= len(candidates)]
        if wrong:
            return await self._ask_pick(
                ctx,
                state,
                [
                    _("There is no number {numbers} in the list (1 to {last}).").format(
                        numbers=", ".join(str(n) for n in wrong), last=len(candidates)
                    )
                ],
            )
        chosen = [candidates[n - 1] for n in numbers]
        state.step = "config_confirm"
        state.data["defs"] = [definition_to_json(d) for d in chosen]
        state.data.pop("candidates", None)
        lines = [
            ctx.t.ngettext("Chosen {n} figure:", "Chosen {n} figures:", len(chosen)).format(
                n=len(chosen)
            ),
            *(describe_definition(ctx, d) for d in chosen),
        ]
        return ask(
            state, "\n".join(lines), (Choice(_("Save"), SAVE), Choice(_("Cancel"), CANCEL))
        )

    async def _template(self, ctx: Context, state: FlowState) -> Outcome:
        _ = ctx.t.gettext
        org_id = int(state.data["org"])
        content = figures_template(ctx, await self._candidates(ctx, org_id))
        state.step = "config_menu"
        text = (
            _(
                "Here is the template with the figures that can be collected. Delete the rows you "
                "do not need, add rows for other figures (a name is enough), then send the file "
                "back here."
            )
            if _takes_files(ctx)
            else _(
                "Here is the template with the figures that can be collected. Delete the rows you "
                "do not need, add rows for other figures (a name is enough), then send the file "
                "to the bot on Telegram: it takes no files here. Or choose from the list: /solieu."
            )
        )
        attachment = Attachment("so-lieu-thu-thap.xlsx", content, XLSX, "document")
        choices = (Choice(_("Use the default set"), DEFAULTS), Choice(_("Keep as it is"), KEEP))
        return Outcome([Reply(text, choices, attachment)], state)

    async def _config_answer(self, ctx: Context, state: FlowState, answer: Answer) -> Outcome:
        _ = ctx.t.gettext
        if state.step == "config_org":
            if answer.value is None or not answer.value.isdecimal():
                return await self._config_menu(ctx)
            return await self._config_show(ctx, int(answer.value))
        org_id = int(state.data["org"])
        org = await ctx.repos.orgs.get_org(org_id)
        if org is None or not ctx.principal.covers_org(org):
            return done(Reply(_("You do not have access to that organisation.")))
        if state.step == "config_confirm":
            if answer.value != SAVE:
                return done(Reply(_("Cancelled. Nothing was saved.")))
            definitions = list(state.data["defs"])
            return await self._config_save(ctx, org_id, definitions)
        if answer.value == KEEP:
            return done(Reply(_("Nothing was changed.")))
        if answer.value == DEFAULTS:
            return await self._config_save(ctx, org_id, None)
        if answer.value == PICK:
            return await self._ask_pick(ctx, state, [])
        if answer.value == TEMPLATE:
            return await self._template(ctx, state)
        if state.step == "config_pick":
            return await self._picked(ctx, state, answer.text)
        if answer.value == UPLOAD:
            state.step = "config_menu"
            return ask(state, _("Send the .xlsx or .csv file made from the template now."))
        result = self._read_upload(ctx, answer.text)
        if result is None:
            return ask(
                state,
                _(
                    "Please send the .xlsx or .csv file made from the template, or choose one of "
                    "these:"
                ),
                self._config_choices(ctx),
            )
        if not result.ok:
            errors = [ctx.t.render(e.message) for e in result.errors[:MAX_ERRORS_SHOWN]]
            more = len(result.errors) - MAX_ERRORS_SHOWN
            if more > 0:
                errors.append(_("… and {n} more.").format(n=more))
            return ask(
                state,
                "\n".join(
                    [
                        _("The file has mistakes; nothing was saved:"),
                        *errors,
                        _("Please correct the file and send it again."),
                    ]
                ),
            )
        state.step = "config_confirm"
        state.data["defs"] = [definition_to_json(d) for d in result.definitions]
        lines = [
            ctx.t.ngettext("Read {n} figure:", "Read {n} figures:", len(result.definitions)).format(
                n=len(result.definitions)
            ),
            *(describe_definition(ctx, d) for d in result.definitions),
        ]
        return ask(
            state,
            "\n".join(lines),
            (Choice(_("Save"), SAVE), Choice(_("Cancel"), CANCEL)),
        )

    def _read_upload(self, ctx: Context, text: str) -> DefinitionsResult | None:
        incoming = ctx.incoming
        name = (incoming.file_name or "").lower()
        if incoming.file_bytes is not None:
            if name.endswith(".xlsx"):
                return load_definitions_xlsx(incoming.file_bytes)
            decoded = incoming.file_bytes.decode("utf-8-sig", errors="replace")
            if name.endswith(".csv"):
                return load_definitions_csv(decoded)
            if name.endswith((".yaml", ".yml", ".txt")):
                return load_definitions_yaml(decoded)
            return None
        if text.strip() and ("key" in text or "\n" in text or text.strip().startswith("-")):
            return load_definitions_yaml(text)
        return None

    async def _config_save(
        self, ctx: Context, org_id: int, definitions: list[dict[str, Any]] | None
    ) -> Outcome:
        _ = ctx.t.gettext
        repos, now = ctx.repos, ctx.clock.now()
        current = await repos.reports.figure_set(org_id)
        before = {"definitions": current.definitions} if current is not None else None
        if definitions is None:
            await repos.reports.delete_figure_set(org_id)
        else:
            await repos.reports.save_figure_set(org_id, definitions, by=ctx.account.id, now=now)
        await repos.audit.record(
            actor_account_id=ctx.account.id,
            action="figures.configure",
            entity="organization",
            entity_id=org_id,
            now=now,
            before=before,
            after={"definitions": definitions} if definitions is not None else {"default": True},
        )
        if definitions is None:
            return done(
                Reply(
                    _("The organisation now collects the default set of {n} figures.").format(
                        n=len(DEFAULT_FIGURES)
                    )
                )
            )
        saved = ctx.t.ngettext("Saved: {n} figure.", "Saved: {n} figures.", len(definitions))
        return done(Reply(saved.format(n=len(definitions))))


def describe_definition(ctx: Context, definition: FigureDefinition) -> str:
    """ "- Kết nạp đảng viên mới (hằng tháng, người)": the label, never the internal key."""
    _ = ctx.t.gettext
    period = _("monthly") if definition.period == "month" else _("yearly")
    if definition.kind == "rating":
        unit = _("rating")
    elif definition.kind == "money":
        unit = _("dong")
    else:
        known = UNIT_LABELS.get(definition.unit)
        unit = ctx.t.gettext(known) if known else definition.unit
    details = ", ".join(part for part in (period, unit) if part)
    return f"- {definition.label(ctx.t.locale)} ({details})"


def figures_template(ctx: Context, definitions: list[FigureDefinition]) -> bytes:
    """An .xlsx the figures loader reads back: Vietnamese column names, one row per figure."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    _ = ctx.t.gettext
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Figures")[:31]
    sheet.append(["Mã", "Tên tiếng Việt", "Tên tiếng Anh", "Đơn vị", "Kỳ", "Tối thiểu", "Tối đa", "Loại"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    kinds = {"count": "số lượng", "money": "tiền", "rating": "xếp loại"}
    units = {"people": "người", "VND": "đồng"}
    for d in definitions:
        sheet.append(
            [
                d.key,
                d.label_vi,
                d.label_en,
                units.get(d.unit, d.unit),
                "tháng" if d.period == "month" else "năm",
                d.min,
                d.max,
                kinds[d.kind],
            ]
        )
    for column, width in zip("ABCDEFGH", (22, 45, 40, 10, 8, 10, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("How to fill in")[:31])
    for line in (
        _("One row per figure the cells send with /solieu."),
        _("Tên tiếng Việt: the figure's name as secretaries will read it (required)."),
        _("Mã: leave it empty for a new figure; keep it as it is for an existing one."),
        _("Kỳ: tháng (monthly) or năm (yearly). Loại: số lượng, tiền or xếp loại."),
        _("Tối thiểu, Tối đa: the smallest and largest value accepted (optional)."),
    ):
        guide.append([line])
    guide.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _takes_files(ctx: Context) -> bool:
    """Whether the person can send the bot a file where they write from (Telegram; Zalo and the
    console take none)."""
    return ctx.incoming.channel == "telegram"
