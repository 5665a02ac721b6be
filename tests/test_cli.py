"""The `chibo` command as people run it: scripted console chats (real processes), invites, imports,
organisations, bad settings (in this process: `cli`)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli import main

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


Cli = Callable[..., Ran]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    return make_cli(tmp_path, monkeypatch, capsys)


def make_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Cli:
    """`chibo ARGS` run in this process (no interpreter to start: the commands that read no
    standard input), on tmp_path's database; `env` adds settings for one call."""
    monkeypatch.chdir(tmp_path)
    for name in list(os.environ):
        if name.startswith(("CHIBO_", "TELEGRAM_", "ZALO_")):
            monkeypatch.delenv(name)

    def run(*args: str, env: dict[str, str] | None = None) -> Ran:
        with monkeypatch.context() as patch:
            patch.setenv("CHIBO_DATABASE_URL", f"sqlite:///{tmp_path / 'data' / 'chibo.db'}")
            for name, value in (env or {}).items():
                patch.setenv(name, value)
            capsys.readouterr()
            try:
                code = main(list(args))
            except SystemExit as exit:  # --help, or a usage error
                code = int(exit.code or 0)
            captured = capsys.readouterr()
        return Ran(code, captured.out, captured.err)

    return run


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


CODE = r"[0-9A-Z]{13}"


def invite_code(output: str) -> str:
    found = re.search(rf"Mã mời: ({CODE})", output)
    assert found, output
    return found.group(1)


@pytest.mark.slow
def test_run_without_a_token_gives_each_role_its_own_local_person(tmp_path: Path) -> None:
    result = chibo(tmp_path, "run", stdin="/trogiup\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stdout and "@BotFather" in result.stdout
    people = dict(re.findall(rf":user (\w+) .*/start ({CODE})", result.stdout))
    assert set(people) == {"lan", "binh", "an"}, result.stdout
    assert "python3 dev.py run chat --user binh" in result.stdout
    assert (tmp_path / "data" / "chibo.db").exists()
    # One terminal, three people: each joins with their own code and sees only their role.
    script = "\n".join(
        [
            f"/start {people['lan']}",
            ":user binh",
            f"/start {people['binh']}",
            ":user lan",
            "/chibo",
        ]
    )
    second = chibo(tmp_path, "run", stdin=script + "\n")
    out = second.stdout
    assert "Chào mừng đồng chí Lan" in out and "bí thư chi bộ, Chi bộ Thôn 1" in out, out
    assert "Chào mừng đồng chí Binh" in out and "cán bộ Đảng ủy" in out, out
    assert "Số đảng viên: 18" in out
    assert "local" not in out.split("/thoat", 1)[1]
    # Who joined gets no new code the next time; the administrator still has one.
    third = chibo(tmp_path, "run", stdin="")
    assert re.search(r":user lan .*\(đã tham gia\)", third.stdout), third.stdout
    assert re.search(rf":user an .*/start {CODE}", third.stdout), third.stdout


def test_chat_as_a_named_user_switches_people_and_marks_others_messages(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    secretary = invite_code(
        cli("invite", "--role", "secretary", "--scope", "Thôn 2").stdout
    )
    admin = invite_code(cli("invite", "--role", "admin").stdout)
    script = f"/start {secretary}\n:user quan\n/start {admin}\n:user bad name\n/trogiup\n"
    result = chibo(tmp_path, "chat", "--user", "bithu2", stdin=script)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "bithu2> /start" in out and "quan> /start" in out
    assert "Chào mừng đồng chí Bithu2" in out and "bí thư chi bộ, Chi bộ Thôn 2" in out
    assert "Chào mừng đồng chí Quan" in out and "quản trị hệ thống" in out
    assert "Bây giờ đồng chí gõ với tư cách người dùng quan." in out
    assert "Gõ :user TÊN" in out  # "bad name" has a space: refused, still quan
    assert "/taochibo" in out.rsplit("quan> /trogiup", 1)[1]


def test_scripted_chat_shows_numbered_choices(cli: Cli, tmp_path: Path) -> None:
    invite = cli("invite", "--role", "admin")
    assert invite.returncode == 0, invite.stderr
    code = invite_code(invite.stdout)
    assert "Hết hạn:" in invite.stdout and "Vai trò: quản trị hệ thống" in invite.stdout
    # the date as everywhere: dd/mm/yyyy (weekday)
    assert re.search(r"Hết hạn: \d\d/\d\d/\d{4} \((thứ \w+|Chủ nhật)\) \d\d:\d\d", invite.stdout)
    result = chibo(
        tmp_path,
        "chat",
        "--user",
        "admin",
        stdin=f"/start {code}\n/ngonngu\n2\n/trogiup\n",
    )
    shown = result.stdout + result.stderr
    assert "  1. Tiếng Việt\n  2. English" in result.stdout, shown
    assert "Language set to English." in result.stdout, shown
    assert "/taochibo - add a cell" in result.stdout, shown


def test_invite_finds_a_scope_by_a_unique_part_of_its_name(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    bad = cli("invite", "--role", "secretary", "--scope", "Đảng bộ xã Hòa Bình")
    assert bad.returncode == 2 and "phải gắn với một chi bộ" in bad.stderr
    unknown = cli("invite", "--role", "officer", "--scope", "Nowhere")
    assert unknown.returncode == 2 and "không có tổ chức hay chi bộ nào tên «Nowhere»" in unknown.stderr
    for text in ("Thôn 2", "thon 2", "chi bo thon 2"):
        good = cli("invite", "--role", "secretary", "--scope", text)
        assert good.returncode == 0, good.stderr
        assert "Vai trò: bí thư chi bộ, Chi bộ Thôn 2" in good.stdout
    # "Hòa Bình" is a cell and the đảng bộ: an officer's invite wants the đảng bộ.
    officer = cli("invite", "--role", "officer", "--scope", "hoa binh")
    assert "cán bộ Đảng ủy, Đảng bộ xã Hòa Bình" in officer.stdout, officer.stderr
    several = cli("invite", "--role", "secretary", "--scope", "Hòa")
    assert several.returncode == 2
    assert "trùng với nhiều tên" in several.stderr
    for name in ("Chi bộ Thôn Đông Hòa", "Chi bộ Thôn Tây Hòa", "Chi bộ Trường Tiểu học Hòa Bình"):
        assert re.search(rf"cell:\d+  {name} \(Đảng bộ xã Hòa Bình\)\n", several.stderr), several.stderr
    assert "Mã mời" not in several.stdout
    # Two communes with a «Thôn 1»: each listed with its commune.
    assert cli("org", "add", "Đảng bộ xã Thanh Bình").returncode == 0
    cells = tmp_path / "cells.csv"
    cells.write_text("Tên chi bộ;Số đảng viên\nChi bộ Thôn 1;12\n", encoding="utf-8")
    assert cli("cells", "import", str(cells), "--org", "Thanh Bình").returncode == 0
    twice = cli("invite", "--role", "secretary", "--scope", "Thôn 1")
    assert twice.returncode == 2
    assert re.search(r"cell:\d+  Chi bộ Thôn 1 \(Đảng bộ xã Hòa Bình\)\n", twice.stderr), twice.stderr
    assert re.search(r"cell:\d+  Chi bộ Thôn 1 \(Đảng bộ xã Thanh Bình\)", twice.stderr)


def test_a_bad_setting_stops_the_start_with_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("run", env={"CHIBO_TIMEZONE": "Asia/Nowhere"})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "CHIBO_TIMEZONE" in result.stderr
    result = cli("run", env={"CHIBO_LOCALE": "fr"})
    assert "CHIBO_LOCALE" in result.stderr and result.returncode == 2
    # an .env the process cannot read is one line too, not a traceback
    (tmp_path / ".env").write_bytes(b"CHIBO_LOCALE=\xff\xfe\n")
    result = cli("run")
    assert result.returncode == 2 and result.stderr.strip().count("\n") == 0
    assert ".env" in result.stderr


def test_cells_import_from_csv_all_or_nothing(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    good = tmp_path / "cells.csv"
    good.write_text(
        "Tên chi bộ;Loại;Số đảng viên;Ngày sinh hoạt\n"
        "Chi bộ Thôn 7;Thôn;16;3\nChi bộ Trường THCS;Trường học;21;\n",
        encoding="utf-8",
    )
    result = cli("cells", "import", str(good))
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 2 chi bộ vào Đảng bộ xã Hòa Bình" in result.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "Tên chi bộ,Số đảng viên,Ngày sinh hoạt\n"
        "Chi bộ Thôn 8,12,5\nChi bộ Thôn 9,mười,5\nChi bộ Thôn 10,9,45\nChi bộ Thôn 11,2,\n",
        encoding="utf-8",
    )
    result = cli("cells", "import", str(bad))
    assert result.returncode == 1
    assert "Chưa nhập gì" in result.stderr
    assert "dòng 3: số đảng viên phải là số nguyên, không phải «mười»" in result.stderr
    assert "dòng 4: ngày sinh hoạt phải từ 1 đến 31" in result.stderr
    assert "dòng 5: chi bộ có ít nhất 3 đảng viên, không phải 2" in result.stderr
    again = cli("cells", "import", str(good))
    assert again.returncode == 1 and "Chi bộ Thôn 7 đã có" in again.stderr
    # a name already there is said with the rows that do not read, in the file's order
    mixed = tmp_path / "mixed.csv"
    mixed.write_text(
        "Tên chi bộ,Số đảng viên\nChi bộ Thôn 12,mười\nChi bộ Thôn 7,16\n", encoding="utf-8"
    )
    result = cli("cells", "import", str(mixed))
    assert result.returncode == 1
    assert result.stderr.index("dòng 2: số đảng viên") < result.stderr.index(
        "dòng 3: Chi bộ Thôn 7 đã có"
    )


@pytest.mark.parametrize("suffix", [".xlsx"])
def test_cells_import_from_xlsx(cli: Cli, tmp_path: Path, suffix: str) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["DANH SÁCH CHI BỘ"])
    sheet.append(["STT", "Tên chi bộ", "Số đảng viên", "Ngày sinh hoạt"])
    sheet.append([1, "Chi bộ Tổ dân phố 1", 25, 4])
    path = tmp_path / f"cells{suffix}"
    workbook.save(path)
    cli("demo")
    result = cli("cells", "import", str(path))
    assert result.returncode == 0, result.stderr
    assert "Đã nhập 1 chi bộ" in result.stdout


def test_a_new_database_gets_no_demo_and_says_how_to_begin(cli: Cli, tmp_path: Path) -> None:
    upgrade = cli("db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "phiên bản cấu trúc mới nhất" in upgrade.stdout
    chat = chibo(tmp_path, "chat", "--user", "lan", stdin="/trogiup\n")
    assert chat.returncode == 0, chat.stderr
    invite = cli("invite", "--role", "secretary", "--scope", "Chi bộ Thôn 1")
    assert invite.returncode == 2 and "Thôn 1" in invite.stderr  # no demo cells appeared
    assert "chưa có tổ chức" in cli("org", "list").stdout.lower()
    admin = cli("invite", "--role", "admin")
    assert admin.returncode == 0 and "Mã mời:" in admin.stdout


def test_org_add_and_list_then_cells_into_it(cli: Cli, tmp_path: Path) -> None:
    added = cli("org", "add", "Đảng bộ phường An Phú")
    assert added.returncode == 0, added.stderr
    assert re.search(r"Đã tạo Đảng bộ phường An Phú \(org:1\)", added.stdout)
    child = cli("org", "add", "Đảng bộ Khối cơ quan", "--parent", "an phu")
    assert child.returncode == 0, child.stderr
    again = cli("org", "add", "Đảng bộ phường An Phú")
    assert again.returncode == 1 and "đã có (org:1)" in again.stderr
    folded = cli("org", "add", "dang bo phuong an phu", "--parent", "org:1")
    assert folded.returncode == 1, folded.stdout
    assert "Đảng bộ phường An Phú đã có (org:1)" in folded.stderr
    short = cli("org", "add", "AB")
    assert short.returncode == 2
    cells = tmp_path / "cells.csv"
    cells.write_text("Tên chi bộ;Số đảng viên\nChi bộ Khu phố 1;30\n", encoding="utf-8")
    imported = cli("cells", "import", str(cells), "--org", "Khối cơ quan")
    assert imported.returncode == 0, imported.stderr
    listing = cli("org", "list")
    assert listing.stdout.splitlines() == [
        "org:1  Đảng bộ phường An Phú  (0 chi bộ)",
        "  org:2  Đảng bộ Khối cơ quan  (1 chi bộ)",
    ]


def test_demo_says_what_it_loaded_once(cli: Cli) -> None:
    first = cli("demo")
    assert "Đã nạp dữ liệu mẫu: Đảng bộ xã Hòa Bình với 9 chi bộ" in first.stdout
    second = cli("demo")
    assert "Dữ liệu mẫu đã có: Đảng bộ xã Hòa Bình." in second.stdout


def test_help_is_in_the_operators_language(cli: Cli) -> None:
    vietnamese = cli("invite", "--help")
    assert "chỉ cần một phần tên" in " ".join(vietnamese.stdout.split())
    english = cli("--help", env={"CHIBO_LOCALE": "en"})
    assert "run the bot with every configured channel" in " ".join(english.stdout.split())


def test_a_meeting_report_through_the_console_channel(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    invite = cli("invite", "--role", "secretary", "--scope", "Chi bộ Thôn 1")
    code = invite_code(invite.stdout)
    # The console runs on the real clock: the meeting was yesterday, always in an open month.
    yesterday = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date() - timedelta(days=1)
    line = f"/baocao hop {yesterday:%d/%m}, cm 17/18, vkl 0, thuong ky, ct khong, nq co, xl kha"
    script = "\n".join([f"/start {code}", line, "1"])
    result = chibo(tmp_path, "chat", "--user", "lan", stdin=script + "\n")
    assert "Có mặt 17/18 (94,4%)" in result.stdout
    assert f"Đã ghi báo cáo sinh hoạt chi bộ tháng {yesterday:%m/%Y}" in result.stdout
    assert result.returncode == 0


def test_an_officer_gets_the_excel_file_saved_on_the_console(cli: Cli, tmp_path: Path) -> None:
    cli("demo")
    invite = cli("invite", "--role", "officer", "--scope", "Đảng bộ xã Hòa Bình")
    code = invite_code(invite.stdout)
    result = chibo(tmp_path, "chat", "--user", "binh", stdin=f"/start {code}\n/xuat\n")
    saved = list((tmp_path / "data" / "files").glob("tong-hop-dang-bo-xa-hoa-binh-*.xlsx"))
    assert len(saved) == 1 and str(saved[0].relative_to(tmp_path)) in result.stdout
    assert saved[0].read_bytes().startswith(b"PK")  # an xlsx is a zip


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path: Path) -> None:
    """`chibo ask - | head -2`: the rest of the output has nowhere to go; no traceback."""
    assert chibo(tmp_path, "demo").returncode == 0
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("CHIBO_", "TELEGRAM_", "ZALO_"))
    }
    environment["CHIBO_DATABASE_URL"] = f"sqlite:///{tmp_path / 'data' / 'chibo.db'}"
    environment["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ask", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env=environment,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"nhiem vu cua uy ban kiem tra\n" * 300)
    process.stdin.close()
    assert process.stdout.readline()
    process.stdout.close()  # the reader goes away
    assert process.stderr is not None
    err = process.stderr.read()
    assert process.wait(timeout=120) == 0
    assert b"Traceback" not in err and b"BrokenPipeError" not in err
