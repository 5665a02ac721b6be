"""Replies as Zalo messages: plain text with numbered choices, at most 2,000 characters each."""

from __future__ import annotations

from typing import Final

from core.messages import Reply
from core.prompts import as_plain_text, choice_lines

MAX_MESSAGE: Final = 2000


def split_reply(reply: Reply, limit: int = MAX_MESSAGE) -> list[str]:
    """`reply` as plain-text messages of at most `limit` characters. A long reply is cut in
    its text, never in its choices: the numbered choices and the line saying what to type go
    out whole in the last message, under the last lines of the text (the question) that fit
    beside them; the text before is cut at line breaks as `split_message` does."""
    text = as_plain_text(reply)
    if len(text) <= limit:
        return [text] if text.strip() else []
    tail = "\n".join(line for line in [*choice_lines(reply), reply.hint] if line)
    if not tail or len(tail) >= limit:  # nothing to keep together, or it fills a message
        return split_message(text, limit)
    pieces = split_message(reply.text, limit)
    last = pieces.pop() if pieces else ""
    if len(last) + 1 + len(tail) <= limit:
        return [*pieces, f"{last}\n{tail}" if last else tail]
    lines = last.split("\n")
    kept: list[str] = []
    size = len(tail)
    while lines and size + 1 + len(lines[-1]) <= limit:
        size += 1 + len(lines[-1])
        kept.insert(0, lines.pop())
    before = "\n".join(lines).strip("\n")
    return [*pieces, *([before] if before.strip() else []), "\n".join([*kept, tail]).strip("\n")]


def split_message(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at line breaks, so that no line (a
    choice, a figure, a citation) is cut in two. Only a single line longer than `limit` is cut
    inside, at spaces; only a single word longer than `limit` is cut inside a word."""
    if limit <= 0:
        raise ValueError("limit must be positive")
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        for part in _fit_line(line, limit):
            extra = len(part) + (1 if current else 0)
            if current and size + extra > limit:
                pieces.append("\n".join(current))
                current, size = [], 0
                extra = len(part)
            current.append(part)
            size += extra
    if current:
        pieces.append("\n".join(current))
    cleaned = [piece.strip("\n") for piece in pieces]
    return [piece for piece in cleaned if piece.strip()] or ([text[:limit]] if text else [])


def _fit_line(line: str, limit: int) -> list[str]:
    """One line as parts of at most `limit` characters (itself when it fits)."""
    if len(line) <= limit:
        return [line]
    parts: list[str] = []
    current = ""
    for word in line.split(" "):
        while len(word) > limit:  # one word longer than a message: cut it
            if current:
                parts.append(current)
                current = ""
            parts.append(word[:limit])
            word = word[limit:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) > limit:
            parts.append(current)
            current = word
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts
