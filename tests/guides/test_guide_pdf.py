"""The guide's PDF, read back as a PDF: pages, contents, bookmarks, headers, metadata."""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from guides.models import GuideBuild

from .pdf import (
    PAGE_FOOTER,
    heading_pages,
    outline,
    pdf_pages,
    rating,
    reader,
    toc_entries,
    word_boxes,
)

pytestmark = pytest.mark.django_db


def guide_pdf(client, guide, language="en"):
    response = client.get(f"/{language}/guides/{guide.slug}.pdf")
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def english(client, guide_with_practices):
    return guide_pdf(client, guide_with_practices)


@pytest.fixture
def french(client, guide_with_practices):
    return guide_pdf(client, guide_with_practices, "fr")


def contents_page(pages, heading):
    return next(lines for lines in pages if len(lines) > 1 and lines[1] == heading)


def test_the_download_is_a_pdf_named_after_the_guide(client, guide_with_practices):
    response = client.get("/fr/guides/citizens.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="citizens-fr.pdf"'
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_cover_foreword_contents_chapters_practices_and_index_in_order(english):
    pages = pdf_pages(english)

    # The first line under the running header; a chapter's title follows its number.
    first_lines = [lines[2] if lines[1].startswith("Chapter") else lines[1] for lines in pages[1:]]
    assert "Citizens and police" in pages[0]
    assert "Practices from European cities" in pages[0]
    assert first_lines[:3] == ["Foreword", "Contents", "Introduction"]
    # Each chapter page, then its published practices, each on a page of its own.
    assert first_lines.index("Partnerships") < first_lines.index("Street Pastors")
    assert first_lines.index("Street Pastors") < first_lines.index("Night mediators")
    assert first_lines.index("Night mediators") < first_lines.index("Volunteers")
    assert first_lines.index("Volunteers") < first_lines.index("Bus stop angels")
    assert first_lines[-1] == "Index of practices by country"


def test_table_of_contents_gives_the_page_where_each_practice_starts(english):
    pages = pdf_pages(english)
    titles = {"Street Pastors", "Night mediators", "Bus stop angels"}

    toc = toc_entries(contents_page(pages, "Contents"))
    actual = heading_pages(pages, titles)

    assert {title: toc[title] for title in titles} == actual
    assert len(set(actual.values())) == 3
    # Chapters and the index are listed with their pages too.
    assert pages[toc["Partnerships"] - 1][1:3] == ["Chapter 1", "Partnerships"]
    assert pages[toc["Volunteers"] - 1][1:3] == ["Chapter 2", "Volunteers"]
    assert pages[toc["Index of practices by country"] - 1][1] == "Index of practices by country"


def test_index_by_country_points_to_each_practice(english):
    pages = pdf_pages(english)
    index = contents_page(pages, "Index of practices by country")
    practice_pages = heading_pages(pages, {"Street Pastors", "Night mediators", "Bus stop angels"})

    # Countries in alphabetical order, practices alphabetical within each.
    assert [line for line in index if line in {"France", "United Kingdom"}] == [
        "France",
        "United Kingdom",
    ]
    entries = toc_entries(index)
    assert list(entries) == ["Bus stop angels", "Night mediators", "Street Pastors"]
    assert entries == practice_pages


def test_bookmarks_are_the_chapters_with_their_practices(english):
    pages = pdf_pages(english)
    practice_pages = heading_pages(pages, {"Street Pastors", "Night mediators", "Bus stop angels"})

    bookmarks = outline(english)

    assert [(level, title) for level, title, _page in bookmarks] == [
        (1, "Foreword"),
        (1, "Contents"),
        (1, "Introduction"),
        (1, "Partnerships"),
        (2, "Street Pastors"),
        (2, "Night mediators"),
        (1, "Volunteers"),
        (2, "Bus stop angels"),
        (1, "Index of practices by country"),
    ]
    for level, title, page in bookmarks:
        if level == 2:
            assert page == practice_pages[title]
        else:
            assert title in pages[page - 1][1:3]


def test_every_page_but_the_cover_has_running_headers_and_page_x_of_y(english):
    pages = pdf_pages(english)
    total = len(pages)

    assert not any(PAGE_FOOTER.match(line) for line in pages[0])
    for number, lines in enumerate(pages[1:], start=2):
        assert lines[-1] == f"Page {number} of {total}"
        assert lines[0].startswith("Citizens and police")
    # The running header names the chapter a practice belongs to.
    street_pastors = heading_pages(pages, {"Street Pastors"})["Street Pastors"]
    assert pages[street_pastors - 1][0].endswith("Partnerships")
    bus_stop_angels = heading_pages(pages, {"Bus stop angels"})["Bus stop angels"]
    assert pages[bus_stop_angels - 1][0].endswith("Volunteers")


def test_a_title_as_long_as_the_builder_allows_keeps_the_cover_and_headers_whole(
    client, guide_with_practices
):
    guide = guide_with_practices
    guide.title_en = ("Preventing violent extremism at local level with partners " * 5)[:250]
    guide.subtitle_en = ("What twenty years of partnership work taught the cities " * 5)[:250]
    guide.save()

    pages = pdf_pages(guide_pdf(client, guide))

    # The cover is one page: the second is the foreword, numbered 2.
    assert pages[1][-1] == f"Page 2 of {len(pages)}"
    assert "Foreword" in pages[1][1]
    # The header gives the start of the title, on one line, then the section's name
    # whole (not "Fore-word").
    header = pages[1][0]
    assert header.startswith("Preventing violent extremism at local level with") and "…" in header
    assert header.endswith("Foreword")


def test_each_practice_shows_its_facts_sections_evaluation_partners_and_references(english):
    text = "\n".join(line for lines in pdf_pages(english) for line in lines)

    for heading in [
        "Key facts",
        "Description",
        "Objectives",
        "Evaluation",
        "Partnerships",
        "References",
    ]:
        assert heading in text
    # The chart and the criterion's rating, with its reasons; an unrated criterion says so.
    lines = text.splitlines()
    assert rating(lines, "Relevance") == "Met"
    assert "Answers a need the city measured." in text
    assert rating(lines, "Impact") == "Not yet rated"
    assert "Partner of" in text and "Runs the night patrols" in text
    assert "Report on" in text


def test_metadata_title_language_author_and_date(english, french):
    for content, title, language in [
        (english, "Citizens and police", "en"),
        (french, "Citoyens et police", "fr"),
    ]:
        pdf = reader(content)

        assert pdf.metadata.title == title
        assert pdf.metadata.author.startswith(("European Forum for Urban Security", "Forum"))
        assert pdf.metadata.creation_date.date() == timezone.localdate()
        assert pdf.trailer["/Root"]["/Lang"] == language


def test_french_edition_is_in_french(french):
    pages = pdf_pages(french)
    text = "\n".join(line for lines in pages for line in lines)

    first_lines = [lines[2] if lines[1].startswith("Chapitre") else lines[1] for lines in pages[1:]]
    assert first_lines[:3] == ["Avant-propos", "Sommaire", "Introduction"]
    assert "Index des pratiques par pays" in first_lines
    assert "Partenariats locaux" in first_lines and "Pasteurs de rue" in first_lines
    assert "L’essentiel" in text
    assert "Répond à un besoin mesuré par la ville." in text
    assert pages[1][-1] == f"Page 2 sur {len(pages)}"
    toc = toc_entries(contents_page(pages, "Sommaire"))
    assert toc["Pasteurs de rue"] == heading_pages(pages, {"Pasteurs de rue"})["Pasteurs de rue"]


def test_no_contact_details_and_no_unpublished_practice(english, french, guide_with_practices):
    for content in (english, french):
        text = "\n".join(line for lines in pdf_pages(content) for line in lines)

        assert "jane.officer@example.org" not in text
        assert "Jane Officer" not in text
        assert "+44 20 7946 0000" not in text
        assert "Secret draft scheme" not in text
        assert "Dispositif brouillon secret" not in text
        assert all("Secret" not in title for _level, title, _page in outline(content))


def test_a_practice_unpublished_after_the_guide_was_built_leaves_the_pdf(
    client, english, guide_with_practices
):
    street_pastors = guide_with_practices.practices[0]
    street_pastors.status = "archived"
    street_pastors.save()

    content = guide_pdf(client, guide_with_practices)

    assert "Street Pastors" in "\n".join(line for lines in pdf_pages(english) for line in lines)
    assert "Street Pastors" not in "\n".join(line for lines in pdf_pages(content) for line in lines)


def test_long_addresses_wrap_inside_the_page(client, guide_with_practices):
    practice = guide_with_practices.practices[0]
    practice.references.update(
        url="https://www.example.org/" + "a-very-long-path-segment-without-spaces" * 8
    )
    practice.description_en = "Unbreakable" + "x" * 300
    practice.save()

    content = guide_pdf(client, guide_with_practices)

    # Every word lies inside the page's side margins (18 mm, about 51 points).
    for width, words in word_boxes(content):
        assert words
        assert all(x_min >= 45 and x_max <= width - 45 for x_min, x_max in words)
    text = "\n".join(line for lines in pdf_pages(content) for line in lines)
    assert "a-very-long-path-segment-without-spaces" in text


def test_rendering_logs_no_warning(client, guide_with_practices, caplog):
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        guide_pdf(client, guide_with_practices)

    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_the_build_records_pages_and_timing(client, guide_with_practices):
    content = guide_pdf(client, guide_with_practices)

    build = GuideBuild.objects.get()
    assert build.status == "done"
    assert build.pages == len(reader(content).pages) == build.pages_done
    assert build.practices_total == 3
    assert build.started_at <= build.finished_at
    assert reverse("guides:build_download", kwargs={"pk": build.pk})
