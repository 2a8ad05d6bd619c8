"""How to cite a practice: the citation in words, as RIS, BibTeX and CSL-JSON, and the
schema.org description embedded in its page.

Every format names the same things, in the page's language: Efus as author and
publisher, the title, the repository, the latest published version and the day it
was published (what the practice's page calls its published versions and its last
update), the address of the page and the day it was consulted.
"""

import datetime
import json
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from config.formats import full_date

from .i18n import translated


@dataclass(frozen=True)
class Citation:
    """What a reference to one practice record names."""

    key: str
    title: str
    author: str
    container: str
    genre: str
    # The number of the latest published version; None when no publication was recorded.
    version: int | None
    updated: datetime.date
    published: datetime.date | None
    url: str
    accessed: datetime.date
    language: str
    summary: str
    keywords: list


@dataclass(frozen=True)
class CitationFormat:
    extension: str
    content_type: str
    render: object


def practice_citation(*, practice, url):
    """The :class:`Citation` of ``practice``, whose page is at the absolute ``url``.

    ``practice`` needs ``practices.selectors.with_publication_dates``; its domains
    should be prefetched.
    """
    return Citation(
        key=f"efus-{practice.slug}",
        title=translated(practice, "title", original_language=practice.original_language),
        author=_("European Forum for Urban Security"),
        container=_("Efus good-practice repository"),
        genre=_("Good practice record"),
        version=practice.publication_count or None,
        updated=timezone.localdate(practice.last_updated_at),
        published=practice.published_at and timezone.localdate(practice.published_at),
        url=url,
        accessed=timezone.localdate(),
        language=get_language(),
        summary=translated(practice, "summary", original_language=practice.original_language),
        keywords=[str(domain) for domain in practice.domains.all()],
    )


def as_text(citation):
    """The citation in words, e.g. "European Forum for Urban Security (2026, 12 March)…"."""
    if citation.version is None:
        text = _(
            "{author} ({date}). {title} [{genre}]. {container}. {url} (consulted on {accessed})."
        )
    else:
        text = _(
            "{author} ({date}). {title} (version {version}) [{genre}]. {container}. {url} "
            "(consulted on {accessed})."
        )
    return text.format(
        author=citation.author,
        date=full_date(citation.updated),
        title=citation.title,
        version=citation.version,
        genre=citation.genre,
        container=citation.container,
        url=citation.url,
        accessed=full_date(citation.accessed),
    )


def _one_line(text):
    return " ".join(str(text).split())


def as_ris(citation):
    """RIS (Research Information Systems), for Zotero, EndNote, Mendeley…"""
    tags = [
        ("TY", "ELEC"),
        ("AU", citation.author),
        ("TI", citation.title),
        ("T2", citation.container),
        ("PB", citation.author),
        ("M3", citation.genre),
        ("ET", citation.version and _("version {version}").format(version=citation.version)),
        ("PY", str(citation.updated.year)),
        ("DA", citation.updated.strftime("%Y/%m/%d")),
        ("Y2", citation.accessed.strftime("%Y/%m/%d")),
        ("UR", citation.url),
        ("LA", citation.language),
        ("AB", citation.summary),
        *(("KW", keyword) for keyword in citation.keywords),
        ("ER", ""),
    ]
    return "".join(
        f"{tag}  - {_one_line(value)}\r\n" for tag, value in tags if value or tag == "ER"
    )


BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}


def _bibtex_escape(text):
    return "".join(BIBTEX_SPECIAL.get(char, char) for char in _one_line(text))


def _bibtex_note(citation):
    if citation.version is None:
        note = _("{genre}, last updated on {date}")
    else:
        note = _("{genre}, version {version}, last updated on {date}")
    return note.format(
        genre=citation.genre, version=citation.version, date=citation.updated.isoformat()
    )


def as_bibtex(citation):
    """BibTeX (a ``@misc`` entry, which biblatex reads too), UTF-8."""
    fields = [
        ("author", f"{{{_bibtex_escape(citation.author)}}}"),
        ("title", f"{{{_bibtex_escape(citation.title)}}}"),
        ("howpublished", _bibtex_escape(citation.container)),
        ("publisher", _bibtex_escape(citation.author)),
        ("year", str(citation.updated.year)),
        ("date", citation.updated.isoformat()),
        ("version", str(citation.version or "")),
        ("note", _bibtex_escape(_bibtex_note(citation))),
        ("url", citation.url),
        ("urldate", citation.accessed.isoformat()),
        ("language", citation.language),
        ("keywords", _bibtex_escape(", ".join(citation.keywords))),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{citation.key},\n{body}\n}}\n"


def _csl_date(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def as_csl_json(citation):
    """CSL-JSON, the Citation Style Language's data format (Zotero, Pandoc, citeproc)."""
    item = {
        "id": citation.key,
        "type": "webpage",
        "title": citation.title,
        "author": [{"literal": citation.author}],
        "publisher": citation.author,
        "container-title": citation.container,
        "genre": citation.genre,
        "issued": _csl_date(citation.updated),
        "accessed": _csl_date(citation.accessed),
        "URL": citation.url,
        "language": citation.language,
        "abstract": citation.summary,
        "keyword": ", ".join(citation.keywords),
    }
    if citation.version is not None:
        item["version"] = str(citation.version)
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


FORMATS = {
    "ris": CitationFormat("ris", "application/x-research-info-systems; charset=utf-8", as_ris),
    "bib": CitationFormat("bib", "application/x-bibtex; charset=utf-8", as_bibtex),
    "json": CitationFormat("json", "application/vnd.citationstyles.csl+json", as_csl_json),
}


def schema_org(citation, practice):
    """The practice described with schema.org terms, for its page's JSON-LD."""
    address = {"@type": "PostalAddress", "addressCountry": practice.country.code}
    if practice.city:
        address["addressLocality"] = practice.city
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": citation.url,
        "url": citation.url,
        "name": citation.title,
        "inLanguage": citation.language,
        "dateModified": practice.last_updated_at.isoformat(),
        "author": {"@type": "Organization", "name": citation.author},
        "publisher": {"@type": "Organization", "name": citation.author},
        "isPartOf": {"@type": "WebSite", "name": citation.container},
        "isAccessibleForFree": True,
        "keywords": citation.keywords,
        "spatialCoverage": {
            "@type": "Place",
            "name": ", ".join(part for part in [practice.city, practice.country.name] if part),
            "address": address,
        },
    }
    if citation.version is not None:
        data["version"] = str(citation.version)
    if citation.summary:
        data["description"] = citation.summary
    if practice.published_at:
        data["datePublished"] = practice.published_at.isoformat()
    if practice.start_date:
        end = practice.end_date.isoformat() if practice.end_date else ".."
        data["temporalCoverage"] = f"{practice.start_date.isoformat()}/{end}"
    return data
