"""Open data: a result set of the catalogue as CSV or JSON, streamed.

Both formats are made from ``practices.api.serializers.PracticeSerializer``, the one
list of public fields: never contact details, internal notes, self-assessments or
unpublished practices. Texts come in the page's language (falling back to the other
one), or with ``bilingual`` in English and French side by side.

Rows are read ``CHUNK_SIZE`` at a time with their related rows, and written as they
come, so memory stays flat whatever the number of practices.

The CSV is made for spreadsheets: UTF-8 with a byte-order mark (so Excel does not
read it as Windows-1252), a header row, every field that needs it quoted (line
breaks inside a text stay inside its cell), CRLF between rows. The separator is a
comma, as RFC 4180 and most tools expect; ``delimiter=";"`` gives the semicolon that
Excel expects in French and most continental European locales, where the comma is
the decimal separator. A cell that a spreadsheet would run as a formula (starting
with =, +, -, @ or a tab) is prefixed with an apostrophe; the JSON keeps every text
as it is.
"""

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from .api.serializers import TEXT_FIELDS, VOCABULARY_FIELDS, PracticeSerializer
from .i18n import LANGUAGE_CODES

CHUNK_SIZE = 200
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _serialized(queryset, *, criteria, request, bilingual):
    context = {"criteria": criteria, "request": request, "bilingual": bilingual}
    for practice in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield PracticeSerializer(practice, context=context).data


# --- CSV --------------------------------------------------------------------------


def _joined(values):
    return "; ".join(str(value) for value in values if value)


def _csv_columns(criteria, *, bilingual):
    """``(header, value of a serialized practice)`` for every column."""

    def texts(header, read):
        """Columns of a translated text: one, or one per language (``read`` then gives
        ``{"en": …, "fr": …}``)."""
        if not bilingual:
            return [(header, read)]
        return [(f"{header}_{code}", lambda data, c=code: read(data)[c]) for code in LANGUAGE_CODES]

    def names(key):
        """The names of the terms under ``key``, joined (per language if bilingual)."""

        def read(data):
            if bilingual:
                return {
                    code: _joined(term["name"][code] for term in data[key])
                    for code in LANGUAGE_CODES
                }
            return _joined(term["name"] for term in data[key])

        return read

    columns = [
        ("id", lambda data: data["id"]),
        ("slug", lambda data: data["slug"]),
        ("url", lambda data: data["url"]),
    ]
    for name in TEXT_FIELDS:
        columns += texts(name, lambda data, n=name: data[n])
    columns += [
        ("original_language", lambda data: data["original_language"]),
        ("country", lambda data: data["country"]["code"]),
        ("country_name", lambda data: data["country"]["name"]),
        *texts("city", lambda data: data["city"]),
        ("start_date", lambda data: data["start_date"]),
        ("end_date", lambda data: data["end_date"]),
        ("ongoing", lambda data: "yes" if data["ongoing"] else "no"),
    ]
    for name in ["timeline", "cost_band", "evidence_level"]:
        columns += [
            (name, lambda data, n=name: (data[n] or {}).get("code")),
            (f"{name}_label", lambda data, n=name: (data[n] or {}).get("label")),
        ]
    columns.append(("maryland_scale", lambda data: data["maryland_scale"]))
    for name in VOCABULARY_FIELDS:
        columns.append((name, lambda data, n=name: _joined(term["slug"] for term in data[n])))
        columns += texts(f"{name}_names", names(name))
    columns.append(
        ("recommendations", lambda data: _joined(rec["slug"] for rec in data["recommendations"]))
    )
    for index, criterion in enumerate(criteria):
        prefix = f"rating_{criterion.slug}"
        columns += [
            (prefix, lambda data, i=index: data["evaluation"][i]["level"]),
            (f"{prefix}_label", lambda data, i=index: data["evaluation"][i]["label"]),
        ]
        columns += texts(f"{prefix}_text", lambda data, i=index: data["evaluation"][i]["text"])
    columns += [
        ("partners", lambda data: _joined(p["organisation"] for p in data["partners"])),
        (
            "lead_partners",
            lambda data: _joined(p["organisation"] for p in data["partners"] if p["is_lead"]),
        ),
        (
            "references",
            lambda data: _joined(
                " ".join(filter(None, [ref["citation"], ref["url"]])) for ref in data["references"]
            ),
        ),
        ("links", lambda data: _joined(link["url"] for link in data["links"])),
        ("published_at", lambda data: data["published_at"]),
        ("updated_at", lambda data: data["updated_at"]),
        ("version", lambda data: data["version"]),
    ]
    return columns


def _cell(value):
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose ``write`` returns what it is given, for csv.writer."""

    def write(self, value):
        return value


def csv_chunks(queryset, *, criteria, request, bilingual=False, delimiter=","):
    """The CSV export of ``queryset``, as text chunks."""
    columns = _csv_columns(criteria, bilingual=bilingual)
    writer = csv.writer(_Echo(), delimiter=delimiter, lineterminator="\r\n")
    yield "\ufeff" + writer.writerow([header for header, _read in columns])
    for data in _serialized(queryset, criteria=criteria, request=request, bilingual=bilingual):
        yield writer.writerow([_cell(read(data)) for _header, read in columns])


# --- JSON -------------------------------------------------------------------------


def json_chunks(queryset, *, criteria, request, bilingual=False):
    """The JSON export of ``queryset``: what was asked, when, and every practice."""
    header = {
        "source": request.build_absolute_uri(),
        "generated_at": timezone.now(),
        "languages": LANGUAGE_CODES if bilingual else [request.LANGUAGE_CODE],
        "count": queryset.count(),
    }
    opening = json.dumps(header, cls=DjangoJSONEncoder, ensure_ascii=False)
    yield opening[:-1] + ', "practices": ['
    separator = ""
    for data in _serialized(queryset, criteria=criteria, request=request, bilingual=bilingual):
        yield separator + json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        separator = ","
    yield "]}\n"
