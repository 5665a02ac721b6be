"""Reading a webhook body or a polled item as JSON, refusing what no platform sends.

A body that is not JSON, nests deeper than `MAX_JSON_DEPTH`, holds a number too long for Python
to read or a string that is not valid Unicode (a lone surrogate, which no database can store)
is `Malformed`: the routes answer 400 and store nothing. The parser's own recursion guard stops
deep nesting early (a RecursionError, caught here); the depth is then checked on the parsed
value without recursion, so the work is linear in the body's size whatever its shape.
"""

from __future__ import annotations

import json
from typing import Any

from core.limits import MAX_JSON_DEPTH


class Malformed(ValueError):
    """An update or body that is not what the platform sends (wrong JSON, types or shape)."""


def parse_body(raw: bytes) -> Any:
    """The JSON value of `raw`, or Malformed."""
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError) as error:  # UnicodeDecodeError is a ValueError
        raise Malformed(f"not JSON: {type(error).__name__}") from None
    check_shape(value)
    return value


def check_shape(value: Any, max_depth: int = MAX_JSON_DEPTH) -> None:
    """Malformed when `value` nests deeper than `max_depth` or holds a lone surrogate."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            _check_text(node)
            continue
        if not isinstance(node, dict | list):
            continue
        if depth > max_depth:
            raise Malformed("nested too deep")
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, item in items:
            if isinstance(key, str):
                _check_text(key)
            if isinstance(item, str | dict | list):
                stack.append((item, depth + 1))


def _check_text(text: str) -> None:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            raise Malformed("not valid Unicode") from None
