"""The plan lines that questions of several writers miss: misses grouped by the line they expect.

Run from the project root: `.venv/bin/python benchmarks/plan_misses_by_line.py [--min N]`.
Needs ../shared/plans.

Every answerable question of the sets `benchmarks/plan_quality.py` knows (A to O), except those of
a held-out half ("split": "heldout", never read here), is asked through the whole app as
plan_quality asks it. A question whose first answer does not hold one of its `answer_contains` is
a miss; misses are grouped by the plan and the line of that plan holding their first phrase, and
the lines missed by at least `--min` questions (2 by default) are printed, most missed first, each
with its questions (set id, group, the rank of the right answer or "-" when none of the first
three holds it, the question, the start of the first answer).

Why: a fix found in one set's misses seldom carries over to a set written later, while a line
that several independent writers ask about and miss is likely asked again by the next one; in the
round of 1/12/2026 the fixes found this way lifted the held-out halves, those found in the newest
tune half did not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import plan_quality  # noqa: E402

NO_ANSWER = ("out_of_scope", "greeting")
Miss = tuple[str, str, str, str, str]  # id, group, rank, question, first answer


def line_of(document: str, phrase: str) -> int | None:
    """The number (from 1) of the first line of a plan file holding `phrase`."""
    text = (plan_quality.SHARED / document).read_text(encoding="utf-8")
    return next(
        (number for number, line in enumerate(text.splitlines(), 1) if phrase in line), None
    )


def answerable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        item
        for item in items
        if item.get("split") != "heldout"
        and item.get("doc")
        and item.get("answer_contains")
        and item.get("group") not in NO_ANSWER
        and not item.get("out_of_scope")
    ]


async def misses_by_line() -> dict[tuple[str, int | None], list[Miss]]:
    groups: dict[tuple[str, int | None], list[Miss]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as folder:
        chat, users, _labels = await plan_quality.build(Path(folder))
        for name, path in plan_quality.QUESTION_SETS.items():
            if not path.exists():
                continue
            for item in answerable(json.loads(path.read_text(encoding="utf-8"))):
                phrases = item["answer_contains"]
                phrases = [phrases] if isinstance(phrases, str) else phrases
                asker = (item.get("asker_doc") or "")[:3]
                texts, _took = await plan_quality.ask(
                    chat, users.get(asker, users["admin"]), item["q"]
                )
                wanted = [plan_quality.folded(phrase) for phrase in phrases]
                rank = next(
                    (
                        k
                        for k, text in enumerate(texts, 1)
                        if any(phrase in plan_quality.folded(text) for phrase in wanted)
                    ),
                    None,
                )
                if rank == 1:
                    continue
                first = (texts[0] if texts else "").replace("\n", " ")[:70]
                groups[(item["doc"][:3], line_of(item["doc"], phrases[0]))].append(
                    (
                        item.get("id") or name,
                        item.get("group", ""),
                        str(rank or "-"),
                        item["q"],
                        first,
                    )
                )
    return groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=int, default=2, help="questions missing a line to show it")
    arguments = parser.parse_args()
    if not plan_quality.SHARED.is_dir():
        print("../shared/plans is absent: nothing to ask.")
        return
    groups = asyncio.run(misses_by_line())
    shown = sorted(
        ((key, misses) for key, misses in groups.items() if len(misses) >= arguments.min),
        key=lambda entry: -len(entry[1]),
    )
    for (plan, line), misses in shown:
        print(f"plan {plan}, line {line}: missed by {len(misses)}")
        for miss_id, group, rank, question, first in misses:
            print(f"  {miss_id} {group} rank {rank}: {question}")
            print(f"      first answer: {first}")
    print(f"{len(shown)} lines missed by {arguments.min} questions or more")


if __name__ == "__main__":
    main()
