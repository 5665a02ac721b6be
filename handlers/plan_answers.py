"""Plan answers as people read them: a quote with its place, a plan's identity, a body's tasks."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from core.i18n import Translator
from core.vnformat import format_day_long, format_month, format_quarter
from knowledge.answers import TASK_SHOWN_WHOLE, Item, ItemKind
from knowledge.index import TaskRef
from knowledge.model import Identity
from knowledge.textnorm import fold_key

MAX_LISTED = 10
ANSWER_BUDGET = 1700  # characters of task text in one answer (a Zalo message holds 2000)
HEADING_SHOWN = 160  # characters of a plan's heading line shown above a body's tasks
TASK_START = 30  # characters of a task's text that find it on its line of the plan


# "2. ", "1.2 ", "(1). ", "III- ", "1 - ", "a) ", "B. " before a heading's words
_NUMBERING = re.compile(
    r"^\s*(?:\(?(?:\d{1,3}(?:\.\d{1,3})*|[IVXL]{1,6})\)?\s*[.)\-–]*|\(?[a-zA-ZĐđ]\)?\s*[.)]+)\s+"
)


def short(text: str, limit: int = 220) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def cite(t: Translator, label: str, path: str) -> str:
    if not path:
        return label
    return t.gettext("{document}, section {section}").format(
        document=label, section=shown_path(path)
    )


def shown_path(path: str) -> str:
    """A section's path as the plan numbers it: a plan that numbers two parts alike ("III.
    NỘI DUNG", then "III- TỔ CHỨC THỰC HIỆN") has the second told apart inside chibo by a
    mark ("III'"), which means nothing to a reader."""
    return path.replace("'", "")


def place_of(t: Translator, item: Item) -> str:
    """Where an answer comes from, for the "More: ..." choices."""
    if item.hit is not None:
        return cite(t, item.hit.document_label, item.hit.section_path)
    if item.kind is ItemKind.OWNER_TASKS:
        return f"{item.owner} ({item.document_label})"
    if item.kind is ItemKind.SECTION:
        return cite(t, item.document_label, item.section_path)
    return item.document_label or t.gettext("the plans")


def near_label(t: Translator, item: Item, limit: int = 60) -> str:
    """A passage offered after a not-found answer, by what it is about and where: "Công tác
    phát triển và quản lý đảng viên (KH 15-KH/ĐU, mục III.2)"."""
    hit = item.hit
    if hit is None:
        return item.document_label
    where = cite(t, hit.document_label, hit.section_path)
    if not hit.section_path:  # before the first part: the title and the documents carried out
        opening = t.gettext("Opening")
        return f"{opening} ({where})"
    # the last part of the breadcrumb: "NHIỆM VỤ, GIẢI PHÁP > 2. Công tác ..."
    heading = short(_NUMBERING.sub("", (hit.heading or "").split(" > ")[-1]), limit)
    return f"{heading} ({where})" if heading else where


def near_labels(t: Translator, items: Sequence[Item], limit: int = 60) -> list[str]:
    """`near_label` of each passage; two passages of one part, which would read the same, are
    told apart by their own first words."""
    labels = [near_label(t, item, limit) for item in items]
    for number, item in enumerate(items):
        if labels.count(labels[number]) > 1 and item.hit is not None:
            where = cite(t, item.hit.document_label, item.hit.section_path)
            labels[number] = f"{short(item.hit.text, limit)} ({where})"
    return labels


def render(t: Translator, item: Item, org_names: Mapping[str, str] | None = None) -> str:
    """The text of one answer. `org_names` names the organisation each plan belongs to (who can
    fill in what the document does not say)."""
    if item.kind is ItemKind.PASSAGE:
        return _passage(t, item)
    if item.kind is ItemKind.IDENTITY:
        return _identity(t, item, (org_names or {}).get(item.document_id))
    if item.kind is ItemKind.OWNER_TASKS:
        return _owner_tasks(t, item)
    if item.kind is ItemKind.DUE:
        return _due(t, item)
    if item.kind is ItemKind.SECTION:
        return _section(t, item)
    return _targets(t, item)


def _section(t: Translator, item: Item) -> str:
    if not item.title:  # the plan's outline
        lines = [t.gettext("The parts of {document}:").format(document=item.document_label)]
        lines.extend(f"• {short(line, 600)}" for line in item.lines)
        return "\n".join(lines)
    lines = [f"{item.title} ({cite(t, item.document_label, item.section_path)}):"]
    lines.extend(f"• {short(line, 600)}" for line in item.lines)
    return "\n".join(lines)


def _passage(t: Translator, item: Item) -> str:
    hit = item.hit
    assert hit is not None
    lines = []
    if hit.heading:
        lines.append(hit.heading.split(" > ")[-1].strip())
    lines.append(f"«{hit.text}»")
    shown = fold_key(hit.text)
    owners = [owner for owner in hit.owners if fold_key(owner) not in shown]
    if owners and len(owners) <= 2:
        lines.append(t.gettext("Responsible: {owner}").format(owner="; ".join(owners)))
    timings = [phrase for phrase in hit.timings if fold_key(phrase) not in shown]
    if timings and len(timings) <= 3:
        lines.append(t.gettext("Timing: {timing}").format(timing="; ".join(timings)))
    lines.append(f"({cite(t, hit.document_label, hit.section_path)})")
    return "\n".join(lines)


def _identity(t: Translator, item: Item, org_name: str | None) -> str:
    identity = item.identity
    assert identity is not None
    lines = [f"{item.document_label}:"]
    missing: list[str] = []
    for field in item.fields:
        if field == "number":
            if identity.code:
                quote = f" («{identity.number_line}»)" if identity.number_line else ""
                lines.append(t.gettext("Number: {code}").format(code=identity.code) + quote)
            else:
                missing.append(t.gettext("its number"))
        elif field == "date":
            if identity.date:
                quote = f" («{identity.date_line}»)" if identity.date_line else ""
                lines.append(
                    t.gettext("Issued on {date}").format(date=format_day_long(identity.date, t))
                    + quote
                )
            else:
                missing.append(t.gettext("the date it was issued"))
        elif field == "issuer":
            if identity.issuer:
                lines.append(t.gettext("Issued by: {issuer}").format(issuer=identity.issuer))
            if identity.letterhead:
                lines.append(f"«{' / '.join(identity.letterhead)}»")
            if identity.issuer_line:
                lines.append(f"«{short(_issuer_clause(identity), 300)}»")
            if not (identity.issuer or identity.letterhead or identity.issuer_line):
                missing.append(t.gettext("who issued it"))
        elif field == "signer":
            if identity.signer:
                role = f", {identity.signer_role.capitalize()}" if identity.signer_role else ""
                lines.append(
                    t.gettext("Signed by comrade {name}{role}").format(
                        name=identity.signer, role=role
                    )
                    + (f" ({identity.on_behalf})" if identity.on_behalf else "")
                )
            elif identity.on_behalf:
                lines.append(
                    t.gettext("Signed {on_behalf}; the signer's name is not in the text.").format(
                        on_behalf=identity.on_behalf
                    )
                )
            else:
                missing.append(t.gettext("who signed it"))
        elif field == "recipients":
            if identity.recipients:
                lines.append(t.gettext("Sent to:"))
                lines.extend(f"• {recipient}" for recipient in identity.recipients)
            else:
                missing.append(t.gettext("whom it is sent to"))
        elif field == "title":
            if identity.title:
                lines.append(t.gettext("Full title:"))
                lines.append(f"«{short(identity.title, 400)}»")
            else:
                missing.append(t.gettext("its title"))
        elif field == "basis":
            if identity.basis:
                lines.append(t.gettext("It carries out:"))
                lines.append(f"«{short(identity.basis, 400)}»")
                if _title_says_what_it_carries_out(identity) and "title" not in item.fields:
                    # the title names it too ("thực hiện Nghị quyết Đại hội ... lần thứ XXI
                    # về ..."), where the opening may say it another way ("Để thực hiện thắng
                    # lợi Nghị quyết ...")
                    lines.append(t.gettext("Full title:"))
                    lines.append(f"«{short(identity.title or '', 400)}»")
            else:
                missing.append(t.gettext("which document it carries out"))
    if missing:
        lines.append(t.gettext("The document does not say {what}.").format(what=", ".join(missing)))
        if org_name:
            lines.append(
                t.gettext(
                    "An officer of {org} can fill it in by importing the plan again: by sending "
                    "its file to the bot on Telegram and answering its questions, or on the "
                    "server with chibo plan import (Zalo takes no files)."
                ).format(org=org_name)
            )
    return "\n".join(lines)


def _title_says_what_it_carries_out(identity: Identity) -> bool:
    """Whether the plan's title names what it carries out ("thực hiện Kết luận số 38 ...") in
    words its opening sentence does not hold as they are."""
    title = fold_key(identity.title or "")
    return title.startswith("thuc hien") and title not in fold_key(identity.basis or "")


def _issuer_clause(identity: Identity) -> str:
    """The part of the sentence saying who made the plan from the maker's name on: "Thực hiện
    Kế hoạch số 105 ...; Ban Thường vụ Đảng ủy Khối xây dựng Kế hoạch ..." → the second."""
    line = identity.issuer_line or ""
    issuer = fold_key(identity.issuer or "")
    parts = re.split(r"(?<=[;,])\s+", line)
    for position, part in enumerate(parts):
        if issuer and fold_key(part).startswith(issuer):
            return " ".join(parts[position:])
    return line


def _task_line(
    t: Translator, ref: TaskRef, limit: int, with_plan: bool = True, lead: str = ""
) -> str:
    """One task as a bullet: `lead` (the words the plan writes before it on its line, "2.4 Văn
    phòng Đảng ủy: "), its text, its timing when the text does not say it, and where it is."""
    timing = ref.task.timing.phrase
    suffix = f" [{timing}]" if timing and fold_key(timing) not in fold_key(ref.task.text) else ""
    place = (
        cite(t, ref.document_label, ref.task.section_path)
        if with_plan
        else t.gettext("section {section}").format(section=shown_path(ref.task.section_path))
    )
    return f"• {lead}{short(ref.task.text, limit)}{suffix} ({place})"


def _owner_tasks(t: Translator, item: Item) -> str:
    """The body's tasks as the plan gives them: under the plan's own heading for the body ("2.
    Ủy ban nhân dân tỉnh:"), or with the heading in front when the task follows it on the same
    line ("2.4 Văn phòng Đảng ủy: Phối hợp ...")."""
    lines = [
        t.gettext("Tasks of {owner} ({plan}):").format(owner=item.owner, plan=item.document_label)
    ]
    limit = max(TASK_SHOWN_WHOLE, ANSWER_BUDGET // max(len(item.tasks), 1))
    written = item.lines if len(item.lines) == len(item.tasks) else ("",) * len(item.tasks)
    shown = ""
    for ref, line in zip(item.tasks, written, strict=True):
        start = line.find(ref.task.text[:TASK_START]) if line else -1
        if 0 < start <= HEADING_SHOWN:
            lines.append(_task_line(t, ref, limit, with_plan=False, lead=line[:start]))
            continue
        if start > HEADING_SHOWN:  # another task before it on the line: no lead to repeat
            lines.append(_task_line(t, ref, limit, with_plan=False))
            continue
        if line and line != shown:
            lines.append(short(line, HEADING_SHOWN))
            shown = line
        lines.append(_task_line(t, ref, limit, with_plan=False))
    return "\n".join(lines)


def _due(t: Translator, item: Item) -> str:
    """The tasks due in the period asked; when it has none (or none was named), the next ones
    coming due."""
    period = item.period
    if period is None:
        return _coming_due(t, t.gettext("Tasks coming due next:"), item)
    if period.month:
        when = t.gettext("month {month}").format(month=format_month(period.year, period.month))
    elif period.quarter:
        when = t.gettext("quarter {quarter}").format(
            quarter=format_quarter(period.year, period.quarter)
        )
    else:
        when = t.gettext("year {year}").format(year=period.year)
    if not item.tasks:
        none_due = t.gettext("No plan task falls due in {period}.").format(period=when)
        if not item.upcoming:
            return none_due
        return none_due + "\n" + _coming_due(t, t.gettext("Coming due next:"), item)
    lines = [t.gettext("Tasks due in {period}:").format(period=when)]
    lines.extend(_task_line(t, ref, 220) for ref in item.tasks[:MAX_LISTED])
    hidden = len(item.tasks) - MAX_LISTED
    if hidden > 0:
        lines.append(
            t.gettext("… and {n} more. Ask more precisely to narrow it down.").format(n=hidden)
        )
    return "\n".join(lines)


def _coming_due(t: Translator, heading: str, item: Item) -> str:
    """`heading` and the tasks coming due next, one a line."""
    return "\n".join([heading, *(_task_line(t, ref, 220) for ref in item.upcoming)])


def _targets(t: Translator, item: Item) -> str:
    year = item.period.year if item.period else ""
    lines = [t.gettext("Targets for {year}:").format(year=year)]
    for ref in item.targets[:MAX_LISTED]:
        lines.append(
            f"• {short(ref.target.indicator, 260)} "
            f"({cite(t, ref.document_label, ref.target.section_path)})"
        )
    hidden = len(item.targets) - MAX_LISTED
    if hidden > 0:
        lines.append(
            t.gettext("… and {n} more. Ask more precisely to narrow it down.").format(n=hidden)
        )
    return "\n".join(lines)
