"""The steps of /baocao as a table: for each, when it is asked, the question, and how an answer
is read and checked. The flow (handlers/flows/report.py) asks the first step still wanted.

Questions that want a value (a number, a date, a name) offer shortcuts typed by a word («đủ»,
«hôm qua»), never by a number; questions that want a choice are answered by its number or
words. The core enforces it (handlers/choices.py); each step says which it is.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from core.i18n import N_
from core.messages import Choice, Expect
from core.textfold import fold
from core.vnformat import (
    format_date,
    format_day_long,
    format_month,
    format_quarter,
    format_time,
)
from handlers.choices import number_word
from handlers.context import Context
from handlers.flow import Answer
from handlers.flows.report_lines import describe_report
from handlers.reporting.asked import asks_for_name, asks_in_words, asks_instead, small_talk
from handlers.reporting.attendance import (
    E_EXEMPTED_OVER_ROLL,
    E_NO_MEMBERS,
    E_NONE_PRESENT,
    E_PRESENT_OVER_ROLL,
    E_SUM_OVER,
    E_SUM_SHORT,
    Attendance,
    check_attendance,
    roll_change_is_large,
    roll_too_large,
)
from handlers.reporting.compact import parse_compact_report
from handlers.reporting.draft import TOPIC, ReportDraft, clear, merge
from handlers.reporting.grades import GRADE_LABELS, MeetingGrade, parse_meeting_grade, parse_yes_no
from handlers.reporting.numbers import E_TOO_LARGE, parse_count
from handlers.reporting.problems import ParseError, echo
from handlers.reporting.report import KIND_LABELS, MeetingKind, PartialReport
from handlers.reporting.userdates import (
    MOVE_DATES,
    REPORT_DATES,
    DateRules,
    check_date,
    day_alone,
    parse_user_date,
)
from handlers.typed_commands import command_said
from scheduler.moves import MoveError, validate_move
from scheduler.periods import Month
from services.cell_setting import load_setting
from services.reports import check_open

NOTE_LIMIT = 500
TITLE_LIMIT = 300
NAME_LIMIT = 120
SEND = "send"
CHANGE, NOTE, CANCEL = "change", "note", "drop"
DROP_SURE, DROP_BACK = "drop_sure", "drop_back"
PLANNED_ALL, PLANNED, OTHER_DAY, NOT_HELD = "planned_all", "planned", "other_day", "not_held"
ALL_PRESENT, CHANGE_ROLL, KEEP_ROLL, NO_DATE, NO_NOTE = (
    "all_present",
    "change_roll",
    "keep_roll",
    "no_date",
    "no_note",
)
YES, NO = "yes", "no"
COMING, NOT_THIS_MONTH = "coming", "not_this_month"
ROLL_NEW, ROLL_OLD = "roll_new", "roll_old"
PRESENT_FIELDS = ("present", "absent_excused", "absent_unexcused")
ABSENCE_FIELDS = ("absent_excused", "absent_unexcused")
_LETTER = re.compile(r"[^\W\d_]")

# What "Change an answer" offers, and what changing each clears (asked again).
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    "held": (),
    "date": ("date",),
    "kind": ("kind", "topic_title"),
    "title": ("topic_title",),
    "roll": (),
    "present": PRESENT_FIELDS,
    "absences": ABSENCE_FIELDS,
    "upper": ("upper_attended", "upper_name"),
    "resolution": ("resolution_adopted",),
    "grade": ("grade",),
    "note": (),
    "reason": (),
    "new_date": (),
}


@dataclass(frozen=True)
class Question:
    """What a step asks: the text, the choices, and how a typed answer is read."""

    text: str
    choices: tuple[Choice, ...] = ()
    expect: Expect = Expect.CHOICE


Problems = list[str]
Ask = Callable[[Context, ReportDraft], Question]
Take = Callable[[Context, ReportDraft, Answer], Awaitable[Problems | str]]


@dataclass(frozen=True)
class Step:
    """One question of the report: `wanted(draft)` says it still needs an answer."""

    name: str
    wanted: Callable[[ReportDraft], bool]
    ask: Ask
    take: Take
    # answered in the person's own words (a reason, a note): a question typed there may be the
    # answer; at a title or a name only one that is plainly a question is not (`asked_instead`);
    # at any other step a question or small talk is one of its own
    in_words: bool = False


def asked_instead(step: Step, text: str) -> bool:
    """Whether `text`, typed at `step`, is a question or small talk to answer beside the report
    (its question asked again, nothing taken) rather than the answer: «alo có ai không» is no
    one who attended, «cho hỏi chuyên đề quý này học gì vậy?» no topic's title."""
    if step.name == "title":
        return asks_in_words(text)
    if step.name in ("upper", "upper_name"):
        # a name may be typed at either («Nguyễn Thị Mây»: «mây» is no «mấy» here), but a
        # question need not end in «?» («ket nap dang vien can dieu kien gi» is nobody's name)
        return asks_for_name(text)
    if step.in_words:
        return False
    return asks_instead(text) or small_talk(text)


def choose_again(ctx: Context) -> str:
    """What a step says to a text that picks none of its options."""
    return ctx.t.gettext("Please choose one of the options (type its number).")


def header(ctx: Context, draft: ReportDraft) -> str:
    """The line that opens every question: which cell, which month (or quarter's session)."""
    _ = ctx.t.gettext
    month = Month.parse(draft.period)
    if draft.slot == TOPIC:
        quarter = month.quarter
        if draft.report.date is None:
            # the month is the one it is held in, not known before the day is said
            return _("{cell}, topic session of quarter {quarter}:").format(
                cell=draft.cell_name, quarter=format_quarter(quarter.year, quarter.quarter)
            )
        return _("{cell}, topic session of quarter {quarter} (month {month}):").format(
            cell=draft.cell_name,
            quarter=format_quarter(quarter.year, quarter.quarter),
            month=format_month(month.year, month.month),
        )
    return _("{cell}, month {month}:").format(
        cell=draft.cell_name, month=format_month(month.year, month.month)
    )


def _held(draft: ReportDraft) -> bool:
    return draft.report.held is True


def _yes_no_choices(ctx: Context) -> tuple[Choice, ...]:
    return (Choice(ctx.t.gettext("Yes"), YES), Choice(ctx.t.gettext("No"), NO))


def _count_of(answer: Answer) -> int | ParseError:
    return parse_count(answer.value if answer.value and answer.value.isdecimal() else answer.text)


def _too_long(ctx: Context, length: int, limit: int) -> str:
    return ctx.t.gettext(
        "That is {length} characters; at most {limit} fit. Please shorten it:"
    ).format(length=length, limit=limit)


def _pop(draft: ReportDraft, step: str) -> None:
    if draft.queue and draft.queue[0] == step:
        draft.queue.pop(0)


async def _apply_line(ctx: Context, draft: ReportDraft, text: str) -> Problems | None:
    """A line read as a compact report (several answers at once), and what it was read as, so
    that nothing is taken silently ("hôm nay" typed at the count question is the meeting's
    date, said before the question comes again); None when it is not one."""
    if not _LETTER.search(text):
        return None
    result = parse_compact_report(text, ctx.today(), REPORT_DATES)
    said = result.report
    if not said.known() or (set(said.known()) == {"held"} and said.held):
        # «họp rồi», «đã họp» say only that the cell met: no line of answers (its syntax is no
        # help at one question), the step reads it, or says what to type
        return None
    refused = await take_compact(ctx, draft, said)
    taken = said if refused is None else replace(said, date=None)
    lines = [f"- {line}" for line in describe_report(ctx.t, taken)]
    return [
        *([ctx.t.gettext("Read from your line:"), *lines] if lines else []),
        *(ctx.t.render(error) for error in result.errors),
        *line_too_early(ctx, draft, said),
        *([refused] if refused is not None else []),
    ]


async def take_compact(ctx: Context, draft: ReportDraft, said: PartialReport) -> str | None:
    """`apply_compact` with the line's date checked as the date question checks it
    (`_day_problem`: 01/12 is no day of November's meeting; a topic session counts for the
    month it is held in): a date refused is not taken, the rest is, and why is returned."""
    today, now = ctx.today(), ctx.clock.now()
    refused = None if said.date is None else await _day_problem(ctx, draft, said.date)
    if refused is None:
        apply_compact(draft, said, today, now)
        return None
    before = draft.report.date
    apply_compact(draft, replace(said, date=None), today, now)
    # not the planned day either: the day is asked (or stays as it was said before)
    draft.with_report(replace(draft.report, date=before))
    return refused


def apply_compact(
    draft: ReportDraft, extra: PartialReport, today: date, now: datetime
) -> None:
    """Take what a compact line said; the schedule gives the date and kind it leaves out, the
    absences give the present count, and a roll it changes still waits for confirmation. A
    meeting planned for an hour today still to come is no day the line leaves out: whether it
    was held is asked, as «held as planned» is refused then (`line_too_early`)."""
    report = merge(draft.report, extra)
    if extra.upper_attended is False:
        report = replace(report, upper_name=None)
    if extra.held is not False and report.held is None and extra.known():
        report = replace(report, held=True)
    if report.held and report.date is None and _later_today(draft, now):
        report = replace(report, held=None)
    if report.held:
        if report.date is None and draft.planned_date is not None and draft.planned_date <= today:
            report = replace(report, date=draft.planned_date)
        if report.kind is None:
            report = replace(report, kind=draft.planned_kind)
        absent = (report.absent_excused, report.absent_unexcused)
        if report.present is None and None not in absent and report.on_roll is not None:
            present = report.on_roll - (report.exempted or 0) - sum(a or 0 for a in absent)
            report = replace(report, present=present)
    draft.with_report(report)


def _later_today(draft: ReportDraft, now: datetime) -> bool:
    """The meeting is planned for an hour still to come (today's, at 10:00 for 19:30)."""
    return draft.planned_start is not None and draft.planned_start > now


def line_too_early(ctx: Context, draft: ReportDraft, extra: PartialReport) -> list[str]:
    """Why a line saying the meeting was held, with no day, was not taken as held on the day
    planned: that day is today and its hour has not come (as `_take_held` refuses «held as
    planned» then); nothing otherwise."""
    said_held = extra.held is not False and bool(extra.known())
    if not said_held or extra.date is not None or draft.report.held is not None:
        return []
    if draft.planned_start is None or not _later_today(draft, ctx.clock.now()):
        return []
    return [_still_to_come(ctx, draft.planned_start)]


# ---------------------------------------------------------------- held


def _ask_held(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    planned = draft.planned_date
    if planned is not None and planned <= ctx.today():
        text = _("Planned for {date}. Was the meeting held?").format(
            date=format_day_long(planned, ctx.t)
        )
        choices: list[Choice] = []
        if draft.expected > 0:
            choices.append(
                Choice(
                    _("Held as planned, all {n}/{n} present").format(n=draft.expected),
                    PLANNED_ALL,
                )
            )
            choices.append(Choice(_("Held as planned, some absent"), PLANNED))
        else:
            choices.append(Choice(_("Held as planned"), PLANNED))
        choices += [Choice(_("Held on another day"), OTHER_DAY), Choice(_("Not held"), NOT_HELD)]
        return Question(text, tuple(choices))
    if planned is not None:
        text = _("The meeting is planned for {date}. Has it been held already?").format(
            date=format_day_long(planned, ctx.t)
        )
    else:
        text = _("Was the meeting held?")
    return Question(text, (Choice(_("Held"), OTHER_DAY), Choice(_("Not held"), NOT_HELD)))


async def _take_held(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    report = draft.report
    value = answer.value
    if value in (PLANNED_ALL, PLANNED) and draft.planned_date is not None:
        if draft.planned_start is not None and draft.planned_start > ctx.clock.now():
            return [_still_to_come(ctx, draft.planned_start)]
        report = replace(report, held=True, date=draft.planned_date, kind=draft.planned_kind)
        if value == PLANNED_ALL:
            report = replace(report, present=draft.expected)
        draft.with_report(report)
        return []
    if value == OTHER_DAY:
        draft.with_report(replace(report, held=True, kind=draft.planned_kind))
        return []
    if value == NOT_HELD:
        if draft.slot == TOPIC:
            return NOT_HELD
        draft.with_report(replace(report, held=False))
        return []
    planned = draft.planned_date
    # three options say «held» (as planned, all or some present; another day) once the day is
    # here, one («Đã họp») before it
    several_held = planned is not None and planned <= ctx.today()
    typed = parse_yes_no(answer.text)
    if typed is True and several_held:
        return [_fits_several(ctx, answer.text)]  # «có», «yes»: which of them is asked
    if isinstance(typed, bool):
        if not typed and draft.slot == TOPIC:
            return NOT_HELD
        draft.with_report(replace(report, held=typed, kind=draft.planned_kind if typed else None))
        return []
    line = await _apply_line(ctx, draft, answer.text)
    if line is not None:
        return line
    digits = answer.text.strip(" .,;:!?")
    parsed = None if digits.isdecimal() else parse_user_date(answer.text, ctx.today(), HELD_DATES)
    if isinstance(parsed, date):  # "18," is no date said: a day alone is a choice's number
        problem = await _day_problem(ctx, draft, parsed)
        if problem:
            return [problem]
        draft.with_report(replace(report, held=True, date=parsed, kind=draft.planned_kind))
        return []
    if parse_compact_report(answer.text, ctx.today(), REPORT_DATES).report.held:
        if not several_held:
            # one option says so («Đã họp»): it is that one, the day asked next
            draft.with_report(replace(report, held=True, kind=draft.planned_kind))
            return []
        return [_fits_several(ctx, answer.text)]  # «đã họp» where three options say so
    return [choose_again(ctx)]


def _fits_several(ctx: Context, typed: str) -> str:
    """What a typed answer that more than one option means is told (the options follow)."""
    return ctx.t.gettext(
        "«{typed}» fits more than one of the options below. Please type the number of the one "
        "you mean."
    ).format(typed=echo(typed))


def _still_to_come(ctx: Context, start: datetime) -> str:
    """Why «held as planned» is refused before the hour the meeting is planned for, as a typed
    day still to come is (at 02:45, the meeting of 14:00 today)."""
    local = start.astimezone(ctx.config.timezone)
    return ctx.t.gettext(
        "The meeting is planned for {time} today, {date}: that time has not come yet. After "
        "the meeting, type /baocao to report it; if the cell met earlier today, choose «{other}»."
    ).format(
        time=format_time(local.time()),
        date=format_day_long(local.date(), ctx.t),
        other=ctx.t.gettext("Held on another day"),
    )


# ---------------------------------------------------------------- not held


def _ahead(ctx: Context, draft: ReportDraft) -> bool:
    """The month's meeting is planned for a day, or an hour today, still to come."""
    planned, start = draft.planned_date, draft.planned_start
    if draft.slot == TOPIC or planned is None:
        return False
    return planned > ctx.today() or (start is not None and start > ctx.clock.now())


def check_not_yet(ctx: Context, draft: ReportDraft) -> None:
    """«Chưa họp» of a meeting still ahead (December's on 03/12, said on 01/12) may mean "not
    yet": which one is asked before anything is taken as not held (a not-held report cancels
    the meeting, its reminders with it)."""
    if (
        draft.report.held is False
        and not draft.not_held_sure
        and _ahead(ctx, draft)
        and "not_yet" not in draft.queue
    ):
        draft.queue.insert(0, "not_yet")


def _ask_not_yet(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    month = Month.parse(draft.period)
    planned, start = draft.planned_date, draft.planned_start
    text = _("The meeting is planned for {date}, a day still to come. Do you mean:").format(
        date=format_day_long(planned, ctx.t) if planned else "-"
    )
    if planned == ctx.today() and start is not None:
        local = start.astimezone(ctx.config.timezone)
        text = _("The meeting is planned for {time} today, {date}, still to come. Do you mean:")
        text = text.format(time=format_time(local.time()), date=format_day_long(planned, ctx.t))
    return Question(
        text,
        (
            Choice(_("Not yet: the cell will meet, I will report after the meeting"), COMING),
            Choice(
                _("The cell will not meet in month {month}").format(
                    month=format_month(month.year, month.month)
                ),
                NOT_THIS_MONTH,
            ),
        ),
    )


async def _take_not_yet(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _pop(draft, "not_yet")
    if answer.value == COMING:
        return COMING
    if answer.value == NOT_THIS_MONTH:
        # not this month at all: no new date of it to ask for (/doilich moves a meeting)
        draft.not_held_sure = True
        draft.new_date, draft.new_date_asked = None, True
        return []
    draft.queue.insert(0, "not_yet")
    return [choose_again(ctx)]


def _ask_reason(ctx: Context, draft: ReportDraft) -> Question:
    return Question(ctx.t.gettext("Why was the meeting not held? (a few words)"), (), Expect.VALUE)


async def _take_reason(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    text = " ".join(answer.text.split())
    if not _in_words(text):
        return [ctx.t.gettext("Please type the reason in a few words (e.g. «bận mùa vụ»).")]
    if len(text) > NOTE_LIMIT:
        return [_too_long(ctx, len(text), NOTE_LIMIT)]
    draft.reason = text
    _pop(draft, "reason")
    if ctx.today() > Month.parse(draft.period).last_day:
        # the month is over: its meeting can no longer be held on another day of it
        draft.new_date, draft.new_date_asked = None, True
    return []


_WORD_OF_LETTERS = re.compile(r"[^\W\d_]{2,}")


def _in_words(text: str) -> bool:
    """Text that says something in words: a word of two letters or more ("ốm", "bận mùa vụ"),
    not a number, a letter or a sign alone ("1", "k", "?"), nor a command said in words
    ("bao cao"), which is typed to do something, not as an answer."""
    return bool(_WORD_OF_LETTERS.search(text)) and command_said(text) is None


def _ask_new_date(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    return Question(
        _("Is there a new date? Type it (e.g. {example}).").format(
            example=f"{_example(ctx, draft):%d/%m}"
        ),
        (Choice(_("No date yet"), NO_DATE, _("not yet")),),
        Expect.VALUE,
    )


async def _take_new_date(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    if answer.value == NO_DATE:
        draft.new_date, draft.new_date_asked = None, True
        _pop(draft, "new_date")
        return []
    parsed = parse_user_date(answer.text, ctx.today(), MOVE_DATES, example=_example(ctx, draft))
    if isinstance(parsed, ParseError):
        return [ctx.t.render(parsed.message)]
    try:
        validate_move(draft.period, parsed, None, now=ctx.clock.now(), tz=ctx.config.timezone)
    except MoveError as error:
        return [ctx.t.render(error.text)]
    draft.new_date, draft.new_date_asked = parsed, True
    _pop(draft, "new_date")
    return []


def _example(ctx: Context, draft: ReportDraft) -> date:
    """A new date valid for this month's meeting: a few days ahead, inside the month."""
    return min(ctx.today() + timedelta(days=3), Month.parse(draft.period).last_day)


# ---------------------------------------------------------------- date, kind, title


HELD_DATES = DateRules(max_days_back=None)
"""A report's meeting date: any day not ahead; the report's own month then says which it takes
(`_date_problem`: «… is before month 11/2026 … from 01/11/2026»), not a limit of days that
pointed to dates it refuses («from 30/09/2026 on» for November)."""

CONFIRM_FEW = 5  # a cell expecting this many: "1" or "2" present is asked again


DAY_OR_CHOICE = 2
"""A bare «1» or «2» typed for the meeting's day is asked back, whatever words the date question
lists (none for last month's meeting): an option's number from habit as likely as a day."""


def _choice_like(answer: Answer, question: Question, at_least: int = 0) -> int | None:
    """The place of a shortcut («hôm nay», «đủ») a bare number typed at a question wanting a
    value could mean ("1", or "một" in words, for the first), or of an option of an earlier
    question up to `at_least`; None when it cannot."""
    if answer.value is not None:
        return None
    typed = answer.text.strip()
    number = int(typed) if typed.isdecimal() else number_word(typed)
    most = max(len(question.choices), at_least)
    return number if number is not None and 1 <= number <= most else None


def _bounds(draft: ReportDraft) -> tuple[date, date]:
    """The days this report's meeting may have been held: its month (to the day the schedule
    planned it, when a holiday moved that past the month's end); for a topic session not yet
    sent, its quarter, since a topic session counts for the month it is held in."""
    month = Month.parse(draft.period)
    if draft.slot == TOPIC and draft.report_id is None:
        return month.quarter.first_day, month.quarter.last_day
    last = month.last_day
    if draft.planned_date is not None and draft.planned_date > last:
        last = draft.planned_date
    return month.first_day, last


def _date_problem(ctx: Context, draft: ReportDraft, day: date) -> str | None:
    """Why `day` cannot be this report's meeting date: a month's meeting is held in that
    month, so one meeting never counts for two months (01/12 for November and December)."""
    month = Month.parse(draft.period)
    first, last = _bounds(draft)
    t = ctx.t
    if day < first:
        return t.gettext(
            "{date} is before month {month}; this report is for {month}. Please type a date "
            "from {first}:"
        ).format(
            date=format_day_long(day, t),
            month=format_month(month.year, month.month),
            first=format_day_long(first, t),
        )
    if day > last:
        return t.gettext(
            "{date} is in month {other}, and this report is for month {month}: a meeting counts "
            "for the month it is held in. Please type a day from {first} to {last}, or «chưa "
            "họp» if the cell did not meet in month {month} (the meeting of {date} is reported "
            "for month {other})."
        ).format(
            date=format_day_long(day, t),
            other=format_month(day.year, day.month),
            month=format_month(month.year, month.month),
            first=format_date(first),
            last=format_date(last),
        )
    return None


async def _day_problem(ctx: Context, draft: ReportDraft, day: date) -> str | None:
    """`_date_problem`; and a topic session held in another month of its quarter counts for
    that month (offered as November's, held on 01/12: December's), when that month is open
    and has no topic session reported yet."""
    problem = _date_problem(ctx, draft, day)
    held_in = Month(day.year, day.month)
    if problem is not None or draft.slot != TOPIC or str(held_in) == draft.period:
        return problem
    setting = await load_setting(ctx.repos, draft.cell_id)
    if setting is None:
        return None
    refused = await check_open(
        ctx.repos, setting, held_in, today=ctx.today(), zone=ctx.config.timezone
    )
    if refused is not None:
        return ctx.t.render(refused.message)
    if await ctx.repos.reports.find(draft.cell_id, str(held_in), TOPIC) is not None:
        return ctx.t.gettext(
            "A topic session of month {month} has been reported already. Please type the day "
            "of this one, or /sua to change that report."
        ).format(month=format_month(held_in.year, held_in.month))
    draft.period = str(held_in)
    return None


def _date_shortcuts(ctx: Context, draft: ReportDraft) -> tuple[Choice, ...]:
    """«hôm nay», «hôm qua» where they are days this report's meeting may have been held."""
    _ = ctx.t.gettext
    (first, last), today = _bounds(draft), ctx.today()
    shortcuts = (
        (today, Choice(_("Today"), "hom nay", _("today"))),
        (today - timedelta(days=1), Choice(_("Yesterday"), "hom qua", _("yesterday"))),
    )
    return tuple(choice for day, choice in shortcuts if first <= day <= last)


def _ask_date(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    month = Month.parse(draft.period)
    first, last = _bounds(draft)
    example = max(first, min(ctx.today(), last))
    if ctx.today() > last:  # last month's meeting: a day of that month
        text = _("On what day of month {month} was the meeting held? (e.g. {example})").format(
            month=format_month(month.year, month.month), example=format_date(example)[:5]
        )
    else:
        # only words that name a day this report takes: on 01/12 for December, neither
        # «hôm qua» nor «thứ bảy» (both in November) is offered as an example
        today = ctx.today()
        saturday = today - timedelta(days=(today.weekday() - 5) % 7)
        words = [format_date(example)[:5]]
        if first <= today - timedelta(days=1) <= last:
            words.append(_("yesterday"))
        if first <= saturday <= last and saturday != today:
            words.append(_("saturday"))
        text = _("On what day was the meeting held? (e.g. {examples})").format(
            examples=", ".join(words)
        )
    return Question(text, _date_shortcuts(ctx, draft), Expect.VALUE)


_NOT_HELD_SAID = frozenset(
    ("chua hop", "khong hop", "chua hop duoc", "khong hop duoc", "chua to chuc", "not held")
)


def _not_held_said(text: str) -> bool:
    """«chưa họp», «không họp được», or a plain no ("chưa", "không") typed for a day."""
    folded = " ".join(fold(text).strip(" .!").split())
    return folded in _NOT_HELD_SAID or parse_yes_no(text) is False


async def _take_date(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    question = _ask_date(ctx, draft)
    place = _choice_like(answer, question, at_least=DAY_OR_CHOICE)
    if place is not None:
        # "1" after questions answered by number may mean "Hôm nay", the first thing listed,
        # or the option of the question before («Đã họp đúng lịch»), where the date question
        # lists no words (last month's meeting): a day alone is taken only when it cannot be a
        # choice ("15", "01", "ngày 1").
        typed = answer.text.strip()
        month = Month.parse(draft.period)
        sample = f"{place:02d}/{month.month:02d}"
        if not question.choices:
            return [
                ctx.t.gettext(
                    "«{typed}» could be a day or the number of an option. Please type the day "
                    "with its month, for example {example}."
                ).format(typed=typed, example=sample)
            ]
        words = ", ".join(f"«{choice.keyword}»" for choice in question.choices)
        return [
            ctx.t.gettext(
                "«{typed}» could be a day or one of the words below. Please type the day with "
                "its month, for example {example}, or {words}."
            ).format(typed=typed, example=sample, words=words)
        ]
    if _not_held_said(answer.text) and draft.report_id is None:
        # «chưa họp» where the day is asked: the month's meeting was not held after all (a
        # report being corrected changes that at «Đã họp hay chưa»)
        if draft.slot == TOPIC:
            return NOT_HELD
        draft.with_report(
            PartialReport(on_roll=draft.report.on_roll, exempted=draft.report.exempted, held=False)
        )
        _pop(draft, "date")
        return []
    first, last = _bounds(draft)
    example = draft.planned_date
    if example is None or not first <= example <= min(last, ctx.today()):
        example = max(first, min(ctx.today(), last))
    typed = answer.value or answer.text
    parsed = _day_of_the_month(ctx, draft, typed)
    if parsed is None:
        parsed = parse_user_date(typed, ctx.today(), HELD_DATES, example=example)
    if isinstance(parsed, ParseError):
        return [ctx.t.render(parsed.message)]
    problem = await _day_problem(ctx, draft, parsed)
    if problem:
        return [problem]
    draft.with_report(replace(draft.report, date=parsed))
    _pop(draft, "date")
    return []


def _day_of_the_month(ctx: Context, draft: ReportDraft, typed: str) -> date | ParseError | None:
    """A day alone («19») typed for a month's meeting is that day of the report's month, not the
    last 19th gone by (19/11 for a December report); None when it is no such day (a topic
    session's quarter spans three months: the usual reading)."""
    day = day_alone(typed)
    first, last = _bounds(draft)
    if day is None or (first.year, first.month) != (last.year, last.month):
        return None
    if not 1 <= day <= last.day:  # within one month, `last` is its last day
        return None
    return check_date(date(first.year, first.month, day), ctx.today(), HELD_DATES)


def _ask_kind(ctx: Context, draft: ReportDraft) -> Question:
    kinds = [MeetingKind.TOPIC] if draft.slot == TOPIC else [MeetingKind.REGULAR, MeetingKind.COMBINED]
    return Question(
        ctx.t.gettext("What kind of meeting was it?"),
        tuple(Choice(ctx.t.gettext(KIND_LABELS[k]), k.value) for k in kinds),
    )


async def _take_kind(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    if answer.value not in {k.value for k in MeetingKind}:
        return [ctx.t.gettext("Please choose the kind of meeting (type its number).")]
    kind = MeetingKind(str(answer.value))
    report = replace(draft.report, kind=kind)
    if kind is MeetingKind.REGULAR:
        report = replace(report, topic_title=None)
    draft.with_report(report)
    _pop(draft, "kind")
    return []


def _wants_title(draft: ReportDraft) -> bool:
    kind = draft.report.kind
    return _held(draft) and kind in (MeetingKind.TOPIC, MeetingKind.COMBINED) and not (
        draft.report.topic_title
    )


def _ask_title(ctx: Context, draft: ReportDraft) -> Question:
    return Question(ctx.t.gettext("Title of the topic session?"), (), Expect.VALUE)


async def _take_title(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    text = " ".join(answer.text.split())
    if len(text) < 3 or not _in_words(text) or isinstance(parse_yes_no(text), bool):
        return [
            ctx.t.gettext(
                "Please type the title of the topic session (e.g. «Học tập Nghị quyết 57»), "
                "or /huy to stop."
            )
        ]
    if len(text) > TITLE_LIMIT:
        return [_too_long(ctx, len(text), TITLE_LIMIT)]
    draft.with_report(replace(draft.report, topic_title=text))
    _pop(draft, "title")
    return []


# ---------------------------------------------------------------- the roll


def _wants_roll(draft: ReportDraft) -> bool:
    return _held(draft) and not draft.report.on_roll


def _ask_roll(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    choices: tuple[Choice, ...] = ()
    if draft.roll_before:
        choices = (Choice(_("Still {n}").format(n=draft.roll_before), KEEP_ROLL, _("keep")),)
    return Question(
        _("How many members on the roll (full and probationary)? Type the number."),
        choices,
        Expect.VALUE,
    )


async def _take_roll(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    if answer.value == KEEP_ROLL and draft.roll_before:
        value: int | ParseError = draft.roll_before
    else:
        value = parse_count(answer.text)
    if isinstance(value, ParseError):
        return [ctx.t.render(value.message)]
    issues = check_attendance(Attendance(value, 0, value, 0, 0))
    refused = [i for i in issues if i.code == E_NO_MEMBERS]
    too_large = roll_too_large(value) if value != draft.roll_before else None
    if too_large is not None:
        refused.append(too_large)
    if refused:
        return [ctx.t.render(i.message) for i in refused]
    draft.with_report(clear(replace(draft.report, on_roll=value), *PRESENT_FIELDS))
    # typed for this question: confirmed, unless far from the roll so far (18 → 180)
    draft.roll_confirmed = draft.roll_before is None or not roll_change_is_large(
        draft.roll_before, value
    )
    _pop(draft, "roll")
    if not draft.roll_confirmed and "roll_confirm" not in draft.queue:
        # asked at once, before the exempted count a wrong roll would make wrong too
        draft.queue.insert(0, "roll_confirm")
    return []


def _ask_exempted(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    return Question(
        _("How many are exempted from meetings? Type the number (0 if none)."),
        (Choice(_("0 - none"), "0"),),
        Expect.VALUE,
    )


async def _take_exempted(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    value = _count_of(answer)
    if isinstance(value, ParseError):
        return [ctx.t.render(value.message)]
    on_roll = draft.report.on_roll or 0
    if value > on_roll:
        issues = check_attendance(Attendance(on_roll, value, 0, 0, 0))
        return [ctx.t.render(i.message) for i in issues if i.code == E_EXEMPTED_OVER_ROLL]
    report = replace(draft.report, exempted=value)
    # the present count stays while it still fits («cm 12/15, mien 20» with 20 made 3: 12 of
    # 12 present is kept, not asked again); the absences follow from it again
    fits = report.present is not None and report.present <= on_roll - value
    draft.with_report(clear(report, *(ABSENCE_FIELDS if fits else PRESENT_FIELDS)))
    _pop(draft, "exempted")
    return []


def _wants_roll_confirm(draft: ReportDraft) -> bool:
    return (
        _held(draft)
        and draft.roll_before is not None
        and draft.report.on_roll is not None
        and draft.report.on_roll != draft.roll_before
        and not draft.roll_confirmed
    )


def _ask_roll_confirm(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    new, old = draft.report.on_roll, draft.roll_before
    return Question(
        _("Your answer says the cell has {new} members; until now it had {old}. Which is right?")
        .format(new=new, old=old),
        (
            # the figures themselves pick too: "180", "18" (the numbers shown stay the choices)
            Choice(_("{n} members now").format(n=new), ROLL_NEW, str(new)),
            Choice(_("Still {n}").format(n=old), ROLL_OLD, str(old)),
        ),
    )


async def _take_roll_confirm(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    if answer.value == ROLL_NEW:
        draft.roll_confirmed = True
        _pop(draft, "roll_confirm")
        return []
    if answer.value == ROLL_OLD:
        draft.with_report(
            clear(replace(draft.report, on_roll=draft.roll_before), *PRESENT_FIELDS)
        )
        draft.roll_confirmed = True
        _pop(draft, "roll_confirm")
        return []
    return [choose_again(ctx)]


# ---------------------------------------------------------------- attendance


def _wants_present(draft: ReportDraft) -> bool:
    return _held(draft) and draft.report.present is None


def _ask_present(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    r = draft.report
    expected = draft.expected
    text = _(
        "On the roll {on_roll}, exempted {exempted}. How many were present, of {expected}? "
        "Type the number."
    ).format(on_roll=r.on_roll, exempted=r.exempted or 0, expected=expected)
    return Question(
        text,
        (
            Choice(_("All {n}/{n}").format(n=expected), ALL_PRESENT, _("all")),
            Choice(_("The roll has changed"), CHANGE_ROLL, _("change")),
        ),
        Expect.VALUE,
    )


async def _take_present(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _ = ctx.t.gettext
    if answer.value == CHANGE_ROLL:
        draft.queue = ["roll", "exempted", *[s for s in draft.queue if s not in ("roll", "exempted")]]
        draft.with_report(replace(draft.report, on_roll=None))
        return []
    if answer.value == ALL_PRESENT:
        draft.with_report(replace(draft.report, present=draft.expected))
        return []
    line = await _apply_line(ctx, draft, answer.text)
    if line is not None:
        return line
    place = _choice_like(answer, _ask_present(ctx, draft))
    if draft.expected >= CONFIRM_FEW and place is not None:
        # "1" (or "một") after questions answered by number may mean «đủ», listed first: a
        # count this low is taken when said so ("1 người").
        return [
            _(
                "Only {n}/{expected} present? «{typed}» could also mean one of the words below. "
                "If so, type «{n} người»; if everyone came, type «đủ»."
            ).format(n=place, typed=answer.text.strip(), expected=draft.expected)
        ]
    ratio = re.match(r"^\s*([0-9]{1,6})\s*/\s*([0-9]{1,6})\s*$", answer.text)
    report = draft.report
    if ratio:
        present, on_roll = int(ratio[1]), int(ratio[2])
        report = replace(report, on_roll=on_roll)
    else:
        parsed = parse_count(answer.text)
        if isinstance(parsed, ParseError) and parsed.code == E_TOO_LARGE:
            return [
                _("«{typed}» is too large. Please type a number from 0 to {n}:").format(
                    typed=echo(answer.text), n=max(draft.expected, 0)
                )
            ]
        if isinstance(parsed, ParseError):
            return [ctx.t.render(parsed.message)]
        present = parsed
    expected = (report.on_roll or 0) - (report.exempted or 0)
    if present == 0 and expected > 0:
        issues = check_attendance(Attendance(report.on_roll or 0, report.exempted or 0, 0, 0, 0))
        return [ctx.t.render(i.message) for i in issues if i.code == E_NONE_PRESENT][:1]
    if present > expected:
        issues = check_attendance(Attendance(report.on_roll or 0, report.exempted or 0, present, 0, 0))
        wanted = (E_PRESENT_OVER_ROLL,) if present > (report.on_roll or 0) else (E_SUM_OVER,)
        messages = [ctx.t.render(i.message) for i in issues if i.code in wanted][:1]
        return messages or [
            _("Please type a number from 0 to {n}:").format(n=max(expected, 0))
        ]
    draft.with_report(clear(replace(report, present=present), *ABSENCE_FIELDS))
    return []


def _wants_absences(draft: ReportDraft) -> bool:
    r = draft.report
    return (
        _held(draft)
        and r.present is not None
        and draft.absent > 0
        and (r.absent_excused is None or r.absent_unexcused is None)
    )


def _ask_absences(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    return Question(
        _("{absent} absent. How many of them without a reason? Type the number.").format(
            absent=draft.absent
        ),
        (Choice(_("0 - all had a reason"), "0"),),
        Expect.VALUE,
    )


# «có lý do», «đều có lý do», «tất cả có lý do», folded: what «0 - đều có lý do» says, typed
_ALL_EXCUSED = re.compile(
    r"^(?:0\s*-?\s*)?(?:(?:deu|tat ca|ca)\s+)?(?:deu\s+)?co ly do(?:\s+(?:het|ca))?$"
)


async def _take_absences(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _ = ctx.t.gettext
    absent = draft.absent
    if _ALL_EXCUSED.match(fold(answer.text).strip(" .!")):
        answer = replace(answer, choice=Choice(answer.text, "0"))  # «0 - đều có lý do»
    if not (answer.value and answer.value.isdecimal()):
        line = await _apply_line(ctx, draft, answer.text)
        if line is not None:
            return line
    value = _count_of(answer)
    if isinstance(value, ParseError):
        return [ctx.t.render(value.message)]
    if value > absent:
        return [
            _(
                "Only {absent} were absent, so {count} cannot be absent without a reason. "
                "Please type a number from 0 to {absent}:"
            ).format(absent=absent, count=value)
        ]
    draft.with_report(
        replace(draft.report, absent_unexcused=value, absent_excused=absent - value)
    )
    _pop(draft, "absences")
    return []


# ---------------------------------------------------------------- the rest of the meeting


def _ask_upper(ctx: Context, draft: ReportDraft) -> Question:
    return Question(
        ctx.t.gettext(
            "Did an upper-level committee member attend? (If so you may type the name.)"
        ),
        _yes_no_choices(ctx),
    )


async def _take_upper(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _ = ctx.t.gettext
    text = " ".join(answer.text.split())
    if answer.value is None and _NAME_UNKNOWN.match(fold(text)):
        # «không nhớ tên»: someone attended, whose name is not known
        draft.with_report(replace(draft.report, upper_attended=True, upper_name=None))
        _pop(draft, "upper")
        return []
    typed = answer.value == YES if answer.value in (YES, NO) else parse_yes_no(text)
    if isinstance(typed, ParseError) and _UNSURE.match(fold(text)):
        return [
            _(
                "«{typed}»: please say it for sure. If an upper-level committee member attended, "
                "type 1 (if you do not remember the name, type «không nhớ tên»); if not, type 2."
            ).format(typed=text)
        ]
    if isinstance(typed, ParseError) and _NOBODY.match(fold(text)):
        typed = False  # "không có ai", "chưa ai dự"
    if isinstance(typed, bool):
        draft.with_report(replace(draft.report, upper_attended=typed, upper_name=None))
        _pop(draft, "upper")
        if typed:
            draft.queue.insert(0, "upper_name")  # who it was, or nobody named
        return []
    introduced, name = _name_said(text)
    if introduced and not _titled(text) and not _proper_name(name):
        # «có dự», «có chứ», «có nhưng về sớm»: yes, and who it was is asked next
        draft.with_report(replace(draft.report, upper_attended=True, upper_name=None))
        _pop(draft, "upper")
        draft.queue.insert(0, "upper_name")
        return []
    if not _a_name(name, _titled(text)) or not (introduced or len(name.split()) >= 2):
        # one word ("bận", "Hùng") is too little to take for who attended, unasked
        if _a_name(name) and _proper_name(name) and len(name.split()) == 1:
            # «Hùng» (or «Bận», a phone capitalising it): how to say it is a name
            return [
                _(
                    "«{typed}»: if this is the name of the upper-level member who attended, "
                    "please type «đồng chí {typed}»; if nobody attended, type Không."
                ).format(typed=name)
            ]
        return [_("Please answer Có or Không, or type the name of the person who attended.")]
    line = await _apply_line(ctx, draft, text)  # "hôm qua", "nq co": another answer, not a name
    if line is not None:
        return line
    draft.with_report(replace(draft.report, upper_attended=True, upper_name=name))
    _pop(draft, "upper")
    return []


# "không có ai", "ko ai", "chưa ai dự", "không ạ": nobody from above attended
_NOBODY = re.compile(r"^(?:khong|ko|k|kg|khg|hong|chua|no)\b")
# "không nhớ tên", "có nhưng không biết tên", "quên tên": someone attended, name unknown
_NAME_UNKNOWN = re.compile(
    r"^(?:co\W*(?:(?:nhung|ma)\s+)?)?(?:(?:khong|ko|k|hong|chua)\s+(?:nho|biet|ro|hoi)|quen)"
    r"(?:\s+(?:mat|duoc|het))?\s+(?:ten|ho ten|la ai|ai)\b"
)
# Not sure: "hình như có", "chắc là có", "không nhớ", "không rõ", "có lẽ"
_UNSURE = re.compile(
    r"^(?:hinh nhu|hinh nhu la|chac|chac la|co le|co the|khong nho|ko nho|khong ro|ko ro|"
    r"khong biet|ko biet|quen|nghe noi|nghe bao)\b"
)
# Words before a name that are not the name: "có", "đồng chí", "đ/c", "đc"
_BEFORE_NAME = re.compile(r"^(?:co\b\W*)?(?:(?:dong chi|d/c|d\.c|dc)\b\W*)?", re.IGNORECASE)
# Words that answer something else, never a person's name: going back, cancelling, a mistake.
_NOT_A_NAME = re.compile(
    r"^(?:huy|thoi|quay lai|tro lai|lui lai|bo qua|sai|nham|nhap lai|lam lai|khong biet)\b"
)


def _name_said(text: str) -> tuple[bool, str]:
    """A name typed with the words before it taken off («có đồng chí Hùng» → «Hùng», «đ/c
    Nguyễn Văn Hùng» → «Nguyễn Văn Hùng»), and whether any were there: a name so introduced is
    one even when a single word."""
    folded = fold(text)
    cut = _BEFORE_NAME.match(folded)
    if cut is None or not cut.end() or len(folded) != len(text):
        return False, text
    # folding keeps the length of Vietnamese text, so the cut is at the same place in `text`
    return True, text[cut.end() :].strip(" ,.:;-")


def _titled(text: str) -> bool:
    """Whether a name is introduced by «đồng chí», «đ/c» («có đ/c Hùng»), not by «có» alone."""
    return _TITLED.match(fold(text)) is not None


_TITLED = re.compile(r"^(?:co\b\W*)?(?:dong chi|d/c|d\.c|dc)\b")


def _proper_name(text: str) -> bool:
    """Whether every word is capitalised, as a person's name is written («Hùng», «Lê Văn
    Nam»): after a bare «có», «dự», «chứ», «nhưng về sớm» are no name."""
    words = text.split()
    return bool(words) and all(word[:1].isupper() for word in words)


def _a_name(text: str, titled: bool = False) -> bool:
    """Whether a typed answer can be the name of who attended ("Đ/c Nguyễn Văn Hùng, PBT Đảng
    ủy"): letters, no figures (a topic title "Nghị quyết số 57", a date), no word of going
    back or cancelling ("quay lại", "hủy") unless after «đồng chí» or written as a name without
    marks («đồng chí Huy», «Huy» are names), no command said in words ("bao cao")."""
    named = titled or (_proper_name(text) and fold(text) == text.lower())
    return (
        2 <= len(text) <= NAME_LIMIT
        and _LETTER.search(text) is not None
        and not any(ch.isdigit() for ch in text)
        and (named or _NOT_A_NAME.match(fold(text)) is None)
        and command_said(text) is None
    )


def _ask_upper_name(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    return Question(
        _("Who attended from the upper level? Type the name and post, or choose:"),
        (Choice(_("Name not known or not recorded"), NO),),
    )


async def _take_upper_name(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _ = ctx.t.gettext
    text = " ".join(answer.text.split())
    folded = fold(text)
    if (
        answer.value == NO
        or isinstance(parse_yes_no(text), bool)
        or _NOBODY.match(folded)
        or _NAME_UNKNOWN.match(folded)
    ):
        _pop(draft, "upper_name")
        return []
    introduced, name = _name_said(text)
    if introduced and not _titled(text) and not _proper_name(name):
        name = ""  # «có dự»: no name
    if not _a_name(name, _titled(text)) or _UNSURE.match(folded):
        return [_("Please type the name of the person who attended, or choose 1 to go on.")]
    draft.with_report(replace(draft.report, upper_name=name))
    _pop(draft, "upper_name")
    return []


def _ask_resolution(ctx: Context, draft: ReportDraft) -> Question:
    return Question(ctx.t.gettext("Did the cell adopt a resolution?"), _yes_no_choices(ctx))


async def _take_resolution(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    typed: bool | ParseError = (
        answer.value == YES if answer.value in (YES, NO) else parse_yes_no(answer.text)
    )
    if isinstance(typed, ParseError):
        return [ctx.t.render(typed.message)]
    draft.with_report(replace(draft.report, resolution_adopted=typed))
    _pop(draft, "resolution")
    return []


def _ask_grade(ctx: Context, draft: ReportDraft) -> Question:
    return Question(
        ctx.t.gettext("How does the cell grade the meeting?"),
        tuple(Choice(ctx.t.gettext(GRADE_LABELS[g]), g.value) for g in MeetingGrade),
    )


async def _take_grade(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    values = {g.value for g in MeetingGrade}
    grade = (
        MeetingGrade(str(answer.value))
        if answer.value in values
        else parse_meeting_grade(answer.text)
    )
    if isinstance(grade, ParseError):
        return [ctx.t.render(grade.message)]
    draft.with_report(replace(draft.report, grade=grade))
    _pop(draft, "grade")
    return []


# ---------------------------------------------------------------- note, change, summary


def _ask_note(ctx: Context, draft: ReportDraft) -> Question:
    _ = ctx.t.gettext
    return Question(
        _("Type the note (at most 500 characters):"),
        (Choice(_("No note"), NO_NOTE, _("none")),),
        Expect.VALUE,
    )


async def _take_note(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    if answer.value == NO_NOTE:
        draft.note = ""
        _pop(draft, "note")
        return []
    text = answer.text.strip()
    if len(text) > NOTE_LIMIT:
        return [_too_long(ctx, len(text), NOTE_LIMIT)]
    if not _WORD_OF_LETTERS.search(text):
        # «1»: a choice's number from habit, not a note anyone can read
        return [
            ctx.t.gettext(
                "«{text}» is no note: please type the note in words (e.g. «Đ/c Hùng vắng vì "
                "đi viện»), or «không» for none."
            ).format(text=text)
        ]
    draft.note = text
    _pop(draft, "note")
    return []


def change_fields(draft: ReportDraft) -> list[str]:
    """What "Change an answer" offers for this draft: the answers every held meeting has keep
    their numbers (9 is always the note, 8 the grade), those only some have come after them
    (the topic's title, the absences), so a number learned once means the same next time."""
    if draft.report.held is False:
        return ["held", "reason", "new_date", "note"]
    fields = ["held", "date", "kind", "roll", "present", "upper", "resolution", "grade", "note"]
    if draft.report.kind is not MeetingKind.REGULAR:
        fields.append("title")
    if draft.absent > 0:
        fields.append("absences")
    return fields


CHANGE_LABELS: dict[str, str] = {
    "held": N_("Held or not"),
    "date": N_("Meeting date"),
    "kind": N_("Kind of meeting"),
    "title": N_("Topic title"),
    "roll": N_("Members on the roll"),
    "present": N_("Present"),
    "absences": N_("Absent without a reason"),
    "upper": N_("Upper-level committee member"),
    "resolution": N_("Resolution"),
    "grade": N_("Grade"),
    "note": N_("Note"),
    "reason": N_("Reason not held"),
    "new_date": N_("New date"),
}


def _ask_change(ctx: Context, draft: ReportDraft) -> Question:
    return Question(
        ctx.t.gettext("Which answer do you want to change?"),
        tuple(Choice(ctx.t.gettext(CHANGE_LABELS[f]), f) for f in change_fields(draft)),
    )


async def _take_change(ctx: Context, draft: ReportDraft, answer: Answer) -> Problems | str:
    _pop(draft, "change")
    field = answer.value
    if field not in CHANGE_FIELDS:
        draft.queue.insert(0, "change")
        return [choose_again(ctx)]
    if field == "held":
        draft.with_report(
            PartialReport(on_roll=draft.report.on_roll, exempted=draft.report.exempted)
        )
        draft.reason, draft.new_date, draft.new_date_asked = None, None, False
        draft.not_held_sure = False
    elif field == "roll":
        draft.queue[:0] = ["roll", "exempted"]
        draft.with_report(replace(draft.report, on_roll=None))
    elif field == "note":
        draft.queue.insert(0, "note")
    elif field == "reason":
        draft.reason = None
    elif field == "new_date":
        month = Month.parse(draft.period)
        if ctx.today() > month.last_day:
            draft.queue.insert(0, "change")
            return [
                ctx.t.gettext(
                    "Month {month} is over: its meeting can no longer be moved to another day. "
                    "Please choose another answer to change."
                ).format(month=format_month(month.year, month.month))
            ]
        draft.new_date, draft.new_date_asked = None, False
    else:  # cleared: its step is wanted again
        draft.report = clear(draft.report, *CHANGE_FIELDS[field])
    return []


# ---------------------------------------------------------------- the table


def _always(_draft: ReportDraft) -> bool:
    return True


def _never(_draft: ReportDraft) -> bool:
    return False


STEPS: tuple[Step, ...] = (
    Step("held", lambda d: d.report.held is None, _ask_held, _take_held),
    Step("not_yet", _never, _ask_not_yet, _take_not_yet),
    Step(
        "reason",
        lambda d: d.report.held is False and d.reason is None,
        _ask_reason,
        _take_reason,
        in_words=True,
    ),
    Step(
        "new_date",
        lambda d: d.report.held is False and not d.new_date_asked,
        _ask_new_date,
        _take_new_date,
    ),
    Step("date", lambda d: _held(d) and d.report.date is None, _ask_date, _take_date),
    Step("kind", lambda d: _held(d) and d.report.kind is None, _ask_kind, _take_kind),
    Step("title", _wants_title, _ask_title, _take_title, in_words=True),
    Step("roll", _wants_roll, _ask_roll, _take_roll),
    Step("exempted", _never, _ask_exempted, _take_exempted),
    Step("roll_confirm", _wants_roll_confirm, _ask_roll_confirm, _take_roll_confirm),
    Step("present", _wants_present, _ask_present, _take_present),
    Step("absences", _wants_absences, _ask_absences, _take_absences),
    Step("upper", lambda d: _held(d) and d.report.upper_attended is None, _ask_upper, _take_upper),
    Step("upper_name", _never, _ask_upper_name, _take_upper_name, in_words=True),
    Step(
        "resolution",
        lambda d: _held(d) and d.report.resolution_adopted is None,
        _ask_resolution,
        _take_resolution,
    ),
    Step("grade", lambda d: _held(d) and d.report.grade is None, _ask_grade, _take_grade),
    Step("change", _never, _ask_change, _take_change),
    Step("note", _never, _ask_note, _take_note, in_words=True),
)
BY_NAME = {step.name: step for step in STEPS}
NUMBER_STEPS = frozenset(("roll", "exempted", "present", "absences", "date", "new_date"))
"""The steps that want a count or a day typed (their shortcuts, «đủ», «hôm nay», «chưa», are no
cancel words): a cancel word there is /huy (handlers.core)."""


def next_step(draft: ReportDraft) -> Step | None:
    """The step asked next: a queued one first, else the first still wanted; None: the summary."""
    while draft.queue:
        step = BY_NAME.get(draft.queue[0])
        if step is not None:
            return step
        draft.queue.pop(0)
    return next((step for step in STEPS if step.wanted(draft)), None)


def attendance_problems(ctx: Context, draft: ReportDraft) -> Problems:
    """Figures that cannot all be right together: why, and the ones to ask again cleared."""
    r = draft.report
    too_large = roll_too_large(r.on_roll) if r.on_roll not in (None, draft.roll_before) else None
    if too_large is not None:  # typed in a line: refused before all, the roll so far kept
        draft.report = clear(replace(r, on_roll=draft.roll_before), *PRESENT_FIELDS)
        draft.roll_confirmed = True
        return [ctx.t.render(too_large.message)]
    if _wants_roll_confirm(draft):
        return []  # which roll is right decides what else is wrong: it is asked first
    attendance = draft.attendance()
    first_only = False
    if attendance is None and None not in (r.on_roll, r.present):
        # absences not known yet: more present than members, or nobody, is already wrong
        attendance = Attendance(r.on_roll or 0, r.exempted or 0, r.present or 0, 0, 0)
        if 0 < attendance.present <= attendance.expected:
            return []
        first_only = True
    if attendance is None:
        return []
    issues = check_attendance(attendance)[: 1 if first_only else None]
    if not issues:
        return []
    codes = {i.code for i in issues}
    report = draft.report
    if E_NO_MEMBERS in codes:
        report = replace(report, on_roll=None)
    elif E_EXEMPTED_OVER_ROLL in codes:
        draft.queue.insert(0, "exempted")
    if codes & {E_PRESENT_OVER_ROLL, E_SUM_OVER, E_SUM_SHORT, E_NO_MEMBERS, E_NONE_PRESENT}:
        report = clear(report, *PRESENT_FIELDS)
    draft.report = report
    return [ctx.t.render(i.message) for i in issues]

