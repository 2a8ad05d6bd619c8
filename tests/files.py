"""Small but real documents, built in memory, for the upload tests."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def pdf_bytes(padding=0):
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    )
    return body + b"%" + b"x" * padding + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes(*, before=(), after=()):
    """A DOCX; ``before`` and ``after`` are ``(name, content)`` of other parts, written
    before and after the document itself (as Word writes a thumbnail, for example)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        for name, content in before:
            archive.writestr(name, content)
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
        for name, content in after:
            archive.writestr(name, content)
    return buffer.getvalue()


def odt_bytes(mimetype=ODT_MIME):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<?xml version="1.0"?><office:document-content/>')
    return buffer.getvalue()


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a document")
    return buffer.getvalue()


def encrypted_zip_bytes():
    """A DOCX whose parts are marked encrypted (as a zip tool's password protection does)."""
    archive = bytearray(docx_bytes())
    # Set bit 0 of the flags of every part: in its local header and in the central
    # directory (zipfile writes no encrypted archive itself).
    for signature, offset in [(b"PK\x03\x04", 6), (b"PK\x01\x02", 8)]:
        start = archive.find(signature)
        while start != -1:
            archive[start + offset] |= 0x1
            start = archive.find(signature, start + 4)
    return bytes(archive)


def upload(name, content, content_type="application/pdf"):
    """A file as the browser sends it; its name and type are whatever the client says."""
    return SimpleUploadedFile(name, content, content_type=content_type)
