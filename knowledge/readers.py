"""Reading plan files (.txt, .docx, .pdf) into plain text, or failing with a clear reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from core.i18n import N_, Text
from knowledge.errors import PlanImportError
from knowledge.limits import (
    MAX_FILE_BYTES,
    MAX_PAGES,
    MAX_PARAGRAPHS,
    MAX_TEXT_CHARS,
    MAX_UNPACKED_BYTES,
)

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
MAX_BYTES = MAX_FILE_BYTES
_MIN_LETTERS = 40


def read_document(source: str | Path | bytes, filename: str | None = None) -> str:
    """Return the text of a plan file given as a path, or as bytes with its file name.

    Raises `PlanImportError` for an unsupported, empty, damaged or encrypted file, for a file
    with (almost) no text, such as a scanned PDF, and for one over the limits of
    knowledge.limits (bytes, unpacked size, pages, characters, paragraphs), each checked before
    the work it bounds; it never returns half a document.
    """
    if isinstance(source, bytes):
        data = source
        name = filename or ""
    else:
        path = Path(source)
        name = filename or path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            raise PlanImportError(
                Text(N_("Could not open the file {name}."), {"name": path.name})
            ) from error
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise PlanImportError(
            Text(
                N_("Unsupported file type {suffix}: send the plan as .docx, .pdf or .txt."),
                {"suffix": suffix or "?"},
            )
        )
    if not data.strip():
        raise PlanImportError(Text(N_("The file is empty.")))
    if len(data) > MAX_BYTES:
        raise PlanImportError(
            Text(
                N_("The file is too large ({size} MB; at most {limit} MB)."),
                {"size": _megabytes(len(data)), "limit": _megabytes(MAX_BYTES)},
            )
        )
    if suffix == ".txt":
        text = _read_txt(data)
    elif suffix == ".docx":
        text = _read_docx(data)
    else:
        text = _read_pdf(data)
    if len(text) > MAX_TEXT_CHARS:
        raise PlanImportError(
            Text(
                N_(
                    "The document is too long ({count} characters; at most {limit}). Send the "
                    "plan alone, without appendices."
                ),
                {"count": _thousands(len(text)), "limit": _thousands(MAX_TEXT_CHARS)},
            )
        )
    paragraphs = sum(1 for line in text.splitlines() if line.strip())
    if paragraphs > MAX_PARAGRAPHS:
        raise PlanImportError(
            Text(
                N_(
                    "The document has too many paragraphs ({count}; at most {limit}). Send the "
                    "plan alone, without appendices."
                ),
                {"count": paragraphs, "limit": MAX_PARAGRAPHS},
            )
        )
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        raise PlanImportError(
            Text(N_("The file has no readable text (a scanned document?). Send a text version."))
        )
    return text


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f}"


def _thousands(number: int) -> str:
    """1500000 → "1.500.000", as Vietnamese writes it."""
    return f"{number:,}".replace(",", ".")


def _read_txt(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise PlanImportError(
        Text(N_("The text file is not in UTF-8: save it as UTF-8 and send it again."))
    )


def _read_docx(data: bytes) -> str:
    from docx import Document  # python-docx, imported only when needed

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as error:
        raise PlanImportError(
            Text(N_("The .docx file is damaged or is not a Word document."))
        ) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise PlanImportError(
            Text(
                N_("The .docx file unpacks to more than {limit} MB: it is not a plan we can read."),
                {"limit": _megabytes(MAX_UNPACKED_BYTES)},
            )
        )
    try:
        document = Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise PlanImportError(
            Text(N_("The .docx file is damaged or is not a Word document."))
        ) from error
    except Exception as error:  # python-docx raises its own PackageNotFoundError and lxml errors
        raise PlanImportError(
            Text(N_("The .docx file is damaged or is not a Word document."))
        ) from error
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    parts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = str(child.tag).rsplit("}", 1)[-1]
        if tag == "p":
            parts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = cell.text.strip()
                    if value and value not in cells:
                        cells.append(value)
                parts.append("   ".join(cells))
    return "\n\n".join(parts)


def _read_pdf(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise PlanImportError(
                Text(N_("The PDF is protected by a password: send an unprotected copy."))
            )
        count = len(reader.pages)
        if count > MAX_PAGES:
            raise PlanImportError(
                Text(
                    N_(
                        "The PDF has too many pages ({count}; at most {limit}). Send the plan "
                        "alone, without appendices."
                    ),
                    {"count": count, "limit": MAX_PAGES},
                )
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PlanImportError(Text(N_("The PDF file is damaged and cannot be read."))) from error
    return "\n\n".join(pages)
