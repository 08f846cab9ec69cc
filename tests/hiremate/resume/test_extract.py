"""Text extraction details: DOCX headers and tables, page caps and encryption."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfReader, PdfWriter

from hiremate.resume.errors import EncryptedPdfError, ParseLimitError, TooLittleTextError
from hiremate.resume.extract import MAX_PAGES, extract_docx_text
from hiremate.resume.parser import parse_resume_bytes
from tests.hiremate.resume.samples import (
    RESUME_LINES,
    docx_bytes,
    many_pages_pdf,
    pdf_with_streams,
    text_pdf,
)


def _docx_with_header_and_table() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Jane Doe"
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "jane.doe@mail.test"
    table.cell(0, 1).text = "Phone: (415) 867-2309"
    document.add_paragraph("Experience")
    document.add_paragraph("Acme Inc., Product Designer")
    document.add_paragraph("2021 - Present")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _encrypted(data: bytes, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_extract_docx_header_and_table() -> None:
    text = extract_docx_text(_docx_with_header_and_table())
    lines = text.split("\n")
    assert lines[0] == "Jane Doe"
    assert "jane.doe@mail.test" in lines
    assert "Phone: (415) 867-2309" in lines


def test_parse_docx_header_name_and_table_contact() -> None:
    fields = parse_resume_bytes(_docx_with_header_and_table())["fields"]
    assert fields["name"]["value"] == "Jane Doe"
    assert fields["email"]["value"] == "jane.doe@mail.test"
    assert fields["phone"]["e164"] == "+14158672309"
    assert fields["position"]["value"] == "Product Designer"


def test_parse_pdf_page_cap_warns() -> None:
    page = b"BT /F1 11 Tf 72 740 Td (Jane Doe wrote this page) Tj ET"
    result = parse_resume_bytes(pdf_with_streams([page] * (MAX_PAGES + 3)))
    assert result["pages"] == MAX_PAGES + 3
    assert f"Only the first {MAX_PAGES} of {MAX_PAGES + 3} pages were read." in result["warnings"]
    assert result["text"].count("Jane Doe wrote this page") == MAX_PAGES


def test_parse_pdf_empty_user_password_opens() -> None:
    # Protected against editing only: the empty user password decrypts it.
    result = parse_resume_bytes(_encrypted(text_pdf(RESUME_LINES), ""))
    assert result["fields"]["name"]["value"] == "Maria Garcia"


def test_parse_pdf_user_password_rejected() -> None:
    with pytest.raises(EncryptedPdfError) as caught:
        parse_resume_bytes(_encrypted(text_pdf(RESUME_LINES), "secret"))
    assert "unprotected copy" in caught.value.detail


def test_parse_pdf_layout_reading_kept_when_better() -> None:
    # Two columns drawn line by line: the plain reading puts the email far below the name.
    left = [f"Left column line {i} about work" for i in range(12)]
    parts = ["BT /F1 10 Tf"]
    parts.append("1 0 0 1 72 740 Tm (Jane Doe) Tj")
    for index, line in enumerate(left):
        parts.append(f"1 0 0 1 72 {720 - 14 * index} Tm ({line}) Tj")
    parts.append("1 0 0 1 350 740 Tm (jane.doe@mail.test) Tj")
    parts.append("1 0 0 1 350 726 Tm (Phone: 415-867-2309) Tj")
    parts.append("ET")
    result = parse_resume_bytes(pdf_with_streams(["\n".join(parts).encode()]))
    fields = result["fields"]
    assert fields["name"]["value"] == "Jane Doe"
    assert fields["email"]["value"] == "jane.doe@mail.test"
    assert result["extraction"] == "pdf-layout"
    assert "The layout-aware reading of the PDF was used." in result["warnings"]


@pytest.mark.parametrize("data", [b"A", b"Hi there\n", b"12345 678 90\n"])
def test_parse_tiny_text_no_ocr_hint(data: bytes) -> None:
    with pytest.raises(TooLittleTextError) as caught:
        parse_resume_bytes(data)
    assert caught.value.status_code == 422
    assert "too little text" in caught.value.detail
    assert "OCR" not in caught.value.detail
    assert "scan" not in caught.value.detail


@pytest.mark.parametrize(("fanout", "levels"), [(200_000, 1), (80, 2)])
def test_parse_pdf_absurd_page_count(fanout: int, levels: int) -> None:
    with pytest.raises(ParseLimitError) as caught:
        parse_resume_bytes(many_pages_pdf(fanout, levels))
    assert "number of pages" in caught.value.detail
    assert "decompresses" not in caught.value.detail


def test_parse_pdf_repeated_page_allowed() -> None:
    result = parse_resume_bytes(many_pages_pdf(4, 2))
    assert result["pages"] == 16
    assert f"Only the first {MAX_PAGES} of 16 pages were read." in result["warnings"]


def test_parse_docx_bomb_names_types() -> None:
    buffer = io.BytesIO(docx_bytes(RESUME_LINES))
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * (65 * 1024 * 1024))
    with pytest.raises(ParseLimitError) as caught:
        parse_resume_bytes(buffer.getvalue())
    assert "64 MiB" in caught.value.detail
    assert "PDF, DOCX or plain-text" in caught.value.detail
