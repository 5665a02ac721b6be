#!/usr/bin/env python3
"""Set up and run chibo with nothing but Python 3.11+.

    python3 dev.py run      # the bot (no token: the console channel on a local SQLite database)
    python3 dev.py test     # the whole test suite, with ruff, mypy and the import-linter contracts

The first call creates .venv and installs the pinned dependencies from requirements.lock (hashes
checked); later calls reinstall only when requirements.lock or pyproject.toml change.
Anything after the command is passed on: `python3 dev.py run chat --user lan`,
`python3 dev.py test tests/test_inbox.py -x`.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".chibo-installed"


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("requirements.lock", "pyproject.toml"):
        digest.update((ROOT / name).read_bytes())
    return digest.hexdigest()


def _run(*command: object, check: bool = True) -> int:
    result = subprocess.run([str(part) for part in command], cwd=ROOT, check=False)
    if check and result.returncode != 0:
        sys.exit(result.returncode)
    return result.returncode


def ensure_environment() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036  (dev.py may be started by an older python3)
        sys.exit("chibo needs Python 3.11 or newer")
    if not PYTHON.exists():
        print("Creating .venv ...", flush=True)
        venv.create(VENV, with_pip=True)
    wanted = _fingerprint()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Installing dependencies from requirements.lock ...", flush=True)
    quiet = ["--quiet", "--disable-pip-version-check"]
    _run(PYTHON, "-m", "pip", "install", *quiet, "--require-hashes", "-r", "requirements.lock")
    _run(PYTHON, "-m", "pip", "install", *quiet, "--no-deps", "-e", ".")
    STAMP.write_text(wanted)


def run(args: list[str]) -> int:
    return _run(BIN / "chibo", *(args or ["run"]), check=False)


def test(args: list[str]) -> int:
    steps: list[tuple[str, list[object]]] = []
    if not args:
        steps += [
            ("ruff", [BIN / "ruff", "check", "."]),
            ("mypy", [BIN / "mypy"]),
            ("import-linter", [BIN / "lint-imports"]),
        ]
    steps.append(("pytest", [PYTHON, "-m", "pytest", *args]))
    failed = []
    for name, command in steps:
        print(f"== {name}", flush=True)
        if _run(*command, check=False) != 0:
            failed.append(name)
    if failed:
        print(f"FAILED: {', '.join(failed)}", flush=True)
        return 1
    return 0


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in ("run", "test"):
        print(__doc__)
        return 2
    ensure_environment()
    command, rest = sys.argv[1], sys.argv[2:]
    return run(rest) if command == "run" else test(rest)


if __name__ == "__main__":
    sys.exit(main())
