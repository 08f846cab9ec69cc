"""`POST /resume/parse` and `GET /resume/files/{id}` on a real collector."""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hiremate.settings import Settings
from hiremate.store import open_store
from tests.hiremate.resume.conftest import CORPUS_DIR, corpus_path, load_expected
from tests.hiremate.resume.samples import (
    RESUME_LINES,
    docx_bytes,
    nested_flate_pdf,
    pdf_with_streams,
    text_pdf,
)
from tests.support.server import CollectorServer, Recruiter, create_recruiter, run_collector

GOOD_PDF = text_pdf(RESUME_LINES)
FRONTEND_FIELDS = ("name", "email", "phone", "position", "skills")
FUZZ = hypothesis_settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _upload(api: httpx.Client, data: bytes, filename: str = "resume.pdf") -> httpx.Response:
    return api.post("/resume/parse", files={"file": (filename, data, "application/octet-stream")})


def _stored_resumes(server: CollectorServer) -> int:
    settings = Settings(data_dir=server.data_dir, _env_file=None)
    with open_store(settings) as store:
        return store.count("resumes")


def _corpus_file(name: str) -> bytes:
    if not CORPUS_DIR.exists():
        pytest.skip(f"resume corpus {CORPUS_DIR} is not available on this machine")
    return corpus_path(name).read_bytes()


def test_resume_parse_frontend_fields(api: httpx.Client) -> None:
    response = _upload(api, GOOD_PDF)
    assert response.status_code == 200, response.text
    body = response.json()
    info = body["candidate_info"]
    for key in FRONTEND_FIELDS:
        assert key in info, key
    assert info["name"] == "Maria Garcia"
    assert info["email"] == "maria.garcia@mail.test"
    assert info["phone"] == "+15125550123"
    assert info["position"] == "Data Analyst"
    assert info["skills"] == ["SQL", "Python", "Tableau"]
    assert body["resume_text"].startswith("Maria Garcia\n")
    assert body["resume_url"] == f"/api/v1/resume/files/{body['file_id']}"


def test_resume_parse_confidences_and_suggestions(api: httpx.Client) -> None:
    body = _upload(api, docx_bytes(RESUME_LINES), "resume.docx").json()
    for key in ("name", "email", "phone", "position"):
        field = body["fields"][key]
        assert 0.0 <= field["confidence"] <= 1.0
        assert field["span"]["text"] in body["resume_text"]
    assert len(body["suggested_task_ids"]) >= 5
    assert [item["task_id"] for item in body["suggestions"]] == body["suggested_task_ids"]
    assert all(item["reason"] for item in body["suggestions"])
    assert isinstance(body["warnings"], list)
    assert body["content_type"].endswith("wordprocessingml.document")


def test_resume_parse_corpus_resume(api: httpx.Client) -> None:
    expected = load_expected()["soupboss-02-desktop-support.pdf"]
    body = _upload(api, _corpus_file("soupboss-02-desktop-support.pdf")).json()
    assert body["candidate_info"]["name"] == expected["name"]
    assert body["candidate_info"]["email"] == expected["email"]
    assert body["candidate_info"]["phone"] == expected["phone_e164"]
    assert body["candidate_info"]["position"] == expected["position"]
    assert body["fields"]["phone"]["placeholder"] is True
    assert any("placeholder" in warning for warning in body["warnings"])


def test_resume_parse_duplicate_stored_once(api: httpx.Client) -> None:
    data = text_pdf([*RESUME_LINES, "Languages: Spanish"])
    first = _upload(api, data).json()
    second = _upload(api, data).json()
    assert first["duplicate"] is False
    assert second["duplicate"] is True
    assert second["file_id"] == first["file_id"]
    assert second["resume_id"] == first["resume_id"]
    assert second["candidate_info"] == first["candidate_info"]


def test_resume_file_download(api: httpx.Client) -> None:
    body = _upload(api, GOOD_PDF).json()
    response = api.get(f"/resume/files/{body['file_id']}")
    assert response.status_code == 200
    assert response.content == GOOD_PDF
    assert response.headers["content-type"] == "application/pdf"


def test_resume_file_unicode_filename(api: httpx.Client) -> None:
    body = _upload(api, text_pdf([*RESUME_LINES, "Certificates: PMP"]), '履歴書 "v2".pdf').json()
    response = api.get(f"/resume/files/{body['file_id']}")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="')
    assert "filename*=UTF-8''%E5%B1%A5%E6%AD%B4%E6%9B%B8" in disposition


def test_resume_file_path_name_stripped(server: CollectorServer, api: httpx.Client) -> None:
    data = text_pdf([*RESUME_LINES, "Certificates: CISA"])
    body = _upload(api, data, "../../../../tmp/evil.pdf").json()
    response = api.get(f"/resume/files/{body['file_id']}")
    assert response.status_code == 200
    disposition = response.headers["content-disposition"]
    assert disposition == "attachment; filename=\"evil.pdf\"; filename*=UTF-8''evil.pdf"
    settings = Settings(data_dir=server.data_dir, _env_file=None)
    with open_store(settings) as store:
        meta, _ = store.get_file(body["file_id"])
    assert meta["filename"] == "evil.pdf"


def test_resume_file_cp1252_charset(api: httpx.Client) -> None:
    data = "Zoë Müller-Ångström\nzoe@example.com\n+44 20 7946 0958\nSenior Software Engineer\n"
    body = _upload(api, data.encode("cp1252"), "zoe.txt").json()
    assert body["candidate_info"]["name"] == "Zoë Müller-Ångström"
    assert body["candidate_info"]["position"] == "Senior Software Engineer"
    response = api.get(f"/resume/files/{body['file_id']}")
    assert response.headers["content-type"] == "text/plain; charset=cp1252"


def test_resume_file_text_keeps_encoding(api: httpx.Client) -> None:
    data = "José Müller\nIngeniero de Software\nEmail: jose@mail.test\n".encode("cp1252")
    body = _upload(api, data, "resume.txt").json()
    response = api.get(f"/resume/files/{body['file_id']}")
    assert response.content == data
    assert response.headers["content-type"].startswith("text/plain; charset=")
    assert "utf-8" not in response.headers["content-type"]


def test_resume_file_other_org_404(server: CollectorServer, api: httpx.Client) -> None:
    body = _upload(api, GOOD_PDF).json()
    outsider = create_recruiter(server.base_url)
    response = httpx.get(
        f"{server.api_url}/resume/files/{body['file_id']}", headers=outsider.headers
    )
    assert response.status_code == 404
    assert response.json()["detail"] == "File not found"


def test_resume_file_unknown_404(api: httpx.Client) -> None:
    assert api.get("/resume/files/no-such-file").status_code == 404


def test_resume_parse_requires_auth(server: CollectorServer) -> None:
    response = httpx.post(
        f"{server.api_url}/resume/parse", files={"file": ("r.pdf", GOOD_PDF, "application/pdf")}
    )
    assert response.status_code == 401


def test_resume_parse_same_file_two_orgs(server: CollectorServer, api: httpx.Client) -> None:
    data = text_pdf([*RESUME_LINES, "Hobbies: chess"])
    mine = _upload(api, data).json()
    other: Recruiter = create_recruiter(server.base_url)
    with httpx.Client(base_url=server.api_url, headers=other.headers, timeout=30.0) as client:
        theirs = _upload(client, data).json()
    assert theirs["duplicate"] is False
    assert theirs["file_id"] != mine["file_id"]


@pytest.mark.parametrize(
    ("name", "status", "fragment"),
    [
        ("pypdf-encrypted-libreoffice.pdf", 422, "password-protected"),
        ("pypdf-unreadable-metadata.pdf", 422, "corrupt or unreadable"),
        ("corpus-blank-push-pop.pdf", 422, "No readable text"),
        ("pypdf-image-only-cmyk.pdf", 422, "OCR"),
    ],
)
def test_resume_parse_edge_files_rejected(
    server: CollectorServer, api: httpx.Client, name: str, status: int, fragment: str
) -> None:
    before = _stored_resumes(server)
    response = _upload(api, _corpus_file(name))
    assert response.status_code == status
    assert fragment in response.json()["detail"]
    assert _stored_resumes(server) == before


@pytest.mark.parametrize(
    ("data", "status", "fragment"),
    [
        (b"", 422, "empty"),
        (bytes(range(256)) * 16, 415, "PDF, DOCX or plain-text"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, 415, "Images are not supported"),
        (b"%PDF-1.4\nnot really a pdf", 422, "corrupt or unreadable"),
        (b"A", 422, "too little text to read a resume"),
    ],
)
def test_resume_parse_bad_input_rejected(
    api: httpx.Client, data: bytes, status: int, fragment: str
) -> None:
    response = _upload(api, data)
    assert response.status_code == status
    assert fragment in response.json()["detail"]


def test_resume_parse_too_large_413(api: httpx.Client) -> None:
    response = _upload(api, b"a" * (10_485_760 + 1), "resume.txt")
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "larger than 10 MiB" in detail
    assert "PDF" not in detail


def test_resume_parse_missing_file_422(api: httpx.Client) -> None:
    response = api.post("/resume/parse", data={"other": "x"})
    assert response.status_code == 422
    assert "file" in response.json()["detail"]


@pytest.fixture(scope="module")
def limited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CollectorServer]:
    """A collector whose parser has a 1 s time limit."""
    env = {"HIREMATE_PARSE_TIMEOUT_SECONDS": "1"}
    with run_collector(tmp_path_factory.mktemp("limited"), env=env) as running:
        yield running


def test_resume_parse_timeout_422_then_healthy(limited_server: CollectorServer) -> None:
    recruiter = create_recruiter(limited_server.base_url)
    slow = pdf_with_streams(
        [zlib.compress(b"BT /F1 1 Tf (ab) Tj ET\n" * 3_000_000)] * 6, filters=["/FlateDecode"]
    )
    with httpx.Client(
        base_url=limited_server.api_url, headers=recruiter.headers, timeout=60.0
    ) as client:
        response = _upload(client, slow)
        assert response.status_code == 422
        assert "timed out after 1 s" in response.json()["detail"]
        after = _upload(client, GOOD_PDF)
        assert after.status_code == 200
    assert httpx.get(f"{limited_server.base_url}/readyz").status_code == 200


@FUZZ
@given(data=st.binary(min_size=1, max_size=2048))
def test_resume_parse_fuzz_random_bytes(api: httpx.Client, data: bytes) -> None:
    response = _upload(api, data)
    assert response.status_code in (200, 413, 415, 422), response.text


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(GOOD_PDF) - 1))
def test_resume_parse_fuzz_truncated_pdf(api: httpx.Client, cut: int) -> None:
    response = _upload(api, GOOD_PDF[:cut])
    assert response.status_code in (200, 415, 422), response.text


@FUZZ
@given(
    depth=st.integers(min_value=1, max_value=5),
    repeat=st.integers(min_value=1, max_value=3_000_000),
)
def test_resume_parse_fuzz_nested_compression(
    server: CollectorServer, api: httpx.Client, depth: int, repeat: int
) -> None:
    response = _upload(api, nested_flate_pdf(b"0 " * repeat, depth))
    assert response.status_code in (200, 422), response.text
    assert httpx.get(f"{server.base_url}/readyz").status_code == 200


def test_resume_parse_server_log_has_no_resume_text(
    server: CollectorServer, api: httpx.Client
) -> None:
    _upload(api, GOOD_PDF)
    assert "maria.garcia@mail.test" not in server.log_text()
