"""Cleaning extraction damage and normalising text (tone placement, NFC, folded keys)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from knowledge import clean_text, display_form, fold_key, syllables

WIDTH_LINE = "Các cấp ủy, tổ chức đảng trong Đảng bộ Khối nhận thức đầy đủ, sâu sắc vai trò "


def _pdf_like(paragraphs: list[list[str]]) -> str:
    """Text the way a PDF extractor gives it: one wrapped line, then a blank line."""
    out: list[str] = []
    for lines in paragraphs:
        for line in lines:
            out.append(line)
            out.append("")
    return "\n".join(out)


def test_hard_wrapped_lines_are_joined_and_list_items_kept() -> None:
    body = [
        [WIDTH_LINE, WIDTH_LINE, "việc củng cố tổ chức cơ sở đảng (thực hiện "],
        ["thường xuyên)."],
        ["- " + WIDTH_LINE[2:], WIDTH_LINE, "đến cuối nhiệm kỳ."],
    ] * 6
    text = clean_text(_pdf_like(body))
    lines = text.split("\n")
    assert "(thực hiện thường xuyên)." in lines[0]
    assert lines[1].startswith("- ")
    assert all(not line.startswith("thường xuyên") for line in lines)


def test_page_number_alone_on_a_line_is_dropped_and_words_rejoined() -> None:
    text = clean_text(
        _pdf_like([[WIDTH_LINE] * 3 + [WIDTH_LINE + "tăng"], ["2"], ["cường niềm tin."]] * 4)
    )
    assert "tăng cường niềm tin." in text
    assert "\n2\n" not in f"\n{text}\n"


def test_document_code_split_after_hyphen_is_joined_without_space() -> None:
    raw = _pdf_like(
        [[WIDTH_LINE] * 4 + ["Quy định số 25-"], ["QĐ/TU, ngày 04 tháng 11 năm 2022."]] * 4
    )
    assert "Quy định số 25-QĐ/TU, ngày 04" in clean_text(raw)


def test_code_spacing_variants_are_normalised() -> None:
    text = clean_text(
        "Số 74- KH/ĐUK\nNghị quyết số 21- NQ/TW và Kết luận số 38 KL/TW, Số 127 -KH/ĐUK"
    )
    assert "Số 74-KH/ĐUK" in text
    assert "21-NQ/TW" in text and "38-KL/TW" in text and "127-KH/ĐUK" in text


def test_two_column_letterhead_is_split() -> None:
    text = clean_text("       ĐẢNG BỘ TỈNH NINH THUẬN             ĐẢNG CỘNG SẢN VIỆT NAM \n")
    assert text.split("\n") == ["ĐẢNG BỘ TỈNH NINH THUẬN", "ĐẢNG CỘNG SẢN VIỆT NAM"]


def test_docx_page_break_mid_sentence_is_joined() -> None:
    raw = "4. Kế thừa kết quả đạt được, tập trung\n\ncủng cố xây dựng tổ chức cơ sở đảng.\n\n5. Mục khác."
    assert clean_text(raw).split("\n") == [
        "4. Kế thừa kết quả đạt được, tập trung củng cố xây dựng tổ chức cơ sở đảng.",
        "5. Mục khác.",
    ]


def test_marks_decoration_spaces_and_known_typos() -> None:
    raw = "(**thực hiện thường xuyên**) và (*khi có văn bản*)\n-----\n*\ndoanh nghiệp.Triển khai trên Intemet"
    text = clean_text(raw)
    assert "(thực hiện thường xuyên) và (khi có văn bản)" in text
    assert "-----" not in text and "\n*" not in text
    assert "doanh nghiệp. Triển khai trên Internet" in text


def test_repeated_paragraph_is_dropped() -> None:
    assert clean_text("Một đoạn giống nhau.\n\nMột đoạn giống nhau.\n\nĐoạn khác.") == (
        "Một đoạn giống nhau.\nĐoạn khác."
    )


def test_one_tone_placement_for_display() -> None:
    assert display_form("Đảng uỷ khoá XIII hoà bình thuý") == "Đảng ủy khóa XIII hòa bình thúy"
    assert display_form("quý II, hoàng, thuyền, khoản") == "quý II, hoàng, thuyền, khoản"
    nfd = unicodedata.normalize("NFD", "Đảng uỷ")
    assert display_form(nfd) == "Đảng ủy"


def test_fold_key_maps_d_and_drops_marks() -> None:
    assert fold_key("Đảng ỦY khoá") == "dang uy khoa"
    assert fold_key(unicodedata.normalize("NFD", "Đảng ủy")) == "dang uy"


@given(st.text())
def test_fold_is_idempotent_and_agrees_with_display_form(text: str) -> None:
    folded = fold_key(text)
    assert fold_key(folded) == folded
    assert syllables(display_form(text)) == syllables(text)


@given(st.text())
def test_display_form_is_idempotent(text: str) -> None:
    once = display_form(text)
    assert display_form(once) == once


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_clean_text_never_raises_and_has_no_marks(text: str) -> None:
    cleaned = clean_text(text)
    assert "*" not in cleaned
    assert "\n\n" not in cleaned
