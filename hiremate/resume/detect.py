"""File type detection from content, and decoding of plain-text resumes."""

from __future__ import annotations

import codecs
import io
import logging
import zipfile

import charset_normalizer

from hiremate.resume.errors import CorruptFileError, UnsupportedFileTypeError

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT = "text/plain"

# PDF readers accept the header anywhere in the first 1024 bytes (junk may precede it).
_PDF_HEADER_WINDOW = 1024
# Files that are clearly something else get a specific hint.
_KNOWN_OTHERS = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Word 97-2003 (.doc) files are not supported"),
    (b"{\\rtf", "RTF files are not supported"),
    (b"\x89PNG", "Images are not supported"),
    (b"\xff\xd8\xff", "Images are not supported"),
    (b"GIF8", "Images are not supported"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_CHARS = [chr(code) for code in range(32) if chr(code) not in "\n\r\t\f\v"]
# Decoded text with more than this share of control characters is binary, not a resume.
_MAX_CONTROL_SHARE = 0.02
# Single-byte code pages that charset-normalizer may pick for Western European text that is
# really Windows-1252, because the same bytes read as plausible letters in each of them.
_CP1252_LOOKALIKES = frozenset(
    {"cp1250", "cp1257", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_13", "iso8859_16"}
)
# A cp1252 candidate whose mess ratio is at most this much above the best one's is preferred.
_CP1252_CHAOS_MARGIN = 0.02


def detect_type(data: bytes) -> str:
    """Return the MIME type of `data` judged by its content (PDF, DOCX or text).

    Raises:
        UnsupportedFileTypeError: any other content, with a hint for common formats.
        CorruptFileError: a zip archive that cannot be read.
    """
    return sniff(data)[0]


def sniff(data: bytes) -> tuple[str, tuple[str, str] | None]:
    """Return the MIME type of `data` and, for text, the `(text, encoding)` it decodes to.

    Raises:
        UnsupportedFileTypeError: any other content, with a hint for common formats.
        CorruptFileError: a zip archive that cannot be read.
    """
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return PDF, None
    if data.startswith(b"PK\x03\x04"):
        return _detect_zip(data), None
    for magic, hint in _KNOWN_OTHERS:
        if data.startswith(magic):
            raise UnsupportedFileTypeError(f"{hint}. Upload a PDF, DOCX or plain-text resume.")
    return TEXT, decode_text(data)


def _detect_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        logger.info("zip archive rejected: %s", exc)
        raise CorruptFileError(
            "The file is a damaged zip or DOCX archive. Upload a PDF, DOCX or plain-text resume."
        ) from exc
    if "word/document.xml" in names:
        return DOCX
    raise UnsupportedFileTypeError(
        "The zip archive is not a DOCX document. Upload a PDF, DOCX or plain-text resume."
    )


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a plain-text file and return `(text, encoding)`.

    A byte order mark decides first, then strict UTF-8, then charset-normalizer's best guess,
    with Windows-1252 preferred over a similar-scoring Central or Eastern European code page.

    Raises:
        UnsupportedFileTypeError: the bytes do not decode to text (binary content).
    """
    text: str | None = None
    encoding = ""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text, encoding = _try_decode(data, name), name
            break
    if text is None and b"\x00" not in data:
        text, encoding = _try_decode(data, "utf-8"), "utf-8"
    if text is None:
        best = _best_match(charset_normalizer.from_bytes(data))
        if best is not None:
            text, encoding = str(best), best.encoding
    if text is None or _control_share(text) > _MAX_CONTROL_SHARE:
        raise UnsupportedFileTypeError(
            "The file is not a PDF, a DOCX or readable text. "
            "Upload a PDF, DOCX or plain-text resume."
        )
    return text, encoding


def _best_match(
    matches: charset_normalizer.CharsetMatches,
) -> charset_normalizer.CharsetMatch | None:
    """Return charset-normalizer's best match, or the cp1252 one when it scores about as well.

    Resumes in a Western European language saved by Windows are the most common legacy
    text, and charset-normalizer 3 can rank cp1250 first on them ("Å" read as "Ĺ"). Real
    Polish or Czech text in cp1250 does not get a cp1252 candidate of the same mess ratio,
    so it keeps cp1250.
    """
    best = matches.best()
    if best is None or best.encoding not in _CP1252_LOOKALIKES:
        return best
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + _CP1252_CHAOS_MARGIN:
            logger.debug("text decoded as cp1252 in place of %s", best.encoding)
            return match
    return best


def _try_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    controls = sum(text.count(char) for char in _CONTROL_CHARS)
    return controls / len(text)
