"""An officer of one đảng bộ sees nothing of another: in chat, files, drill-downs and the CLI."""

from __future__ import annotations

import argparse
import io
from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook
from review_world import ReviewWorld

from bot.app import build_app
from bot.report_cli import report_command
from bot.settings import Settings
from handlers.committee.scope import narrowed_scope
from handlers.core import load_principal
from storage.repos import Repositories
from tests.harness import build_harness

AN_NAMES = ("An 1", "An 2", "An 3", "An 4", "An 5", "xã An", "Thôn Trên")


def nothing_of_an(text: str) -> None:
    for name in AN_NAMES:
        assert name not in text, name


def workbook_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def document_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


async def test_in_every_chat_view_and_file(sqlite_world: ReviewWorld) -> None:
    chat = build_harness(sqlite_world.database, sqlite_world.clock)
    for command in ("/tonghop", "/tonghop năm 2026", "/chuabaocao quý 4", "/lich nay"):
        said = "\n".join(r.text for r in await chat.send("binh", command))
        nothing_of_an(said)
        assert "Bình" in said
    for command in ("/xuat năm 2026", "/xuat tháng 11"):
        attachment = (await chat.send("binh", command))[-1].attachment
        assert attachment is not None
        text = workbook_text(attachment.content)
        nothing_of_an(text)
        assert "Chi bộ Bình 2" in text
    attachment = (await chat.send("binh", "/baocaothang"))[-1].attachment
    assert attachment is not None
    text = document_text(attachment.content)
    nothing_of_an(text)
    assert "ĐẢNG ỦY XÃ BÌNH" in text
    chart = (await chat.send("binh", "/bieudo"))[-1]
    assert chart.text.endswith("Đảng bộ xã Bình")
    # Names of another commune's cells or organisations lead nowhere.
    assert "Không có chi bộ nào tên «an 1»" in "\n".join(
        r.text for r in await chat.send("binh", "/chibo an 1")
    )
    await chat.send("binh", "/tonghop")
    said = "\n".join(r.text for r in await chat.send("binh", "xa an"))
    assert said.startswith("Không có đơn vị, chi bộ nào tên «xa an»") and "An 1" not in said
    # A stale or forged button with another commune's id is refused.
    said = "\n".join(r.text for r in await chat.send("binh", choice=f"g:{sqlite_world.orgs['an']}"))
    nothing_of_an(said)
    # The province officer sees both communes.
    province = "\n".join(r.text for r in await chat.send("tinh", "/tonghop"))
    assert "Đảng bộ tỉnh Thử: 7 chi bộ." in province and "Chi bộ An 1" in province


async def test_a_drill_down_outside_the_subtree_is_refused(sqlite_world: ReviewWorld) -> None:
    async with sqlite_world.database.transaction() as session:
        repos = Repositories(session)
        account = await repos.accounts.get(sqlite_world.accounts["binh"])
        assert account is not None
        principal = await load_principal(repos, account)
        assert await narrowed_scope(repos, principal, sqlite_world.orgs["an"]) is None
        assert await narrowed_scope(repos, principal, sqlite_world.orgs["province"]) is None
        own = await narrowed_scope(repos, principal, sqlite_world.orgs["binh"])
        assert own is not None and [o.name for o in own.orgs] == ["Đảng bộ xã Bình"]


@pytest.mark.parametrize("action", ["summary", "export", "draft"])
async def test_the_cli_scope_is_the_subtree_named(
    sqlite_world: ReviewWorld, action: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": sqlite_world.database.url})
    app = build_app(settings, clock=sqlite_world.clock, database=sqlite_world.database)
    out = tmp_path / f"out-{action}"
    args = argparse.Namespace(action=action, scope="dang bo xa binh", period="tháng 11", out=out)
    assert await report_command(app, args) == 0
    printed = capsys.readouterr().out
    if action == "summary":
        nothing_of_an(printed)
        assert "Đảng bộ xã Bình: 2 chi bộ." in printed
        return
    content = out.read_bytes()
    text = workbook_text(content) if action == "export" else document_text(content)
    nothing_of_an(text)
    assert "Bình" in text
    if action == "draft":  # a report: no «Kính gửi», so not «Như trên» among the recipients
        assert "Như trên" not in text and "Cấp ủy cấp trên (để báo cáo)" in text


async def test_the_cli_summary_of_an_organisation_with_no_cells_says_so(
    sqlite_world: ReviewWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not «the cells were created after this period»: there are none."""
    async with sqlite_world.database.transaction() as session:
        await Repositories(session).orgs.add_org(
            "Đảng bộ xã Trống", parent=None, kind="dang_bo_xa", now=sqlite_world.clock.now()
        )
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": sqlite_world.database.url})
    app = build_app(settings, clock=sqlite_world.clock, database=sqlite_world.database)
    args = argparse.Namespace(action="summary", scope="Trống", period="tháng 10", out=None)
    assert await report_command(app, args) == 0
    printed = capsys.readouterr().out
    assert "Tổ chức này chưa có chi bộ nào." in printed, printed
    assert "được tạo sau kỳ này" not in printed


async def test_the_cli_without_a_period_takes_the_month_chat_takes(
    sqlite_world: ReviewWorld, capsys: pytest.CaptureFixture[str]
) -> None:
    """Last month while its reports are open (to the 10th), then this month: as /tonghop."""
    settings = Settings.model_validate({"CHIBO_DATABASE_URL": sqlite_world.database.url})
    app = build_app(settings, clock=sqlite_world.clock, database=sqlite_world.database)
    args = argparse.Namespace(action="summary", scope="dang bo xa binh", period="", out=None)
    for moment, month in (
        (datetime(2026, 12, 2, 2, 0, tzinfo=UTC), "11/2026"),
        (datetime(2026, 12, 11, 2, 0, tzinfo=UTC), "12/2026"),
    ):
        sqlite_world.clock.set(moment)
        assert await report_command(app, args) == 0
        first = capsys.readouterr().out.splitlines()[0]
        assert f"tháng {month}" in first, first
