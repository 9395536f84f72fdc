"""Sample files made in code: real bytes of each kind, no binary fixtures in the repository."""

from __future__ import annotations

import io
import zipfile

from chalicelib.services.scanning import EICAR


def sample_pdf(extra: bytes = b"") -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Lohnabrechnung Oktober 2026")
    data = bytes(pdf.output())
    return data.replace(b"%%EOF", extra + b"\n%%EOF") if extra else data


def sample_png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def sample_jpeg() -> bytes:
    # The smallest JFIF a decoder accepts is long; the magic bytes are what the checks read.
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 200 + b"\xff\xd9"


def sample_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not a document")
    return buffer.getvalue()


def encrypted_pdf() -> bytes:
    return sample_pdf(b"trailer << /Encrypt 5 0 R >>")


def scripted_pdf() -> bytes:
    return sample_pdf(b"<< /Type /Action /S /JavaScript /JS (app.alert(1)) >>")


def eicar_pdf() -> bytes:
    return sample_pdf(b"% " + EICAR)


def windows_executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
