"""File type detection by content, text decoding and the upload size checks."""

from __future__ import annotations

import io
import zipfile

import pytest

from hiremate.resume import parse_resume
from hiremate.resume.detect import DOCX, PDF, TEXT, decode_text, detect_type
from hiremate.resume.errors import (
    CorruptFileError,
    EmptyFileError,
    FileTooLargeError,
    UnsupportedFileTypeError,
)
from hiremate.resume.parser import parse_resume_bytes
from hiremate.settings import Settings
from tests.hiremate.resume.samples import RESUME_LINES, docx_bytes, text_pdf

RESUME_TEXT = "José Müller\nIngeniero de Software\nEmail: jose.muller@mail.test\n"


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_detect_type_pdf_by_magic() -> None:
    assert detect_type(text_pdf(RESUME_LINES)) == PDF


def test_detect_type_pdf_after_leading_junk() -> None:
    # Readers accept up to 1024 bytes of junk before the header.
    assert detect_type(b"\x00" * 500 + text_pdf(RESUME_LINES)) == PDF


def test_detect_type_docx() -> None:
    assert detect_type(docx_bytes(RESUME_LINES)) == DOCX


def test_detect_type_text() -> None:
    assert detect_type(RESUME_TEXT.encode()) == TEXT


def test_detect_type_zip_without_document_rejected() -> None:
    with pytest.raises(UnsupportedFileTypeError) as caught:
        detect_type(_zip({"xl/workbook.xml": b"<workbook/>"}))
    assert caught.value.status_code == 415
    assert "not a DOCX" in caught.value.detail


def test_detect_type_broken_zip_rejected() -> None:
    with pytest.raises(CorruptFileError):
        detect_type(b"PK\x03\x04" + b"\x00" * 100)


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, ".doc"),
        (b"{\\rtf1\\ansi Jane Doe}", "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "Images"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 100, "Images"),
    ],
)
def test_detect_type_known_formats_rejected(data: bytes, hint: str) -> None:
    with pytest.raises(UnsupportedFileTypeError) as caught:
        detect_type(data)
    assert hint in caught.value.detail
    assert "PDF, DOCX or plain-text" in caught.value.detail


def test_detect_type_binary_rejected() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(UnsupportedFileTypeError) as caught:
        detect_type(data)
    assert caught.value.status_code == 415


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"])
def test_decode_text_encodings(encoding: str) -> None:
    text, detected = decode_text(RESUME_TEXT.encode(encoding))
    assert text.lstrip("\ufeff") == RESUME_TEXT
    assert detected


def test_decode_text_shift_jis() -> None:
    original = "山田 太郎\nソフトウェアエンジニア\n東京都渋谷区\nメール: taro@mail.test\n" * 3
    text, _ = decode_text(original.encode("shift_jis"))
    assert text == original


def test_decode_text_cp1252_over_cp1250() -> None:
    original = "Zoë Müller-Ångström\nzoe@example.com\n+44 20 7946 0958\nSenior Software Engineer\n"
    text, encoding = decode_text(original.encode("cp1252"))
    assert text == original
    assert encoding == "cp1252"


@pytest.mark.parametrize(
    "original",
    [
        "Łukasz Wróbel-Żółć\nul. Łódź, Kraków\nInżynier oprogramowania, zażółć gęślą jaźń\n",
        "Jiří Dvořák\nPraha, Česká republika\nVedoucí vývoje softwaru, příliš žluťoučký kůň\n",
    ],
)
def test_decode_text_cp1250_kept(original: str) -> None:
    text, encoding = decode_text(original.encode("cp1250"))
    assert text == original
    assert encoding == "cp1250"


def test_parse_text_resume_in_cp1252() -> None:
    result = parse_resume_bytes(RESUME_TEXT.encode("cp1252"))
    assert result["content_type"] == TEXT
    assert result["fields"]["name"]["value"] == "José Müller"
    assert result["encoding"]


def test_parse_resume_empty_rejected(settings: Settings) -> None:
    with pytest.raises(EmptyFileError) as caught:
        parse_resume(b"", settings=settings)
    assert caught.value.status_code == 422
    assert "empty" in caught.value.detail


def test_parse_resume_over_size_cap_rejected(tmp_path) -> None:
    small = Settings(data_dir=tmp_path, upload_max_bytes=1000, _env_file=None)
    with pytest.raises(FileTooLargeError) as caught:
        parse_resume(b"x" * 1001, settings=small)
    assert caught.value.status_code == 413
    assert "larger than" in caught.value.detail
