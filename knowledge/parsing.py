"""Parsing a plan's cleaned text into identity, section tree, tasks, targets and citations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from core.i18n import N_, Text
from knowledge.abbreviations import harvest
from knowledge.citations import citations_in
from knowledge.cleaning import clean_text
from knowledge.errors import PlanImportError
from knowledge.model import Identity, ParsedPlan, Section, Target, Task
from knowledge.owners import explicit_owner, heading_owner, is_cell_owner, subject_owner
from knowledge.readers import read_document
from knowledge.targets import targets_in
from knowledge.textnorm import fold_key
from knowledge.timing import timings_in

_ROMAN_NUMERALS = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
_ROMAN = re.compile(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)\s*[-.]\s*(\S.*)$")
_ARABIC = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)(\.?)\s*(\S.*)$")
_PAREN_ITEM = re.compile(r"^\((\d{1,2})\)\s*(\S.*)$")
_BULLET = re.compile(r"^[-+•]\s*")
_DATE_LINE = re.compile(
    r"^(?:(.{2,40}?),\s*)?ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE
)
_NUMBER_LINE = re.compile(r"Số\s*:?\s*(\d{1,4})\s*-\s*([A-Za-zĐđ]{1,5}\s*/\s*[A-ZĐ][A-Za-zĐđ-]*)")
_KINDS = (
    ("chuong trinh hanh dong", "CTr"),
    ("chuong trinh", "CTr"),
    ("ke hoach", "KH"),
    ("nghi quyet", "NQ"),
    ("huong dan", "HD"),
    ("ket luan", "KL"),
    ("chi thi", "CT"),
    ("de an", "ĐA"),
)
_ISSUER_SENTENCE = re.compile(
    r"(?:^|[;,]\s*)(Ban Thường vụ|Ban Chấp hành|Thường trực|Ban Thường trực)\s+"
    r"((?:(?!\b(?:về|của|tại)\b)[^,;:()]){2,60}?)\s+"
    r"(?:xây dựng|ban hành|triển khai)"
)
_TASK_PARTS = ("nhiem vu", "giai phap", "noi dung", "to chuc thuc hien", "chuong trinh")
_TARGET_PARTS = ("muc tieu", "chi tieu")
_END_MARK = re.compile(r"^nơi nhận\b", re.IGNORECASE)
_SIGN_MARK = re.compile(r"^(?:T/M|TM\.?|KT\.?)\s*(.*)$")
_DECOR_LINE = re.compile(r"^[\s\-_=*~.•·]*$")
_NAME = re.compile(r"^(?:[A-ZĐÀ-Ỹ][^\W\d_]*\s+){1,5}[A-ZĐÀ-Ỹ][^\W\d_]*$")
_HEADING_MAX = 200


def import_plan(
    source: str | Path | bytes, filename: str | None = None, document_id: str | None = None
) -> ParsedPlan:
    """Read, clean and parse a plan file in one step (see `read_document`, `parse_plan`)."""
    name = filename or (Path(source).name if not isinstance(source, bytes) else "")
    return parse_plan(read_document(source, filename), document_id=document_id, source_name=name)


def parse_plan(raw: str, document_id: str | None = None, source_name: str = "") -> ParsedPlan:
    """Parse a plan's extracted text (cleaning it first). Raises `PlanImportError` when the text
    has no numbered parts, since then it is not a plan this parser can use.

    `document_id` defaults to the first 12 hex digits of the content hash.
    """
    text = clean_text(raw)
    lines = text.split("\n") if text else []
    end = next((i for i, line in enumerate(lines) if _END_MARK.match(line)), len(lines))
    content, tail = lines[:end], lines[end:]
    first = next((i for i, line in enumerate(content) if _ROMAN.match(line)), None)
    if first is None:
        raise PlanImportError(
            Text(N_("No numbered parts (I, II, III...) were found: is this file a plan?"))
        )
    preamble = content[:first]
    content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    identity = _identity(preamble, tail)
    sections = _sections(content[first:])
    year = identity.date.year if identity.date else None
    tasks = _tasks(sections, identity.issuer or "", year)
    targets = _targets(sections)
    body_text = "\n".join(content)
    return ParsedPlan(
        document_id=document_id or content_hash[:12],
        source_name=source_name,
        identity=identity,
        sections=tuple(sections),
        tasks=tuple(tasks),
        targets=tuple(targets),
        citations=citations_in(body_text, identity.code),
        text=text,
        content_hash=content_hash,
        preamble=tuple(preamble),
        abbreviations=harvest(body_text),
    )


# --- identity ---------------------------------------------------------------------------


def _identity(preamble: list[str], tail: list[str]) -> Identity:
    place: str | None = None
    date: dt.date | None = None
    number: str | None = None
    symbol: str | None = None
    kind: str | None = None
    title: str | None = None
    kind_index: int | None = None
    number_line: str | None = None
    date_line: str | None = None
    for index, line in enumerate(preamble):
        date_match = _DATE_LINE.search(line)
        if date_match and date is None:
            try:
                date = dt.date(
                    int(date_match.group(4)), int(date_match.group(3)), int(date_match.group(2))
                )
            except ValueError:
                date = None
            date_line = line.strip()
            if date_match.group(1):
                place = date_match.group(1).strip(" ,")
        number_match = _NUMBER_LINE.search(line)
        if number_match and number is None:
            number = number_match.group(1)
            raw_symbol = re.sub(r"\s+", "", number_match.group(2))
            head, _, issuer_code = raw_symbol.partition("/")
            symbol = f"{'CTr' if head.lower() == 'ctr' else head.upper()}/{issuer_code.upper()}"
            number_line = line.strip()
        key = fold_key(line)
        if kind is None:
            for words, code in _KINDS:
                if key.startswith(words) and line[: len(words)].isupper():
                    kind, kind_index = code, index
                    rest = line[len(words) :].strip(" :-")
                    title = rest or None
                    break
    if kind is None and symbol:
        kind = symbol.split("/", 1)[0]
    title_index = None
    if title is None and kind_index is not None and kind_index + 1 < len(preamble):
        title_index = kind_index + 1
        title = preamble[title_index][:300]
    letterhead = preamble[:kind_index] if kind_index is not None else []
    issuer = _issuer(letterhead, preamble, tail)
    signer, signer_role = _signer(tail)
    after_title = (title_index if title_index is not None else (kind_index or 0)) + 1
    basis = next(
        (
            line
            for line in preamble[after_title:]
            if fold_key(line).startswith(("thuc hien", "can cu", "de thuc hien")) and len(line) > 40
        ),
        None,
    )
    return Identity(
        kind=kind,
        number=number,
        symbol=symbol,
        place=place,
        date=date,
        issuer=issuer,
        signer=signer,
        signer_role=signer_role,
        title=title,
        number_line=number_line,
        date_line=date_line,
        letterhead=tuple(
            line.strip()
            for line in letterhead
            if line.strip()
            and not _DECOR_LINE.match(line)
            and "CỘNG SẢN VIỆT NAM" not in line
            and line.strip() not in (date_line, number_line)
        ),
        on_behalf=_on_behalf(tail),
        recipients=_recipients(tail),
        basis=basis,
        issuer_line=next((line for line in preamble if _ISSUER_SENTENCE.search(line)), None),
    )


def _on_behalf(tail: list[str]) -> str | None:
    """The signing line, "T/M BAN THƯỜNG VỤ" or "KT. BÍ THƯ", as written."""
    return next((line.strip() for line in tail if _SIGN_MARK.match(line)), None)


def _recipients(tail: list[str]) -> tuple[str, ...]:
    """The "Nơi nhận" list as written, one recipient a line, without bullets and table residue."""
    found: list[str] = []
    for line in tail[1:] if tail and _END_MARK.match(tail[0]) else ():
        if _SIGN_MARK.match(line) or len(found) >= 40:
            break
        text = " ".join(_BULLET.sub("", line).replace("|", " ").split())
        if text:
            found.append(text)
    if tail and _END_MARK.match(tail[0]):
        rest = tail[0].split(":", 1)[1].strip() if ":" in tail[0] else ""
        if rest:
            found.insert(0, rest)
    return tuple(found)


def _issuer(letterhead: list[str], preamble: list[str], tail: list[str]) -> str | None:
    heads = [
        line
        for line in letterhead
        if line.isupper()
        and "CỘNG SẢN VIỆT NAM" not in line
        and not _DATE_LINE.search(line)
        and not line.startswith("SỐ")
    ]
    for line in preamble:
        match = _ISSUER_SENTENCE.search(line)
        if match:
            return f"{match.group(1)} {match.group(2)}".strip()
    if len(heads) >= 2:
        return " ".join(heads[1:])
    if heads:
        return heads[0]
    for line in tail:
        sign = _SIGN_MARK.match(line)
        if (
            sign
            and sign.group(1)
            and fold_key(sign.group(1)) not in ("ban thuong vu", "ban chap hanh")
        ):
            return sign.group(1).strip()
    return None


def _signer(tail: list[str]) -> tuple[str | None, str | None]:
    role: str | None = None
    seen_mark = False
    for line in tail:
        if _SIGN_MARK.match(line):
            seen_mark = True
            continue
        if not seen_mark:
            continue
        if line.isupper():
            role = line if role is None else role
            continue
        if _NAME.match(line):
            return line, role
    return None, role


# --- sections ---------------------------------------------------------------------------


@dataclass
class _Draft:
    path: str
    number: str
    title: str
    level: int
    parent: str
    paragraphs: list[str] = field(default_factory=list)
    owner: str | None = None


def _sections(lines: list[str]) -> list[Section]:
    drafts: list[_Draft] = []
    by_path: dict[str, _Draft] = {}
    part: _Draft | None = None
    arabic: _Draft | None = None  # the latest arabic-numbered section in this part
    current: _Draft | None = None

    def add(draft: _Draft) -> _Draft:
        while draft.path in by_path:
            draft.path += "'"
        drafts.append(draft)
        by_path[draft.path] = draft
        return draft

    for line in lines:
        roman = _ROMAN.match(line)
        if roman and (line.isupper() or len(line) < 80):
            part = add(_Draft(roman.group(1), roman.group(1), roman.group(2).strip(), 1, ""))
            arabic = None
            current = part
            continue
        numbered = _arabic(line)
        if numbered and part is not None:
            number, rest = numbered
            parent_path = part.path
            parts = number.split(".")
            if len(parts) > 1:
                candidate = f"{part.path}.{'.'.join(parts[:-1])}"
                if candidate in by_path:
                    parent_path = candidate
            path = f"{part.path}.{number}"
            draft = _make_section(path, number, rest, len(parts) + 1, parent_path)
            current = arabic = add(draft)
            continue
        item = _PAREN_ITEM.match(line)
        if item and (arabic or part) is not None:
            parent = arabic or part
            assert parent is not None
            number = f"({item.group(1)})"
            draft = _make_section(
                f"{parent.path}.{number}", number, item.group(2), parent.level + 1, parent.path
            )
            current = add(draft)
            continue
        if current is None:
            continue
        current.paragraphs.append(_BULLET.sub("", line).strip())
    return [
        Section(
            path=draft.path,
            number=draft.number,
            title=draft.title,
            level=draft.level,
            parent=draft.parent,
            paragraphs=tuple(p for p in draft.paragraphs if p),
            owner=draft.owner,
        )
        for draft in drafts
    ]


def _arabic(line: str) -> tuple[str, str] | None:
    match = _ARABIC.match(line)
    if not match:
        return None
    number, dot, rest = match.group(1), match.group(2), match.group(3)
    if not dot and "." not in number:
        return None
    if not rest[:1].isalpha() and not rest.startswith(("(", '"')):
        return None
    if int(number.split(".")[0]) == 0:
        return None
    return number, rest


def _make_section(path: str, number: str, rest: str, level: int, parent: str) -> _Draft:
    explicit = explicit_owner(rest)
    if explicit and len(explicit[0]) < 110:
        owner, body = explicit
        return _Draft(path, number, owner, level, parent, [body], owner)
    if len(rest) <= _HEADING_MAX and not rest.rstrip().endswith((".", ";")):
        return _Draft(path, number, rest, level, parent, [], heading_owner(rest))
    title = _short_title(rest)
    return _Draft(path, number, title, level, parent, [rest], None)


def _short_title(text: str) -> str:
    for stop in (". ", "; ", ": "):
        index = text.find(stop)
        if 0 < index <= 140:
            return text[:index]
    words = text.split()
    return " ".join(words[:18]) + ("..." if len(words) > 18 else "")


# --- tasks and targets ------------------------------------------------------------------


def _part_of(section: Section, by_path: dict[str, Section]) -> Section:
    current = section
    while current.parent and current.parent in by_path:
        current = by_path[current.parent]
    return current


def _tasks(sections: list[Section], issuer: str, year: int | None) -> list[Task]:
    by_path = {section.path: section for section in sections}
    tasks: list[Task] = []
    for section in sections:
        part = _part_of(section, by_path)
        part_key = fold_key(part.title)
        if not any(word in part_key for word in _TASK_PARTS):
            continue
        if any(word in part_key for word in _TARGET_PARTS) and "nhiem vu" not in part_key:
            continue
        heading = _nearest_owner(section, by_path)
        for paragraph in section.paragraphs:
            owner, source, text = _owner_of(paragraph, section, heading, issuer)
            tasks.append(
                Task(
                    section_path=section.path,
                    text=text,
                    owner=owner,
                    owner_source=source,
                    timings=timings_in(paragraph, year),
                    for_cells=is_cell_owner(owner),
                )
            )
    return tasks


def _nearest_owner(section: Section, by_path: dict[str, Section]) -> str | None:
    current: Section | None = section
    while current is not None:
        if current.owner:
            return current.owner
        current = by_path.get(current.parent) if current.parent else None
    return None


def _owner_of(
    paragraph: str, section: Section, heading: str | None, issuer: str
) -> tuple[str, str, str]:
    explicit = explicit_owner(paragraph)
    if explicit:
        return explicit[0], "explicit", explicit[1]
    if heading:
        return heading, "heading", paragraph
    subject = subject_owner(paragraph)
    if subject:
        return subject, "subject", paragraph
    return issuer, "issuer", paragraph


def _targets(sections: list[Section]) -> list[Target]:
    by_path = {section.path: section for section in sections}
    targets: list[Target] = []
    for section in sections:
        part_key = fold_key(_part_of(section, by_path).title)
        is_target_part = any(word in part_key for word in _TARGET_PARTS)
        is_task_part = any(word in part_key for word in _TASK_PARTS)
        if not (is_target_part or is_task_part):
            continue
        chain: list[str] = []
        current: Section | None = section
        while current is not None:
            chain.append(current.title)
            current = by_path.get(current.parent) if current.parent else None
        heading_text = " / ".join(reversed(chain))
        for paragraph in section.paragraphs:
            targets.extend(
                targets_in(paragraph, section.path, heading_text, strict=not is_target_part)
            )
    return targets

