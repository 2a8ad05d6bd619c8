"""Evaluation reports: accepted by their content, whatever their name says."""

import random

import pytest
from django.core.exceptions import ValidationError

from practices.uploads import detect_report_type
from tests.files import (
    DOCX_MIME,
    ODT_MIME,
    docx_bytes,
    encrypted_zip_bytes,
    odt_bytes,
    pdf_bytes,
    plain_zip_bytes,
    upload,
)

# 20 KB that do not compress, like the JPEG thumbnail some editors save in a DOCX.
THUMBNAIL = random.Random(0).randbytes(20_000)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", pdf_bytes(), "application/pdf"),
        ("report.docx", docx_bytes(), DOCX_MIME),
        ("report.odt", odt_bytes(), ODT_MIME),
        # The name does not matter either way: a real PDF named oddly is still a PDF.
        ("REPORT.PDF.bin", pdf_bytes(), "application/pdf"),
        # Whatever other parts come before the document, and however big they are.
        ("thumb.docx", docx_bytes(before=[("docProps/thumbnail.jpeg", THUMBNAIL)]), DOCX_MIME),
        (
            "properties.docx",
            docx_bytes(
                before=[
                    ("docProps/core.xml", "<cp:coreProperties/>"),
                    ("docProps/app.xml", "<Properties/>"),
                    ("docProps/custom.xml", "<Properties/>"),
                    ("customXml/item1.xml", "<b:Sources/>"),
                    ("customXml/itemProps1.xml", "<ds:datastoreItem/>"),
                ]
            ),
            DOCX_MIME,
        ),
    ],
)
def test_pdf_docx_and_odt_are_recognised_by_their_content(name, content, expected):
    assert detect_report_type(upload(name, content)) == expected


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64,  # a Windows program
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        plain_zip_bytes(),
        b"",
        odt_bytes(mimetype="application/vnd.oasis.opendocument.spreadsheet"),
        docx_bytes(after=[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")]),
        docx_bytes()[:-30],
        b"PK\x03\x04" + b"\x00" * 200,
    ],
    ids=["program", "html", "zip", "empty", "spreadsheet", "macros", "truncated", "damaged"],
)
def test_other_files_renamed_pdf_are_refused(content):
    with pytest.raises(ValidationError) as error:
        detect_report_type(upload("report.pdf", content, content_type="application/pdf"))

    assert error.value.code == "bad_type"
    assert "not a PDF, DOCX or ODT document" in error.value.messages[0]


def test_a_report_over_the_limit_is_refused_with_both_sizes(settings):
    settings.ATTACHMENT_MAX_SIZE_MB = 1

    with pytest.raises(ValidationError) as error:
        detect_report_type(upload("big.pdf", pdf_bytes(padding=1024 * 1024)))

    assert error.value.code == "too_big"
    assert "1.0\xa0MB" in error.value.messages[0]


def test_reading_the_type_leaves_the_file_ready_to_store():
    report = upload("report.pdf", pdf_bytes())

    detect_report_type(report)

    assert report.read(5) == b"%PDF-"


def test_a_password_protected_archive_is_refused_with_what_to_do():
    with pytest.raises(ValidationError) as error:
        detect_report_type(upload("report.docx", encrypted_zip_bytes()))

    assert error.value.code == "encrypted"
    assert "Save it without a password" in error.value.messages[0]
