"""The one line under a question that says what to type, in the reader's language."""

from __future__ import annotations

from dataclasses import replace

from core.i18n import Translator
from core.messages import Expect, Reply


def join_or(items: list[str], t: Translator) -> str:
    """ "1, 2 hoặc 3" / "1, 2 or 3"."""
    if len(items) <= 1:
        return "".join(items)
    return t.gettext("{items} or {last}").format(items=", ".join(items[:-1]), last=items[-1])


def with_hint(reply: Reply, t: Translator) -> Reply:
    """`reply` with its hint filled in when it offers choices and has none yet.

    Choices to pick: "Trả lời 1, 2 hoặc 3." A value with shortcuts: "Hoặc gõ «đủ», «đổi»."
    Channels with buttons leave the hint out; the others show it under the choices.
    """
    if not reply.choices or reply.hint:
        return reply
    if reply.expect is Expect.CHOICE:
        numbers = [str(n) for n in range(1, len(reply.choices) + 1)]
        hint = t.gettext("Reply {numbers}.").format(numbers=join_or(numbers, t))
    else:
        keywords = [f"«{c.keyword}»" for c in reply.choices if c.keyword]
        if not keywords:
            return reply
        hint = t.gettext("Or type {keywords}.").format(keywords=join_or(keywords, t))
    return replace(reply, hint=hint)


def choice_lines(reply: Reply) -> list[str]:
    """ "  1. Đã họp đúng lịch", or "  «đủ» Đủ 18/18" for a shortcut of a value question; a
    shortcut whose label is its own keyword («hôm nay» Hôm nay) has no line, the hint under the
    question names it ("Hoặc gõ «hôm nay».")."""
    if reply.expect is Expect.CHOICE:
        return [f"  {n}. {choice.label}" for n, choice in enumerate(reply.choices, start=1)]
    lines = []
    for choice in reply.choices:
        if not choice.keyword:
            lines.append(f"  {choice.label}")
        elif choice.label.strip().casefold() != choice.keyword.casefold() or not reply.hint:
            lines.append(f"  «{choice.keyword}» {choice.label}")
    return lines


def as_plain_text(reply: Reply) -> str:
    """A reply as it reads where there are no buttons (Zalo, the console): the text, the
    choices as numbered lines (or their keywords), and the line saying what to type."""
    lines = [reply.text, *choice_lines(reply)]
    if reply.hint:
        lines.append(reply.hint)
    return "\n".join(line for line in lines if line)
