"""Shared fixtures for the reporting tests: the Vietnamese translator and the package's msgids."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from core.i18n import Catalogs, Translator

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def vi() -> Translator:
    return Catalogs(ROOT / "locales").translator("vi")


@pytest.fixture(scope="session")
def reporting_msgids() -> set[str]:
    """Every literal passed to N_() or _() in handlers/reporting."""
    found: set[str] = set()
    for path in (ROOT / "handlers" / "reporting").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("N_", "NP_", "_")
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found
