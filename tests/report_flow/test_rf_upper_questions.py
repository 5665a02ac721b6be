"""A question typed where the report asks whether an upper-level committee member attended
(and who) is answered beside the report, its question asked again, even without «?»: before,
«ket nap dang vien can dieu kien gi» was stored as who attended («Cấp ủy cấp trên dự: Có (ket
nap dang vien can dieu kien gi)»). Names, with or without diacritics, a title or a post, stay
names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rf_world import World, exchange

from core.textfold import fold
from handlers.reporting.asked import asks_for_name

UPPER = "Có đồng chí cấp ủy cấp trên dự không?"
KEPT = "Những gì đồng chí đã nhập vẫn được giữ"
RESOLUTION = "Chi bộ có ra nghị quyết không?"

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
MIDDLE = ["", "Văn", "Thị", "Hữu", "Đức", "Thị Ngọc", "Văn Minh"]
GIVEN = ["Nam", "Hùng", "Huy", "Hoa", "Mây", "Sao", "Nào", "Mai", "Hà", "Nhi", "Trường", "Khang"]
BEFORE = ["", "có ", "co, ", "Có, ", "đồng chí ", "dc ", "đ/c ", "có đ/c ", "co, dc ", "anh "]
POST = [
    "",
    ", phó bí thư Đảng ủy",
    " - Bí thư Đảng ủy xã",
    ", ủy viên Ban Thường vụ",
    " phó chủ tịch UBND xã",
    " (UBKT Đảng ủy)",
]
# As typed on a cheap phone: as written, without diacritics, or without diacritics and capitals.
SPELLINGS = [
    lambda text: text,
    lambda text: " ".join(word.capitalize() for word in fold(text).split()),
    fold,
]
NAMES = st.builds(
    lambda before, family, middle, given, post, spell: spell(
        before + " ".join(part for part in (family, middle, given) if part) + post
    ),
    st.sampled_from(BEFORE),
    st.sampled_from(FAMILY),
    st.sampled_from(MIDDLE),
    st.sampled_from(GIVEN),
    st.sampled_from(POST),
    st.sampled_from(SPELLINGS),
)

ABOUT = [
    "kết nạp đảng viên",
    "đảng phí tháng này",
    "chuyên đề quý IV",
    "chi bộ",
    "cấp ủy cấp trên",
    "đảng viên vắng 3 tháng",
    "nghị quyết tháng 12",
]
ASKING = [
    "cần điều kiện gì",
    "là gì",
    "nộp bao nhiêu",
    "làm thế nào",
    "học như thế nào",
    "thì sao",
    "có phải dự không",
    "báo cáo khi nào",
    "nộp ở đâu",
    "đã nộp chưa",
    "có bắt buộc không",
]
QUESTIONS = st.builds(
    lambda about, asking, spell: spell(f"{about} {asking}"),
    st.sampled_from(ABOUT),
    st.sampled_from(ASKING),
    st.sampled_from([lambda text: text, fold, lambda text: fold(text).capitalize()]),
)


@given(name=NAMES)
def test_a_name_with_its_title_and_post_is_no_question(name: str) -> None:
    assert not asks_for_name(name)


@given(question=QUESTIONS)
def test_a_question_without_a_question_mark_is_one(question: str) -> None:
    assert asks_for_name(question)


@pytest.mark.parametrize(
    "text",
    [
        "khong",
        "không ạ",
        "co",
        "khong nho ten",
        "co khong nho ten",
        "không có gì",
        "có nhưng về sớm",
        "có, nhưng mấy đồng chí đến muộn",
        "hinh nhu anh Hung",
        "nguyen van nam pho bi thu dang uy xa",
        "Lê Văn Náo dự",
    ],
)
def test_answers_that_are_no_name_are_no_question_either(text: str) -> None:
    assert not asks_for_name(text)


@pytest.mark.parametrize(
    "text",
    [
        "ket nap dang vien can dieu kien gi",
        "thu tuc ket nap dang vien moi",
        "cap uy nao",
        "cap uy cap tren co phai du hop khong",
        "sao phai bao cao",
    ],
)
def test_questions_typed_without_a_question_mark(text: str) -> None:
    assert asks_for_name(text)


async def at_upper(world: World) -> None:
    said = await exchange(world.chat, "chi", [("text", "/baocao"), ("text", "1")])
    assert UPPER in said[-1]


async def summary_upper(world: World) -> str:
    said = await exchange(world.chat, "chi", [("text", "1"), ("text", "1")])
    return next(line for line in said[-1].splitlines() if line.startswith("Cấp ủy cấp trên dự"))


async def test_a_question_at_the_upper_question_is_answered_beside(world: World) -> None:
    chat = world.chat
    await at_upper(world)
    replies = await chat.send("chi", "ket nap dang vien can dieu kien gi")
    said = "\n".join(r.text for r in replies)
    assert KEPT in said and UPPER in replies[-1].text
    # the plan answer goes without its own choices, and without the line that headed them
    assert "Chưa tìm thấy" in replies[0].text and not replies[0].choices
    assert not replies[0].text.rstrip().endswith(":"), replies[0].text
    assert RESOLUTION in await chat.say("chi", "2")
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Không"


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("đồng chí Huy", "Huy"),
        ("Nguyễn Văn Nam, phó bí thư Đảng ủy", "Nguyễn Văn Nam, phó bí thư Đảng ủy"),
        ("co, dc Hoa", "Hoa"),
    ],
)
async def test_names_stay_names(world: World, typed: str, name: str) -> None:
    await at_upper(world)
    assert RESOLUTION in await world.chat.say("chi", typed)
    assert await summary_upper(world) == f"Cấp ủy cấp trên dự: Có ({name})"


async def test_no_stays_no(world: World) -> None:
    await at_upper(world)
    assert RESOLUTION in await world.chat.say("chi", "khong")
    assert await summary_upper(world) == "Cấp ủy cấp trên dự: Không"
