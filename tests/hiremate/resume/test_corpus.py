"""Every file of the resume corpus, parsed in the bounded worker, against its ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiremate.resume.errors import CorruptFileError, EncryptedPdfError, NoTextError
from hiremate.resume.worker import ParserPool
from tests.hiremate.resume.conftest import corpus_path, load_expected

EXPECTED = load_expected()
RESUMES = sorted(name for name, entry in EXPECTED.items() if "expected_behaviour" not in entry)
EDGE_FILES = sorted(name for name, entry in EXPECTED.items() if "expected_behaviour" in entry)
FIELD_KEYS = ("name", "email", "position")
ARABIC_WORD = "\u062d\u064e\u0628\u064a\u0628\u064a"


def _parse(pool: ParserPool, corpus_dir: Path, name: str) -> dict:
    return pool.parse(corpus_path(name).read_bytes())


def test_corpus_every_file_has_ground_truth(corpus_dir: Path) -> None:
    files = {path.name for path in corpus_dir.glob("*") if path.suffix in {".pdf", ".docx", ".txt"}}
    files |= {path.name for path in (corpus_dir / "edge").glob("*")}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", RESUMES)
def test_corpus_resume_fields(parser_pool: ParserPool, corpus_dir: Path, name: str) -> None:
    expected = EXPECTED[name]
    result = _parse(parser_pool, corpus_dir, name)
    fields = result["fields"]
    for key in FIELD_KEYS:
        assert fields[key]["value"] == expected[key], f"{key} of {name}"
    assert fields["phone"]["printed"] == expected["phone"]
    assert fields["phone"]["e164"] == expected["phone_e164"]
    assert fields["phone"]["value"] == (expected["phone_e164"] or expected["phone"])


@pytest.mark.parametrize("name", RESUMES)
def test_corpus_resume_spans_and_confidence(
    parser_pool: ParserPool, corpus_dir: Path, name: str
) -> None:
    result = _parse(parser_pool, corpus_dir, name)
    text = result["text"]
    for key, field in result["fields"].items():
        assert 0.0 <= field["confidence"] <= 1.0, key
        if field["value"] is None:
            assert field["span"] is None, key
            assert field["reason"], key
        else:
            span = field["span"]
            assert text[span["start"] : span["end"]] == span["text"], key
            assert field["reason"] is None, key


def test_corpus_placeholder_phones_flagged(parser_pool: ParserPool, corpus_dir: Path) -> None:
    # Every phone number in the corpus is a 555 number or 123-456-7890.
    for name in RESUMES:
        phone = _parse(parser_pool, corpus_dir, name)["fields"]["phone"]
        assert phone["placeholder"] is True, name


def test_corpus_encrypted_pdf_rejected(parser_pool: ParserPool, corpus_dir: Path) -> None:
    with pytest.raises(EncryptedPdfError) as caught:
        _parse(parser_pool, corpus_dir, "pypdf-encrypted-libreoffice.pdf")
    assert caught.value.status_code == 422
    assert "password-protected" in caught.value.detail
    assert "unprotected copy" in caught.value.detail


def test_corpus_malformed_pdf_rejected(parser_pool: ParserPool, corpus_dir: Path) -> None:
    with pytest.raises(CorruptFileError) as caught:
        _parse(parser_pool, corpus_dir, "pypdf-unreadable-metadata.pdf")
    assert caught.value.status_code == 422
    assert "corrupt or unreadable" in caught.value.detail


@pytest.mark.parametrize("name", ["corpus-blank-push-pop.pdf", "pypdf-image-only-cmyk.pdf"])
def test_corpus_textless_pdf_rejected(parser_pool: ParserPool, corpus_dir: Path, name: str) -> None:
    with pytest.raises(NoTextError) as caught:
        _parse(parser_pool, corpus_dir, name)
    assert caught.value.status_code == 422
    assert "No readable text" in caught.value.detail
    assert "OCR" in caught.value.detail


def test_corpus_two_columns_in_column_order(parser_pool: ParserPool, corpus_dir: Path) -> None:
    result = _parse(parser_pool, corpus_dir, "pypdf-latex-multicolumn.pdf")
    text = result["text"]
    assert "This is a sample document with two columns filled" in text
    assert text.index("with Lorem Ipsum text.") < text.index("pellentesque ante.")
    assert "Official" in text
    assert "Your Name" in result["fields"]["name"]["reason"]
    for key in ("name", "email", "phone", "position"):
        assert result["fields"][key]["value"] is None, key


def test_corpus_arabic_text_kept(parser_pool: ParserPool, corpus_dir: Path) -> None:
    result = _parse(parser_pool, corpus_dir, "pypdf-arabic-habibi.pdf")
    assert "habibi" in result["text"]
    assert ARABIC_WORD in result["text"]
    for key in ("name", "email", "phone", "position"):
        assert result["fields"][key]["value"] is None, key


def test_corpus_edge_files_all_covered() -> None:
    covered = {
        "pypdf-encrypted-libreoffice.pdf",
        "pypdf-unreadable-metadata.pdf",
        "corpus-blank-push-pop.pdf",
        "pypdf-image-only-cmyk.pdf",
        "pypdf-latex-multicolumn.pdf",
        "pypdf-arabic-habibi.pdf",
    }
    if not EDGE_FILES:
        pytest.skip("resume corpus is not available on this machine")
    assert set(EDGE_FILES) == covered
