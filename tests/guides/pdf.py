"""Reading PDFs in tests: text per page (pdftotext), outline and metadata (pypdf)."""

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

PAGE_FOOTER = re.compile(r"^Page (\d+) (?:of|sur) (\d+)$")
TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{2,}\s*(?P<page>\d+)$")


def pdf_pages(content):
    """The text of each page (pdftotext -layout), stripped lines, empty lines dropped."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not found: install poppler-utils (scripts/setup --test does it)")
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=content,
        capture_output=True,
        check=True,
    )
    pages = result.stdout.decode().split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages]


WORD_BOX = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"')
PAGE_BOX = re.compile(r'<page width="([\d.]+)" height="[\d.]+">')


def word_boxes(content):
    """Per page: its width and the horizontal extent ``(x_min, x_max)`` of every word."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext not found: install poppler-utils (scripts/setup --test does it)")
    html = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    pages = []
    for chunk in html.split("<page ")[1:]:
        width = float(PAGE_BOX.match("<page " + chunk)[1])
        pages.append((width, [(float(a), float(b)) for a, b in WORD_BOX.findall(chunk)]))
    return pages


def pdf_text(content):
    return "\n".join(line for page in pdf_pages(content) for line in page)


def reader(content):
    return PdfReader(io.BytesIO(content))


def toc_entries(lines):
    """``{title: page}`` for every "Title ....... 12" line of a contents page."""
    entries = {}
    for line in lines:
        match = TOC_LINE.match(line)
        if match:
            entries[match["title"].rstrip(". ")] = int(match["page"])
    return entries


def heading_pages(pages, titles):
    """``{title: page number}``: the page whose body starts with the title.

    Every practice starts on a new page, so its heading is the first line under the
    running header.
    """
    found = {}
    for number, lines in enumerate(pages, start=1):
        if len(lines) > 1 and lines[1] in titles:
            found.setdefault(lines[1], number)
    return found


def outline(content):
    """The PDF bookmarks as ``[(level, title, page number)]``, in order."""
    pdf = reader(content)
    items = []

    def walk(nodes, level):
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
            else:
                items.append((level, node.title, pdf.get_destination_page_number(node) + 1))

    walk(pdf.outline, 1)
    return items


def rating(lines, criterion):
    """The rating printed under a criterion's name (in the ratings, not the chart)."""
    return lines[lines.index(criterion) + 1]
