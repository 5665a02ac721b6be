"""The `chibo` command as people run it: scripted console chats, invites, imports, bad settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]


def chibo(
    tmp_path: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
    }
    environment["CHIBO_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'chibo.db'}"
    environment["PYTHONPATH"] = str(ROOT)
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        timeout=120,
        check=False,
    )


def test_run_without_a_token_opens_the_console_on_demo_data(tmp_path: Path) -> None:
    result = chibo(tmp_path, "run", stdin="/trogiup\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "@BotFather" in result.stdout
    codes = re.findall(r"/start ([0-9A-Z]{13})", result.stdout)
    assert len(codes) == 3
    assert (tmp_path / "data" / "chibo.db").exists()
    # The demo is there: join as the secretary of Chi bộ Thôn 1 in a second session.
    second = chibo(tmp_path, "chat", "--user", "lan", stdin=f"/start {codes[0]}\n/chibo\n/thoat\n")
    assert "bí thư chi bộ, Chi bộ Thôn 1" in second.stdout
    assert "Số đảng viên: 18" in second.stdout


def test_scripted_chat_shows_numbered_choices(tmp_path: Path) -> None:
    invite = chibo(tmp_path, "invite", "--role", "admin")
    assert invite.returncode == 0, invite.stderr
    code = re.search(r"Code: ([0-9A-Z]{13})", invite.stdout)
    assert code and "Expires:" in invite.stdout
    result = chibo(
        tmp_path,
        "chat",
        "--user",
        "admin",
        stdin=f"/start {code.group(1)}\n/ngonngu\n2\n/trogiup\n",
    )
    shown = result.stdout + result.stderr
    assert "  1. Tiếng Việt\n  2. English" in result.stdout, shown
    assert "Language set to English." in result.stdout, shown
    assert "/taochibo - add a cell" in result.stdout, shown


def test_invite_needs_a_matching_scope(tmp_path: Path) -> None:
    chibo(tmp_path, "demo")
    bad = chibo(tmp_path, "invite", "--role", "secretary", "--scope", "Đảng bộ xã Hòa Bình")
    assert bad.returncode == 2 and "needs a cell" in bad.stderr
    unknown = chibo(tmp_path, "invite", "--role", "officer", "--scope", "Nowhere")
    assert unknown.returncode == 2 and "no organisation or cell" in unknown.stderr
    good = chibo(tmp_path, "invite", "--role", "secretary", "--scope", "chi bo thon 2")
    assert good.returncode == 0 and "Chi bộ Thôn 2" in good.stdout


def test_a_bad_setting_stops_the_start_with_one_line(tmp_path: Path) -> None:
    result = chibo(tmp_path, "run", env={"CHIBO_TIMEZONE": "Asia/Nowhere"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "CHIBO_TIMEZONE" in result.stderr
    result = chibo(tmp_path, "run", env={"CHIBO_LOCALE": "fr"})
    assert "CHIBO_LOCALE" in result.stderr and result.returncode == 2


def test_cells_import_from_csv_all_or_nothing(tmp_path: Path) -> None:
    chibo(tmp_path, "demo")
    good = tmp_path / "cells.csv"
    good.write_text(
        "Tên chi bộ;Loại;Số đảng viên;Ngày sinh hoạt\n"
        "Chi bộ Thôn 7;Thôn;16;3\nChi bộ Trường THCS;Trường học;21;\n",
        encoding="utf-8",
    )
    result = chibo(tmp_path, "cells", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 2 chi bộ vào Đảng bộ xã Hòa Bình" in result.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Tên chi bộ,Số đảng viên,Ngày sinh hoạt\n"
        "Chi bộ Thôn 8,12,5\nChi bộ Thôn 9,mười,5\nChi bộ Thôn 10,9,45\n",
        encoding="utf-8",
    )
    result = chibo(tmp_path, "cells", "import", str(bad))
    assert result.returncode == 1
    assert "Chưa nhập gì" in result.stderr
    assert "dòng 3: số đảng viên phải là số nguyên, không phải «mười»" in result.stderr
    assert "dòng 4: ngày sinh hoạt phải từ 1 đến 31" in result.stderr
    again = chibo(tmp_path, "cells", "import", str(good))
    assert again.returncode == 1 and "Chi bộ Thôn 7 đã có" in again.stderr


@pytest.mark.parametrize("suffix", [".xlsx"])
def test_cells_import_from_xlsx(tmp_path: Path, suffix: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH CHI BỘ"])
    sheet.append(["STT", "Tên chi bộ", "Số đảng viên", "Ngày sinh hoạt"])
    sheet.append([1, "Chi bộ Tổ dân phố 1", 25, 4])
    path = tmp_path / f"cells{suffix}"
    workbook.save(path)
    chibo(tmp_path, "demo")
    result = chibo(tmp_path, "cells", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 1 chi bộ" in result.stdout


def test_a_new_database_gets_no_demo_and_says_how_to_begin(tmp_path: Path) -> None:
    upgrade = chibo(tmp_path, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    invite = chibo(tmp_path, "invite", "--role", "secretary", "--scope", "Chi bộ Thôn 1")
    assert invite.returncode == 2 and "Thôn 1" in invite.stderr  # no demo cells appeared
    admin = chibo(tmp_path, "invite", "--role", "admin")
    assert admin.returncode == 0 and "Code:" in admin.stdout


def test_a_meeting_report_through_the_console_channel(tmp_path: Path) -> None:
    chibo(tmp_path, "demo")
    invite = chibo(tmp_path, "invite", "--role", "secretary", "--scope", "Chi bộ Thôn 1")
    code = re.search(r"Code: ([0-9A-Z]{13})", invite.stdout)
    assert code, invite.stderr
    # The console runs on the real clock: the meeting was yesterday, always in an open month.
    yesterday = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1)
    line = f"/baocao hop {yesterday:%d/%m}, cm 17/18, vkl 0, thuong ky, ct khong, nq co, xl kha"
    script = "\n".join([f"/start {code.group(1)}", line, "1"])
    result = chibo(tmp_path, "chat", "--user", "lan", stdin=script + "\n")
    assert "Có mặt 17/18 (94,4%)" in result.stdout
    assert f"Đã ghi báo cáo sinh hoạt chi bộ tháng {yesterday:%m/%Y}" in result.stdout
    assert result.returncode == 0


def test_an_officer_gets_the_excel_file_saved_on_the_console(tmp_path: Path) -> None:
    chibo(tmp_path, "demo")
    invite = chibo(tmp_path, "invite", "--role", "officer", "--scope", "Đảng bộ xã Hòa Bình")
    code = re.search(r"Code: ([0-9A-Z]{13})", invite.stdout)
    assert code, invite.stderr
    result = chibo(tmp_path, "chat", "--user", "binh", stdin=f"/start {code.group(1)}\n/xuat\n")
    saved = list((tmp_path / "data" / "files").glob("tong-hop-dang-bo-xa-hoa-binh-*.xlsx"))
    assert len(saved) == 1 and str(saved[0].relative_to(tmp_path)) in result.stdout
    assert saved[0].read_bytes().startswith(b"PK")  # an xlsx is a zip
