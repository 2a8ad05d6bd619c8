"""Checking uploaded evaluation reports: type by content, size by setting.

The type is read from the file's first bytes (``filetype``, pure Python, no libmagic):
a PDF starts with ``%PDF``; a DOCX and an ODT are ZIP archives whose first entries say
what they are. The name and the browser's Content-Type are never trusted.
"""

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from filetype.types.archive import Pdf
from filetype.types.document import Docx, Odt

from .models import Attachment

MATCHERS = [Pdf(), Docx(), Odt()]
ACCEPT = ",".join(
    [*Attachment.EXTENSIONS.values(), *Attachment.EXTENSIONS]
)  # for the file input's accept attribute: extensions and MIME types


def max_size():
    return settings.ATTACHMENT_MAX_SIZE_MB * 1024 * 1024


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
    kind = filetype.match(upload.read(8192), matchers=MATCHERS)
    upload.seek(0)
    if kind is None or kind.mime not in Attachment.EXTENSIONS:
        raise ValidationError(
            _(
                "This file is not a PDF, DOCX or ODT document (whatever its name says). "
                "Save the report in one of these formats and upload it again."
            ),
            code="bad_type",
        )
    return kind.mime
