"""A practice's PDF, and the PDF of a catalogue result set."""

import re
import subprocess

import pytest
from django.urls import reverse

from tests.factories import PracticeFactory, UsefulLinkFactory

from .conftest import assessed_practice
from .pdf import heading_pages, outline, pdf_pages, pdf_text, rating, reader, toc_entries

pytestmark = pytest.mark.django_db


def download(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return b"".join(response.streaming_content)


@pytest.fixture
def practice(criteria):
    return assessed_practice(
        criteria,
        title_en="Street Pastors",
        title_fr="Pasteurs de rue",
        slug="street-pastors",
        objectives_en="Reassure people out at night.",
        objectives_fr="Rassurer les personnes sorties la nuit.",
        sustainability_en="Funded by the council every year.",
        sustainability_fr="",
    )


def test_practice_pdf_holds_the_whole_record(client, practice):
    response = client.get("/en/practices/street-pastors.pdf")

    content = download(response)
    assert response["Content-Disposition"] == 'attachment; filename="street-pastors-en.pdf"'
    pages = pdf_pages(content)
    text = pdf_text(content)
    # Starts at once with the practice: no cover, no contents.
    assert pages[0][2] == "Street Pastors"
    for heading in [
        "Key facts",
        "Description",
        "Objectives",
        "Sustainability",
        "Transferability",
        "Evidence and evaluation",
        "Costs",
        "Evaluation",
        "Partnerships",
        "References",
    ]:
        assert heading in pages[0] + [line for lines in pages[1:] for line in lines]
    assert "Reassure people out at night." in text
    lines = text.splitlines()
    assert rating(lines, "Relevance") == "Met"
    assert "Answers a need the city measured." in text
    assert rating(lines, "Impact") == "Not yet rated"
    assert "Runs the night patrols" in text
    assert pages[0][-1] == f"Page 1 of {len(pages)}"
    assert [title for _level, title, _page in outline(content)] == ["Street Pastors"]
    pdf = reader(content)
    assert pdf.metadata.title == "Street Pastors"
    assert pdf.trailer["/Root"]["/Lang"] == "en"


def test_practice_pdf_in_french_with_fallback_notes(client, practice):
    content = download(client.get("/fr/practices/street-pastors.pdf"))

    text = pdf_text(content)
    assert "Pasteurs de rue" in text
    assert "L’essentiel" in text and "Partenariats" in text
    assert "Rassurer les personnes sorties la nuit." in text
    # The French sustainability text is missing: the English one is printed, marked.
    assert "Funded by the council every year." in text
    assert "Disponible en anglais uniquement" in text
    assert reader(content).metadata.title == "Pasteurs de rue"
    assert reader(content).trailer["/Root"]["/Lang"] == "fr"


def test_a_fallback_note_is_never_parted_from_its_text(client, practice):
    """ "Disponible en anglais uniquement" never opens a page away from the text it
    qualifies. Descriptions of 24 to 28 sentences bring the note to a page's foot."""
    note = "Disponible en anglais uniquement"
    sentence = "Volunteers walk the streets of the city centre at night to help people in need. "
    near_the_top = False
    for count in range(24, 29):
        practice.description_en = sentence * count
        practice.description_fr = ""
        practice.save()

        pages = pdf_pages(download(client.get("/fr/practices/street-pastors.pdf")))

        for lines in pages[1:]:
            assert not lines[1].startswith(note), f"{count} sentences"
            near_the_top |= any(line.startswith(note) for line in lines[2:6])
    # The note did reach the next page, with the last lines of its text.
    assert near_the_top


@pytest.mark.parametrize("language", ["en", "fr"])
def test_key_facts_labels_fit_their_column(client, practice, language):
    """The longest label ("Points d’intervention") leaves room before its value."""
    content = download(client.get(f"/{language}/practices/street-pastors.pdf"))
    lines = {}
    for y_min, x_min, x_max, word in words_on_first_page(content):
        lines.setdefault(y_min, []).append((x_min, x_max, word))

    values_start = {words[-1][0] for words in lines.values() if words[-1][2] == "London"}
    intervention = next(
        words for words in lines.values() if words[0][2] in ("Intervention", "Points")
    )
    label_end = max(x_max for x_min, x_max, _word in intervention if x_min < min(values_start))
    # At least 5 mm (14 points) between the label and its value.
    assert min(values_start) - label_end >= 14


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<')


def words_on_first_page(content):
    """``(y_min, x_min, x_max, word)`` of each word of the PDF's first page, in order."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-l", "1", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()
    return [(round(float(y)), float(a), float(b), word) for a, y, b, word in WORD.findall(html)]


def test_practice_pdf_has_no_contact_details(client, practice):
    text = pdf_text(download(client.get("/en/practices/street-pastors.pdf")))

    assert "jane.officer@example.org" not in text
    assert "Jane Officer" not in text
    assert "7946" not in text


def test_unpublished_practice_has_no_pdf(client):
    PracticeFactory(slug="hidden", draft=True)

    assert client.get("/en/practices/hidden.pdf").status_code == 404
    assert client.get("/en/practices/no-such-practice.pdf").status_code == 404


def test_practice_page_links_to_its_pdf(client, practice):
    page = client.get(practice.get_absolute_url()).content.decode()

    assert f'href="{reverse("guides:practice_pdf", kwargs={"slug": "street-pastors"})}"' in page
    assert "Download PDF" in page


# --- The catalogue's result set ------------------------------------------------------

URL = reverse("guides:practice_list_pdf")


@pytest.fixture
def catalogue(criteria):
    return [
        assessed_practice(criteria, title_en="Alpha scheme", country="FR"),
        assessed_practice(criteria, title_en="Beta scheme", country="GB"),
        assessed_practice(criteria, title_en="Gamma scheme", country="FR"),
        PracticeFactory(title_en="Draft scheme", country="FR", draft=True),
    ]


def test_result_set_pdf_follows_the_catalogue_filters_and_order(client, catalogue):
    content = download(client.get(URL, {"country": "FR", "sort": "title"}))

    pages = pdf_pages(content)
    text = pdf_text(content)
    assert "Alpha scheme" in text and "Gamma scheme" in text
    assert "Beta scheme" not in text
    assert "Draft scheme" not in text
    # The cover says what was chosen.
    assert "A selection of practices" in pages[0]
    assert "France" in pages[0]
    assert "2 practices" in pages[0]
    contents = next(lines for lines in pages if lines[1] == "Contents")
    toc = toc_entries(contents)
    assert list(toc)[:2] == ["Alpha scheme", "Gamma scheme"]
    assert {t: toc[t] for t in ("Alpha scheme", "Gamma scheme")} == heading_pages(
        pages, {"Alpha scheme", "Gamma scheme"}
    )
    assert [title for level, title, _page in outline(content) if level == 1] == [
        "Contents",
        "Alpha scheme",
        "Gamma scheme",
        "Index of practices by country",
    ]


def test_result_set_pdf_without_filters_has_every_published_practice(client, catalogue):
    text = pdf_text(download(client.get(URL)))

    for title in ("Alpha scheme", "Beta scheme", "Gamma scheme"):
        assert title in text
    assert "Draft scheme" not in text
    assert "jane.officer@example.org" not in text


def test_too_many_practices_are_refused_with_advice(client, catalogue, settings):
    settings.PDF_MAX_PRACTICES = 2

    response = client.get("/fr/practices.pdf", {"domain": [], "country": ["FR", "GB"]})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Trop de pratiques pour un seul PDF" in page
    assert "3 pratiques" in page and "au plus 2" in page
    assert 'href="/fr/practices/?country=FR&amp;country=GB' in page


def test_a_pdf_made_while_the_reader_waits_holds_at_most_twelve_practices(client):
    """Twelve long practices take about 6 s to lay out on a busy 2-core machine, well
    under the web server's timeout; a larger selection is refused before any layout."""
    PracticeFactory.create_batch(13)

    response = client.get(URL)

    assert response.status_code == 400
    assert "This selection holds 13 practices" in response.content.decode()
    assert "at most 12" in response.content.decode()


def test_catalogue_offers_the_pdf_of_its_results_or_says_why_not(client, catalogue, settings):
    page = client.get("/en/practices/", {"country": "FR", "page": "1"}).content.decode()

    assert 'href="/en/practices.pdf?country=FR"' in page
    assert "Download these 2 practices as one PDF" in page

    settings.PDF_MAX_PRACTICES = 1
    page = client.get("/en/practices/", {"country": "FR"}).content.decode()
    assert "/en/practices.pdf" not in page
    assert "narrow the filters to 1 practices or fewer" in page


def test_empty_or_invalid_selection_gets_a_message_not_a_pdf(client, catalogue):
    empty = client.get(URL, {"country": "IT"})
    invalid = client.get("/fr/practices.pdf", {"country": "XX", "start_year": "abc"})

    assert empty.status_code == 400
    assert "No published practice matches these filters." in empty.content.decode()
    assert invalid.status_code == 400
    assert "ne sont pas valides" in invalid.content.decode()


def test_addresses_behind_links_are_printed(client, practice):
    partner = practice.partnerships.get().organisation
    partner.website = "https://partner.example.org/"
    partner.save()
    UsefulLinkFactory(practice=practice, label_en="Safer City Partnership")

    text = pdf_text(download(client.get("/en/practices/street-pastors.pdf")))

    assert "https://partner.example.org/" in text
    assert "Safer City Partnership – https://www.cityoflondon.police.uk/safer-city-" in text


def test_printed_addresses_are_never_hyphenated(client, practice):
    """A hyphen added where an address wraps would print a wrong address."""
    address = (
        "https://www.cityoflondon.police.uk/advice/neighbourhood-partnerships/"
        "communitypolicingstrategyandevaluationreport2014"
    )
    practice.references.update(
        citation="City of London Police, community policing strategy", url=address
    )
    UsefulLinkFactory(practice=practice, label_en="Strategy", url=address)

    lines = pdf_text(download(client.get("/en/practices/street-pastors.pdf"))).splitlines()

    # The address wraps over several lines; put back together, it is the address.
    joined = "".join(lines)
    assert joined.count(address) == 2
    assert "\u2010" not in joined


# --- A comparison --------------------------------------------------------------------


def test_comparison_pdf_has_the_compared_practices_and_their_chart(client, catalogue):
    slugs = [catalogue[2].slug, catalogue[0].slug, catalogue[3].slug]

    content = download(client.get("/en/compare.pdf", {"p": slugs}))

    pages = pdf_pages(content)
    text = pdf_text(content)
    assert "Comparison of practices" in pages[0]
    assert "Draft scheme" not in text
    # The comparison comes first, then each practice.
    assert [title for level, title, _page in outline(content) if level == 1] == [
        "Contents",
        "Comparison",
        "Gamma scheme",
        "Alpha scheme",
        "Index of practices by country",
    ]


@pytest.mark.parametrize(
    ("language", "heading", "place", "evidence", "criterion"),
    [
        ("en", "Comparison", "Place", "Evidence level", "Relevance"),
        ("fr", "Comparaison", "Lieu", "Niveau de preuve", "Pertinence"),
    ],
)
def test_comparison_pdf_sets_the_key_facts_side_by_side_before_the_chart(
    client, catalogue, language, heading, place, evidence, criterion
):
    alpha, beta = catalogue[0], catalogue[1]
    alpha.city, beta.city = "Lyon", "Cardiff"
    alpha.save()
    beta.save()

    content = download(client.get(f"/{language}/compare.pdf", {"p": [alpha.slug, beta.slug]}))

    pages = pdf_pages(content)
    start = next(n for n, lines in enumerate(pages) if lines[1] == heading)
    comparison = [line for lines in pages[start : start + 2] for line in lines]
    # One line per fact, the practices side by side, in the comparison's order.
    row = next(line for line in comparison if line.startswith(place))
    assert row.index("Lyon") < row.index("Cardiff")
    assert any(line.startswith(evidence) for line in comparison)
    # Then the chart and each criterion's rating, still side by side.
    ratings = next(line for line in comparison if line.startswith(criterion + " "))
    assert ratings.split()[1:] in (["Met", "Met"], ["Atteint", "Atteint"])
    assert comparison.index(row) < comparison.index(ratings)


def test_comparison_pdf_of_the_visitors_selection_or_nothing(client, catalogue):
    assert client.get("/en/compare.pdf").status_code == 400
    assert (
        "No published practice is selected for comparison."
        in client.get("/en/compare.pdf", {"p": "draft-or-junk"}).content.decode()
    )

    client.post(reverse("practices:comparison_add"), {"practice": catalogue[1].slug})
    content = download(client.get("/en/compare.pdf"))

    assert "Beta scheme" in pdf_text(content)


def test_comparison_page_links_to_its_pdf(client, catalogue):
    page = client.get(
        reverse("practices:comparison"), {"p": [catalogue[0].slug, catalogue[1].slug]}
    ).content.decode()

    assert f'href="/en/compare.pdf?p={catalogue[0].slug}&amp;p={catalogue[1].slug}"' in page
    assert "Download this comparison as a PDF" in page


def test_pdf_query_counts_do_not_grow_with_the_practices(
    client, criteria, catalogue, django_assert_num_queries
):
    client.get(URL)
    client.get("/en/practices/alpha.pdf")
    with django_assert_num_queries(23):
        client.get(URL)
    with django_assert_num_queries(15):
        client.get(f"/en/practices/{catalogue[0].slug}.pdf")

    for n in range(4):
        assessed_practice(criteria, title_en=f"More {n}", country="FR")

    with django_assert_num_queries(23):
        client.get(URL)
    with django_assert_num_queries(15):
        client.get(f"/en/practices/{catalogue[0].slug}.pdf")
