"""Hypothesis strategies for what arrives from outside: JSON of any shape, real updates with a
field changed to anything, raw bytes, deep nesting."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

JsonDict = dict[str, Any]

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside `value` (dict keys and list positions)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, index)))
    return found


def changed(value: JsonDict, path: tuple[Any, ...], new: Any) -> JsonDict:
    """A copy of `value` with the value at `path` replaced by `new`."""
    result = copy.deepcopy(value)
    holder: Any = result
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = new
    return result


@st.composite
def mutated(draw: st.DrawFn, samples: list[JsonDict]) -> JsonDict:
    """One of `samples` with one to three fields set to any JSON value."""
    value = copy.deepcopy(draw(st.sampled_from(samples)))
    for _ in range(draw(st.integers(1, 3))):
        spots = paths(value)
        if not spots:
            break
        value = changed(value, draw(st.sampled_from(spots)), draw(JSON_VALUES))
    return value


def deep(depth: int, kind: str = "[") -> bytes:
    closing = "]" if kind == "[" else "}"
    opening = "[" if kind == "[" else '{"a":'
    return (opening * depth + "1" + closing * depth).encode()


def bodies(samples: list[JsonDict]) -> st.SearchStrategy[bytes]:
    """Webhook bodies: mostly real updates changed in a field, and any bytes, JSON or nesting."""
    return st.one_of(
        mutated(samples).map(lambda v: json.dumps(v).encode()),
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=200),
        st.integers(1, 50_000).map(deep),
        st.integers(1, 5_000).map(lambda n: deep(n, "{")),
        st.sampled_from(
            [
                b'{"update_id": 1e400}',
                b'{"update_id": ' + b"9" * 5000 + b"}",
                b'{"event_name": "message.text.received", "message": {"text": "\\ud800"}}',
                b'{"update_id": 5, "message": {"text": "\\udfff"}}',
                b"\xff\xfe",
                b"",
                b"null",
                b"[]",
            ]
        ),
    )
