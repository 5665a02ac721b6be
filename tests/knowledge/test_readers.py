"""Reading .txt, .docx and .pdf files, and refusing bad ones with a typed error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfWriter

from knowledge import PlanImportError, read_document

PLAN_TEXT = "KẾ HOẠCH thực hiện Nghị quyết số 21-NQ/TW\nI- MỤC ĐÍCH, YÊU CẦU\n1. Quán triệt đầy đủ."


def _docx_bytes() -> bytes:
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "ĐẢNG ỦY XÃ HÒA BÌNH"
    table.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    document.add_paragraph("KẾ HOẠCH thực hiện Nghị quyết số 21-NQ/TW")
    document.add_paragraph("I- MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("1. Quán triệt đầy đủ đến cán bộ, đảng viên trong Đảng bộ.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_bytes(lines: list[str]) -> bytes:
    """A minimal one-page PDF written by hand (Helvetica, ASCII text)."""
    commands = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
    for line in lines:
        commands.append(f"({line}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def test_txt_from_path(tmp_path: Path) -> None:
    path = tmp_path / "plan.txt"
    path.write_text(PLAN_TEXT, encoding="utf-8")
    assert "MỤC ĐÍCH" in read_document(path)


def test_txt_with_bom_from_bytes() -> None:
    text = read_document("\ufeff".encode() + PLAN_TEXT.encode(), filename="plan.TXT")
    assert text.startswith("KẾ HOẠCH")


def test_docx_keeps_letterhead_table_and_order() -> None:
    text = read_document(_docx_bytes(), filename="plan.docx")
    assert text.index("ĐẢNG ỦY XÃ HÒA BÌNH") < text.index("KẾ HOẠCH") < text.index("1. Quán triệt")
    assert "ĐẢNG ỦY XÃ HÒA BÌNH   ĐẢNG CỘNG SẢN VIỆT NAM" in text


def test_pdf_text_is_extracted() -> None:
    data = _pdf_bytes(
        ["KE HOACH thuc hien Nghi quyet so 21-NQ/TW", "I- MUC DICH, YEU CAU", "1. Quan triet"]
    )
    text = read_document(data, filename="plan.pdf")
    assert "Nghi quyet so 21-NQ/TW" in text
    assert "MUC DICH" in text


@pytest.mark.parametrize(
    ("data", "name", "msgid_part"),
    [
        (b"", "plan.txt", "empty"),
        (b"   \n ", "plan.docx", "empty"),
        (b"hello", "plan.odt", "Unsupported"),
        (b"not a zip at all, just text", "plan.docx", ".docx"),
        (b"%PDF-1.4 garbage", "plan.pdf", "PDF"),
        (b"\xff\xfe\x00\xd8" * 40, "plan.txt", "UTF-8"),
        (b"x 1 2", "plan.txt", "no readable text"),
    ],
)
def test_bad_files_raise_typed_error(data: bytes, name: str, msgid_part: str) -> None:
    with pytest.raises(PlanImportError) as error:
        read_document(data, filename=name)
    assert msgid_part in error.value.message.msgid


def test_encrypted_pdf_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanImportError) as error:
        read_document(buffer.getvalue(), filename="plan.pdf")
    assert "password" in error.value.message.msgid


def test_scanned_pdf_without_text_is_refused() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanImportError) as error:
        read_document(buffer.getvalue(), filename="scan.pdf")
    assert "no readable text" in error.value.message.msgid


def test_missing_file_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(PlanImportError) as error:
        read_document(tmp_path / "nothing.txt")
    assert error.value.message.params == {"name": "nothing.txt"}


def _message(error: pytest.ExceptionInfo[PlanImportError]) -> str:
    return error.value.message.msgid


def test_a_docx_that_unpacks_too_large_is_refused_before_parsing() -> None:
    import zipfile

    from knowledge.limits import MAX_UNPACKED_BYTES

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    with pytest.raises(PlanImportError) as error:
        read_document(buffer.getvalue(), filename="bomb.docx")
    assert "unpacks to more than" in _message(error)


def test_a_pdf_with_too_many_pages_is_refused() -> None:
    from knowledge.limits import MAX_PAGES

    writer = PdfWriter()
    for _ in range(MAX_PAGES + 1):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(PlanImportError) as error:
        read_document(buffer.getvalue(), filename="long.pdf")
    assert "too many pages" in _message(error)
    assert error.value.message.params["count"] == MAX_PAGES + 1


def test_too_many_paragraphs_or_characters_are_refused() -> None:
    from knowledge.limits import MAX_PARAGRAPHS, MAX_TEXT_CHARS

    many = ("- Nội dung.\n" * (MAX_PARAGRAPHS + 1)).encode()
    with pytest.raises(PlanImportError) as error:
        read_document(many, filename="many.txt")
    assert "too many paragraphs" in _message(error)
    long = ("Nội dung " * (MAX_TEXT_CHARS // 9 + 2)).encode()
    with pytest.raises(PlanImportError) as error:
        read_document(long, filename="long.txt")
    assert "too long" in _message(error)
