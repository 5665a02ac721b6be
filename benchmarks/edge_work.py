"""Worst cases of the work done at the edge on one body or message, before anything is stored:
parsing a webhook body, checking an update of each platform, cutting an incoming message to the
limits, reading a table of figures; prints time and peak memory of each.

Run from the project root: `.venv/bin/python benchmarks/edge_work.py`.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.json_body import Malformed, parse_body  # noqa: E402
from bot.telegram.updates import read_update  # noqa: E402
from bot.zalo.updates import check_event  # noqa: E402
from core.limits import (  # noqa: E402
    MAX_TABLE_BYTES,
    MAX_TABLE_ROWS,
    MAX_TELEGRAM_BODY,
    MAX_YAML_CHARS,
    MAX_ZALO_BODY,
    bounded,
)
from core.messages import Incoming  # noqa: E402
from handlers.reporting.figures import (  # noqa: E402
    load_definitions_csv,
    load_definitions_xlsx,
    load_definitions_yaml,
)

BODY = MAX_TELEGRAM_BODY - 64


def measure(work: Callable[[], object]) -> tuple[float, float]:
    """(milliseconds, peak MB) of one call (timed without tracing, then traced for memory); a
    Malformed or any refusal counts as done."""
    started = time.perf_counter()
    with contextlib.suppress(Malformed):
        work()
    elapsed = (time.perf_counter() - started) * 1000
    tracemalloc.start()
    with contextlib.suppress(Malformed):
        work()
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return elapsed, peak


def update(text: str) -> dict[str, object]:
    return {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1,
            "chat": {"id": 5, "type": "private"},
            "from": {"id": 5, "is_bot": False, "first_name": "A"},
            "text": text,
        },
    }


def main() -> None:
    half = BODY // 2
    bodies = {
        "nested [ to 2 MB": b"[" * half + b"]" * half,
        'nested {"a": to 2 MB': b'{"a":' * (BODY // 6) + b"1" + b"}" * (BODY // 6),
        "a flat list of 1M zeros": b"[" + b"0," * (half - 1) + b"0]",
        "a 2 MB string of escapes": b'"' + b"\\u00e1" * (BODY // 6) + b'"',
        "a 4,300-digit number": b"9" * 4300,
        "2 MB of bytes that are not JSON": b"\xff" * BODY,
    }
    print(f"parsing a webhook body (at most {MAX_TELEGRAM_BODY // 1024} KB):")
    for name, raw in bodies.items():
        ms, mb = measure(lambda raw=raw: parse_body(raw))
        print(f"  {name:<34} {ms:8.1f} ms {mb:8.1f} MB")
    big = update("á" * (BODY // 3))
    extras = {**update("x"), "extra": [{"k": "v" * 10} for _ in range(BODY // 20)]}
    print("checking a Telegram update against its schema:")
    for name, value in (("a 2 MB text", big), ("100,000 unknown objects", extras)):
        ms, mb = measure(lambda value=value: read_update(value))
        print(f"  {name:<34} {ms:8.1f} ms {mb:8.1f} MB")
    event = {"event_name": "message.text.received", "message": {"text": "á" * (MAX_ZALO_BODY // 2)}}
    ms, mb = measure(lambda: check_event(event))
    print(f"checking a Zalo event of {MAX_ZALO_BODY // 1024} KB: {ms:.2f} ms {mb:.2f} MB")
    now = datetime.now(UTC)
    long = Incoming("telegram", "1", "1", "1", now, text="a\x00" * (BODY // 2))
    ms, mb = measure(lambda: bounded(long))
    print(f"cutting a 2 MB message (with NULs) to the limits: {ms:.1f} ms {mb:.1f} MB")
    print(f"a table of figures (at most {MAX_TABLE_ROWS} rows, {MAX_TABLE_BYTES // 1024} KB):")
    csv_rows = "key,label_vi\n" + "a,b\n" * (MAX_TABLE_BYTES // 4 - 4)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n" for n in range(8)
    )
    sheet = io.BytesIO()
    with zipfile.ZipFile(sheet, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 200_000_000)
    bomb = sheet.getvalue()
    row = "  - key: k{n}\n    label_vi: Nhãn {n}\n    max: 100\n"
    yaml_rows = ("figures:\n" + "".join(row.format(n=n) for n in range(2000)))[
        : MAX_YAML_CHARS - 50
    ]
    for name, work in (
        ("CSV of 1 MB, 262,000 rows", lambda: load_definitions_csv(csv_rows)),
        ("YAML «billion laughs»", lambda: load_definitions_yaml(laughs)),
        ("YAML nested 1 MB deep", lambda: load_definitions_yaml("[" * (MAX_TABLE_BYTES - 1))),
        ("YAML of 64 KB, 1,300 rows", lambda: load_definitions_yaml(yaml_rows)),
        ("YAML nested 1,000 deep", lambda: load_definitions_yaml("[" * MAX_TABLE_ROWS)),
        (f".xlsx of {len(bomb) // 1024} KB unpacking to 200 MB", lambda: load_definitions_xlsx(bomb)),
    ):  # fmt: skip
        ms, mb = measure(work)
        print(f"  {name:<34} {ms:8.1f} ms {mb:8.1f} MB")


if __name__ == "__main__":
    main()
