"""Redaction of tokens from log lines."""

from __future__ import annotations

import logging

import pytest

from collector.request_log import RedactingFilter, redact, redact_path


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('"WebSocket /ws/assessment/AbC-123_xyz" [accepted]', "AbC-123_xyz"),
        ("GET /api/v1/assessment/AbC-123_xyz/task/0", "AbC-123_xyz"),
        ("/ws/live/a1?token=eyJhbGciOi.eyJzdWIi.sig&after_seq=3", "eyJhbGciOi.eyJzdWIi.sig"),
        ("Authorization: Bearer eyJhbGciOi.eyJzdWIi.sig", "eyJhbGciOi.eyJzdWIi.sig"),
        ("refresh_token=abc.def.ghi", "abc.def.ghi"),
    ],
)
def test_request_log_redacts_secret(line: str, secret: str) -> None:
    cleaned = redact(line)
    assert secret not in cleaned
    assert "<" in cleaned


def test_request_log_keeps_ordinary_paths() -> None:
    assert redact("GET /api/v1/attempts/abc/events") == "GET /api/v1/attempts/abc/events"
    assert redact("after_seq=3") == "after_seq=3"


def test_request_log_filter_rewrites_record_arguments() -> None:
    record = logging.LogRecord(
        "uvicorn.error",
        logging.INFO,
        __file__,
        1,
        '%s - "WebSocket %s" 403',
        ("peer", "/ws/assessment/SECRET"),
        None,
    )
    assert RedactingFilter().filter(record) is True
    assert "SECRET" not in record.getMessage()
    assert record.getMessage() == 'peer - "WebSocket /ws/assessment/<token>" 403'


@pytest.mark.parametrize(
    "token",
    [" AbC-123", "  AbC 123", "%20AbC-123", "AbC\"'?x", "A\u00e9\u0000b", "<AbC>"],
)
@pytest.mark.parametrize("prefix", ["/api/v1/assessment/", "/ws/assessment/", "/assessment/"])
def test_request_log_redacts_whole_token_segment(prefix: str, token: str) -> None:
    cleaned = redact_path(f"{prefix}{token}/task/0")
    assert cleaned == f"{prefix}<token>/task/0"


def test_request_log_redacts_token_after_space_in_line() -> None:
    cleaned = redact("GET /api/v1/assessment/ mboYTc8HdMjeVZ status=404")
    assert "mboYTc8HdMjeVZ" not in cleaned
    assert cleaned.endswith("status=404")
