"""Fits the not-found decision of knowledge.relevance on the project's question sets.

Run from the project root: `.venv/bin/python benchmarks/plan_not_found.py`. Needs
../shared/plans. Every question of tests/data/plan_questions.json, of
tests/data/plan_questions_independent.json, of the sets B to I (each measured once as a
held-out set before it was used here) and of the tune halves of J to Q (greetings left out,
and those knowledge.answers settles before searching: small talk, a document or name no plan
has) is searched over the five real plans as knowledge.answers searches it (without the asker's
introduction); the measures of its best passage (knowledge.relevance.Evidence) and whether the
question is about the plans at all make one example. A logistic model is fitted (questions no
plan answers weigh 4, since saying "not found" to them matters most), and five-fold
cross-validation shows how it does on questions it was not fitted on. The bias printed is the
one that keeps as many questions about something else unanswered as the weights in use: a new
measure then shows as answerable questions kept, not as a trade against "not found". Copy the
printed weights into knowledge/relevance.py. A held-out half, or a held-out set written later
(one asked with `benchmarks/plan_quality.py --file`), is never read here.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from knowledge import PlanIndex, fold_key, parse_plan  # noqa: E402
from knowledge.answers import small_talk, without_introduction  # noqa: E402
from knowledge.relevance import BIAS, THRESHOLD, WEIGHTS  # noqa: E402

SHARED = ROOT / ".." / "shared" / "plans"
DATA = ROOT / "tests" / "data"
SETS = (
    DATA / "plan_questions.json",
    DATA / "plan_questions_independent.json",
    *(DATA / f"plan_questions_heldout_{name}.json" for name in "bcdefghijklmnopq"),
)
OUT_OF_SCOPE_WEIGHT = 4.0
L2 = 0.002


def examples() -> tuple[np.ndarray, np.ndarray]:
    plans = [
        parse_plan(path.read_text(encoding="utf-8"), document_id=path.name, source_name=path.name)
        for path in sorted(SHARED.glob("*.txt"))
    ]
    index = PlanIndex.build(plans)
    rows: list[tuple[float, ...]] = []
    labels: list[int] = []
    for path in SETS:
        for item in json.loads(path.read_text(encoding="utf-8")):
            group = item.get("group") or ("out_of_scope" if item.get("out_of_scope") else "")
            if group == "greeting" or item.get("split") == "heldout":
                continue
            folded = fold_key(item["q"]).strip(" ?.!")
            if (
                small_talk(folded) is not None
                or index.outside.unknown_document(folded)
                or index.outside.unknown_name(item["q"])
            ):
                continue
            question, _folded = without_introduction(index, item["q"], folded)
            result = index.search(question, top=1)
            rows.append(result.evidence.features())
            labels.append(0 if group == "out_of_scope" else 1)
    return np.array(rows), np.array(labels)


def fit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Weights and bias (last) of a weighted, lightly regularised logistic regression."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    sample = np.where(y == 1, 1.0, OUT_OF_SCOPE_WEIGHT)
    for _ in range(20000):
        p = 1 / (1 + np.exp(-xb @ w))
        gradient = xb.T @ ((p - y) * sample) / len(y) + L2 * np.r_[w[:-1], 0.0]
        w -= gradient
    return w


def predict(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-(np.hstack([x, np.ones((len(x), 1))]) @ w)))


def report(label: str, p: np.ndarray, y: np.ndarray) -> None:
    caught = float((p[y == 0] < THRESHOLD).mean())
    lost = float((p[y == 1] < THRESHOLD).mean())
    print(f"{label}: out of scope not found {caught:.2f}, answerable searches lost {lost:.3f}")


def main() -> None:
    if not SHARED.is_dir():
        print("../shared/plans is absent: nothing to fit.")
        return
    x, y = examples()
    print(f"{len(y)} questions, {int((y == 0).sum())} about something else")
    order = np.random.default_rng(0).permutation(len(y))
    held = np.zeros(len(y))
    for fold in np.array_split(order, 5):
        train = np.setdiff1d(order, fold)
        held[fold] = predict(fit(x[train], y[train]), x[fold])
    report("five-fold cross-validation", held, y)
    w = fit(x, y)
    report("fitted on all", predict(w, x), y)
    print(f"        fitted bias = {w[-1]:.2f}")
    # The bias that keeps as many questions about something else unanswered as the weights
    # in use do: a change of measures then shows as answerable questions kept, not as a
    # trade against saying "not found".
    now = predict(np.r_[WEIGHTS, BIAS], x)
    report("the weights in use", now, y)
    caught = int((now[y == 0] < THRESHOLD).sum())
    margins = np.sort(np.hstack([x[y == 0], np.ones((int((y == 0).sum()), 1))]) @ w)
    if caught:
        w[-1] -= margins[caught - 1] + 1e-3
    report("same not-found count as now", predict(w, x), y)
    print(f"now:    WEIGHTS = {WEIGHTS}, BIAS = {BIAS}")
    print(
        f"fitted: WEIGHTS = ({', '.join(f'{v:.2f}' for v in w[:-1])})"
        "  # pairs, words, unknown, named, unwritten, level"
    )
    print(f"        BIAS = {w[-1]:.2f}  # keeping today's not-found count")


if __name__ == "__main__":
    main()
