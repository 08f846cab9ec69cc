"""Builders of small PDF, DOCX and hostile files for the resume parser tests."""

from __future__ import annotations

import io
import zlib

import docx


def pdf_with_streams(streams: list[bytes], *, filters: list[str] | None = None) -> bytes:
    """Return a one-page-per-stream PDF whose page contents are `streams`, already encoded.

    `filters` is the `/Filter` array written on every content stream, e.g.
    `["/FlateDecode", "/FlateDecode"]` for content compressed twice.
    """
    filter_entry = f"/Filter [{' '.join(filters)}] " if filters else ""
    page_count = len(streams)
    font_id = 3 + 2 * page_count
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        (
            "<< /Type /Pages /Kids ["
            + " ".join(f"{3 + 2 * i} 0 R" for i in range(page_count))
            + f"] /Count {page_count} >>"
        ).encode(),
    ]
    for index, stream in enumerate(streams):
        content_id = 4 + 2 * index
        objects.append(
            (
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                f"/Resources << /Font << /F1 {font_id} 0 R >> >> /Contents {content_id} 0 R >>"
            ).encode()
        )
        objects.append(
            f"<< {filter_entry}/Length {len(stream)} >>\nstream\n".encode()
            + stream
            + b"\nendstream"
        )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _assemble(objects)


def text_pdf(lines: list[str]) -> bytes:
    """Return a one-page PDF that shows `lines` (ASCII) top to bottom in Helvetica."""
    parts = ["BT /F1 11 Tf 72 740 Td 14 TL"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        parts.append(f"({escaped}) Tj T*")
    parts.append("ET")
    return pdf_with_streams(["\n".join(parts).encode("latin-1")])


def nested_flate_pdf(inner: bytes, depth: int) -> bytes:
    """Return a PDF whose content stream is `inner` compressed `depth` times over."""
    data = inner
    for _ in range(depth):
        data = zlib.compress(data, 9)
    return pdf_with_streams([data], filters=["/FlateDecode"] * depth)


def many_pages_pdf(fanout: int, levels: int) -> bytes:
    """Return a small PDF whose page tree lists one page `fanout ** levels` times.

    Each of the `levels` page tree nodes has `fanout` kids that all point to the next node,
    and the last node's kids all point to the one page.
    """
    page_id = 2 + levels
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(levels):
        child = page_id if level == levels - 1 else 3 + level
        count = fanout ** (levels - level)
        kids = " ".join([f"{child} 0 R"] * fanout)
        objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    stream = b"BT /F1 11 Tf 72 740 Td (Maria Garcia) Tj ET"
    objects.append(
        (
            f"<< /Type /Page /Parent {page_id - 1} 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {page_id + 2} 0 R >> >> /Contents {page_id + 1} 0 R >>"
        ).encode()
    )
    objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _assemble(objects)


def docx_bytes(paragraphs: list[str]) -> bytes:
    """Return a DOCX document with one paragraph per item of `paragraphs`."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    ).encode()
    return bytes(out)


RESUME_LINES = [
    "Maria Garcia",
    "Austin, TX | (512) 555-0123 | maria.garcia@mail.test",
    "Experience",
    "Northwind Traders, Austin, TX, Data Analyst",
    "Jan. 2020 - Present",
    "Skills",
    "SQL, Python, Tableau",
]
