"""A whole meeting report on one line, e.g. "hop 05/12, cm 18/20, vcl 1, vkl 0, mien 0, xl tot".

Grammar (diacritics and case never matter):
- The line splits into fragments at commas, semicolons, "|" and line breaks.
- In a fragment, a key is followed by its value, with or without ":" or "=" ("vcl 1", "vcl: 1",
  "vcl=1"); several key-value pairs may share a fragment ("cm 18/20 vcl 1 vkl 0").
- A count may also come before its key ("1 cp", "2 kp", "20 dv"); "vang 1 cp 1 kp" reads as one
  absent with a reason and one without.
- A count of people before the key of those present is those present, not the roll: "16 dv du
  hop", "16 đồng chí có mặt" ("20 dv du hop 18": the roll, then those present).
- "18/20" alone means present 18 of 20 members on the roll; a full date "05/12/2026" alone is
  the meeting date; "hom qua"/"hom nay"/"hom kia" alone too.
- Text values (topic title "cd:", upper-level member "ct:") run to the end of their fragment.
- Fragments are read independently: what can be read is kept, and each part that cannot be read
  gets its own error naming it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from core.i18n import N_, Text
from core.textfold import fold
from handlers.reporting.grades import MeetingGrade, parse_meeting_grade, parse_yes_no
from handlers.reporting.numbers import parse_count
from handlers.reporting.problems import ParseError, echo
from handlers.reporting.report import MeetingKind, PartialReport
from handlers.reporting.userdates import (
    E_UNREADABLE,
    REPORT_DATES,
    DateRules,
    format_user_date,
    parse_user_date,
)

_SEPARATORS = re.compile(r"[,;|\n\r]+")
_TOKEN = re.compile(r"[^\W\d_]+|[0-9]+(?:[/.\-][0-9]+)*|\S")
_SLASH_SPACES = re.compile(r"([0-9])\s*/\s*([0-9])")
_NUMBER = re.compile(r"^[0-9]+(?:\.[0-9]{3})*$")
_RATIO = re.compile(r"^([0-9]+)/([0-9]+)$")
_FULL_DATE = re.compile(r"^[0-9]{1,2}([/.\-])[0-9]{1,2}\1(?:[0-9]{2}|[0-9]{4})$")
_ZERO_WORDS = {"khong", "ko"}
_ASSIGN = {":", "=", "-"}
_QUOTES = " \"'«»“”"
_MAX_DATE_TOKENS = 4


class _Kind(Enum):
    COUNT = "count"
    ABSENT = "absent"
    DATE = "date"
    HELD = "held"
    NOT_HELD = "not_held"
    TITLE = "title"
    UPPER = "upper"
    YES_NO = "yes_no"
    GRADE = "grade"
    KIND = "kind"
    REGULAR = "regular"
    COMBINED = "combined"


_KEYS: dict[str, tuple[_Kind, str | None]] = {}
_ALIASES: dict[tuple[str, ...], str] = {}


def _keys(name: str, kind: _Kind, field: str | None, *aliases: str) -> None:
    _KEYS[name] = (kind, field)
    for alias in aliases:
        _ALIASES[tuple(alias.split())] = name


_keys("present", _Kind.COUNT, "present", "cm", "co mat", "comat", "so co mat", "du hop")
# Who a count before "dự họp" / "có mặt" counts: "16 đv dự họp" is 16 present, not a roll of 16.
_PEOPLE = frozenset(
    {("dv",), ("dang", "vien"), ("dong", "chi"), ("dc",), ("nguoi",), ("thanh", "vien")}
)
_keys(
    "on_roll",
    _Kind.COUNT,
    "on_roll",
    "dv",
    "tong",
    "tong so",
    "tong dv",
    "so dv",
    "dang vien",
    "so dang vien",
    "tong so dang vien",
    "tsdv",
)
_keys("exempted", _Kind.COUNT, "exempted", "mien", "msh", "mien sh", "mien sinh hoat", "mien hop")
_keys(
    "absent_excused",
    _Kind.COUNT,
    "absent_excused",
    "vcl",
    "vcp",
    "cp",
    "cld",
    "co phep",
    "co ly do",
    "vang co phep",
    "vang co ly do",
    "vang cp",
    "vang cld",
    "vang vcl",
)
_keys(
    "absent_unexcused",
    _Kind.COUNT,
    "absent_unexcused",
    "vkl",
    "vkp",
    "kp",
    "kld",
    "khong phep",
    "khong ly do",
    "ko phep",
    "ko ly do",
    "vang khong phep",
    "vang khong ly do",
    "vang ko phep",
    "vang ko ly do",
    "vang kp",
    "vang kld",
    "vang vkl",
)
_keys("absent", _Kind.ABSENT, None, "vang")
_keys("date", _Kind.DATE, "date", "ngay", "ngay hop", "hop ngay", "da hop ngay", "hop vao ngay")
_keys("held", _Kind.HELD, None, "hop", "da hop", "co hop")
_keys("not_held", _Kind.NOT_HELD, None, "chua hop", "khong hop", "ko hop", "chua to chuc")
_keys("topic_title", _Kind.TITLE, "topic_title", "cd", "chuyen de", "ten chuyen de", "tcd")
_keys(
    "upper",
    _Kind.UPPER,
    None,
    "ct",
    "cap tren",
    "cap tren du",
    "cap uy",
    "cap uy du",
    "cap uy cap tren",
)
_keys(
    "resolution", _Kind.YES_NO, "resolution_adopted", "nq", "nghi quyet", "ra nq", "ra nghi quyet"
)
_keys("grade", _Kind.GRADE, "grade", "xl", "xep loai", "danh gia")
_keys("kind", _Kind.KIND, "kind", "loai", "hinh thuc", "loai hop")
_keys("regular", _Kind.REGULAR, None, "thuong ky", "sinh hoat thuong ky")
_keys("combined", _Kind.COMBINED, None, "ket hop")

_MAX_ALIAS = max(len(alias) for alias in _ALIASES)
_QUALIFIERS = {"absent_excused", "absent_unexcused"}

_KIND_VALUES: dict[str, MeetingKind] = {
    "thuong ky": MeetingKind.REGULAR,
    "tk": MeetingKind.REGULAR,
    "sinh hoat thuong ky": MeetingKind.REGULAR,
    "chuyen de": MeetingKind.TOPIC,
    "cd": MeetingKind.TOPIC,
    "sinh hoat chuyen de": MeetingKind.TOPIC,
    "ket hop": MeetingKind.COMBINED,
    "kh": MeetingKind.COMBINED,
    "ca hai": MeetingKind.COMBINED,
    "thuong ky va chuyen de": MeetingKind.COMBINED,
}
_KIND_WORDS = {
    MeetingKind.REGULAR: "thuong ky",
    MeetingKind.TOPIC: "chuyen de",
    MeetingKind.COMBINED: "ket hop",
}
_GRADE_WORDS = {
    MeetingGrade.GOOD: "tot",
    MeetingGrade.FAIR: "kha",
    MeetingGrade.AVERAGE: "tb",
    MeetingGrade.POOR: "kem",
}

_MSG_UNREAD = N_(
    "Could not read «{part}». Write each part like «vcl 1» or «xl: tot», separated by commas "
    "(see /trogiup)."
)
_MSG_BARE_NUMBER = N_(
    "The number «{part}» has no label. Write what it counts, e.g. «vcl 1» or «cm 18/20»."
)
_MSG_NEEDS_NUMBER = N_("«{key}» needs a number after it, e.g. «{key} 1».")
_MSG_BAD_NUMBER = N_(
    "Could not read the number «{value}» after «{key}». Please write digits, e.g. «{key} 1»."
)
_MSG_NEEDS_DATE = N_("«{key}» needs a date after it, e.g. «{key} 05/12».")
_MSG_NEEDS_TITLE = N_(
    "Please write the topic title after «{key}», e.g. «cd: Hoc tap Nghi quyet 21»."
)
_MSG_NEEDS_YES_NO = N_("After «{key}» please write co or khong, e.g. «{key} co».")
_MSG_NEEDS_GRADE = N_("After «{key}» please write the grade: tot, kha, tb or kem, e.g. «xl tot».")
_MSG_NEEDS_KIND = N_("After «{key}» please write thuong ky, chuyen de or ket hop.")
_MSG_NEEDS_UPPER = N_(
    "After «{key}» please write the name of the upper-level committee member who attended, "
    "or khong."
)
_MSG_TWICE = N_("«{key}» is written twice with different values. Please keep one.")
_MSG_ABSENT_SPLIT = N_(
    "Absent {count}: please say how many with a reason and how many without, e.g. «vcl 1 vkl 1»."
)
_MSG_ABSENT_SUM = N_(
    "Absent {total}, but with a reason {excused} + without a reason {unexcused} = {sum}. "
    "Please check the absences."
)
_MSG_SYNTAX = N_(
    "Quick report on one line, without diacritics if you like, parts separated by commas:\n"
    "• hop 05/12: meeting date (also: hom qua, thu 7); chua hop: not held\n"
    "• cm 18/20: present / members on the roll\n"
    "• vcl 1: absent with a reason (also: cp, co ly do)\n"
    "• vkl 1: absent without a reason (also: kp, khong ly do)\n"
    "• mien 0: exempted from meetings (also: msh)\n"
    "• loai ket hop: kind of meeting (thuong ky, chuyen de, ket hop)\n"
    "• cd: topic title\n"
    "• ct: upper-level committee member who attended (name, or khong)\n"
    "• nq co: resolution adopted (co / khong)\n"
    "• xl tot: grade of the meeting (tot, kha, tb, kem)\n"
    "Examples:\n"
    "18/20 vang 1 cp 1 kp\n"
    "hop 05/12, cm 18/20, vcl 1, vkl 1, mien 0, cd: Hoc tap Nghi quyet 21, ct: dong chi Lan, "
    "nq co, xl tot"
)


@dataclass(frozen=True, slots=True)
class CompactResult:
    """What could be read from a compact line, and one error per part that could not."""

    report: PartialReport
    errors: tuple[Text, ...]


def describe_compact_syntax() -> Text:
    """The help text for /trogiup: keys, aliases and two examples."""
    return Text(_MSG_SYNTAX)


def parse_compact_report(text: str, today: date, rules: DateRules = REPORT_DATES) -> CompactResult:
    """Read a one-line report; dates are read relative to `today` under `rules`."""
    builder = _Builder()
    source = unicodedata.normalize("NFC", text)
    for fragment in _SEPARATORS.split(source):
        if fragment.strip():
            _FragmentReader(_SLASH_SPACES.sub(r"\1/\2", fragment), builder, today, rules).read()
    return builder.finish()


def format_compact(report: PartialReport) -> str:
    """The compact line for `report`; `parse_compact_report` reads it back to the same report.

    Titles and names must not contain commas or semicolons.
    """
    if report.held is False:
        return "chua hop"
    parts: list[str] = []
    if report.date is not None:
        parts.append(f"hop {format_user_date(report.date)}")
    elif report.held:
        parts.append("hop")
    if report.present is not None and report.on_roll is not None:
        parts.append(f"cm {report.present}/{report.on_roll}")
    else:
        if report.present is not None:
            parts.append(f"cm {report.present}")
        if report.on_roll is not None:
            parts.append(f"dv {report.on_roll}")
    for key, value in (
        ("vcl", report.absent_excused),
        ("vkl", report.absent_unexcused),
        ("mien", report.exempted),
    ):
        if value is not None:
            parts.append(f"{key} {value}")
    if report.kind is not None:
        parts.append(f"loai {_KIND_WORDS[report.kind]}")
    if report.topic_title is not None:
        parts.append(f"cd: {report.topic_title}")
    if report.upper_name is not None:
        parts.append(f"ct: {report.upper_name}")
    elif report.upper_attended is not None:
        parts.append("ct: co" if report.upper_attended else "ct: khong")
    if report.resolution_adopted is not None:
        parts.append("nq co" if report.resolution_adopted else "nq khong")
    if report.grade is not None:
        parts.append(f"xl {_GRADE_WORDS[report.grade]}")
    return ", ".join(parts)


@dataclass(frozen=True, slots=True)
class _Token:
    folded: str
    start: int
    end: int


class _Builder:
    """Collects values from every fragment, noticing a field given twice with different values."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.errors: list[Text] = []
        self.absent_total: int | None = None

    def set(self, field: str, value: object, key: str) -> None:
        if field in self.values and self.values[field] != value:
            self.errors.append(Text(_MSG_TWICE, {"key": key}))
            return
        self.values[field] = value

    def error(self, msgid: str, **params: object) -> None:
        self.errors.append(Text(msgid, dict(params)))

    def finish(self) -> CompactResult:
        values = self.values
        if self.absent_total is not None:
            self._split_absences(self.absent_total)
        if values.get("held") is None and any(
            field in values for field in ("date", "present", "on_roll", "grade", "topic_title")
        ):
            values["held"] = True
        return CompactResult(PartialReport(**values), tuple(self.errors))

    def _split_absences(self, total: int) -> None:
        excused = self.values.get("absent_excused")
        unexcused = self.values.get("absent_unexcused")
        if excused is None and unexcused is None:
            if total == 0:
                self.values["absent_excused"] = self.values["absent_unexcused"] = 0
            else:
                self.error(_MSG_ABSENT_SPLIT, count=total)
        elif excused is not None and unexcused is not None:
            if excused + unexcused != total:
                self._sum_error(total, excused, unexcused)
        elif excused is not None:
            if excused > total:
                self._sum_error(total, excused, 0)
            else:
                self.values["absent_unexcused"] = total - excused
        elif unexcused is not None:
            if unexcused > total:
                self._sum_error(total, 0, unexcused)
            else:
                self.values["absent_excused"] = total - unexcused

    def _sum_error(self, total: int, excused: int, unexcused: int) -> None:
        self.error(
            _MSG_ABSENT_SUM,
            total=total,
            excused=excused,
            unexcused=unexcused,
            sum=excused + unexcused,
        )


class _FragmentReader:
    """Reads one fragment's tokens left to right into the builder."""

    def __init__(self, source: str, builder: _Builder, today: date, rules: DateRules) -> None:
        self.source = source
        self.builder = builder
        self.today = today
        self.rules = rules
        self.tokens = [
            _Token(fold(match[0]), match.start(), match.end()) for match in _TOKEN.finditer(source)
        ]
        self.unread: list[int] = []

    def read(self) -> None:
        position = 0
        while position < len(self.tokens):
            position = self._step(position)
        self._report_unread()

    def _step(self, i: int) -> int:
        token = self.tokens[i]
        if token.folded in _ASSIGN:
            return i + 1
        key = self._match_key(i)
        if key is not None:
            name, length = key
            return self._value(name, i, i + length)
        if _NUMBER.match(token.folded):
            attended = self._attended(i + 1)
            if attended > i + 1:
                # "16 dv du hop", "16 đồng chí có mặt": those present, not the roll
                self._set_count("present", i, self._text(i + 1, attended))
                return attended
            after = self._match_key(i + 1)
            if after is not None and _KEYS[after[0]][0] is _Kind.COUNT:
                field = _KEYS[after[0]][1]
                assert field is not None
                self._set_count(field, i, self._text(i + 1, i + 1 + after[1]))
                return i + 1 + after[1]
        ratio = _RATIO.match(token.folded)
        if ratio:
            self._set_ratio(ratio, self._text(i, i + 1))
            return i + 1
        if _FULL_DATE.match(token.folded) or token.folded in ("hom",):
            taken = self._date(i, required=False, key=self._text(i, i + 1))
            if taken > i:
                return taken
        self.unread.append(i)
        return i + 1

    def _value(self, name: str, start: int, j: int) -> int:
        kind, field = _KEYS[name]
        key = self._text(start, j)
        while j < len(self.tokens) and self.tokens[j].folded in _ASSIGN:
            j += 1
        handlers: dict[_Kind, Callable[[str | None, str, int], int]] = {
            _Kind.COUNT: self._count_value,
            _Kind.ABSENT: self._absent_value,
            _Kind.DATE: self._date_value,
            _Kind.NOT_HELD: self._not_held,
            _Kind.TITLE: self._title_value,
            _Kind.UPPER: self._upper_value,
            _Kind.YES_NO: self._yes_no_value,
            _Kind.GRADE: self._grade_value,
            _Kind.KIND: self._kind_value,
            _Kind.REGULAR: self._regular,
            _Kind.COMBINED: self._combined,
        }
        if kind is _Kind.HELD:
            return self._date(j, required=False, key=key, held_anyway=True)
        return handlers[kind](field, key, j)

    # --- values by kind -------------------------------------------------------------------

    def _count_value(self, field: str | None, key: str, j: int) -> int:
        assert field is not None
        if j < len(self.tokens):
            folded = self.tokens[j].folded
            ratio = _RATIO.match(folded)
            if ratio and field == "present":
                self._set_ratio(ratio, key)
                return j + 1
            if folded[:1].isdecimal() or folded in _ZERO_WORDS:
                self._set_count(field, j, key)
                return j + 1
        self.builder.error(_MSG_NEEDS_NUMBER, key=key)
        return j

    def _absent_value(self, field: str | None, key: str, j: int) -> int:
        if j < len(self.tokens) and _NUMBER.match(self.tokens[j].folded):
            if self._alternating_run(j) % 2 == 0:
                return j  # "vang 1 cp 1 kp": each count comes before its qualifier
            value = parse_count(self._text(j, j + 1))
            if isinstance(value, ParseError):
                self.builder.error(_MSG_BAD_NUMBER, key=key, value=self._text(j, j + 1))
            elif self.builder.absent_total not in (None, value):
                self.builder.error(_MSG_TWICE, key=key)
            else:
                self.builder.absent_total = value
            return j + 1
        after = self._match_key(j)
        if after is not None and after[0] in _QUALIFIERS:
            return j
        self.builder.error(_MSG_NEEDS_NUMBER, key=key)
        return j

    def _date_value(self, field: str | None, key: str, j: int) -> int:
        return self._date(j, required=True, key=key)

    def _not_held(self, field: str | None, key: str, j: int) -> int:
        self.builder.set("held", False, key)
        return j

    def _title_value(self, field: str | None, key: str, j: int) -> int:
        title = self._rest(j)
        if not title:
            self.builder.error(_MSG_NEEDS_TITLE, key=key)
        else:
            self.builder.set("topic_title", title, key)
        return len(self.tokens)

    def _upper_value(self, field: str | None, key: str, j: int) -> int:
        rest = self._rest(j)
        if not rest:
            self.builder.error(_MSG_NEEDS_UPPER, key=key)
            return j
        answer = parse_yes_no(rest)
        first = parse_yes_no(self._text(j, j + 1))
        if isinstance(answer, bool):
            self.builder.set("upper_attended", answer, key)
        elif first is False or (
            first is True and (j + 1 >= len(self.tokens) or self._match_key(j + 1) is not None)
        ):
            # "ct co nq co xl tot": a yes or no, and the line goes on with other keys
            self.builder.set("upper_attended", first, key)
            return j + 1
        else:
            name = self._rest(j + 1) if first is True else rest
            self.builder.set("upper_attended", True, key)
            self.builder.set("upper_name", name, key)
        return len(self.tokens)

    def _yes_no_value(self, field: str | None, key: str, j: int) -> int:
        assert field is not None
        for length in (2, 1):
            if j + length <= len(self.tokens):
                answer = parse_yes_no(self._text(j, j + length))
                if isinstance(answer, bool):
                    self.builder.set(field, answer, key)
                    return j + length
        self.builder.error(_MSG_NEEDS_YES_NO, key=key)
        return self._skip_bad_value(j)

    def _grade_value(self, field: str | None, key: str, j: int) -> int:
        assert field is not None
        for length in (2, 1):
            if j + length <= len(self.tokens):
                grade = parse_meeting_grade(self._text(j, j + length))
                if isinstance(grade, MeetingGrade):
                    self.builder.set(field, grade, key)
                    return j + length
        self.builder.error(_MSG_NEEDS_GRADE, key=key)
        return self._skip_bad_value(j)

    def _kind_value(self, field: str | None, key: str, j: int) -> int:
        for length in range(min(5, len(self.tokens) - j), 0, -1):
            words = " ".join(token.folded for token in self.tokens[j : j + length])
            if words in _KIND_VALUES:
                self.builder.set("kind", _KIND_VALUES[words], key)
                return j + length
        self.builder.error(_MSG_NEEDS_KIND, key=key)
        return self._skip_bad_value(j)

    def _regular(self, field: str | None, key: str, j: int) -> int:
        self.builder.set("kind", MeetingKind.REGULAR, key)
        return j

    def _combined(self, field: str | None, key: str, j: int) -> int:
        self.builder.set("kind", MeetingKind.COMBINED, key)
        return j

    # --- helpers --------------------------------------------------------------------------

    def _date(self, j: int, *, required: bool, key: str, held_anyway: bool = False) -> int:
        """Read the longest run of tokens from j that is a date; return the position after."""
        first_error: ParseError | None = None
        error_end = j
        for length in range(min(_MAX_DATE_TOKENS, len(self.tokens) - j), 0, -1):
            parsed = parse_user_date(self._text(j, j + length), self.today, self.rules)
            if isinstance(parsed, date):
                self.builder.set("date", parsed, key)
                self.builder.set("held", True, key)
                return j + length
            if parsed.code != E_UNREADABLE and first_error is None:
                first_error, error_end = parsed, j + length
        if first_error is not None:
            self.builder.errors.append(first_error.message)
            return error_end
        if held_anyway:
            self.builder.set("held", True, key)
        elif required:
            self.builder.error(_MSG_NEEDS_DATE, key=key)
        return j

    def _set_count(self, field: str, i: int, key: str) -> None:
        value = parse_count(self._text(i, i + 1))
        if isinstance(value, ParseError):
            self.builder.error(_MSG_BAD_NUMBER, key=key, value=self._text(i, i + 1))
        else:
            self.builder.set(field, value, key)

    def _set_ratio(self, ratio: re.Match[str], key: str) -> None:
        present, on_roll = parse_count(ratio[1]), parse_count(ratio[2])
        if isinstance(present, ParseError) or isinstance(on_roll, ParseError):
            self.builder.error(_MSG_BAD_NUMBER, key=key, value=ratio[0])
            return
        self.builder.set("present", present, key)
        self.builder.set("on_roll", on_roll, key)

    def _alternating_run(self, j: int) -> int:
        """Length of the run number, qualifier, number, qualifier … starting at j."""
        length, position = 0, j
        while position < len(self.tokens):
            if length % 2 == 0:
                if not _NUMBER.match(self.tokens[position].folded):
                    break
                position += 1
            else:
                key = self._match_key(position)
                if key is None or key[0] not in _QUALIFIERS:
                    break
                position += key[1]
            length += 1
        return length

    def _skip_bad_value(self, j: int) -> int:
        """Past one token that was meant as a value (so it is not reported twice)."""
        if j < len(self.tokens) and self._match_key(j) is None:
            return j + 1
        return j

    def _attended(self, i: int) -> int:
        """The end of "đv dự họp", "đồng chí có mặt", "người dự" at `i` after a count (people,
        then the key of those present, with no number of its own after it), else `i`."""
        j = i
        for length in (2, 1):
            if tuple(token.folded for token in self.tokens[j : j + length]) in _PEOPLE:
                j += length
                break
        else:
            return i
        key = self._match_key(j)
        if key is None or _KEYS[key[0]][1] != "present":
            return i
        end = j + key[1]
        if end < len(self.tokens) and self.tokens[end].folded[:1].isdecimal():
            return i  # "20 dv du hop 18": the roll, then those present
        return end

    def _match_key(self, i: int) -> tuple[str, int] | None:
        for length in range(min(_MAX_ALIAS, len(self.tokens) - i), 0, -1):
            words = tuple(token.folded for token in self.tokens[i : i + length])
            if words in _ALIASES:
                return _ALIASES[words], length
        return None

    def _text(self, start: int, end: int) -> str:
        if start >= end or start >= len(self.tokens):
            return ""
        return self.source[self.tokens[start].start : self.tokens[end - 1].end]

    def _rest(self, j: int) -> str:
        if j >= len(self.tokens):
            return ""
        return self.source[self.tokens[j].start :].strip().strip(_QUOTES).strip()

    def _report_unread(self) -> None:
        runs: list[list[int]] = []
        for index in self.unread:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
        for run in runs:
            part = echo(self._text(run[0], run[-1] + 1))
            if len(run) == 1 and _NUMBER.match(self.tokens[run[0]].folded):
                self.builder.error(_MSG_BARE_NUMBER, part=part)
            else:
                self.builder.error(_MSG_UNREAD, part=part)
