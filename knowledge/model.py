"""The parsed plan: identity, sections, tasks, targets and cited documents, as frozen data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

# 2: identity keeps its source lines, recipients, on-behalf line and basis. Older stored plans
# are parsed again from their text when loaded (services.plan_library.load_plan).
SCHEMA_VERSION = 2


class TimingKind(StrEnum):
    """When a task is due."""

    ONGOING = "ongoing"
    DEADLINE = "deadline"
    YEARLY = "yearly"
    CONDITIONAL = "conditional"
    DONE = "done"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class Timing:
    """A task's timing; `phrase` is the words as written ("hoàn thành trong tháng 6/2023").

    A deadline has a `year` and at most one of `month` and `quarter`; the document's year fills
    a missing year ("thực hiện trong quý I").
    """

    kind: TimingKind
    phrase: str = ""
    year: int | None = None
    month: int | None = None
    quarter: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "phrase": self.phrase,
            "year": self.year,
            "month": self.month,
            "quarter": self.quarter,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timing:
        return cls(
            kind=TimingKind(data["kind"]),
            phrase=data.get("phrase", ""),
            year=data.get("year"),
            month=data.get("month"),
            quarter=data.get("quarter"),
        )


NO_TIMING = Timing(TimingKind.NONE)


@dataclass(frozen=True, slots=True)
class Identity:
    """Who issued the plan, when and where; any field may be missing (None), never guessed.

    The `*_line` fields and `letterhead` keep the document's own lines, to quote in answers;
    `on_behalf` is the signing line ("T/M BAN THƯỜNG VỤ"), `recipients` the "Nơi nhận" list and
    `basis` the opening sentence naming the document the plan carries out ("Thực hiện Kế hoạch
    số 105-KH/TU ..."), `issuer_line` the sentence saying who made the plan.
    """

    kind: str | None = None  # "KH" (kế hoạch), "CTr" (chương trình)...
    number: str | None = None  # "74"
    symbol: str | None = None  # "KH/ĐUK"
    place: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    signer: str | None = None
    signer_role: str | None = None
    title: str | None = None
    number_line: str | None = None
    date_line: str | None = None
    letterhead: tuple[str, ...] = ()
    on_behalf: str | None = None
    recipients: tuple[str, ...] = ()
    basis: str | None = None
    issuer_line: str | None = None

    @property
    def code(self) -> str | None:
        """The number and symbol, "74-KH/ĐUK", or None."""
        if self.number and self.symbol:
            return f"{self.number}-{self.symbol}"
        return None

    @property
    def missing(self) -> tuple[str, ...]:
        """Names of the identity fields the document did not give (for the officer to fill)."""
        names = ("number", "date", "place", "issuer", "signer")
        values = (self.code, self.date, self.place, self.issuer, self.signer)
        return tuple(name for name, value in zip(names, values, strict=True) if value is None)

    @property
    def label(self) -> str:
        """A short name for citing the plan: "KH 74-KH/ĐUK", "KH Ia Hiao 13/06/2023"."""
        kind = self.kind or "KH"
        if self.code:
            return f"{kind} {self.code}"
        parts = [kind]
        if self.place:
            parts.append(self.place)
        if self.date:
            parts.append(self.date.strftime("%d/%m/%Y"))
        if len(parts) == 1 and self.issuer:
            parts.append(self.issuer)
        return " ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "place": self.place,
            "date": self.date.isoformat() if self.date else None,
            "issuer": self.issuer,
            "signer": self.signer,
            "signer_role": self.signer_role,
            "title": self.title,
            "number_line": self.number_line,
            "date_line": self.date_line,
            "letterhead": list(self.letterhead),
            "on_behalf": self.on_behalf,
            "recipients": list(self.recipients),
            "basis": self.basis,
            "issuer_line": self.issuer_line,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Identity:
        date = data.get("date")
        return cls(
            kind=data.get("kind"),
            number=data.get("number"),
            symbol=data.get("symbol"),
            place=data.get("place"),
            date=dt.date.fromisoformat(date) if date else None,
            issuer=data.get("issuer"),
            signer=data.get("signer"),
            signer_role=data.get("signer_role"),
            title=data.get("title"),
            number_line=data.get("number_line"),
            date_line=data.get("date_line"),
            letterhead=tuple(data.get("letterhead", ())),
            on_behalf=data.get("on_behalf"),
            recipients=tuple(data.get("recipients", ())),
            basis=data.get("basis"),
            issuer_line=data.get("issuer_line"),
        )


@dataclass(frozen=True, slots=True)
class Section:
    """A numbered part of the plan. `path` is "III.1.3" ("III.1.1.(2)" for "(2)" items)."""

    path: str
    number: str  # as written: "III", "1.1", "(2)"
    title: str
    level: int
    parent: str = ""  # the parent's path, "" for a top-level part
    paragraphs: tuple[str, ...] = ()
    owner: str | None = None  # the body the heading names, if it names one

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "number": self.number,
            "title": self.title,
            "level": self.level,
            "parent": self.parent,
            "paragraphs": list(self.paragraphs),
            "owner": self.owner,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Section:
        return cls(
            path=data["path"],
            number=data["number"],
            title=data["title"],
            level=int(data["level"]),
            parent=data.get("parent", ""),
            paragraphs=tuple(data.get("paragraphs", ())),
            owner=data.get("owner"),
        )


@dataclass(frozen=True, slots=True)
class Task:
    """A task with its owner and timings. `owner_source` says how the owner was found:
    "explicit" ("Body: task"), "heading", "subject" (the sentence's subject) or "issuer"."""

    section_path: str
    text: str
    owner: str
    owner_source: str
    timings: tuple[Timing, ...] = ()
    for_cells: bool = False

    @property
    def timing(self) -> Timing:
        """The first timing, or one of kind NONE."""
        return self.timings[0] if self.timings else NO_TIMING

    def to_dict(self) -> dict[str, Any]:
        return {
            "section_path": self.section_path,
            "text": self.text,
            "owner": self.owner,
            "owner_source": self.owner_source,
            "timings": [timing.to_dict() for timing in self.timings],
            "for_cells": self.for_cells,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Task:
        return cls(
            section_path=data["section_path"],
            text=data["text"],
            owner=data["owner"],
            owner_source=data["owner_source"],
            timings=tuple(Timing.from_dict(item) for item in data.get("timings", ())),
            for_cells=bool(data.get("for_cells", False)),
        )


@dataclass(frozen=True, slots=True)
class Target:
    """A measurable objective: "trên 90% ... hoàn thành tốt nhiệm vụ trở lên".

    `comparison` is "above" (trên), "at_least" (từ ... trở lên), "at_most" (không vượt quá),
    "range" (từ 8% đến 10%: `value` to `value_max`) or "exact". `year` is the horizon
    ("Mục tiêu đến năm 2025"), `yearly` marks "hằng năm" targets, `baseline` the current
    figure as written ("hiện có 6/9, chiếm 66,66%").
    """

    section_path: str
    indicator: str
    phrase: str
    value: float
    unit: str
    comparison: str
    value_max: float | None = None
    year: int | None = None
    yearly: bool = False
    baseline: str | None = None
    baseline_value: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "section_path": self.section_path,
            "indicator": self.indicator,
            "phrase": self.phrase,
            "value": self.value,
            "unit": self.unit,
            "comparison": self.comparison,
            "value_max": self.value_max,
            "year": self.year,
            "yearly": self.yearly,
            "baseline": self.baseline,
            "baseline_value": self.baseline_value,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Target:
        return cls(
            section_path=data["section_path"],
            indicator=data["indicator"],
            phrase=data["phrase"],
            value=float(data["value"]),
            unit=data["unit"],
            comparison=data["comparison"],
            value_max=data.get("value_max"),
            year=data.get("year"),
            yearly=bool(data.get("yearly", False)),
            baseline=data.get("baseline"),
            baseline_value=data.get("baseline_value"),
        )


@dataclass(frozen=True, slots=True)
class Citation:
    """A document the plan cites: "21-NQ/TW" of 16/6/2022 (the same code may name several)."""

    code: str  # "21-NQ/TW"
    kind: str  # "NQ"
    date: dt.date | None = None
    name: str | None = None  # "Nghị quyết", when written before the number

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "name": self.name,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Citation:
        date = data.get("date")
        return cls(
            code=data["code"],
            kind=data["kind"],
            date=dt.date.fromisoformat(date) if date else None,
            name=data.get("name"),
        )


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    """One parsed plan. `text` is the cleaned text and `content_hash` its SHA-256: importing the
    same document again gives the same hash. `abbreviations` are those the document defines
    itself (folded abbreviation → expansion). `owner` is the name of the organisation the plan
    belongs to in chibo ("Đảng bộ Khối các trường Đại học, Cao đẳng Hà Nội"), another name people
    call it by; it is set when the plans are loaded, never stored with them."""

    document_id: str
    source_name: str
    identity: Identity
    sections: tuple[Section, ...]
    tasks: tuple[Task, ...]
    targets: tuple[Target, ...]
    citations: tuple[Citation, ...]
    text: str
    content_hash: str
    preamble: tuple[str, ...] = ()
    abbreviations: dict[str, str] = field(default_factory=dict)
    owner: str = ""

    @property
    def label(self) -> str:
        return self.identity.label

    def section(self, path: str) -> Section | None:
        """The section at `path`, or None."""
        return next((section for section in self.sections if section.path == path), None)

    def heading_chain(self, path: str) -> list[Section]:
        """The sections from the top-level part down to `path`."""
        by_path = {section.path: section for section in self.sections}
        chain: list[Section] = []
        current = by_path.get(path)
        while current is not None:
            chain.append(current)
            current = by_path.get(current.parent) if current.parent else None
        return list(reversed(chain))

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA_VERSION,
            "document_id": self.document_id,
            "source_name": self.source_name,
            "identity": self.identity.to_dict(),
            "sections": [section.to_dict() for section in self.sections],
            "tasks": [task.to_dict() for task in self.tasks],
            "targets": [target.to_dict() for target in self.targets],
            "citations": [citation.to_dict() for citation in self.citations],
            "text": self.text,
            "content_hash": self.content_hash,
            "preamble": list(self.preamble),
            "abbreviations": dict(self.abbreviations),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ParsedPlan:
        return cls(
            document_id=str(data["document_id"]),
            source_name=data.get("source_name", ""),
            identity=Identity.from_dict(data["identity"]),
            sections=tuple(Section.from_dict(item) for item in data["sections"]),
            tasks=tuple(Task.from_dict(item) for item in data["tasks"]),
            targets=tuple(Target.from_dict(item) for item in data["targets"]),
            citations=tuple(Citation.from_dict(item) for item in data["citations"]),
            text=data["text"],
            content_hash=data["content_hash"],
            preamble=tuple(data.get("preamble", ())),
            abbreviations=dict(data.get("abbreviations", {})),
        )
