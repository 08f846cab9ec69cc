"""Raw text extraction from PDF (pypdf) and DOCX (python-docx) files."""

from __future__ import annotations

import io
import logging
import zipfile

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PdfReadError

from hiremate.resume.errors import (
    TOO_MUCH_DATA,
    CorruptFileError,
    EncryptedPdfError,
    NoTextError,
    ParseLimitError,
    TooLittleTextError,
)

logger = logging.getLogger(__name__)

# A resume is a few pages long, so later pages of a long upload are not read.
MAX_PAGES = 12
# A PDF that declares more pages than this is rejected: no resume is that long, and
# reading such a page tree costs time and memory before any text is found.
MAX_PDF_PAGE_COUNT = 5_000
TOO_MANY_PAGES = (
    "The PDF has an implausible number of pages (more than {limit:,}) for a resume. "
    "Upload a PDF, DOCX or plain-text resume of a few pages."
)
# Uncompressed size allowed for the parts of a DOCX archive (zip bomb guard).
MAX_DOCX_UNCOMPRESSED_BYTES = 64 * 1024 * 1024
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_PARAGRAPH = qn("w:p")

# Fewer letters than this means no text layer. The limit is low on purpose, because a short
# but real text (one line in any script) should still reach the field extractors.
MIN_LETTERS = 10
# A larger share of undecodable glyphs means the fonts have no usable character map.
MAX_GARBLED_SHARE = 0.3
CORRUPT_PDF = "The PDF is corrupt or unreadable. Upload a PDF, DOCX or plain-text resume."


def open_pdf(data: bytes) -> PdfReader:
    """Open a PDF, decrypting it with the empty password when it is encrypted.

    Raises:
        EncryptedPdfError: a password other than the empty one is needed.
        CorruptFileError: the structure or page tree cannot be read.
    """
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt_with_empty_password(reader)
        page_count = _count_pages(reader)
    except (EncryptedPdfError, ParseLimitError):
        raise
    except LimitReachedError as exc:
        raise ParseLimitError(TOO_MUCH_DATA) from exc
    except FileNotDecryptedError as exc:
        raise EncryptedPdfError() from exc
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        logger.info("PDF rejected as unreadable: %s: %s", type(exc).__name__, exc)
        raise CorruptFileError(CORRUPT_PDF) from exc
    if page_count == 0:
        raise CorruptFileError("The PDF has no pages. Upload a PDF, DOCX or plain-text resume.")
    if page_count > MAX_PDF_PAGE_COUNT:
        logger.info("PDF rejected: %d pages", page_count)
        raise ParseLimitError(TOO_MANY_PAGES.format(limit=MAX_PDF_PAGE_COUNT))
    return reader


def _count_pages(reader: PdfReader) -> int:
    """Return the page count, raising `ParseLimitError` when pypdf's page tree limits hit.

    pypdf 7 reads the whole page tree here, so a `/Kids` array beyond its element limit (a
    200,000-page tree) raises `LimitReachedError` now, before any stream is decompressed.
    """
    try:
        return len(reader.pages)
    except LimitReachedError as exc:
        logger.info("PDF page tree rejected: %s", exc)
        raise ParseLimitError(TOO_MANY_PAGES.format(limit=MAX_PDF_PAGE_COUNT)) from exc


def _decrypt_with_empty_password(reader: PdfReader) -> None:
    try:
        result = reader.decrypt("")
    except DependencyError as exc:
        # AES-encrypted files need the optional `cryptography` package.
        logger.info("encrypted PDF needs a crypto provider: %s", exc)
        raise EncryptedPdfError() from exc
    if result == PasswordType.NOT_DECRYPTED:
        raise EncryptedPdfError()


def extract_pdf_pages(reader: PdfReader, *, layout: bool = False) -> tuple[list[str], list[str]]:
    """Return the text of each page read (at most `MAX_PAGES`) and warnings.

    A page whose content cannot be decoded is skipped with a warning.

    Raises:
        CorruptFileError: no page could be read at all.
        ParseLimitError: a stream decompresses beyond pypdf's output limits.
    """
    mode = "layout" if layout else "plain"
    pages: list[str] = []
    warnings: list[str] = []
    total = len(reader.pages)
    for index in range(min(total, MAX_PAGES)):
        try:
            pages.append(reader.pages[index].extract_text(extraction_mode=mode))
        except LimitReachedError as exc:
            raise ParseLimitError(TOO_MUCH_DATA) from exc
        except (MemoryError, RecursionError):
            raise
        except Exception as exc:  # noqa: BLE001 - pypdf raises many types on hostile content
            logger.info(
                "page %d unreadable (%s mode): %s: %s", index + 1, mode, type(exc).__name__, exc
            )
            warnings.append(f"Page {index + 1} could not be read and was skipped.")
            pages.append("")
    if warnings and len(warnings) == len(pages):
        raise CorruptFileError(CORRUPT_PDF)
    if total > MAX_PAGES:
        warnings.append(f"Only the first {MAX_PAGES} of {total} pages were read.")
    return pages, warnings


def extract_docx_text(data: bytes) -> str:
    """Return a DOCX document's paragraph text in reading order, the first header first.

    Paragraphs inside tables and text boxes are included; the VML fallback copy of a text
    box is not, so its text appears once.

    Raises:
        CorruptFileError: the archive or its XML cannot be read.
        ParseLimitError: the archive expands beyond `MAX_DOCX_UNCOMPRESSED_BYTES`.
    """
    _check_docx_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - python-docx and lxml raise many types
        logger.info("DOCX rejected as unreadable: %s: %s", type(exc).__name__, exc)
        raise CorruptFileError(
            "The DOCX file is corrupt or unreadable. Upload a PDF, DOCX or plain-text resume."
        ) from exc
    lines: list[str] = []
    for section in document.sections[:1]:
        if not section.header.is_linked_to_previous:
            lines.extend(paragraph.text for paragraph in section.header.paragraphs)
    body = document.element.body
    for element in body.iter(_PARAGRAPH):
        if any(ancestor.tag == _FALLBACK for ancestor in element.iterancestors()):
            continue
        lines.append(Paragraph(element, document).text)
    return "\n".join(lines)


def _check_docx_size(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise CorruptFileError() from exc
    if expanded > MAX_DOCX_UNCOMPRESSED_BYTES:
        logger.info("DOCX rejected: %d bytes uncompressed", expanded)
        raise ParseLimitError(
            "The DOCX file expands to more than 64 MiB. "
            "Upload a smaller PDF, DOCX or plain-text resume."
        )


def require_text(letters: int, *, garbled: float, plain_text: bool = False) -> None:
    """Raise `NoTextError` unless the extraction has enough readable letters.

    Args:
        letters: letters in the extracted text.
        garbled: share of undecodable glyphs in it.
        plain_text: the upload is a text file, so a lack of letters is not a missing text
            layer and the error gives no OCR hint.

    Raises:
        TooLittleTextError: a text file with fewer than `MIN_LETTERS` letters.
        NoTextError: fewer than `MIN_LETTERS` letters, or mostly undecodable glyphs.
    """
    if plain_text and letters < MIN_LETTERS:
        raise TooLittleTextError()
    if garbled > MAX_GARBLED_SHARE:
        raise NoTextError(
            "The text in the file could not be decoded (its fonts have no usable character "
            "map). Upload a resume with a normal text layer, or an OCR copy."
        )
    if letters < MIN_LETTERS:
        raise NoTextError()
