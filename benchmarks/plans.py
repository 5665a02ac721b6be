"""Benchmark of the plan knowledge base: import time per document and query latency at 50 plans.

Run from the project root: `.venv/bin/python benchmarks/plans.py`. Uses ../shared/plans when it
is there (plus generated variants up to 50 documents), else variants of the demo plan.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import ParsedPlan, PlanIndex, parse_plan, read_document  # noqa: E402
from knowledge.answers import answer  # noqa: E402

SHARED = ROOT / ".." / "shared" / "plans"
PLACES = ["Tân Lập", "Hòa Bình", "Ia Grai", "Phú Mỹ", "Đông Hà", "Kim Sơn", "Yên Hòa", "Bình An"]


def _sources() -> tuple[list[tuple[str, str]], Path]:
    if SHARED.is_dir():
        files = sorted(SHARED.glob("*.txt"))
        return [
            (f.name, read_document(f)) for f in files
        ], ROOT / "tests" / "data" / "plan_questions.json"
    demo = ROOT / "knowledge" / "data" / "demo_plan.txt"
    return [(demo.name, read_document(demo))], ROOT / "tests" / "data" / "demo_plan_questions.json"


def main() -> None:
    sources, questions_path = _sources()
    print(f"cores: {os.cpu_count()}")
    plans: list[ParsedPlan] = []
    for name, raw in sources:
        start = time.perf_counter()
        plan = parse_plan(raw, document_id=name, source_name=name)
        elapsed = (time.perf_counter() - start) * 1000
        plans.append(plan)
        print(f"import {name}: {elapsed:.1f} ms ({len(raw)} chars, {len(plan.tasks)} tasks)")
    variant = 0
    while len(plans) < 50:
        name, raw = sources[variant % len(sources)]
        place = PLACES[variant % len(PLACES)]
        text = raw.replace("đảng viên", f"đảng viên {place}", 3) + f"\n\nGhi chú bản {variant}."
        plans.append(parse_plan(text, document_id=f"variant-{variant}-{name}"))
        variant += 1
    start = time.perf_counter()
    index = PlanIndex.build(plans)
    print(
        f"index of {len(plans)} plans, {len(index)} passages built in "
        f"{(time.perf_counter() - start) * 1000:.0f} ms"
    )
    questions = [item["q"] for item in json.loads(questions_path.read_text(encoding="utf-8"))]
    independent = ROOT / "tests" / "data" / "plan_questions_independent.json"
    if SHARED.is_dir() and independent.exists():
        questions += [item["q"] for item in json.loads(independent.read_text(encoding="utf-8"))]
    for question in questions[:5]:
        index.search(question)
    today = date(2026, 11, 24)
    for label, work in (
        ("search", lambda question: index.search(question, top=3)),
        ("whole answer", lambda question: answer(index, question, today)),
    ):
        timings: list[float] = []
        for _ in range(3):
            for question in questions:
                start = time.perf_counter()
                work(question)
                timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        p50 = statistics.median(timings)
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{label} latency at {len(plans)} plans over {len(timings)} questions: "
            f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, max {timings[-1]:.2f} ms"
        )


if __name__ == "__main__":
    main()
