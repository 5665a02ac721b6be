"""Bounded work for any question: limits, spelling correction, every regex of knowledge/.

The time bounds here are far above what the code takes (a linear regex over 20,000 characters
takes under 10 ms, the slowest question under 30 ms) and far below what the unbounded code took
(seconds for one regex, 1.6 s and 960 MB for one long word), so they catch a return of the
old behaviour without being sensitive to a busy machine.
"""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
import time
import tracemalloc
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import knowledge
from knowledge import PlanIndex
from knowledge.answers import answer
from knowledge.index import _edits
from knowledge.limits import (
    MAX_CORRECTED_CHARS,
    MAX_QUESTION_CHARS,
    MAX_QUESTION_WORDS,
    clip_question,
    question_problem,
)

WORST_UNITS = (
    "a", "A", "1", "1.", "a.", " ", "\t", "\x0c", "(", "1/", "-", "viec ", "han ", "thang 1",
    "hiện có 1", "từ 1 đến ", "Đ", "ĐA ", "A A ", "aA", ".1", "1,", "uy ", "đã", "a:",
    "Ban Thường vụ a ", "quy i", "nam 2020 ", "(1)", "I.", " - ", "1 -", "tro len", "đ.",
)
LENGTH = 20_000


def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    found: list[tuple[str, re.Pattern[str]]] = []
    for module_info in pkgutil.iter_modules(knowledge.__path__):
        module = importlib.import_module(f"knowledge.{module_info.name}")
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple | list) else (value,)
            for position, item in enumerate(values):
                if isinstance(item, re.Pattern):
                    found.append((f"{module_info.name}.{name}[{position}]", item))
                elif isinstance(item, tuple):
                    # patterns in a table of (name, pattern) rows (knowledge.answers)
                    found.extend(
                        (f"{module_info.name}.{name}[{position}][{inner}]", part)
                        for inner, part in enumerate(item)
                        if isinstance(part, re.Pattern)
                    )
                elif dataclasses.is_dataclass(item) and not isinstance(item, type):
                    # patterns held in a table of records (knowledge.fact_kinds)
                    for field in dataclasses.fields(item):
                        inner = getattr(item, field.name)
                        if isinstance(inner, re.Pattern):
                            found.append(
                                (f"{module_info.name}.{name}[{position}].{field.name}", inner)
                            )
    return found


PATTERNS = _patterns()


def test_every_regex_of_knowledge_is_checked() -> None:
    assert len(PATTERNS) > 50


@pytest.mark.parametrize(("name", "pattern"), PATTERNS, ids=[name for name, _ in PATTERNS])
def test_regex_is_linear_on_its_worst_inputs(name: str, pattern: re.Pattern[str]) -> None:
    slowest = 0.0
    for unit in WORST_UNITS:
        for tail in ("", "!", "\n"):
            text = (unit * (LENGTH // len(unit) + 1))[:LENGTH] + tail
            started = time.perf_counter()
            for _match in pattern.finditer(text):
                pass
            pattern.match(text)
            slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.5, f"{name}: {slowest:.2f} s on a {LENGTH}-character input"


def test_spelling_correction_is_bounded_by_the_word_length_limit() -> None:
    assert len(_edits("a" * MAX_CORRECTED_CHARS)) <= 54 * MAX_CORRECTED_CHARS + 25
    assert _edits("a" * (MAX_CORRECTED_CHARS + 1)) == set()
    assert _edits("x" * 4096) == set()


@pytest.mark.parametrize("text", ["a" * 4096, "a" * 20_000, "abcdefghij " * 2000, "dang " * 5000])
def test_a_long_question_costs_little(demo_index: PlanIndex, text: str) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    demo_index.search(text)
    answer(demo_index, text, date(2026, 11, 24))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 8 * 1024 * 1024


def test_question_limits_say_what_to_do() -> None:
    assert question_problem("nhiệm vụ của Ủy ban Kiểm tra") is None
    long = question_problem("a" * (MAX_QUESTION_CHARS + 1))
    assert long is not None and long.params["limit"] == MAX_QUESTION_CHARS
    wordy = question_problem("ab " * (MAX_QUESTION_WORDS + 1))
    assert wordy is not None and wordy.params["limit"] == MAX_QUESTION_WORDS
    clipped = clip_question("từ " * 200)
    assert len(clipped.split()) == MAX_QUESTION_WORDS
    assert clip_question(clipped) == clipped


_QUESTION_TEXT = st.one_of(
    st.text(max_size=6000),
    st.lists(
        st.sampled_from(["dang", "vien", "chi", "bo", "UBKT", "xyzzyq", "nghieeng", "ai ký", "?"])
        | st.text(alphabet="abcdefghijklmnopqrstuvwxyzđ", min_size=1, max_size=40),
        max_size=400,
    ).map(" ".join),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_QUESTION_TEXT)
def test_any_question_text_takes_bounded_time_and_memory(
    demo_index: PlanIndex, question: str
) -> None:
    tracemalloc.start()
    started = time.perf_counter()
    result = answer(demo_index, question, date(2026, 11, 24))
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(result.items) <= 3
    assert elapsed < 1.0
    assert peak < 8 * 1024 * 1024
