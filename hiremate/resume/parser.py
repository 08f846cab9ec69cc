"""The in-process resume parser: detect, extract, normalise, then read the fields.

Run it through `hiremate.resume.worker.ParserPool` on untrusted uploads, because this
module has no time or memory bound of its own.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import Any

from pypdf import PdfReader

from hiremate.resume import detect
from hiremate.resume.contact import extract_email, extract_phone
from hiremate.resume.document import Field, split_lines
from hiremate.resume.extract import (
    extract_docx_text,
    extract_pdf_pages,
    open_pdf,
    require_text,
)
from hiremate.resume.names import extract_name, name_tokens
from hiremate.resume.normalize import count_letters, garbled_share, normalize_text
from hiremate.resume.position import extract_position
from hiremate.resume.skills import extract_skills

logger = logging.getLogger(__name__)

FIELD_NAMES = ("name", "email", "phone", "position")
_COLUMN_GAP = re.compile(r"[ \t]{3,}")
# Text beyond this many characters is not read, because even a long resume has far fewer
# and the field extractors' cost grows with the text.
MAX_TEXT_CHARS = 100_000
# A name further than this many lines from the email or phone line suggests a reading
# out of order (two columns), so the layout-aware extraction is tried.
MAX_NAME_CONTACT_DISTANCE = 4


def parse_resume_bytes(data: bytes) -> dict[str, Any]:
    """Parse one resume file and return its text, fields, skills and warnings.

    Returns:
        A dict with `content_type`, `encoding` (text files only), `pages` (PDF only),
        `extraction` (`pdf-plain`, `pdf-layout`, `docx` or `text`), `text` (normalised),
        `fields` (name, email, phone, position: each with `value`, `confidence`, `span`,
        `reason`), `skills` and `warnings`.

    Raises:
        hiremate.resume.errors.ResumeError: a subclass naming why the file was rejected.
    """
    content_type, decoded = detect.sniff(data)
    result: dict[str, Any] = {"content_type": content_type, "encoding": None, "pages": None}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if content_type == detect.PDF:
            reading = _read_pdf(data, result)
        elif content_type == detect.DOCX:
            reading = _read_text(extract_docx_text(data), "docx")
        else:
            assert decoded is not None  # sniff decodes every text file
            raw, result["encoding"] = decoded
            reading = _read_text(raw, "text")
    for warning in caught:
        logger.debug("parser library warning: %s", warning.message)
    result.update(public_result(reading))
    result["warnings"] = reading["warnings"] + _field_warnings(result["fields"])
    return result


def _read_pdf(data: bytes, result: dict[str, Any]) -> dict[str, Any]:
    reader = open_pdf(data)
    result["pages"] = len(reader.pages)
    pages, page_warnings = extract_pdf_pages(reader)
    plain = _read_text("\n".join(pages), "pdf-plain", page_warnings)
    if not _reads_badly(plain):
        return plain
    layout = _read_layout(reader)
    if layout is not None and _reading_score(layout) > _reading_score(plain):
        layout["warnings"].insert(0, "The layout-aware reading of the PDF was used.")
        return layout
    return plain


def _read_layout(reader: PdfReader) -> dict[str, Any] | None:
    try:
        pages, page_warnings = extract_pdf_pages(reader, layout=True)
        # Layout mode pads columns with runs of spaces. Each padded-apart block becomes its
        # own line, so a name and a contact block printed side by side stay adjacent.
        cells = [_COLUMN_GAP.sub("\n", page) for page in pages]
        return _read_text("\n".join(cells), "pdf-layout", page_warnings)
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - the plain reading stands when layout fails
        logger.info("layout extraction failed: %s: %s", type(exc).__name__, exc)
        return None


def _read_text(raw: str, extraction: str, warnings_: list[str] | None = None) -> dict[str, Any]:
    warnings_ = list(warnings_ or [])
    if len(raw) > MAX_TEXT_CHARS:
        raw = raw[:MAX_TEXT_CHARS]
        warnings_.append(f"Only the first {MAX_TEXT_CHARS:,} characters of text were read.")
    text = normalize_text(raw)
    require_text(count_letters(text), garbled=garbled_share(raw), plain_text=extraction == "text")

    lines = split_lines(text)
    # A first phone guess marks the contact line for the name. Once the email is known, the
    # phone is searched again next to it.
    phone = extract_phone(text)
    contact_indexes = {
        line.index
        for line in lines
        if "@" in line.text
        or (phone["span"] and line.start <= phone["span"]["start"] < line.end + 1)
    }
    name = extract_name(lines, text, contact_indexes)
    email = extract_email(text, name_tokens(name["value"]))
    anchor = email["span"] or name["span"]
    if anchor is not None:
        phone = extract_phone(text, anchor["start"])
    name_line = _line_of(lines, name)
    position = extract_position(lines, text, name_line)

    return {
        "extraction": extraction,
        "text": text,
        "fields": {"name": name, "email": email, "phone": phone, "position": position},
        "skills": extract_skills(lines),
        "warnings": warnings_,
        "_name_line": name_line,
        "_contact_lines": sorted(contact_indexes),
    }


def _line_of(lines: list, field: Field) -> int | None:
    if field["span"] is None:
        return None
    start = field["span"]["start"]
    for line in lines:
        if line.start <= start < line.end:
            return line.index
    return None


def _reads_badly(reading: dict[str, Any]) -> bool:
    fields = reading["fields"]
    if any(fields[key]["value"] is None for key in ("name", "email", "phone")):
        return True
    return _name_far_from_contact(reading)


def _name_far_from_contact(reading: dict[str, Any]) -> bool:
    name_line = reading["_name_line"]
    contact = reading["_contact_lines"]
    if name_line is None or not contact:
        return False
    return min(abs(name_line - index) for index in contact) > MAX_NAME_CONTACT_DISTANCE


def _reading_score(reading: dict[str, Any]) -> float:
    score = sum(reading["fields"][key]["confidence"] for key in FIELD_NAMES)
    if _name_far_from_contact(reading):
        score -= 0.5
    return score


def _field_warnings(fields: dict[str, Field]) -> list[str]:
    found_warnings = []
    if fields["email"].get("placeholder"):
        found_warnings.append("The email address uses a placeholder domain; confirm it.")
    if fields["phone"].get("placeholder"):
        found_warnings.append("The phone number looks like a placeholder (555 or 123-456-7890).")
    if fields["phone"]["value"] is not None and fields["phone"].get("e164") is None:
        found_warnings.append("The phone number could not be normalised to E.164; kept as printed.")
    for key in FIELD_NAMES:
        if fields[key]["value"] is None:
            found_warnings.append(f"No {key} was found; enter it by hand.")
    return found_warnings


def public_result(result: dict[str, Any]) -> dict[str, Any]:
    """Return `result` without the parser's internal bookkeeping keys."""
    return {key: value for key, value in result.items() if not key.startswith("_")}
