"""Worst cases of the bounded plan-search work: each regex of knowledge/, spelling correction,
a whole answer, and reading oversized files; prints time and peak memory.

Run from the project root: `.venv/bin/python benchmarks/bounded_work.py`.
"""

from __future__ import annotations

import contextlib
import io
import random
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import PlanImportError, PlanIndex, parse_plan, read_document  # noqa: E402
from knowledge.answers import answer  # noqa: E402
from knowledge.index import _edits  # noqa: E402
from knowledge.limits import MAX_CORRECTED_CHARS  # noqa: E402
from tests.knowledge.test_bounded_work import LENGTH, PATTERNS, WORST_UNITS  # noqa: E402


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """(milliseconds, peak MB) of one call."""
    tracemalloc.start()
    started = time.perf_counter()
    work()
    elapsed = (time.perf_counter() - started) * 1000
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return elapsed, peak


def main() -> None:
    worst = (0.0, "", "")
    for name, pattern in PATTERNS:
        for unit in WORST_UNITS:
            text = (unit * (LENGTH // len(unit) + 1))[:LENGTH] + "!"
            started = time.perf_counter()
            for _match in pattern.finditer(text):
                pass
            pattern.match(text)
            elapsed = (time.perf_counter() - started) * 1000
            worst = max(worst, (elapsed, name, unit))
    print(
        f"regexes ({len(PATTERNS)}): slowest {worst[0]:.1f} ms on {LENGTH} characters "
        f"({worst[1]}, {worst[2]!r} repeated)"
    )
    word = "a" * MAX_CORRECTED_CHARS
    ms, mb = measure(lambda: _edits(word))
    print(f"spelling candidates of a {len(word)}-letter word: {len(_edits(word))}, {ms:.2f} ms")
    demo = ROOT / "knowledge" / "data" / "demo_plan.txt"
    index = PlanIndex.build([parse_plan(demo.read_text(encoding="utf-8"), document_id="demo")])
    today = date(2026, 11, 24)
    rng = random.Random(1)
    letters = "abcdefghijklmnopqrstuvwxyz"
    cases = {
        "one 4,096-letter word": "a" * 4096,
        "one 20,000-letter word": "a" * 20_000,
        "45 unknown 10-letter words": " ".join(
            "".join(rng.choice(letters) for _ in range(10)) for _ in range(45)
        ),
        "5,000 known words": "dang " * 5000,
        "NUL and emoji": "\x00🙂" * 3000,
    }
    for label, text in cases.items():
        ms, mb = measure(lambda text=text: answer(index, text, today))
        print(f"answer, {label}: {ms:.1f} ms, peak {mb:.2f} MB")
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (200 * 1024 * 1024))
    data = bomb.getvalue()

    def read_bomb() -> None:
        with contextlib.suppress(PlanImportError):
            read_document(data, filename="bomb.docx")

    ms, mb = measure(read_bomb)
    print(
        f"a {len(data) // 1024} KB .docx unpacking to 200 MB: refused in {ms:.1f} ms, {mb:.2f} MB"
    )
    lines = ("- dòng " * 3 + "\n") * 7000

    def read_lines() -> None:
        with contextlib.suppress(PlanImportError):
            read_document(lines.encode(), filename="many.txt")

    ms, mb = measure(read_lines)
    print(f"a .txt of 7,000 paragraphs: refused in {ms:.1f} ms, {mb:.2f} MB")


if __name__ == "__main__":
    main()
