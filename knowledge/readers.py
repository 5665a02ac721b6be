"""Reading plan files (.txt, .docx, .pdf) into plain text, or failing with a clear reason."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from core.i18n import N_, Text
from knowledge.errors import PlanImportError

SUPPORTED_SUFFIXES = (".txt", ".docx", ".pdf")
MAX_BYTES = 20 * 1024 * 1024
_MIN_LETTERS = 40


def read_document(source: str | Path | bytes, filename: str | None = None) -> str:
    """Return the text of a plan file given as a path, or as bytes with its file name.

    Raises `PlanImportError` for an unsupported, empty, damaged or encrypted file, and for a
    file with (almost) no text, such as a scanned PDF; it never returns half a document.
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
        raise PlanImportError(Text(N_("The file is too large (more than 20 MB).")))
    if suffix == ".txt":
        text = _read_txt(data)
    elif suffix == ".docx":
        text = _read_docx(data)
    else:
        text = _read_pdf(data)
    if sum(ch.isalpha() for ch in text) < _MIN_LETTERS:
        raise PlanImportError(
            Text(N_("The file has no readable text (a scanned document?). Send a text version."))
        )
    return text


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
        pages = [page.extract_text() or "" for page in reader.pages]
    except PlanImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise PlanImportError(Text(N_("The PDF file is damaged and cannot be read."))) from error
    return "\n\n".join(pages)
