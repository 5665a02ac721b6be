#!/usr/bin/env python3
"""Set up and run chibo with nothing but Python 3.11+.

    python3 dev.py run      # the bot (no token: the console channel on a local SQLite database)
    python3 dev.py test     # the whole test suite on every core, with ruff, mypy and import-linter
    python3 dev.py i18n     # extract the strings into locales/chibo.pot, update the Vietnamese catalog

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


def _yield_to_the_suite() -> None:
    """The static checks run at a lower priority: they use the cores while tests wait (for a
    process, a fake outage, the platform's pace) instead of slowing the tests down."""
    os.nice(10)


def test(args: list[str]) -> int:
    """With no arguments: ruff, mypy and import-linter run beside the whole suite at a lower
    priority (their output is printed after it), and the suite runs on every core
    (pytest-xdist: each worker process has its own template databases, tests/databases.py),
    without the long variants (marker "long": `dev.py test -m long` runs them). Arguments mean
    a chosen subset of tests, run in one process unless they ask for workers themselves (-n 2),
    and no static checks."""
    checks: list[tuple[str, subprocess.Popen[str]]] = []
    if not args:
        for name, command in (
            ("ruff", [BIN / "ruff", "check", "."]),
            ("mypy", [BIN / "mypy"]),
            ("import-linter", [BIN / "lint-imports"]),
        ):
            process = subprocess.Popen(
                [str(part) for part in command], cwd=ROOT, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                preexec_fn=_yield_to_the_suite if os.name == "posix" else None,
            )  # fmt: skip
            checks.append((name, process))
    workers = [] if args else ["-n", "auto", "-m", "not long"]
    print("== pytest", flush=True)
    failed = [] if _run(PYTHON, "-m", "pytest", *workers, *args, check=False) == 0 else ["pytest"]
    for name, process in checks:
        output, _ = process.communicate()
        print(f"== {name}\n{output.rstrip()}", flush=True)
        if process.returncode != 0:
            failed.append(name)
    if failed:
        print(f"FAILED: {', '.join(failed)}", flush=True)
        return 1
    return 0


I18N_KEYWORDS = ("N_", "ngettext:1,2", "NP_:1,2")


def i18n(_args: list[str]) -> int:
    """pybabel extract + update: new strings appear in chibo.po with an empty msgstr to fill."""
    pot = ROOT / "locales" / "chibo.pot"
    keywords = [arg for keyword in I18N_KEYWORDS for arg in ("-k", keyword)]
    common = ["--no-location", "--sort-output", "-w", "100"]
    _run(BIN / "pybabel", "-q", "extract", "-F", "babel.cfg", *keywords, *common,
         "--project", "chibo", "-o", pot, ".")
    _run(BIN / "pybabel", "-q", "update", "-i", pot, "-d", ROOT / "locales", "-D", "chibo",
         "-l", "vi", "--no-fuzzy-matching", "--ignore-obsolete", "-w", "100")
    return 0


COMMANDS = {"run": run, "test": test, "i18n": i18n}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__)
        return 2
    ensure_environment()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
