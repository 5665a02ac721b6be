"""The done-when conversation: admin → officer → secretary by invites, roles and their limits."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from core.clock import FakeClock
from handlers import invites
from handlers.bootstrap import invite_from_cli
from handlers.demo import load_demo
from storage.engine import Database
from storage.repos import Repositories
from tests.harness import Harness, build_harness

CODE = re.compile(r"\b[0-9A-Z]{13}\b")


async def setup(database: Database, clock: FakeClock) -> tuple[Harness, str]:
    harness = build_harness(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        issued, _ = await invite_from_cli(
            repos, role="admin", scope_text=None, now=clock.now(), ttl=timedelta(days=14)
        )
    return harness, issued.code


def code_in(text: str) -> str:
    match = CODE.search(text)
    assert match, text
    return match.group(0)


async def test_admin_invites_officer_who_invites_secretary(
    database: Database, clock: FakeClock
) -> None:
    chat, admin_code = await setup(database, clock)

    said = await chat.say("anh", f"/start {admin_code}")
    assert "quản trị hệ thống" in said

    replies = await chat.send("anh", "/moi")
    assert [c.label for c in replies[-1].choices] == [
        "bí thư chi bộ",
        "phó bí thư chi bộ",
        "cán bộ Đảng ủy",
        "quản trị hệ thống",
    ]
    replies = await chat.send("anh", "3")  # committee officer, by number
    assert "Đảng bộ xã Hòa Bình" in [c.label for c in replies[-1].choices]
    said = await chat.say("anh", "dang bo xa hoa binh")  # by words, without diacritics
    officer_code = code_in(said)
    assert "hạn đến ngày 08/12/2026" in said

    said = await chat.say("binh", f"/start {officer_code}")
    assert "cán bộ Đảng ủy, Đảng bộ xã Hòa Bình" in said
    replies = await chat.send("binh", "/moi")
    labels = [c.label for c in replies[-1].choices]
    assert "quản trị hệ thống" not in labels  # an officer cannot create admins
    replies = await chat.send("binh", choice="secretary")  # a button press
    assert "Chi bộ Thôn 1" in [c.label for c in replies[-1].choices]
    secretary_code = code_in(await chat.say("binh", "Chi bộ Thôn 1"))

    said = await chat.say("chi", f"/start {secretary_code}")
    assert "bí thư chi bộ, Chi bộ Thôn 1" in said

    help_text = await chat.say("chi", "/trogiup")
    assert "/trogiup" in help_text and "/chibo" in help_text
    for officer_only in ("/moi", "/thuhoi", "/taodonvi", "/taochibo"):
        assert officer_only not in help_text
    refused = await chat.say("chi", "/moi")
    assert "không dành cho vai trò của đồng chí" in refused

    own = await chat.say("chi", "/chibo")
    assert "Chi bộ Thôn 1" in own and "Số đảng viên: 18" in own
    other = await chat.send("chi", choice="/chibo")
    assert "Chi bộ Thôn 2" not in other[-1].text

    # The officer sees the whole subtree, the secretary only her cell.
    replies = await chat.send("binh", "/chibo")
    assert len(replies[-1].choices) == 9


async def test_wrong_expired_and_reused_codes(database: Database, clock: FakeClock) -> None:
    chat, _admin_code = await setup(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        issued, _ = await invite_from_cli(
            repos,
            role="secretary",
            scope_text="Chi bộ Thôn 2",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
        expiring, _ = await invite_from_cli(
            repos,
            role="secretary",
            scope_text="Chi bộ Thôn 3",
            now=clock.now(),
            ttl=timedelta(days=1),
        )

    assert "Mã mời không đúng" in await chat.say("dung", "/start AAAAAAAAAAAAA")
    assert "được ghi nhận" in await chat.say("dung", f"/start {issued.code}")
    assert "đã được sử dụng" in await chat.say("em", f"/start {issued.code}")
    again = await chat.say("dung", f"/start {issued.code}")  # her own code, sent again
    assert again == (
        "Đồng chí đã có vai trò này: bí thư chi bộ, Chi bộ Thôn 2.\n"
        "Gõ /trogiup để xem các việc có thể làm."
    )
    assert again == await chat.say("dung", issued.code)
    clock.advance(timedelta(days=2))
    assert "đã hết hạn" in await chat.say("em", f"/start {expiring.code}")
    # Lower case with spaces is the same code; the messages never hint at other codes.
    assert "đã hết hạn" in await chat.say(
        "em", "/start " + expiring.code.lower()[:6] + " " + expiring.code.lower()[6:]
    )


async def test_code_typed_as_first_message_and_lockout(
    database: Database, clock: FakeClock
) -> None:
    chat, admin_code = await setup(database, clock)
    assert "chưa tham gia" in await chat.say("giang", "xin chào")
    said = [await chat.say("giang", "ZZZZZZZZZZZZZ") for _ in range(5)]
    assert all("Mã mời không đúng" in text for text in said)
    # the last two tries before the lockout are told; the fifth says until when it lasts
    assert all("lần nữa" not in text for text in said[:2])
    assert "Nếu nhập sai thêm 2 lần nữa, bot sẽ tạm ngừng kiểm tra mã" in said[2]
    assert "Nếu nhập sai thêm 1 lần nữa" in said[3]
    until = clock.now() + timedelta(hours=1, minutes=0)
    local = until.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    ends = f"bot tạm ngừng kiểm tra mã đến {local:%H:%M} ngày {local:%d/%m/%Y}"
    assert ends in said[4]
    locked = await chat.say("giang", admin_code)
    assert "quá nhiều lần" in locked and ends in locked
    clock.advance(timedelta(minutes=61))
    assert "quản trị hệ thống" in await chat.say("giang", admin_code)


async def test_a_code_sent_inside_a_sentence_joins(database: Database, clock: FakeClock) -> None:
    """On Zalo people write "mã mời của tôi là ..." or "Mã: ...": the one code in the sentence
    is used; a long word of letters alone is no code."""
    chat, _admin_code = await setup(database, clock)
    async with database.transaction() as session:
        issued = [
            (
                await invite_from_cli(
                    Repositories(session),
                    role="secretary",
                    scope_text="Chi bộ Thôn 1",
                    now=clock.now(),
                    ttl=timedelta(days=14),
                )
            )[0].code
            for _ in range(8)
        ]
    # a code is read in a sentence when it holds a digit (nearly every code does)
    code, other = [code for code in issued if any(ch.isdigit() for ch in code)][:2]
    assert "chưa tham gia" in await chat.say("hai", "toi khong biet KHONGBIETGIDO la gi")
    said = await chat.say("hai", f"ma la {code} va {other}")  # two codes: which one is not said
    assert "Tin nhắn có 2 mã" in said and "mỗi tin nhắn một mã" in said
    said = await chat.say("hai", f"ma moi {code} , {code.lower()}")  # one code pasted twice
    assert "Chi bộ Thôn 1" in said and "Tin nhắn có" not in said
    said = await chat.say("hai", f"ma moi cua toi la {code.lower()}, cam on")  # again: used
    assert "Tin nhắn có" not in said


async def test_a_code_in_a_sentence_after_a_bare_start(
    database: Database, clock: FakeClock
) -> None:
    """Tapping Start on Telegram sends /start alone and the bot asks for the code; the sentence
    holding it then joined only as a first message or after a wrong code, and was refused here
    «Mã mời không đúng», a try burnt. It is read the same way at all three; words without a
    code are told how to join, not counted as a wrong code."""
    chat, admin_code = await setup(database, clock)
    asked = await chat.say("hai", "/start")
    assert "gửi mã mời" in asked
    assert "chưa tham gia" in await chat.say("hai", "toi chua co ma")
    await chat.say("hai", "/start")
    grouped = "-".join((admin_code[:4], admin_code[4:8], admin_code[8:])).lower()
    said = await chat.say("hai", f"ma moi cua toi la {grouped}")
    assert "quản trị hệ thống" in said and "không đúng" not in said
    async with database.transaction() as session:
        repos = Repositories(session)
        assert await invites.wrong_codes_left(repos, "console", "hai", clock.now()) == 5
        issued, _ = await invite_from_cli(
            repos,
            role="secretary",
            scope_text="Chi bộ Thôn 1",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
    said = await chat.say("ba", f"/start ma moi cua toi la {issued.code}")  # typed after /start
    assert "Chi bộ Thôn 1" in said and "không đúng" not in said


async def test_new_secretary_replaces_the_old_one(database: Database, clock: FakeClock) -> None:
    chat, _ = await setup(database, clock)
    codes = []
    async with database.transaction() as session:
        for _ in range(2):
            issued, _scope = await invite_from_cli(
                Repositories(session),
                role="secretary",
                scope_text="Chi bộ Thôn 1",
                now=clock.now(),
                ttl=timedelta(days=14),
            )
            codes.append(issued.code)
    await chat.say("old", f"/start {codes[0]}")
    await chat.say("new", f"/start {codes[1]}")
    told = [r.text for r in chat.channel.to("old")]
    assert any("đã nhận nhiệm vụ bí thư Chi bộ Thôn 1" in text for text in told)
    assert "(Chi bộ Thôn 1) của đồng chí đã được thu hồi" in await chat.say("old", "/chibo")
    async with database.transaction() as session:
        actions = [e.action for e in await Repositories(session).audit.entries()]
    assert actions.count("role.grant") == 2 and "role.replace" in actions


async def test_a_secretary_code_for_a_cell_with_a_secretary_says_who_steps_down(
    database: Database, clock: FakeClock
) -> None:
    """A secretary code for Chi bộ Thôn 2, which had secretary Tu, said nothing of him; when
    the code was used, Tu lost the role. The reply with the code now says so; a deputy code,
    which replaces nobody, and a code for a cell without a secretary say nothing."""
    chat, admin_code = await setup(database, clock)
    await chat.say("anh", f"/start {admin_code}")
    async with database.transaction() as session:
        issued, _scope = await invite_from_cli(
            Repositories(session),
            role="secretary",
            scope_text="Chi bộ Thôn 2",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
    await chat.say("tu", f"/start {issued.code}")
    note = (
        "Lưu ý: Chi bộ Thôn 2 đang có bí thư là đồng chí Tu; khi mã này được dùng, "
        "đồng chí Tu sẽ thôi vai trò bí thư chi bộ."
    )
    said: dict[tuple[str, str], str] = {}
    for role, cell in (
        ("secretary", "Chi bộ Thôn 2"),
        ("deputy", "Chi bộ Thôn 2"),
        ("secretary", "Chi bộ Thôn 3"),
    ):
        await chat.send("anh", "/moi")
        await chat.send("anh", choice=role)
        said[role, cell] = await chat.say("anh", cell)
        code_in(said[role, cell])
    assert note in said["secretary", "Chi bộ Thôn 2"]
    assert "Lưu ý" not in said["deputy", "Chi bộ Thôn 2"]
    assert "Lưu ý" not in said["secretary", "Chi bộ Thôn 3"]
    await chat.say("moi", f"/start {code_in(said['secretary', 'Chi bộ Thôn 2'])}")
    assert any("đã nhận nhiệm vụ bí thư Chi bộ Thôn 2" in r.text for r in chat.channel.to("tu"))


async def test_revoke_language_cancel_and_unknown(database: Database, clock: FakeClock) -> None:
    chat, admin_code = await setup(database, clock)
    await chat.say("anh", f"/start {admin_code}")
    async with database.transaction() as session:
        issued, _ = await invite_from_cli(
            Repositories(session),
            role="secretary",
            scope_text="Chi bộ Thôn Đông Hòa",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
    await chat.say("hoa", f"/start {issued.code}")

    replies = await chat.send("anh", "/thuhoi")
    assert any("Hoa" in c.label for c in replies[-1].choices)
    replies = await chat.send("anh", "Hoa")
    assert "Thu hồi quyền" in replies[-1].text
    assert "Đã thu hồi" in await chat.say("anh", "1")
    told = [r.text for r in chat.channel.to("hoa")]
    assert told[-1] == (
        "Quyền bí thư chi bộ (Chi bộ Thôn Đông Hòa) của đồng chí đã được Đảng bộ xã Hòa Bình thu "
        "hồi. Nếu có nhầm lẫn, đồng chí liên hệ Đảng bộ xã Hòa Bình."
    )

    assert "không có lệnh /xyz" in (await chat.say("anh", "/xyz")).lower()
    assert "Đã hủy" in await chat.say("anh", "/huy")
    await chat.send("anh", "/ngonngu")
    assert "Language set to English." in await chat.say("anh", "English")
    assert "Commands for you" in await chat.say("anh", "/trogiup")
    assert "Đã chuyển sang tiếng Việt." in await chat.say("anh", "/ngonngu vi")


async def test_admin_creates_org_and_cell_in_chat(database: Database, clock: FakeClock) -> None:
    chat, admin_code = await setup(database, clock)
    await chat.say("anh", f"/start {admin_code}")
    await chat.send("anh", "/taodonvi")
    await chat.send("anh", "1")
    assert "Đã tạo: Đảng bộ phường Mới" in await chat.say("anh", "Đảng bộ phường Mới")
    await chat.send("anh", "/taochibo")
    await chat.send("anh", "Đảng bộ phường Mới")
    await chat.send("anh", "Chi bộ Khu phố 1")
    assert "số nguyên" in await chat.say("anh", "nhiều lắm")
    for too_few, read in (("2", "2"), ("0", "0"), ("hai", "2")):
        said = await chat.say("anh", too_few)
        assert f"ít nhất 3 đảng viên chính thức, không thể là {read}" in said, said
    await chat.send("anh", "hai mươi mốt")  # in words, as the report reads a count
    assert "từ 1 đến 31" in await chat.say("anh", "40")
    assert "Đã tạo: Chi bộ Khu phố 1" in await chat.say("anh", "5")
    async with database.transaction() as session:
        cells = await Repositories(session).orgs.find_cells("Chi bộ Khu phố 1")
    assert cells[0].members_on_roll == 21


async def test_a_cell_named_like_another_of_the_organisation_is_refused(
    database: Database, clock: FakeClock
) -> None:
    """«Chi bo Thon 1» was taken beside «Chi bộ Thôn 1» of the same đảng bộ, and every lookup
    by name became ambiguous: refused as /taodonvi refuses such a name, the name asked again;
    «muoi lam» on the roll is 15, as in a report."""
    chat, admin_code = await setup(database, clock)
    await chat.say("anh", f"/start {admin_code}")
    await chat.send("anh", "/taochibo")
    await chat.send("anh", "Đảng bộ xã Hòa Bình")
    for typed in ("Chi bo Thon 1", "chi bộ  THÔN 1"):
        said = await chat.say("anh", typed)
        assert "Đã có Chi bộ Thôn 1 trong Đảng bộ xã Hòa Bình" in said, said
    await chat.send("anh", "Chi bộ Thôn 1B")
    await chat.send("anh", "muoi lam")
    assert "Đã tạo: Chi bộ Thôn 1B" in await chat.say("anh", "3")
    async with database.transaction() as session:
        repos = Repositories(session)
        assert len(await repos.orgs.find_cells("Chi bộ Thôn 1")) == 1
        assert (await repos.orgs.find_cells("Chi bộ Thôn 1B"))[0].members_on_roll == 15


async def test_an_organisation_named_like_another_is_refused(
    database: Database, clock: FakeClock
) -> None:
    chat, admin_code = await setup(database, clock)
    await chat.say("anh", f"/start {admin_code}")
    for typed in ("Đảng bộ xã Hòa Bình", "dang bo xa  HOA BINH"):
        await chat.send("anh", "/taodonvi")
        await chat.send("anh", "1")
        said = await chat.say("anh", typed)
        assert "Đã có tổ chức tên Đảng bộ xã Hòa Bình" in said, said
        assert "Đã tạo" not in said
        await chat.send("anh", "/huy")
    await chat.send("anh", "/taodonvi")
    await chat.send("anh", "1")
    assert "Đã tạo: Đảng bộ xã Hòa Bình, huyện Mới" in await chat.say(
        "anh", "Đảng bộ xã Hòa Bình, huyện Mới"
    )
    async with database.transaction() as session:
        names = [o.name for o in await Repositories(session).orgs.orgs()]
    assert len(names) == len({n.lower() for n in names})


async def test_help_and_the_figures_template_say_what_works_on_each_app(
    database: Database, clock: FakeClock
) -> None:
    """Zalo has no buttons and takes no files: the help says to type the number, the officer's
    /solieu says where a changed template can be sent back."""
    async with database.transaction() as session:
        repos = Repositories(session)
        await load_demo(repos, clock.now())
        codes = {}
        for role, scope in (("secretary", "Chi bộ Thôn 1"), ("officer", "Đảng bộ xã Hòa Bình")):
            issued, _ = await invite_from_cli(
                repos, role=role, scope_text=scope, now=clock.now(), ttl=timedelta(days=14),
                uses=2,
            )
            codes[role] = issued.code
    said: dict[str, dict[str, str]] = {}
    for app in ("zalo", "telegram"):
        chat = build_harness(database, clock, channel_name=app)
        await chat.say("lan", f"/start {codes['secretary']}")
        await chat.say("binh", f"/start {codes['officer']}")
        said[app] = {
            "help": await chat.say("lan", "/trogiup"),
            "figures": await chat.say("binh", "/solieu"),
            "template": await chat.say("binh", "2"),
        }
    assert "trả lời từng câu (gõ số thứ tự của câu trả lời)" in said["zalo"]["help"]
    assert "bấm nút" not in said["zalo"]["help"]
    assert "trả lời từng câu (bấm nút hoặc gõ số thứ tự)" in said["telegram"]["help"]
    assert "gửi lại tại đây" not in said["zalo"]["figures"]
    assert "chỉ gửi lại được trên Telegram: ở đây bot không nhận tệp" in said["zalo"]["figures"]
    assert "sửa rồi gửi lại tại đây" in said["telegram"]["figures"]
    assert "rồi gửi tệp cho bot trên Telegram: ở đây bot không nhận tệp" in said["zalo"]["template"]
    assert "rồi gửi lại tệp tại đây" in said["telegram"]["template"]


async def test_a_code_typed_in_groups_joins_and_a_near_code_is_told_wrong(
    database: Database, clock: FakeClock
) -> None:
    """On Zalo the code is the first message, often copied in groups ("WY48 1383 SZ82F"): it
    joins in any case; a message that is plainly a code with a character too many or too few
    is told «Mã mời không đúng», a sentence with a date still gets the hint."""
    chat, _admin_code = await setup(database, clock)
    async with database.transaction() as session:
        issued = [
            (
                await invite_from_cli(
                    Repositories(session),
                    role="secretary",
                    scope_text="Chi bộ Thôn 1",
                    now=clock.now(),
                    ttl=timedelta(days=14),
                )
            )[0].code
            for _ in range(10)
        ]
    # split 4-4-5, nearly every code has a group of letters and digits (needed inside a
    # sentence; alone, a digit anywhere); the rare rest are read in one piece or with dashes
    mixed = re.compile(r"[A-Z].*[0-9]|[0-9].*[A-Z]")
    first, second, third = [
        code for code in issued if any(mixed.search(g) for g in (code[:4], code[4:8], code[8:]))
    ][:3]
    spaced = f"{first[:4]} {first[4:8]} {first[8:]}"
    assert "Chi bộ Thôn 1" in await chat.say("hai", spaced)
    lower = f"{second[:4]} {second[4:8]} {second[8:]}".lower()
    assert "Chi bộ Thôn 1" in await chat.say("ba", lower)
    said = await chat.say("nam", f"ma cua toi la {third[:4]} {third[4:8]} {third[8:]}, cam on")
    assert "Chi bộ Thôn 1" in said
    assert "Mã mời không đúng" in await chat.say("tu", "WY48 1383 SZ82")  # 12 characters
    assert "Mã mời không đúng" in await chat.say("tu", "WY481383SZ82FK")  # 14 characters
    assert "Mã mời không đúng" in await chat.say("sau", "ZZZZ 1234 ABCD")  # no group mixes
    assert "chưa tham gia" in await chat.say("tu", "hop ngay 20 thang 11")
    for sentence in ("xem bao cao 2026", "bao cao nam 2026", "nghi quyet 2026"):
        assert "Mã mời" not in await chat.say("bay", sentence)  # no code: no wrong guess
    # «nam» holds Thôn 1 now (each join replaced the one before): her words are questions
    assert "Mã mời" not in await chat.say("nam", "xem bao cao 2026")
    assert "Mã mời" not in await chat.say("nam", "ABCDEFGHJKMNQ")  # 13 letters, no code given
    async with database.transaction() as session:
        invites_repo = Repositories(session).invites
        since = clock.now() - timedelta(hours=1)
        assert not await invites_repo.failure_times("console", "nam", since)
        assert not await invites_repo.failure_times("console", "bay", since)


async def test_a_code_of_letters_only_sent_again_alone_by_its_holder_is_still_a_code(
    database: Database, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One code in a hundred has no digit: sent alone by someone who has joined, it is the
    code (found among those given out), not a plan question; a word of 13 letters that is no
    code stays a question."""
    chat, _admin_code = await setup(database, clock)
    monkeypatch.setattr(invites, "new_code", lambda: "ABCDEFGHJKMNP")
    async with database.transaction() as session:
        issued, _ = await invite_from_cli(
            Repositories(session),
            role="secretary",
            scope_text="Chi bộ Thôn 2",
            now=clock.now(),
            ttl=timedelta(days=14),
        )
    assert issued.code == "ABCDEFGHJKMNP"
    assert "được ghi nhận" in await chat.say("dung", issued.code)
    again = await chat.say("dung", issued.code.lower())
    assert again.startswith("Đồng chí đã có vai trò này: bí thư chi bộ, Chi bộ Thôn 2."), again
    assert "vai trò" not in await chat.say("dung", "ABCDEFGHJKMNQ")


async def test_an_officer_of_many_cells_invites_by_typing_the_cells_name(
    database: Database, clock: FakeClock
) -> None:
    """More than 20 cells are not listed (several messages of choices on Zalo): the name is
    typed, diacritics optional; several matches are listed, none is said."""
    chat, admin_code = await setup(database, clock)
    async with database.transaction() as session:
        repos = Repositories(session)
        org = (await repos.orgs.orgs())[0]
        for number in range(10, 26):
            await repos.orgs.add_cell(org, f"Chi bộ Tổ dân phố {number}", now=clock.now())
    await chat.say("anh", f"/start {admin_code}")
    await chat.say("anh", "/moi")
    replies = await chat.send("anh", "1")  # secretary
    assert not replies[-1].choices
    assert replies[-1].text.endswith(
        "Đồng chí gõ tên chi bộ (có dấu hay không dấu đều được), ví dụ: thon dong hoa"
    )
    said = await chat.say("anh", "khu pho 99")
    assert said == "Không có chi bộ nào tên «khu pho 99». Đồng chí gõ lại tên:"
    replies = await chat.send("anh", "to dan pho 1")
    assert replies[-1].text.startswith("Có 10 chi bộ khớp với «to dan pho 1». Đồng chí chọn")
    labels = [c.label for c in replies[-1].choices]
    assert "Chi bộ Tổ dân phố 12" in labels and "Chi bộ Thôn 1" not in labels
    said = await chat.say("anh", str(labels.index("Chi bộ Tổ dân phố 12") + 1))
    assert "bí thư chi bộ, Chi bộ Tổ dân phố 12:" in said
    code_in(said)
    # a name that names one cell issues at once
    await chat.say("anh", "/moi")
    await chat.say("anh", "1")
    said = await chat.say("anh", "thon dong hoa")
    assert "bí thư chi bộ, Chi bộ Thôn Đông Hòa:" in said
