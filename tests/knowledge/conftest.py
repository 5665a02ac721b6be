"""Shared fixtures for the plan knowledge base tests: the demo plan and its index."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge import ParsedPlan, PlanIndex, parse_plan

ROOT = Path(__file__).resolve().parents[2]
DEMO_PLAN = ROOT / "knowledge" / "data" / "demo_plan.txt"
SHARED_PLANS = ROOT / ".." / "shared" / "plans"


@pytest.fixture(scope="session")
def demo_plan() -> ParsedPlan:
    return parse_plan(DEMO_PLAN.read_text(encoding="utf-8"), document_id="demo")


@pytest.fixture(scope="session")
def demo_index(demo_plan: ParsedPlan) -> PlanIndex:
    return PlanIndex.build([demo_plan])
