"""Checking uploaded evaluation reports: type by content, size by setting.

The name and the browser's Content-Type are never trusted; the content says:

- a PDF starts with ``%PDF``;
- a DOCX and an ODT are ZIP archives, told apart by the list of their parts (the
  archive's central directory, read with :mod:`zipfile`, wherever the parts are in
  the file): a DOCX has ``[Content_Types].xml`` and ``word/document.xml`` (and no
  macros, ``word/vbaProject.bin``); an ODT has a ``mimetype`` part that says
  ``application/vnd.oasis.opendocument.text``.

An archive that cannot be read, or whose parts are encrypted, is refused. Nothing but
the list of parts and the few bytes of ``mimetype`` is ever decompressed.
"""

import zipfile
import zlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .models import Attachment

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
ACCEPT = ",".join(
    [*Attachment.EXTENSIONS.values(), *Attachment.EXTENSIONS]
)  # for the file input's accept attribute: extensions and MIME types


def max_size():
    return settings.ATTACHMENT_MAX_SIZE_MB * 1024 * 1024


def _archive_type(upload):
    """DOCX, ODT or None for the ZIP archive ``upload``; raise if its parts are encrypted."""
    with zipfile.ZipFile(upload) as archive:
        parts = {info.filename: info for info in archive.infolist()}
        if any(info.flag_bits & 0x1 for info in parts.values()):
            raise ValidationError(
                _(
                    "This document is protected by a password, so Efus staff could not "
                    "read it. Save it without a password and upload it again."
                ),
                code="encrypted",
            )
        if {"[Content_Types].xml", "word/document.xml"} <= parts.keys():
            return None if "word/vbaProject.bin" in parts else DOCX
        mimetype = parts.get("mimetype")
        if mimetype and mimetype.file_size <= len(ODT):
            with archive.open(mimetype) as part:
                return ODT if part.read(len(ODT)) == ODT.encode() else None
    return None


def detect_report_type(upload):
    """The MIME type of an accepted report, read from its content; raise otherwise."""
    if upload.size > max_size():
        raise ValidationError(
            _("This file is {size}; reports may be at most {limit}.").format(
                size=filesizeformat(upload.size), limit=filesizeformat(max_size())
            ),
            code="too_big",
        )
    upload.seek(0)
    kind = None
    try:
        if upload.read(4) == b"%PDF":
            kind = PDF
        elif zipfile.is_zipfile(upload):
            kind = _archive_type(upload)
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError, zlib.error):
        kind = None  # a damaged archive, or one compressed in a way nobody can read
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(
            _(
                "This file is not a PDF, DOCX or ODT document (whatever its name says). "
                "Save the report in one of these formats and upload it again."
            ),
            code="bad_type",
        )
    return kind
