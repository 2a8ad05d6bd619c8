"""PDF documents drawn by WeasyPrint from the site's own templates and print stylesheet.

One machinery makes every PDF of the site: a guide (cover, foreword, contents with
page numbers, chapters, practices, index by country), and any ordered list of
published practices (one practice, a catalogue selection, a comparison). Each
practice is shown with the same pieces as its web page: its sections and their
"available in … only" notes (``Practice.sections()``, ``translated()``) and the same
inline SVG evaluation chart.

Documents are rendered inside ``translation.override(language)``. Resources are read
by :class:`StaticFilesFetcher`, which serves the site's static files from disk and
refuses everything else: no ``file://``, no network.

WeasyPrint keeps the whole document in memory: guides are built by the background
worker (see ``guides/tasks.py``), never in a web process.
"""

import contextlib
import logging
import mimetypes
import posixpath
import re
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from evaluations.charts import comparison_chart, practice_chart
from evaluations.selectors import comparison_evaluation, is_evaluated, practice_evaluation
from practices.i18n import translated
from practices.selectors import criteria_with_scales

logger = logging.getLogger(__name__)


def document_base_url():
    """The address documents are rendered at: the site's, so that links in a PDF lead
    back to the site. Only its static files are ever read, from disk."""
    return settings.SITE_URL.rstrip("/") + "/"


# Raise when the PDF templates or print.css change in a way that must rebuild every
# cached guide.
LAYOUT_VERSION = "2"

PROGRESS_LOGGER = "weasyprint.progress"
_PAGE_PROGRESS = re.compile(r"Step 5 - Creating layout - Page (\d+)")


class StaticFilesFetcher(URLFetcher):
    """Serve the site's static files from disk to WeasyPrint; refuse every other URL.

    A URL is served only if it lies under the static files' address (``STATIC_URL``
    on the site's address) and names a file the static-files machinery knows
    (``STATIC_ROOT`` after ``collectstatic``, else the finders); it is read from disk,
    never fetched. Any other URL – ``file://``, ``data:``, another host, a path outside
    the static files – is refused, and WeasyPrint leaves the resource out. A missing
    static file of our own stops the build: the document would otherwise silently lose
    its stylesheet.
    """

    def fetch(self, url, headers=None):
        name = self.static_name(url)
        if name is None:
            logger.warning("PDF rendering refused to fetch %s", url)
            raise ValueError(f"Only the site's static files may be fetched, not {url}")
        path = self.static_path(name)
        if path is None:
            raise FatalURLFetchingError(f"Static file not found: {name}")
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def static_name(url):
        """The static file's name (``css/print.css``) if ``url`` may be served, else None."""
        prefix = urljoin(document_base_url(), settings.STATIC_URL)
        if not url.startswith(prefix) or urlsplit(url).query:
            return None
        name = posixpath.normpath(unquote(urlsplit(url).path[len(urlsplit(prefix).path) :]))
        if name == "." or name.startswith(("/", "..")) or "\\" in name or "\0" in name:
            return None
        return name

    @staticmethod
    def static_path(name):
        """The file on disk for static file ``name``, or None."""
        try:
            if settings.STATIC_ROOT and staticfiles_storage.exists(name):
                return Path(staticfiles_storage.path(name))
            found = finders.find(name)
        except (SuspiciousFileOperation, NotImplementedError):
            return None
        return Path(found) if found else None


def css_string(text):
    """``text`` as a quoted CSS string."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'


def page_counter_content():
    """The CSS ``content`` value for "Page X of Y" in the active language."""
    template = _("Page {page} of {pages}")
    tokens = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{page}":
            tokens.append("counter(page)")
        elif piece == "{pages}":
            tokens.append("counter(pages)")
        elif piece:
            tokens.append(css_string(piece))
    return " ".join(tokens)


@dataclass(frozen=True)
class PracticeEntry:
    """One practice as a document shows it: the record, its evaluation and its chart."""

    practice: object
    ratings: list
    is_evaluated: bool
    chart: str

    @property
    def anchor(self):
        return f"practice-{self.practice.slug}"


def practice_entries(practices, *, criteria):
    """A :class:`PracticeEntry` per practice, in order, without any query.

    ``practices`` come from ``guides.selectors.document_practices`` (or
    ``practices.selectors.practice_detail``), ``criteria`` from
    ``practices.selectors.criteria_with_scales``: read once per document.
    """
    entries = []
    for practice in practices:
        ratings = practice_evaluation(practice=practice, criteria=criteria)
        entries.append(
            PracticeEntry(
                practice=practice,
                ratings=ratings,
                is_evaluated=is_evaluated(ratings),
                chart=practice_chart(practice=practice, ratings=ratings),
            )
        )
    return entries


@dataclass(frozen=True)
class CountryGroup:
    name: str
    entries: list


def sort_key(text):
    """Alphabetical order that ignores case and accents ("États-Unis" sorts under E)."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_index(entries):
    """The entries grouped by country; countries and titles in alphabetical order."""
    groups = defaultdict(list)
    for entry in entries:
        groups[entry.practice.country.name].append(entry)
    return [
        CountryGroup(name, sorted(group, key=lambda e: sort_key(translated(e.practice, "title"))))
        for name, group in sorted(groups.items(), key=lambda item: sort_key(item[0]))
    ]


@dataclass(frozen=True)
class RenderedPdf:
    pages: int
    content: bytes | None = None


def document_context(*, title, language):
    """What every PDF template needs besides its content."""
    now = timezone.localtime()
    return {
        "document_title": title,
        "language": language,
        "author": _("European Forum for Urban Security (Efus)"),
        "created": now,
        "page_counter": page_counter_content(),
    }


@contextlib.contextmanager
def report_progress(callback):
    """Call ``callback(pages_laid_out)`` as WeasyPrint lays out pages in this thread."""
    if callback is None:
        yield
        return
    progress = logging.getLogger(PROGRESS_LOGGER)
    thread = threading.get_ident()
    highest = 0

    class Handler(logging.Handler):
        def emit(self, record):
            nonlocal highest
            if record.thread != thread:
                return
            match = _PAGE_PROGRESS.match(record.getMessage())
            if match and int(match[1]) > highest:
                highest = int(match[1])
                callback(highest)

    handler = Handler()
    saved = progress.level, progress.propagate
    progress.setLevel(logging.INFO)
    progress.propagate = False  # the console must not print a line per page
    progress.addHandler(handler)
    try:
        yield
    finally:
        progress.removeHandler(handler)
        progress.setLevel(saved[0])
        progress.propagate = saved[1]


def render_pdf(*, template_name, context, target=None, progress=None):
    """Render ``template_name`` to PDF bytes (or into the file object ``target``).

    Call inside ``translation.override(language)``: the template, the chart and the
    page numbers are all drawn in the active language.
    """
    html = render_to_string(template_name, context)
    with report_progress(progress):
        document = HTML(
            string=html, base_url=document_base_url(), url_fetcher=StaticFilesFetcher()
        ).render()
        content = document.write_pdf(target)
    return RenderedPdf(pages=len(document.pages), content=content)


@dataclass(frozen=True)
class Comparison:
    """What the comparison page shows side by side: the practices' key facts, their
    ratings per criterion and, if any is rated, their chart."""

    practices: list
    criterion_rows: list
    chart: str | None


def comparison(*, practices, criteria):
    """The :class:`Comparison` of ``practices``, from the comparison page's own reads."""
    ratings, rows = comparison_evaluation(practices=practices, criteria=criteria)
    evaluated = any(is_evaluated(practice_ratings) for practice_ratings in ratings)
    chart = (
        comparison_chart(practices=practices, ratings_per_practice=ratings, criteria=criteria)
        if evaluated
        else None
    )
    return Comparison(practices, rows, chart)


def render_practices_pdf(*, practices, language, title, description="", compare=False, target=None):
    """A PDF of any ordered list of published practices (``selectors.document_practices``).

    One practice gives the practice alone; several give a cover, a table of
    contents and an index by country. Used for a practice's own PDF, for a catalogue
    selection and, with ``compare``, for a comparison: the practices then come after
    the comparison itself, as on the comparison page (their key facts side by side,
    their evaluations on one chart and their ratings per criterion).
    """
    with translation.override(language):
        criteria = criteria_with_scales()
        entries = practice_entries(practices, criteria=criteria)
        context = {
            **document_context(title=title, language=language),
            "description": description,
            "entries": entries,
            "index": country_index(entries) if len(entries) > 1 else [],
            "comparison": comparison(practices=practices, criteria=criteria)
            if compare and len(entries) > 1
            else None,
        }
        return render_pdf(template_name="pdf/practices.html", context=context, target=target)


@dataclass(frozen=True)
class ChapterDocument:
    chapter: object
    entries: list


def render_guide_pdf(*, guide, chapters, language, target=None, progress=None):
    """The guide's PDF in ``language``.

    ``chapters`` is a list of ``(chapter, practices)`` with the chapter's published
    practices in order (see ``guides.selectors.guide_document``).
    """
    with translation.override(language):
        title = translated(guide, "title")
        criteria = criteria_with_scales()
        documents = [
            ChapterDocument(chapter, practice_entries(practices, criteria=criteria))
            for chapter, practices in chapters
        ]
        all_entries = [entry for document in documents for entry in document.entries]
        context = {
            **document_context(title=title, language=language),
            "description": translated(guide, "subtitle"),
            "guide": guide,
            "chapters": documents,
            "index": country_index(all_entries),
            "practice_count": len(all_entries),
        }
        return render_pdf(
            template_name="pdf/guide.html", context=context, target=target, progress=progress
        )
