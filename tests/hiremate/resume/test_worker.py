"""The bounded parser workers: limits, recovery, and fuzzed hostile input."""

from __future__ import annotations

import os
import signal
import zlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from hiremate.resume.errors import EmptyFileError, ParseLimitError, ResumeError
from hiremate.resume.worker import ParserPool
from tests.hiremate.resume.conftest import CORPUS_DIR
from tests.hiremate.resume.samples import (
    RESUME_LINES,
    docx_bytes,
    nested_flate_pdf,
    pdf_with_streams,
    text_pdf,
)

GOOD_PDF = text_pdf(RESUME_LINES)
# A real 2-page Word-made resume from the corpus, cut at random points.
CORPUS_PDF = CORPUS_DIR / "soupboss-01-accountant.pdf"
GOOD_DOCX = docx_bytes(RESUME_LINES)
# Six pages of about 69 MB of text operators each: slow to extract, small to send.
SLOW_PDF = pdf_with_streams(
    [zlib.compress(b"BT /F1 1 Tf (ab) Tj ET\n" * 3_000_000)] * 6, filters=["/FlateDecode"]
)
# Some 66 MB of path operators, compressed twice: parsing them needs far more than 200 MiB.
MEMORY_BOMB_PDF = nested_flate_pdf(b"0 0 m\n" * 11_000_000, 2)
FUZZ = hypothesis_settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _assert_client_outcome(pool: ParserPool, data: bytes) -> None:
    """Assert that `data` gives a result or a typed 4xx error, never anything else."""
    error: ResumeError | None = None
    try:
        result = pool.parse(data)
    except ResumeError as exc:
        error = exc
    if error is not None:
        assert 400 <= error.status_code < 500, error
        assert error.detail
        return
    assert set(result["fields"]) == {"name", "email", "phone", "position"}
    assert isinstance(result["text"], str)


def _assert_healthy(pool: ParserPool) -> None:
    result = pool.parse(GOOD_PDF)
    assert result["fields"]["name"]["value"] == "Maria Garcia"


@pytest.fixture(scope="module")
def tight_pool() -> Iterator[ParserPool]:
    """One worker with a 1 s time limit and the default 512 MiB of address space."""
    pool = ParserPool(1, timeout_seconds=1.0, memory_mb=512)
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def small_memory_pool() -> Iterator[ParserPool]:
    """One worker with 200 MiB of address space and a 5 s time limit."""
    pool = ParserPool(1, timeout_seconds=5.0, memory_mb=200)
    yield pool
    pool.close()


def test_worker_parses_pdf_and_docx(parser_pool: ParserPool) -> None:
    for data in (GOOD_PDF, GOOD_DOCX):
        fields = parser_pool.parse(data)["fields"]
        assert fields["name"]["value"] == "Maria Garcia"
        assert fields["email"]["value"] == "maria.garcia@mail.test"
        assert fields["phone"]["e164"] == "+15125550123"
        assert fields["position"]["value"] == "Data Analyst"


def test_worker_timeout_kills_and_recovers(tight_pool: ParserPool) -> None:
    _assert_healthy(tight_pool)
    pid = tight_pool._idle.queue[0].process.pid
    with pytest.raises(ParseLimitError) as caught:
        tight_pool.parse(SLOW_PDF)
    assert "timed out after 1 s" in caught.value.detail
    assert caught.value.status_code == 422
    _assert_healthy(tight_pool)
    assert tight_pool._idle.queue[0].process.pid != pid


def test_worker_memory_limit_and_recovers(small_memory_pool: ParserPool) -> None:
    with pytest.raises(ParseLimitError) as caught:
        small_memory_pool.parse(MEMORY_BOMB_PDF)
    assert "memory" in caught.value.detail
    _assert_healthy(small_memory_pool)


def test_worker_replaces_dead_idle_worker(tight_pool: ParserPool) -> None:
    _assert_healthy(tight_pool)
    worker = tight_pool._idle.queue[0]
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.wait()
    _assert_healthy(tight_pool)


def test_worker_crash_mid_parse_is_client_error(tight_pool: ParserPool) -> None:
    _assert_healthy(tight_pool)
    worker = tight_pool._idle.queue[0]

    def killing_poll(timeout: float) -> bool:
        os.kill(worker.process.pid, signal.SIGKILL)
        worker.process.wait()
        return True

    worker.conn.poll = killing_poll
    with pytest.raises(ParseLimitError) as caught:
        tight_pool.parse(GOOD_PDF)
    assert "stopped on it" in caught.value.detail
    _assert_healthy(tight_pool)


def test_worker_empty_rejected(parser_pool: ParserPool) -> None:
    with pytest.raises(EmptyFileError):
        parser_pool.parse(b"")


def test_worker_closed_pool_unavailable() -> None:
    pool = ParserPool(1)
    pool.close()
    with pytest.raises(ResumeError) as caught:
        pool.parse(GOOD_PDF)
    assert caught.value.status_code == 503


@FUZZ
@given(data=st.binary(min_size=1, max_size=4096))
def test_worker_fuzz_random_bytes(parser_pool: ParserPool, data: bytes) -> None:
    _assert_client_outcome(parser_pool, data)


@FUZZ
@given(
    prefix=st.sampled_from([b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xef\xbb\xbf"]),
    data=st.binary(max_size=2048),
)
def test_worker_fuzz_magic_prefixed_bytes(
    parser_pool: ParserPool, prefix: bytes, data: bytes
) -> None:
    _assert_client_outcome(parser_pool, prefix + data + b" ")


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(GOOD_PDF) - 1))
def test_worker_fuzz_truncated_pdf(parser_pool: ParserPool, cut: int) -> None:
    _assert_client_outcome(parser_pool, GOOD_PDF[:cut])


@pytest.mark.skipif(not CORPUS_PDF.exists(), reason="resume corpus is not on this machine")
@FUZZ
@given(fraction=st.floats(min_value=0.0, max_value=1.0, exclude_max=True))
def test_worker_fuzz_truncated_corpus_pdf(parser_pool: ParserPool, fraction: float) -> None:
    data = CORPUS_PDF.read_bytes()
    _assert_client_outcome(parser_pool, data[: max(1, int(len(data) * fraction))])


@FUZZ
@given(cut=st.integers(min_value=1, max_value=len(GOOD_DOCX) - 1))
def test_worker_fuzz_truncated_docx(parser_pool: ParserPool, cut: int) -> None:
    _assert_client_outcome(parser_pool, GOOD_DOCX[:cut])


@FUZZ
@given(
    positions=st.lists(
        st.integers(min_value=0, max_value=len(GOOD_PDF) - 1), min_size=1, max_size=8
    ),
    value=st.integers(min_value=0, max_value=255),
)
def test_worker_fuzz_mutated_pdf(parser_pool: ParserPool, positions: list[int], value: int) -> None:
    data = bytearray(GOOD_PDF)
    for position in positions:
        data[position] = value
    _assert_client_outcome(parser_pool, bytes(data))


@FUZZ
@given(
    depth=st.integers(min_value=1, max_value=5),
    payload=st.one_of(
        # Operands and state operators: cheap to parse, so large expansions are tried.
        st.tuples(st.sampled_from([b"0 ", b"q Q ", b"\x00"]), st.integers(1, 3_000_000)),
        # pypdf takes roughly 0.1 ms per text operator, so fewer keep the run short.
        st.tuples(st.sampled_from([b"BT (a) Tj ET\n", b"[(x)] TJ "]), st.integers(1, 3_000)),
    ),
)
def test_worker_fuzz_nested_compression_pdf(
    parser_pool: ParserPool, depth: int, payload: tuple[bytes, int]
) -> None:
    unit, repeat = payload
    _assert_client_outcome(parser_pool, nested_flate_pdf(unit * repeat, depth))


def test_worker_decompression_bomb_rejected(parser_pool: ParserPool) -> None:
    # About 1 KB on disk, 80 MB after four rounds of Flate decoding.
    bomb = nested_flate_pdf(b"0 " * 40_000_000, 4)
    assert len(bomb) < 2048
    with pytest.raises(ParseLimitError) as caught:
        parser_pool.parse(bomb)
    assert "decompresses" in caught.value.detail
    _assert_healthy(parser_pool)


def test_worker_pool_grows_under_concurrency() -> None:
    pool = ParserPool(2, timeout_seconds=5.0, prestart=1)
    try:
        with ThreadPoolExecutor(max_workers=4) as executor:
            results = list(executor.map(pool.parse, [GOOD_PDF] * 8))
        assert all(r["fields"]["name"]["value"] == "Maria Garcia" for r in results)
        assert pool._started <= 2
    finally:
        pool.close()
