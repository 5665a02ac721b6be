"""Undoing the damage of text extraction: hard wraps, page numbers, split codes, stray marks."""

from __future__ import annotations

import re
import statistics

from knowledge.textnorm import display_form, fold_key

_MANY_SPACES = re.compile(r"\S(\s{3,})\S")
_DECORATION = re.compile(r"^[\s\-_=*~.•·]*$")
_PAGE_NUMBER = re.compile(
    r"^(?:-\s*)?(?:trang\s+)?\d{1,3}(?:\s*-)?(?:\s*/\s*\d{1,3})?$", re.IGNORECASE
)
_LIST_START = re.compile(
    r"^(?:[-+•]\s|\(\d{1,2}\)|\d{1,2}(?:\.\d{1,2})*\.(?:\s|[^\W\d_])|\d{1,2}\.\d{1,2}\s"
    r"|(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\s*[-.]\s|[a-zđ]\)\s|Nơi nhận|T/M\b|KT\.|TM\.)"
)
_END_PUNCT = tuple(".:;!?)\"'”")
_CODE_SPLIT_END = re.compile(r"\d\s*-$")
_CODE_HEAD = re.compile(r"^[A-ZĐ][A-Za-zĐđ]{0,5}/")
_CODE_SPACING = re.compile(r"\b(\d{1,4})\s*-\s*([A-ZĐ][A-Za-zĐđ]{0,5}/[A-ZĐ])")
_CODE_NO_HYPHEN = re.compile(r"\b(\d{1,4})\s+((?:NQ|KL|KH|CT|CTr|HD|QĐ|TB|ĐA|QC|BC)/[A-ZĐ])")
_MISSING_SPACE = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,})\.([^\W\d_]{2,})")
_SPACES = re.compile(r"[ \t]+")
_SPACE_BEFORE_PUNCT = re.compile(r"(?<!\s)\s+([,;:.)])")
_WORD_FIXES = {"Intemet": "Internet", "intemet": "internet"}
_WORD_FIX = re.compile(r"\b(" + "|".join(_WORD_FIXES) + r")\b")


def clean_text(raw: str) -> str:
    """Return `raw` as clean paragraphs, one per line, in display form (NFC, one tone placement).

    Undoes hard-wrapped lines (detected from line-length statistics), page numbers alone on a
    line, document codes split after the hyphen, flattened two-column letterheads (3+ spaces),
    paragraphs split at a page break mid-sentence, leftover `*`/`**` marks, "-----" decoration,
    a missing space after a full stop, and "Intemet"; drops a paragraph repeated right after
    itself.
    """
    text = display_form(raw).replace("\r\n", "\n").replace("\r", "\n").replace("*", "")
    lines = [_split_columns(line) for line in text.split("\n")]
    flat = [part.strip() for line in lines for part in line]
    width = _wrap_width([line for line in flat if line])
    paragraphs = _unwrap(flat, width) if width else _paragraphs(flat)
    paragraphs = _join_page_breaks(paragraphs)
    result: list[str] = []
    for paragraph in paragraphs:
        fixed = _fix_inline(paragraph)
        if not fixed or _DECORATION.match(fixed):
            continue
        if result and fold_key(result[-1]) == fold_key(fixed):
            continue
        result.append(fixed)
    return "\n".join(result)


def _split_columns(line: str) -> list[str]:
    """A flattened two-column letterhead line becomes one line per column."""
    stripped = line.strip()
    if not _MANY_SPACES.search(stripped):
        return [line]
    return [part for part in re.split(r"\s{3,}", stripped) if part]


def _wrap_width(lines: list[str]) -> int:
    """The hard-wrap width when most lines are cut near one length, else 0."""
    long_lines = [len(line) for line in lines if len(line) >= 20]
    if len(long_lines) < 20:
        return 0
    top = sorted(long_lines)[int(len(long_lines) * 0.9)]
    if top > 130:
        return 0
    near = sum(1 for length in long_lines if length >= top - 15)
    if near < 0.5 * len(long_lines):
        return 0
    return int(statistics.median([n for n in long_lines if n >= top - 15]))


def _unwrap(lines: list[str], width: int) -> list[str]:
    """Join hard-wrapped lines: a full-width line continues on the next unless that starts an item."""
    paragraphs: list[str] = []
    current = ""
    previous_full = False
    for line in lines:
        if not line or _PAGE_NUMBER.match(line):
            continue
        if _DECORATION.match(line):
            if current:
                paragraphs.append(current)
            current, previous_full = "", False
            continue
        if current and _belongs_to(current, line, previous_full):
            current = _join(current, line)
        else:
            if current:
                paragraphs.append(current)
            current = line
        previous_full = len(line) >= width - 14
    if current:
        paragraphs.append(current)
    return paragraphs


def _belongs_to(current: str, line: str, previous_full: bool) -> bool:
    """Whether `line` continues `current`: after a full-width line or mid-sentence (unless it
    opens a list item), or as the rest of a document code split after its hyphen."""
    if (previous_full or _continues(current, line)) and not _LIST_START.match(line):
        return True
    return bool(_CODE_SPLIT_END.search(current) and _CODE_HEAD.match(line))


def _continues(current: str, line: str) -> bool:
    return not current.endswith(_END_PUNCT) and starts_lower(line)


def starts_lower(line: str) -> bool:
    """Whether `line` starts with a lower-case letter (Vietnamese letters included)."""
    head = line.lstrip("(\"'")
    return bool(head) and head[0].islower()


def _paragraphs(lines: list[str]) -> list[str]:
    """Lines of a text without hard wraps: each non-empty line is a paragraph, noise dropped."""
    return [
        line
        for line in lines
        if line and not _PAGE_NUMBER.match(line) and not _DECORATION.match(line)
    ]


def _join_page_breaks(paragraphs: list[str]) -> list[str]:
    """Join a paragraph cut mid-sentence (no end punctuation, next starts in lower case)."""
    joined: list[str] = []
    for paragraph in paragraphs:
        if joined and _belongs_to(joined[-1], paragraph, False):
            joined[-1] = _join(joined[-1], paragraph)
        else:
            joined.append(paragraph)
    return joined


def _join(left: str, right: str) -> str:
    if _CODE_SPLIT_END.search(left) and _CODE_HEAD.match(right):
        return left + right
    return left + " " + right


def _space_after_stop(match: re.Match[str]) -> str:
    left, right = match.group(1), match.group(2)
    if left[-1].islower() and right[0].isupper() and right[1:].islower():
        return f"{left}. {right}"
    return match.group(0)


def _fix_inline(paragraph: str) -> str:
    text = paragraph.replace("|", " ")
    text = _SPACES.sub(" ", text).strip()
    text = _CODE_SPACING.sub(r"\1-\2", text)
    text = _CODE_NO_HYPHEN.sub(r"\1-\2", text)
    text = _MISSING_SPACE.sub(_space_after_stop, text)
    text = _WORD_FIX.sub(lambda m: _WORD_FIXES[m.group(1)], text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return text
