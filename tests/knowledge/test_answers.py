"""Answers on the demo plan: identity, a body's tasks, parts by name, small talk, whose plan."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import replace
from datetime import date

import pytest

from core.i18n import Catalogs
from handlers.plan_answers import near_labels, render
from knowledge import ParsedPlan, PlanIndex, parse_plan
from knowledge.answers import (
    EVERYONE,
    AnswerKind,
    Asker,
    ItemKind,
    about_other_document,
    about_party_work,
    answer,
    identity_fields,
    inside_other_document,
    owner_asked,
    small_talk,
    without_introduction,
)
from knowledge.asking import asked_part, named_body
from knowledge.everyday_words import rewritten, typed_spellings
from knowledge.index import states_baseline
from knowledge.outside import ANY_KIND, asked_document_kinds, cited_documents
from knowledge.routing import read_intent
from knowledge.textnorm import fold_key

TODAY = date(2026, 11, 24)


@pytest.fixture(scope="module")
def texts() -> object:
    translator = Catalogs().translator("vi")
    return lambda index, question, asker=EVERYONE: [
        render(translator, item) for item in answer(index, question, TODAY, asker).items
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ai ký kế hoạch này", ["signer"]),
        ("ke hoach ban hanh ngay nao", ["date"]),
        ("số hiệu kế hoạch", ["number"]),
        ("kế hoạch gửi cho ai", ["recipients"]),
        ("KH nay co gui huyen uy khong", ["recipients"]),
        ("do ai ban hanh", ["issuer"]),
        ("ke hoach thuc hien ke hoach nao cua huyen", ["basis"]),
        ("kh 74 là do cơ quan nào xây dựng", ["issuer"]),
        ("KE HOACH SO 127 LA CUA DANG UY NAO", ["issuer"]),
        ("ke hoach 127 ngay thang nao", ["date"]),
        ("Kế hoạch số 127-KH/ĐUK do đồng chí nào ký?", ["signer"]),
        ("dong chi ky kh KL38 giu chuc vu gi", ["signer"]),
        ("Đồng chí Lê Bình Thanh ký CTr Tây Sơn với tư cách gì", ["signer"]),
        ("KH 74 ngày mấy", ["date"]),
        ("Ia Hiao gui ke hoach NQ21 cho nhung noi nao", ["recipients"]),
        ("Tên đầy đủ của chương trình hành động huyện là gì", ["title"]),
        ("trích yếu của KH 74", ["title"]),
        # the number asked is that of the document carried out
        ("Kế hoạch 127 thực hiện kế hoạch số mấy của BTV Tỉnh ủy?", ["basis"]),
        ("ngày mấy họp chi bộ", []),
        ("kh 74 là số bao nhiêu", ["number"]),
        ("Tây Sơn: báo cáo kết quả thực hiện chương trình gửi cho ai", []),
        ("ĐUK các trường ĐH Hà Nội làm KH thực hiện NQ21 số mấy", ["number"]),
        ("dang uy khoi ninh thuan truc thuoc dang bo nao", ["issuer"]),
        ("chi bộ thuộc đảng bộ nào thì phải báo cáo", []),
        ("Xổ số miền Nam hôm nay ra số mấy", []),
        ("KH 127: quy định về những điều đảng viên không được làm là quy định số mấy", []),
        ("nhiệm kỳ của chi ủy", []),
        ("đảng viên được ký kết hợp đồng không", []),
        ("ke hoach 74 cua ai ve ket nap", []),
        ("đồng chí nào phụ trách việc kết nạp", []),
        # the plan named first, its number asked last
        ("ke hoach nq21 cua dang uy khoi co quan doanh nghiep tinh ninh thuan so may", ["number"]),
        ("chuong trinh hanh dong 2020-2025 cua huyen gui toi dau", ["recipients"]),
        # a part's title, not the plan's
        ("chương trình hành động tây sơn phần nhiệm vụ giải pháp tên là gì", []),
        ("kết luận 38 của cơ quan nào, ký ngày nào", ["date"]),
        ("Đồng chí Lê Bình Thanh ký CTr Tây Sơn với danh nghĩa gì", ["signer"]),
        # the copy kept ("Lưu VP ĐU") is in the "Nơi nhận" list
        ("ban luu kh 21 cua dang uy xa ia hiao de o dau", ["recipients"]),
        ("kh 127 luu o dau", ["recipients"]),
        ("lưu hồ sơ đảng viên ở đâu", []),
        ("hồ sơ đảng viên lưu ở đâu", []),
        ("văn bản lưu hành nội bộ ở đâu", []),
        ("các ban lưu ý những gì khi triển khai kh 74", []),
        # "chu kỳ" (a cycle) is no "chữ ký"
        ("kiểm điểm đánh giá xếp loại làm theo chu kỳ nào trong kh 127", []),
        ("chu ky may thang bao cao mot lan", []),
        ("chu kỳ sinh hoạt chi bộ là bao lâu", []),
        ("chu ky kiem tra dang vien the nao", []),
        ("kế hoạch có chu kỳ không", []),
        ("chu ky cuoi kh 74 la ai", ["signer"]),
        ("kh 127 có chữ ký của ai", ["signer"]),
        # "số bao nhiêu" at the end asks the number, unless a figure is asked
        ("ke hoach thuc hien nq21 cua dang uy khoi ninh thuan so bao nhieu", ["number"]),
        ("kế hoạch kết nạp đảng viên năm 2025 phải đạt số bao nhiêu", []),
        ("kế hoạch tăng số bao nhiêu", []),
        # "ngày nào ban hành" asks the date, however long the plan's name before it
        ("kế hoạch 127 của đảng ủy khối cơ quan doanh nghiệp ninh thuận ngày nào ban hành", ["date"]),
        ("ctr tay son nam nao ban hanh", ["date"]),
        ("kh 74 bao gio duoc ban hanh", ["date"]),
        ("kh 74 do co quan nao ban hanh", ["issuer"]),
    ],
)
def test_identity_questions_are_read_any_way(question: str, expected: list[str]) -> None:
    assert list(identity_fields(fold_key(question))) == expected


def test_identity_answers_quote_the_document(demo_index: PlanIndex, texts) -> None:  # type: ignore[no-untyped-def]
    signer = texts(demo_index, "ai ky ke hoach nay")[0]
    assert "Nguyễn Văn Minh" in signer and "T/M BAN THƯỜNG VỤ" in signer
    issued = texts(demo_index, "Kế hoạch 15 ban hành ngày nào?")[0]
    assert "10/03/2026" in issued and "ngày 10 tháng 3 năm 2026" in issued
    assert "thứ Ba" in issued
    number = texts(demo_index, "so hieu ke hoach")[0]
    assert "15-KH/ĐU" in number
    title = texts(demo_index, "tên đầy đủ của kế hoạch này là gì")[0]
    assert "Tên đầy đủ:" in title
    assert demo_index.plans[0].identity.title
    assert demo_index.plans[0].identity.title[:40] in title
    recipients = texts(demo_index, "kế hoạch gửi những đâu")[0]
    assert "• Ban Thường vụ Huyện ủy (để b/c)," in recipients
    basis = texts(demo_index, "KH 15 thuc hien ke hoach nao cua huyen uy")[0]
    assert "88-KH/HU" in basis


def test_an_unknown_identity_field_says_so(texts) -> None:  # type: ignore[no-untyped-def]
    plan = parse_plan(
        "KẾ HOẠCH\nthực hiện chuyên đề\n\nI- MỤC ĐÍCH\n\n1. Nâng cao chất lượng sinh hoạt.\n",
        document_id="bare",
    )
    index = PlanIndex.build([plan])
    text = texts(index, "ai ký kế hoạch này")[0]
    assert "Văn bản không ghi người ký" in text


def test_a_bodys_tasks_are_listed_with_timing_and_section(demo_index: PlanIndex, texts) -> None:  # type: ignore[no-untyped-def]
    for question in ("nhiem vu cua UBKT", "Ủy ban Kiểm tra có nhiệm vụ gì?", "ubkt dang uy lam gi"):
        first = texts(demo_index, question)[0]
        assert first.startswith("Nhiệm vụ của Ủy ban Kiểm tra Đảng ủy (KH 15-KH/ĐU):"), question
        assert "tháng 11/2026" in first and "(mục IV.2)" in first
    cells = texts(demo_index, "cac chi bo truc thuoc phai lam gi")[0]
    assert cells.count("• ") == 4
    # the passage holding that one task, and nothing more, is not offered again beside it
    others = texts(demo_index, "nhiem vu cua uy ban kiem tra")[1:]
    assert others and not any(text.endswith("(KH 15-KH/ĐU, mục IV.2)") for text in others)


def test_a_bodys_tasks_quote_the_plans_heading_for_it(texts) -> None:  # type: ignore[no-untyped-def]
    # A heading of its own ("2. Ủy ban nhân dân xã:") stands above the body's tasks; a heading
    # the task follows on the same line ("3.1 Văn phòng Đảng ủy: Tham mưu ...") leads its line.
    plan = parse_plan(
        "KẾ HOẠCH\nthực hiện chuyên đề\n\nI. NHIỆM VỤ\n\n1. Nâng cao chất lượng sinh hoạt.\n\n"
        "II. TỔ CHỨC THỰC HIỆN\n\n"
        "1. Ủy ban nhân dân xã:\n"
        "- Bố trí kinh phí cho các chi bộ thôn sinh hoạt (hoàn thành trong tháng 6/2026).\n"
        "- Hỗ trợ phụ cấp cho bí thư chi bộ kiêm trưởng thôn.\n\n"
        "2. Các ban của Đảng ủy\n\n"
        "2.1 Văn phòng Đảng ủy: Tham mưu ứng dụng công nghệ thông tin trong công tác đảng.\n",
        document_id="bodies",
    )
    index = PlanIndex.build([plan])
    council = texts(index, "ubnd xa phai lam gi")[0]
    lines = council.splitlines()
    assert lines[1] == "1. Ủy ban nhân dân xã:", council
    assert lines[2].startswith("• Bố trí kinh phí") and lines[3].startswith("• Hỗ trợ phụ cấp")
    office = texts(index, "van phong dang uy nhiem vu la gi")[0]
    assert office.splitlines()[1].startswith(
        "• 2.1 Văn phòng Đảng ủy: Tham mưu ứng dụng công nghệ thông tin"
    ), office
    # a line holding two tasks: the second is not led by the first
    item = answer(index, "van phong dang uy nhiem vu la gi", TODAY).items[0]
    first = item.tasks[0]
    other = replace(first, task=replace(first.task, text="Lưu trữ hồ sơ đảng viên của chi bộ."))
    line = f"2.1 Văn phòng Đảng ủy: {first.task.text} {'Mở sổ theo dõi. ' * 20}{other.task.text}"
    both = replace(item, tasks=(first, other), lines=(line, line))
    shown = render(Catalogs().translator("vi"), both).splitlines()
    assert shown[1].startswith("• 2.1 Văn phòng Đảng ủy: Tham mưu")
    assert shown[2].startswith("• Lưu trữ hồ sơ đảng viên")


def test_a_part_asked_by_name(demo_index: PlanIndex, texts) -> None:  # type: ignore[no-untyped-def]
    first = texts(demo_index, "mục đích yêu cầu của kế hoạch")[0]
    assert first.startswith("I. MỤC ĐÍCH, YÊU CẦU (KH 15-KH/ĐU, mục I):")
    assert "Quán triệt sâu sắc" in first


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("xin chào", AnswerKind.GREETING),
        ("Chào đồng chí!", AnswerKind.GREETING),
        ("alo co ai khong", AnswerKind.GREETING),
        ("alo, có ai ở đó ko", AnswerKind.GREETING),
        ("xin chao ca nha", AnswerKind.GREETING),
        ("chào mọi người", AnswerKind.GREETING),
        ("cam on dong chi nhiu nha", AnswerKind.THANKS),
        ("chào các bác, cho hỏi chỉ tiêu kết nạp", None),
        ("cảm ơn nhiều nhé", AnswerKind.THANKS),
        ("ok", AnswerKind.THANKS),
        ("ok cam on dc", AnswerKind.THANKS),
        ("cảm ơn đ/c nhé", AnswerKind.THANKS),
        ("chào đồng chí, nhiệm vụ của UBKT", None),
        ("ai", None),
        ("bot ơi", AnswerKind.GREETING),
        ("xin chào, tôi là bí thư chi bộ thôn 2", AnswerKind.GREETING),
        ("Dạ em chào đồng chí, em ở xã Hòa Bình", AnswerKind.GREETING),
        ("chào đồng chí, tôi là bí thư, chỉ tiêu kết nạp là bao nhiêu", None),
        ("tôi là bí thư chi bộ thôn 2", None),
        ("bot ơi cho hỏi chỉ tiêu kết nạp", None),
        ("tạm biệt đồng chí", AnswerKind.FAREWELL),
        ("bye, mai hoi tiep", AnswerKind.FAREWELL),
        ("mai hỏi tiếp", None),
        ("bye nhé", AnswerKind.FAREWELL),
        ("hen gap lai", AnswerKind.FAREWELL),
        ("chào buổi sáng", AnswerKind.GREETING),
        ("chúc đồng chí ngày mới tốt lành", AnswerKind.GREETING),
        ("ok cảm ơn, chúc sức khỏe", AnswerKind.THANKS),
        ("Cảm ơn nhé, rất hữu ích", AnswerKind.THANKS),
        ("thank you bot, giup nhieu lam", AnswerKind.THANKS),
        ("giúp tôi chỉ tiêu kết nạp", None),
        ("rất hữu ích", None),
        ("sáng mai họp chi bộ mấy giờ", None),
        ("chỉ tiêu năm mới", None),
        ("chào buổi tối", AnswerKind.GREETING),
        ("good night", AnswerKind.FAREWELL),
        ("hế lô bot", AnswerKind.GREETING),
        ("chúc mừng năm mới", AnswerKind.GREETING),
        ("bot ơi có đó không", AnswerKind.GREETING),
        # laughter, "ừ", an emoji: an acknowledgement
        ("hihi", AnswerKind.THANKS),
        ("ừ", AnswerKind.THANKS),
        ("👍", AnswerKind.THANKS),
        (":)", AnswerKind.THANKS),
        ("123", None),
        # wishes and thanks in whole sentences
        ("chào chibo, chúc một ngày tốt lành", AnswerKind.GREETING),
        ("hi bot, have a nice day", AnswerKind.GREETING),
        ("chào buổi sáng, chúc đồng chí làm việc vui vẻ", AnswerKind.GREETING),
        ("good evening", AnswerKind.GREETING),
        ("cám ơn bot đã giúp đỡ", AnswerKind.THANKS),
        ("ok cảm ơn đã giải đáp", AnswerKind.THANKS),
        ("cảm ơn bot, thông tin rất hữu ích", AnswerKind.THANKS),
        ("mình cảm ơn nhiều nha", AnswerKind.THANKS),
        ("tuyệt vời", AnswerKind.THANKS),
        ("làm việc hiệu quả", None),
        ("chúc chi bộ làm việc hiệu quả và kết nạp nhiều đảng viên", None),
        ("đã trả lời chưa", None),
        # what the bot is and does
        ("bot làm được gì", AnswerKind.ABOUT),
        ("bạn là ai", AnswerKind.ABOUT),
        ("bot ten gi vay", AnswerKind.ABOUT),
        # whether anyone is there, or leave to ask: a greeting
        ("có ai không", AnswerKind.GREETING),
        ("bot còn đó không", AnswerKind.GREETING),
        ("alo co ai truc khong", AnswerKind.GREETING),
        ("ê bot", AnswerKind.GREETING),
        ("cho hỏi chút", AnswerKind.GREETING),
        ("mình hỏi chút được không", AnswerKind.GREETING),
        ("thank you so much", AnswerKind.THANKS),
        ("có ai ở xã Ia Hiao không", None),
        ("cho hỏi chỉ tiêu kết nạp", None),
        ("em hỏi tí về đảng phí", None),
        ("em tên là gì thế", AnswerKind.ABOUT),
        ("giúp tôi với", AnswerKind.ABOUT),
        ("xin chào bot, tôi cần giúp đỡ", AnswerKind.ABOUT),
        ("chào, tôi cần giúp đỡ về kết nạp đảng viên", None),
        ("hướng dẫn sử dụng", AnswerKind.ABOUT),
        ("what can you do", AnswerKind.ABOUT),
        ("bí thư là ai", None),
        ("hướng dẫn sinh hoạt chi bộ", None),
        ("giúp tôi tìm chỉ tiêu kết nạp", None),
        ("bot làm được gì về chỉ tiêu kết nạp", None),
        # how are you
        ("bot oi khoe ko", AnswerKind.GREETING),
        ("dạo này đồng chí vẫn khỏe chứ", AnswerKind.GREETING),
        ("sức khỏe yếu có được miễn sinh hoạt không", None),
    ],
)
def test_small_talk(text: str, kind: AnswerKind | None) -> None:
    assert small_talk(fold_key(text).strip(" ?.!")) == kind


def test_greetings_before_a_question_do_not_hide_it(demo_index: PlanIndex) -> None:
    result = answer(demo_index, "Chào đồng chí, nhiệm vụ của UBKT là gì?", TODAY)
    assert result.kind is AnswerKind.FOUND
    assert result.items[0].kind is ItemKind.OWNER_TASKS


@pytest.mark.parametrize(
    "question",
    [
        "kết quả bóng đá Việt Nam Thái Lan",
        "tỷ giá USD hôm nay",
        "thời tiết Hòa Bình ngày mai",
        "cach nau pho bo ngon",
    ],
)
def test_questions_about_something_else_are_not_found(demo_index: PlanIndex, question: str) -> None:
    assert answer(demo_index, question, TODAY).kind is AnswerKind.NOT_FOUND


@pytest.mark.parametrize(
    ("question", "asked", "introduction"),
    [
        (
            "Dạ em chào đồng chí, em là bí thư chi bộ thôn, cho em hỏi chỉ tiêu kết nạp ạ?",
            "chỉ tiêu kết nạp ạ?",
            "Dạ em chào đồng chí, em là bí thư chi bộ thôn, cho em hỏi",
        ),
        (
            "Chi bộ tôi thuộc xã Hòa Bình, sinh hoạt thế nào?",
            "sinh hoạt thế nào?",
            "Chi bộ tôi thuộc xã Hòa Bình,",
        ),
        ("toi o huyen uy, ai ky ke hoach", "ai ky ke hoach", "toi o huyen uy,"),
        ("xin hỏi: nhiệm vụ của UBKT", "nhiệm vụ của UBKT", "xin hỏi:"),
        ("nhiệm vụ của UBKT", "nhiệm vụ của UBKT", ""),
        ("tôi là bí thư chi bộ thì phải làm gì", "tôi là bí thư chi bộ thì phải làm gì", ""),
    ],
)
def test_the_question_is_read_without_who_is_speaking(
    question: str, asked: str, introduction: str
) -> None:
    assert asked_part(question) == (asked, introduction)


def test_the_place_an_asker_introduces_still_names_the_plan(demo_index: PlanIndex) -> None:
    asked, folded = without_introduction(
        demo_index, "em ở xã Hòa Bình, cho em hỏi chỉ tiêu kết nạp đảng viên", "ignored"
    )
    assert asked.startswith("chỉ tiêu kết nạp đảng viên (") and "hoa binh" in asked
    assert folded.startswith("chi tieu ket nap dang vien")
    plain = demo_index.search("chỉ tiêu kết nạp đảng viên").hits[0]
    assert demo_index.search(asked).hits[0].passage == plain.passage


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết 57 về khoa học công nghệ nói gì?",
        "Kế hoạch số 200-KH/ĐUK là kế hoạch gì",
        "Nghị quyết 21 năm 2025 có gì mới",  # the plan cites the one of 2022
        "Đà Nẵng đặt chỉ tiêu kết nạp đảng viên bao nhiêu?",
        "chỉ tiêu kết nạp của tỉnh ủy Quảng Ngãi",
        "tỉnh Bình Dương có kế hoạch gì về kết nạp đảng viên",
    ],
)
def test_a_document_or_name_no_plan_has_is_not_found(demo_index: PlanIndex, question: str) -> None:
    assert answer(demo_index, question, TODAY).kind is AnswerKind.NOT_FOUND


@pytest.mark.parametrize(
    "question",
    [
        "Nghị quyết 21 năm 2022 nói gì về kết nạp đảng viên",
        "nq21 chi tieu ket nap",
        "KH 15 chỉ tiêu kết nạp đảng viên",
        "Chỉ tiêu kết nạp của xã Hòa Bình",
        "CHỈ TIÊU KẾT NẠP ĐẢNG VIÊN NĂM 2025",
        "Chỉ Tiêu Kết Nạp Đảng Viên",
    ],
)
def test_documents_and_names_the_plans_have_are_searched(
    demo_index: PlanIndex, question: str
) -> None:
    assert answer(demo_index, question, TODAY).kind is AnswerKind.FOUND


def test_a_place_someone_works_or_goes_to_is_no_name_the_plans_must_have(
    demo_index: PlanIndex,
) -> None:
    outside = demo_index.outside
    assert not outside.unknown_name("đảng viên đi làm ăn xa ở Bình Dương thì sinh hoạt thế nào")
    assert not outside.unknown_name("con em vào Sài Gòn làm công ty thì quản lý ra sao")
    assert outside.unknown_name("tỉnh Bình Dương có kế hoạch gì về kết nạp đảng viên")
    assert outside.unknown_name("đồng chí Trịnh Thị Mơ ở thôn nào")


def test_a_province_no_plan_writes_is_known_typed_in_lower_case(demo_index: PlanIndex) -> None:
    assert demo_index.outside.unknown_province("ke hoach thuc hien nghi quyet 21 cua tinh nghe an")
    assert demo_index.outside.unknown_province("chi tieu ket nap cua tp da nang")
    assert demo_index.outside.unknown_province("ke hoach cua tinh uy quang nam co chi tieu gi")
    # a place where someone goes is no province asked about; a province the plans write is known
    assert not demo_index.outside.unknown_province("dang vien di lam an o nghe an")
    assert answer(demo_index, "kế hoạch của tỉnh Nghệ An", TODAY).kind is AnswerKind.NOT_FOUND


def test_a_plan_naming_a_body_by_its_abbreviation_writes_it() -> None:
    plan = parse_plan(
        "KẾ HOẠCH SỐ 15-KH/ĐU\nthực hiện chuyên đề\n\nI. NHIỆM VỤ\n\n"
        "1. Đề nghị UBND xã bố trí kinh phí cho các chi bộ thôn sinh hoạt.\n"
        "2. Nâng cao chất lượng sinh hoạt chi bộ.\n",
        document_id="abbreviated",
    )
    index = PlanIndex.build([plan])
    assert index.writes("abbreviated", "uy ban nhan dan")
    assert not index.writes("abbreviated", "uy ban kiem tra")
    asked = answer(index, "kế hoạch 15 giao UBND xã làm gì", TODAY)
    assert asked.kind is AnswerKind.FOUND


def test_news_is_in_no_plan_unless_a_plan_writes_the_words(demo_index: PlanIndex) -> None:
    for question in (
        "tin tuc moi nhat ve bao so 3",
        "bản tin sáp nhập tỉnh mới nhất",
        "thời sự hôm nay có gì về kết nạp đảng viên",
    ):
        assert answer(demo_index, question, TODAY).kind is AnswerKind.NOT_FOUND, question
    plan = parse_plan(
        "KẾ HOẠCH\nthực hiện chuyên đề\n\nI. NHIỆM VỤ\n\n"
        "1. Chi bộ thông tin các vấn đề thời sự cho đảng viên tại mỗi kỳ sinh hoạt.\n"
        "2. Nâng cao chất lượng sinh hoạt chi bộ.\n",
        document_id="news",
    )
    assert not demo_index.outside.asks_news("thong tin tuc thoi ve nghi quyet")
    writes = PlanIndex.build([plan])
    assert not writes.outside.asks_news("chi bo thong tin thoi su cho dang vien the nao")
    found = answer(writes, "chi bo thong tin thoi su cho dang vien the nao", TODAY)
    assert found.kind is AnswerKind.FOUND


def test_daily_life_is_in_no_plan_unless_a_plan_writes_it(demo_index: PlanIndex) -> None:
    for question in (
        "dat ve tau ha noi sai gon",
        "Hưng Yên nổi tiếng với đặc sản gì?",
        "hoc phi truong dai hoc quoc gia",
        "gia lua hom nay o xa hoa binh",
        "lich thi dau bong da cua doi tuyen",
    ):
        assert demo_index.outside.asks_daily_life(fold_key(question)), question
        assert answer(demo_index, question, TODAY).kind is AnswerKind.NOT_FOUND, question
    # folded, these are plan words: "lo đề án", "cơ quan an ninh", "hợp lý hơn", "đạt phong trào"
    for question in (
        "ban nao lo de an phat trien dang",
        "co quan an ninh phoi hop the nao",
        "phan cong hop ly hon ra sao",
        "chi bo dat phong trao gi",
    ):
        assert not demo_index.outside.asks_daily_life(fold_key(question)), question
    plan = parse_plan(
        "KẾ HOẠCH\nphát triển kinh tế\n\nI. NHIỆM VỤ\n\n"
        "1. Chi bộ vận động bà con ổn định giá lúa, liên kết tiêu thụ.\n"
        "2. Nâng cao chất lượng sinh hoạt chi bộ.\n",
        document_id="rice",
    )
    writes = PlanIndex.build([plan])
    assert not writes.outside.asks_daily_life("chi bo lam gi de on dinh gia lua")
    found = answer(writes, "chi bo lam gi de on dinh gia lua", TODAY)
    assert found.kind is AnswerKind.FOUND


def test_a_document_the_named_plan_never_cites_is_not_found_in_it() -> None:
    district = parse_plan(
        "HUYỆN ỦY TÂN LẬP\nCHƯƠNG TRÌNH HÀNH ĐỘNG\nthực hiện Nghị quyết Đại hội đại biểu Đảng bộ "
        "huyện lần thứ XXI\n\nI. NHIỆM VỤ\n\n"
        "1. Nâng cao chất lượng sinh hoạt chi bộ, phát triển đảng viên trong thanh niên.\n",
        document_id="district",
    )
    bloc = parse_plan(
        "ĐẢNG ỦY KHỐI CÁC TRƯỜNG\nKẾ HOẠCH\nthực hiện Nghị quyết số 21-NQ/TW\n\nI. NHIỆM VỤ\n\n"
        "1. Thực hiện Đề án số 01-ĐA/ĐUK về phát triển đảng trong sinh viên.\n",
        document_id="bloc",
    )
    index = PlanIndex.build([district, bloc])
    assert ("da", "1") in index.cited_by("bloc")
    assert ("nq", "21") in index.cited_by("district")  # the congress resolution XXI
    asked = answer(index, "chương trình huyện Tân Lập nói gì về đề án 01", TODAY)
    assert asked.kind is AnswerKind.NOT_FOUND
    assert answer(index, "kế hoạch khối các trường nói gì về đề án 01", TODAY).kind is (
        AnswerKind.FOUND
    )
    # "nghị quyết 21" of the district is its congress's resolution XXI
    assert answer(index, "chuong trinh huyen tan lap thuc hien nghi quyet 21 the nao", TODAY).kind is (
        AnswerKind.FOUND
    )


def test_a_plan_name_with_a_letter_left_out_or_swapped_is_still_the_plans(demo_index: PlanIndex) -> None:
    written = demo_index.plans[0].text
    assert "Hòa Bình" in written
    assert not demo_index.outside.unknown_name("chỉ tiêu kết nạp của xã Hòa Bìh")
    assert not demo_index.outside.unknown_name("chỉ tiêu kết nạp của xã Hoa Binhh")
    # ... or two neighbouring letters swapped
    assert not demo_index.outside.unknown_name("chỉ tiêu kết nạp của xã Hòa Bnìh")
    # a letter changed makes another word ("Bình" / "Định")
    assert demo_index.outside.unknown_name("chỉ tiêu kết nạp của xã Hòa Định")


def test_documents_cited_are_read_in_their_usual_forms() -> None:
    cited = cited_documents("thuc hien nghi quyet so 21-nq/tw ngay 16/6/2022 va kl 38, kh74")
    assert {(kind, number) for kind, number, _year in cited} == {
        ("nq", "21"),
        ("kl", "38"),
        ("kh", "74"),
    }
    assert ("nq", "21", "2022") in cited
    assert cited_documents("ke hoach 2025 cua xa") == set()
    # a year belongs to the document it follows, not to one cited before that has none
    assert cited_documents("kh 74 nhac den ket luan 01-kl/tw ngay 18/5/2021 ve viec gi") == {
        ("kh", "74", ""),
        ("kl", "1", "2021"),
    }
    assert cited_documents("nq 21 va chuong trinh 56-ctr/tu ngay 06/3/2023") == {
        ("nq", "21", ""),
        ("ctr", "56", "2023"),
    }


def test_everyday_words_are_read_as_the_plans_terms() -> None:
    assert rewritten(["nguoi", "moi", "vao", "dang"]) == ["ket", "nap", "dang", "vien"]
    assert rewritten(["di", "hop", "chi", "bo", "hang", "thang"])[:3] == ["sinh", "hoat", "chi"]
    assert rewritten(["khong", "lien", "quan"]) == ["khong", "lien", "quan"]


def test_an_everyday_phrase_is_read_as_the_user_spelled_it() -> None:
    meet = ["xuong", "hop", "voi", "chi", "bo"]
    assert "phu" in rewritten(meet)  # folded, "hop voi" may be "hợp với" (phù hợp) ...
    typed = typed_spellings("lãnh đạo có xuống họp với chi bộ không")
    assert typed is not None and typed["hop"] == {"họp"}
    assert "phu" not in rewritten(meet, None, typed)  # ... typed "họp với", it is no fit
    fits = typed_spellings("báo cáo có hợp với lịch không")
    assert "phu" in rewritten(["bao", "cao", "co", "hop", "voi", "lich"], None, fits)
    assert typed_spellings("xuong hop voi chi bo") is None  # no diacritics: no telling


def test_a_word_of_a_pair_the_plans_write_is_no_everyday_word() -> None:
    question = ["thuoc", "do", "chat", "luong", "chi", "bo"]
    assert "phu" in rewritten(question)  # "lương" alone is an allowance ...
    written = {"chat_luong": 40}
    assert rewritten(question, written) == question  # ... "chất lượng" is quality
    assert rewritten(["luong", "bi", "thu"], written)[:2] == ["phu", "cap"]
    # a longer phrase inside the plans' wording on both sides: "tổ chức đảng cơ sở" ...
    pairs = {"chuc_dang": 30, "co_so": 50}
    inside = ["to", "chuc", "dang", "co", "so", "lam", "gi"]
    assert "hien" in rewritten(inside) and rewritten(inside, pairs) == inside
    # ... not on one side only: "đảng có" (today's) in "chi bộ đảng có mấy người"
    assert "hien" in rewritten(["chi", "bo", "dang", "co", "may"], {"co_so": 50})


def test_the_askers_own_plan_comes_first(demo_plan: ParsedPlan, texts) -> None:  # type: ignore[no-untyped-def]
    other = parse_plan(
        demo_plan.text.replace("Hòa Bình", "Tân Lập")
        .replace("15-KH/ĐU", "16-KH/ĐU")
        .replace("từ 12 đảng viên", "từ 30 đảng viên"),
        document_id="other",
    )
    index = PlanIndex.build([demo_plan, other])
    question = "chi tieu ket nap dang vien moi nam"
    mine = texts(index, question, Asker(frozenset({"demo", "other"}), {"other": 0, "demo": 1}))
    assert "30 đảng viên" in mine[0]
    theirs = texts(index, question, Asker(frozenset({"demo", "other"}), {"demo": 0}))
    assert "12 đảng viên" in theirs[0]
    named = texts(
        index,
        "KH 16: chi tieu ket nap dang vien moi nam",
        Asker(frozenset({"demo", "other"}), {"demo": 0}),
    )
    assert "30 đảng viên" in named[0]
    assert texts(index, question, Asker(frozenset())) == []


def test_a_plan_the_question_cites_is_not_taken_for_the_one_imported(
    demo_index: PlanIndex,
    texts,  # type: ignore[no-untyped-def]
) -> None:
    # The demo plan is KH 15; KH 88 of the district is only cited in its opening.
    cited = answer(demo_index, "Kế hoạch 88 của huyện ủy ban hành ngày nào", TODAY)
    assert all(item.kind is not ItemKind.IDENTITY for item in cited.items)
    assert any("88-KH/HU" in text for text in texts(demo_index, "Kế hoạch 88 ban hành ngày nào"))
    own = answer(demo_index, "Kế hoạch 15 ban hành ngày nào", TODAY)
    assert own.items[0].kind is ItemKind.IDENTITY


def test_the_issuer_is_quoted_from_the_clause_that_names_it(demo_index: PlanIndex, texts) -> None:  # type: ignore[no-untyped-def]
    issuer = texts(demo_index, "kế hoạch do ai ban hành")[0]
    assert "«Ban Thường vụ Đảng ủy xã Hòa Bình xây dựng Kế hoạch thực hiện như sau:»" in issuer


def test_everyday_words_table_is_folded_once_and_matches_typed_forms() -> None:
    assert rewritten(["bot", "hop"]) == ["giam", "hoi", "hop"]
    assert rewritten(["hien", "tai", "co"]) == ["hien", "co", "co"]


def test_a_plan_is_named_by_a_proper_name_its_text_writes(demo_plan: ParsedPlan) -> None:
    # "Tân Lập" is written only in the second plan's text, never in lower case.
    other = parse_plan(
        demo_plan.text.replace("Hòa Bình", "Phú Mỹ").replace(
            "Xây dựng Đảng bộ", "Báo Tân Lập đưa tin. Xây dựng Đảng bộ", 1
        ),
        document_id="other",
    )
    index = PlanIndex.build([demo_plan, other])
    named = index.names.named(index.corrected("Tân Lập chỉ tiêu kết nạp"))
    assert [item.document_id for item in named] == ["other"]
    assert index.names.named(index.corrected("tân lập chi bộ mới")) == named
    assert index.names.named(index.corrected("chỉ tiêu kết nạp")) == []


def test_the_words_naming_a_plan_are_told_from_what_is_asked(demo_plan: ParsedPlan) -> None:
    other = parse_plan(
        demo_plan.text.replace("Hòa Bình", "Phú Mỹ")
        .replace("HÒA BÌNH", "PHÚ MỸ")
        .replace("Số 15-KH", "Số 16-KH"),
        document_id="other",
    )
    index = PlanIndex.build([demo_plan, other])
    syllables = index.corrected("KH 15 xã Hòa Bình chỉ tiêu kết nạp")
    naming = {syllables[position] for position in index.names.identifying_words(syllables)}
    assert {"kh", "ke", "hoach", "15", "hoa", "binh"} <= naming
    assert not naming & {"chi", "tieu", "ket", "nap"}
    assert index.names.identifying_words(index.corrected("chỉ tiêu kết nạp")) == set()


def test_the_plans_basis_is_not_taken_for_a_document_a_task_follows(
    demo_index: PlanIndex,
) -> None:
    basis = answer(demo_index, "kế hoạch này thực hiện nghị quyết nào", TODAY)
    assert basis.items[0].kind is ItemKind.IDENTITY and basis.items[0].fields == ("basis",)
    task = answer(demo_index, "kết nạp đảng viên mới thì làm theo chỉ thị nào", TODAY)
    assert all(item.kind is not ItemKind.IDENTITY for item in task.items)


def test_the_kind_of_document_a_question_asks_for() -> None:
    assert asked_document_kinds("sinh hoat chi bo theo huong dan nao") == {"hd"}
    assert asked_document_kinds("lam theo chi thi so may") == {"ct"}
    assert asked_document_kinds("dua vao van ban nao") == {ANY_KIND}
    assert asked_document_kinds("nhiem vu cua ban to chuc la gi") == frozenset()


def test_identity_is_read_through_a_typo(demo_index: PlanIndex) -> None:
    assert demo_index.spelled("ke hoch nay thuc hien ke hoach nao, kh 15?") == (
        "ke hoach nay thuc hien ke hoach nao, kh 15?"
    )
    result = answer(demo_index, "KH nay thuc hien ke hoch nao cua huyen uy", TODAY)
    assert result.items[0].kind is ItemKind.IDENTITY


@pytest.mark.parametrize(
    ("question", "current"),
    [
        ("đảng bộ hiện có bao nhiêu đảng viên", True),
        ("cấp ủy viên trình độ đại học chiếm bao nhiêu %", True),
        ("chỉ tiêu kết nạp bao nhiêu đảng viên", False),
        ("mỗi năm phải kết nạp bao nhiêu người", False),
        ("bao nhiêu đảng viên năm 2025", False),
        ("nhiệm vụ của UBKT", False),
        ("số cấp ủy viên trình độ đại học ở Tây Sơn", True),
        ("tong so dang vien cua dang bo", True),
        ("số hiệu của kế hoạch", False),
        ("số cấp ủy viên nữ phải đạt đến năm 2025", False),
        # "đang đạt": reached today
        ("bí thư kiêm trưởng thôn đang đạt bao nhiêu phần trăm", True),
        ("bi thu kiem truong thon hien dat bao nhieu %", True),
        ("bí thư kiêm trưởng thôn phải đạt bao nhiêu phần trăm", False),
    ],
)
def test_a_figure_of_today_is_told_from_a_goal(question: str, current: bool) -> None:
    assert read_intent(fold_key(question)).current is current


@pytest.mark.parametrize(
    ("question", "timing", "owner", "target"),
    [
        # "ai" is no part of "phải", "hai", "lại", "tại"; "hạn" none of "phân", "nhận", "thân"
        ("hai năm lại tổ chức tại hội trường", False, False, False),
        ("phân công nhận xét thân nhân", False, False, False),
        ("ai ký kế hoạch 74?", False, True, False),
        ("Ban nào phụ trách?", False, True, False),
        ("các chi bộ phải làm gì", False, True, False),
        ("kết nạp hàng năm phải đạt bao nhiêu", False, False, True),  # a figure, not a duty
        ("hạn chót khi nào?", True, False, False),
        ("thời hạn nộp báo cáo", True, False, False),
        ("đạt 90% trở lên", False, False, True),
        ("mấy đảng viên", False, False, True),
        # "mấy" before people is a plural, not a count
        ("mấy ông trên khối có xuống dự họp không", False, False, False),
        ("mấy người làm ở ủy ban phường đi họp đảng ở đâu", False, False, False),
        ("chi ủy có mấy người", False, False, True),
        ("khối có mấy chi bộ", False, False, True),
    ],
)
def test_intent_words_are_whole_syllables(
    question: str, timing: bool, owner: bool, target: bool
) -> None:
    intent = read_intent(fold_key(question))
    assert (intent.timing, intent.owner, intent.target) == (timing, owner, target)


def test_a_passage_states_todays_figures_under_the_situation_or_with_hien_co() -> None:
    def baseline(heading: str, text: str) -> bool:
        return states_baseline(heading, fold_key(text))

    assert baseline("I. TÌNH HÌNH > 1. Đảng viên", "Đảng bộ có 4.482 đảng viên.")
    assert baseline("II. MỤC TIÊU", "đạt trên 85% (hiện có 7/12, chiếm 58,33%).")
    assert not baseline("II. MỤC TIÊU", "Phấn đấu đến năm 2027 đạt trên 85%.")
    assert not baseline("I. TÌNH HÌNH", "Còn hạn chế trong công tác tuyên truyền.")


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        (
            "Tôi làm ở Ban Tổ chức Tỉnh ủy Hưng Yên, ban tôi được giao gì",
            "Ban Tổ chức Tỉnh ủy Hưng Yên được giao gì",
        ),
        (
            "em là cán bộ Văn phòng Đảng ủy khối, cơ quan em phải làm gì",
            "Văn phòng Đảng ủy khối phải làm gì",
        ),
        ("tôi ở xã Ia Hiao, chi bộ tôi phải làm gì", "chi bộ tôi phải làm gì"),
        ("tôi ở Ban Tuyên giáo, chỉ tiêu kết nạp là bao nhiêu", "chỉ tiêu kết nạp là bao nhiêu"),
    ],
)
def test_our_body_is_the_one_the_speaker_named(question: str, asked: str) -> None:
    assert named_body(*asked_part(question)) == asked


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("nhiệm vụ của UBKT", ("ubkt", "", False)),
        ("hdnd ubnd xa ia hiao phai lam j", ("hdnd ubnd xa ia hiao", "", False)),
        ("MTTQ ia hiao", ("mttq ia hiao", "", True)),
        # "đc" is "được"; "được giao những việc gì"
        ("ban tổ chức đuk đc giao những việc gì", ("ban to chuc duk", "", False)),
        ("mặt trận xã được giao làm gì trong kế hoạch", ("mat tran xa", "trong ke hoach", False)),
        # "của" left out before a body's name
        (
            "nhiem vu ban tuyen giao dang uy khoi trong kh 74",
            ("ban tuyen giao dang uy khoi", "trong kh 74", False),
        ),
        ("trách nhiệm UBKT", ("ubkt", "", False)),
        ("nhiệm vụ giải pháp chủ yếu", None),
        # without "của": no body issuing plans, no case ("khi ...")
        ("nhiệm vụ đảng bộ xã đến năm 2025", None),
        ("trách nhiệm chi bộ khi đảng viên vi phạm", None),
        ("ban tổ chức", ("ban to chuc", "", True)),
        # bodies that issue plans name a plan when typed alone; a long text is no name
        ("đảng ủy xã Ia Hiao", None),
        ("chi bộ sinh hoạt chuyên đề mấy lần một năm theo kế hoạch", None),
    ],
)
def test_the_body_a_question_asks_about(question: str, asked: tuple[str, str, bool] | None) -> None:
    assert owner_asked(fold_key(question)) == asked


@pytest.mark.parametrize(
    ("question", "inside"),
    [
        ("quy dinh 69 ky luat dang vien co nhung hinh thuc nao", True),
        ("Hướng dẫn 42-HD/BTCTW quy định họp chi bộ tối thiểu bao nhiêu phút?", True),
        ("Điều lệ Đảng có bao nhiêu chương?", True),
        # the date or title of a cited document is in the citation; a rule asked of the plans
        ("Quy định 22-QĐ/TW ngày mấy", False),
        ("chi thi 28-CT/TW ve ket nap dang vien ban hanh ngay nao", False),
        ("Quy định về sinh hoạt chi bộ mấy lần một tháng", False),
        # how a resolution or a project is made up: the plans give their own parts
        ("nghị quyết 21-NQ/TW gồm mấy phần, nội dung chính là gì", True),
        ("de an 04-DA/DUK co bao nhieu giai phap", True),
        ("nq 21 ke hoach 74 co may nhiem vu", False),
        ("nghị quyết 21 yêu cầu gì", False),
        # the steps or papers of a procedure
        ("quy trình bầu chi ủy tại đại hội chi bộ thế nào", True),
        ("thu tuc chuyen sinh hoat dang can giay to gi", True),
        ("quyet dinh 89-QD/TW ban hanh quy trinh gi", False),
        ("ai thực hiện đúng quy trình kết nạp đảng viên", False),
    ],
)
def test_what_another_document_lays_down_is_not_in_the_plans(question: str, inside: bool) -> None:
    assert inside_other_document(fold_key(question)) is inside


def test_a_document_the_plans_carry_out_is_answered_with_their_citation(
    demo_plan: ParsedPlan, texts  # type: ignore[no-untyped-def]
) -> None:
    """"Nghị quyết 21 của cơ quan nào, ban hành ngày nào": the plan's opening cites it with its
    date and issuer; a number no plan cites gets no identity answer."""
    index = PlanIndex.build([demo_plan])
    basis = demo_plan.identity.basis or demo_plan.identity.title or ""
    code = re.search(r"(\d+)-(NQ|KL|CT)/", basis)
    assert code is not None, basis
    kind = {"NQ": "Nghị quyết", "KL": "Kết luận", "CT": "Chỉ thị"}[code[2]]
    found = answer(index, f"{kind} {code[1]} của cơ quan nào, ký ngày nào", TODAY)
    assert found.items[0].kind is ItemKind.IDENTITY
    assert found.items[0].fields[0] in ("basis", "title")
    assert f"{code[1]}-{code[2]}" in texts(index, f"{kind} {code[1]} ban hành ngày nào")[0]
    other = answer(index, f"{kind} 999 ký ngày nào", TODAY)
    assert all(item.kind is not ItemKind.IDENTITY for item in other.items)


def test_a_project_a_plan_cites_is_another_document(demo_plan: ParsedPlan) -> None:
    """"Đề án 11-ĐA/TU mà KH 74 nhắc tới là về việc gì" asks about the project, not for the
    plan's own title: the passage citing it answers."""
    for question in (
        "Đề án 11-ĐA/TU của Thành ủy Hà Nội mà KH 74 nhắc tới là về việc gì",
        "de an 04 cua dang uy khoi ban hanh ngay nao",
    ):
        assert about_other_document(fold_key(question), [demo_plan]), question
    assert not about_other_document(fold_key("kế hoạch này về việc gì"), [demo_plan])


def test_a_plan_is_called_by_the_resolution_it_carries_out(demo_plan: ParsedPlan) -> None:
    """"KH 21 của đảng ủy xã ... gửi cho ai": the plan carrying out Nghị quyết 21 (its title),
    though its own number is another; a number no plan has or carries out is another document."""
    title = demo_plan.identity.title or ""
    carried = re.search(r"(?:Nghị quyết|Kết luận) số (\d+)", title)
    assert carried is not None, title
    assert demo_plan.identity.number != carried[1]
    assert not about_other_document(fold_key(f"kh {carried[1]} gửi cho ai"), [demo_plan])
    assert about_other_document(fold_key("kh 999 gửi cho ai"), [demo_plan])


def test_a_last_letter_typed_twice_is_read_once(demo_index: PlanIndex) -> None:
    assert demo_index.corrected("ai kyy ke hoach") == ["ai", "ky", "ke", "hoach"]
    assert demo_index.corrected("gui di dauuu vayy")[-2:] == ["dau", "vay"]
    # "ưu" ends in "uu" once folded; "vii" is a numeral
    assert demo_index.corrected("luu y muc vii") == ["luu", "y", "muc", "vii"]


def test_a_plan_is_named_by_the_organisation_it_belongs_to(demo_plan: ParsedPlan) -> None:
    """The organisation's name in chibo names its plan, with "các", "trường" left out."""
    owned = dataclasses.replace(
        parse_plan(demo_plan.text.replace("Hòa Bình", "Phú Mỹ"), document_id="bloc"),
        owner="Đảng bộ Khối các trường Đại học, Cao đẳng Hà Nội",
    )
    index = PlanIndex.build([demo_plan, owned])
    for question in ("chỉ tiêu kết nạp của khối đại học", "khoi dh cd ket nap bao nhieu"):
        named = index.names.named(index.corrected(question))
        assert [item.document_id for item in named] == ["bloc"], question


def test_a_short_unknown_word_is_no_typo_of_any_three_letters(demo_index: PlanIndex) -> None:
    """"urê" is left as typed ("trẻ" is one edit away); "dag vien" still reads "đảng viên"."""
    assert "tre" not in demo_index.corrected("gia phan bon ure")
    assert demo_index.corrected("dag vien")[:2] == ["dang", "vien"]


def test_plans_named_alike_are_told_apart_by_the_level_said(demo_plan: ParsedPlan) -> None:
    """A commune's and a bloc's plan both carry out Nghị quyết 21: "kh nq21 xã" names the
    commune's first (the bloc's counts less), and "xã" then says which plan, not what is asked."""
    bloc_text = re.sub(r"(?i)(đảng (?:ủy|uỷ|bộ)) xã", r"\1 Khối", demo_plan.text)
    bloc = parse_plan(bloc_text.replace("Hòa Bình", "Phú Mỹ"), document_id="bloc")
    index = PlanIndex.build([demo_plan, bloc])
    alike = index.names.named(index.corrected("kh nq21 nói gì"))
    assert alike[0].score == alike[1].score
    for level, first in (("xa", demo_plan.document_id), ("khoi", "bloc")):
        syllables = index.corrected(f"kh nq21 {level} nói gì về kết nạp")
        named = index.names.named(syllables)
        assert named[0].document_id == first and named[1].score < named[0].score / 2
        assert index.names.deciding_level(syllables, named) == {level}
    syllables = index.corrected("kh nq21 nói gì về kết nạp")
    assert index.names.deciding_level(syllables, index.names.named(syllables)) == set()


def test_a_question_about_party_work_not_answered_gets_the_nearest_passages(
    demo_index: PlanIndex,
) -> None:
    """Not found, with the three nearest passages to offer when the question speaks of party work
    and the best passage is not far (knowledge.answers.NEAR); never for something else."""
    near = answer(demo_index, "đảng viên đi làm ăn xa có phải về họp không", TODAY)
    assert near.kind is AnswerKind.NOT_FOUND and not near.items
    assert len(near.near) == 3 and all(item.kind is ItemKind.PASSAGE for item in near.near)
    for question in ("gia lua hom nay bao nhieu mot kg", "ket qua bong da viet nam thai lan"):
        assert answer(demo_index, question, TODAY).near == (), question
    found = answer(demo_index, "chi tieu ket nap dang vien moi nam", TODAY)
    assert found.kind is AnswerKind.FOUND and found.near == ()


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("dang vien di lam an xa co phai ve hop ko", True),
        ("sinh hoat chuyen de may lan", True),
        ("giá điện sinh hoạt bậc 1 là bao nhiêu", False),
        ("dv internet nao tot", False),
        ("Đảng phí đóng bao nhiêu", True),
        ("dang phi dong bao nhieu", True),
        ("đang làm gì đấy", False),
        ("thoi tiet ha noi mai the nao", False),
    ],
)
def test_what_speaks_of_party_work(question: str, about: bool) -> None:
    assert about_party_work(question, fold_key(question)) is about



def test_offered_passages_of_one_part_are_told_apart(demo_index: PlanIndex) -> None:
    """Two offered passages of the same part would read the same by heading: each is then
    named by its own first words, so that a number typed means one of them."""
    near = answer(demo_index, "dang vien gia yeu khong di hop duoc thi sao", TODAY).near
    labels = near_labels(Catalogs().translator("vi"), near)
    assert [item.hit.section_path for item in near if item.hit].count("III.1") == 2
    assert len(set(labels)) == len(labels) == 3
    assert all(label.endswith(")") and "KH 15-KH/ĐU" in label for label in labels)
