"""Typed errors of resume intake, each with the HTTP status and client text it maps to."""

from __future__ import annotations

ACCEPTED = "Upload a PDF, DOCX or plain-text resume."


class ResumeError(Exception):
    """Base class: a resume that cannot be parsed, with a short, stable client text.

    Attributes:
        status_code: the HTTP status of the endpoint's error response.
        code: a stable machine-readable reason, also sent across the worker boundary.
        detail: the client-facing text, naming the problem and what is accepted.
    """

    status_code = 422
    code = "unreadable"
    default_detail = "The resume could not be read. " + ACCEPTED

    def __init__(self, detail: str | None = None, *, retry_after: int | None = None) -> None:
        self.detail = detail or self.default_detail
        # Seconds for the `Retry-After` header, set on rejections that a retry can fix.
        self.retry_after = retry_after
        super().__init__(self.detail)


class FileTooLargeError(ResumeError):
    """The upload is larger than `settings.upload_max_bytes`."""

    status_code = 413
    code = "too_large"
    default_detail = "The file is too large. " + ACCEPTED


def too_large_detail(max_bytes: int) -> str:
    """Return the 413 text for an upload over `max_bytes`.

    It names no file format because the existing web frontend shows "Invalid file format"
    for any error text that contains "PDF" or "format".
    """
    return f"The file is larger than {max_bytes / 1_048_576:g} MiB. Upload a smaller resume file."


class EmptyFileError(ResumeError):
    """The upload has no bytes."""

    status_code = 422
    code = "empty"
    default_detail = "The file is empty. " + ACCEPTED


class UnsupportedFileTypeError(ResumeError):
    """The content is neither a PDF, a DOCX nor text."""

    status_code = 415
    code = "unsupported_type"
    default_detail = "Unsupported file type. " + ACCEPTED


class EncryptedPdfError(ResumeError):
    """The PDF needs a password that is not empty."""

    code = "encrypted"
    default_detail = "The PDF is password-protected. Upload an unprotected copy of the resume."


class CorruptFileError(ResumeError):
    """The file claims a supported type but its structure cannot be read."""

    code = "corrupt"
    default_detail = "The file is corrupt or unreadable. " + ACCEPTED


class TooLittleTextError(ResumeError):
    """A text file with too few letters to hold a resume."""

    code = "too_little_text"
    default_detail = "The file has too little text to read a resume from. " + ACCEPTED


class NoTextError(ResumeError):
    """Too little text could be extracted: a scan, an image-only PDF or a garbled font."""

    code = "no_text"
    default_detail = (
        "No readable text was found in the file (a scanned or image-only document needs "
        "OCR first). Upload a resume with a text layer."
    )


class ParseLimitError(ResumeError):
    """Parsing went over the worker's time, memory or decompression limit."""

    code = "limit"
    default_detail = (
        "The file could not be parsed within the time and memory limits. "
        "Upload a smaller or simpler PDF, DOCX or plain-text resume."
    )


SIMPLER_FILE = "Upload a smaller or simpler PDF, DOCX or plain-text resume."
TIMED_OUT = "Parsing the file timed out after {seconds:g} s. " + SIMPLER_FILE
OUT_OF_MEMORY = "Parsing the file needed more memory than the limit allows. " + SIMPLER_FILE
TOO_MUCH_DATA = "The file decompresses to more data than the parser accepts. " + SIMPLER_FILE


class ParserUnavailableError(ResumeError):
    """No parser worker could be started (a server fault, not the file's)."""

    status_code = 503
    code = "unavailable"
    default_detail = "The resume parser is unavailable. Try again shortly."


class ParserBusyError(ResumeError):
    """No parser worker became free within the wait budget."""

    status_code = 503
    code = "busy"
    default_detail = "The resume parser is busy; try again in a few seconds."


class TooManyParsesError(ResumeError):
    """The organisation already has the maximum number of parses in flight."""

    status_code = 429
    code = "too_many_parses"
    default_detail = (
        "Too many resumes from this organisation are being parsed; try again in a few seconds."
    )


ERRORS_BY_CODE: dict[str, type[ResumeError]] = {
    cls.code: cls
    for cls in (
        ResumeError,
        FileTooLargeError,
        EmptyFileError,
        UnsupportedFileTypeError,
        EncryptedPdfError,
        CorruptFileError,
        TooLittleTextError,
        NoTextError,
        ParseLimitError,
        ParserUnavailableError,
        ParserBusyError,
        TooManyParsesError,
    )
}


def error_from_code(code: str, detail: str | None) -> ResumeError:
    """Rebuild the typed error a worker reported by its `code`."""
    cls = ERRORS_BY_CODE.get(code, ResumeError)
    return cls(detail)
