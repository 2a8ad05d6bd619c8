"""Open data exports of the catalogue's result set: CSV and JSON."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.choices import VersionKind
from practices.models import Practice, PracticeVersion
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    PartnershipFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

CSV = "/en/practices/export.csv"
JSON = "/en/practices/export.json"


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content)


def rows(response, delimiter=","):
    content = body(response)
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


@pytest.fixture
def practices():
    impact = CriterionFactory(slug="impact")
    night = DomainFactory(slug="night", name_en="Night-time economy", name_fr="Vie nocturne")
    pastors = PracticeFactory(
        slug="street-pastors",
        title_en="Street Pastors",
        title_fr="Pasteurs de rue",
        description_en='Volunteers patrol.\nThey give out "flip-flops"; and water, too.',
        domains=[night],
        country="GB",
        city_en="London",
        city_fr="Londres",
    )
    AssessmentFactory(practice=pastors, criterion=impact, text_en="Fewer fights.")
    PartnershipFactory(practice=pastors, is_lead=True)
    PracticeFactory(slug="lyon", title_en="Lyon mediators", title_fr="", country="FR")
    PracticeFactory(slug="draft", title_en="Secret draft", draft=True)
    return pastors


def test_csv_opens_in_a_spreadsheet(client, practices):
    response = client.get(CSV)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="efus-practices-')
    assert response["Content-Disposition"].endswith('-en.csv"')
    table = rows(response)
    assert [row["slug"] for row in table] == ["lyon", "street-pastors"]
    pastors = table[1]
    # A line break, quotes and separators inside a text stay in their cell.
    assert (
        pastors["description"] == 'Volunteers patrol.\nThey give out "flip-flops"; and water, too.'
    )
    assert pastors["title"] == "Street Pastors"
    assert pastors["id"] == str(practices.pk)
    assert pastors["url"] == "http://testserver/en/practices/street-pastors/"
    assert pastors["country"] == "GB"
    assert pastors["country_name"] == "United Kingdom"
    assert pastors["city"] == "London"
    assert pastors["domains"] == "night"
    assert pastors["domains_names"] == "Night-time economy"
    assert pastors["rating_impact"] == "met"
    assert pastors["rating_impact_label"] == "Met"
    assert pastors["rating_impact_text"] == "Fewer fights."
    assert pastors["lead_partners"].startswith("Organisation")
    assert body(client.get(CSV)).split(b"\r\n")[0].startswith("\ufeffid,slug,url,title".encode())


def test_csv_with_semicolons_for_excel_in_french(client, practices):
    response = client.get("/fr/practices/export.csv", {"separator": "semicolon"})

    table = rows(response, delimiter=";")
    assert table[1]["title"] == "Pasteurs de rue"
    assert table[1]["city"] == "Londres"
    assert table[1]["domains_names"] == "Vie nocturne"
    # The other language stands in for a missing translation.
    assert table[0]["title"] == "Lyon mediators"


def test_english_and_french_side_by_side(client, practices):
    table = rows(client.get(CSV, {"languages": "both"}))

    pastors = table[1]
    assert pastors["title_en"] == "Street Pastors"
    assert pastors["title_fr"] == "Pasteurs de rue"
    assert (pastors["city_en"], pastors["city_fr"]) == ("London", "Londres")
    assert pastors["domains_names_fr"] == "Vie nocturne"
    assert pastors["rating_impact_text_en"] == "Fewer fights."
    assert "title" not in pastors
    # A missing translation stays empty: nothing is made up.
    assert table[0]["title_fr"] == ""
    with_semicolons = {"languages": "both", "separator": "semicolon"}
    assert rows(client.get(CSV, with_semicolons), delimiter=";") == table


def test_the_export_is_the_catalogues_result_set(client, practices):
    query = {"q": "pastors", "country": "GB", "domain": "night"}

    catalogue = client.get("/en/practices/", query)
    exported = rows(client.get(CSV, query))

    assert [row["slug"] for row in exported] == [p.slug for p in catalogue.context["practices"]]
    assert [row["slug"] for row in exported] == ["street-pastors"]


def test_never_contact_details_or_unpublished_practices(client, practices):
    for response in [client.get(CSV), client.get(JSON), client.get(JSON, {"languages": "both"})]:
        text = body(response).decode()
        for secret in ["jane.officer@example.org", "Jane Officer", "+44 20 7946 0000"]:
            assert secret not in text
        assert "Secret draft" not in text
        assert "contact" not in text


def test_cells_a_spreadsheet_would_run_as_formulas_are_neutralised(client):
    PracticeFactory(title_en='=HYPERLINK("http://evil.example","click")', summary_en="-2+3")

    [row] = rows(client.get(CSV))

    assert row["title"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["summary"] == "'-2+3"
    [practice] = json.loads(body(client.get(JSON)))["practices"]
    assert practice["title"].startswith("=HYPERLINK")


def test_json(client, practices):
    response = client.get(JSON, {"country": "GB"})

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].endswith('-en.json"')
    data = json.loads(body(response))
    assert data["source"] == "http://testserver/en/practices/export.json?country=GB"
    assert data["languages"] == ["en"]
    assert data["count"] == 1
    [pastors] = data["practices"]
    assert pastors["slug"] == "street-pastors"
    assert pastors["description"].startswith("Volunteers patrol.\n")
    assert pastors["evaluation"][0]["text"] == "Fewer fights."

    both = json.loads(body(client.get(JSON, {"country": "GB", "languages": "both"})))
    assert both["languages"] == ["en", "fr"]
    assert both["practices"][0]["title"] == {"en": "Street Pastors", "fr": "Pasteurs de rue"}
    assert both["practices"][0]["city"] == {"en": "London", "fr": "Londres"}


def test_version_and_date_are_the_latest_published_ones(client, practices):
    for number in [1, 2]:
        PracticeVersion.objects.create(
            practice=practices, number=number, kind=VersionKind.PUBLICATION, content={}
        )
    PracticeVersion.objects.update(created_at=datetime.datetime(2026, 3, 12, tzinfo=datetime.UTC))
    Practice.objects.filter(pk=practices.pk).update(version=7)

    [row] = rows(client.get(CSV, {"country": "GB"}))
    [data] = json.loads(body(client.get(JSON, {"country": "GB"})))["practices"]

    assert (row["version"], row["updated_at"][:10]) == ("2", "2026-03-12")
    assert (data["version"], data["updated_at"][:10]) == (2, "2026-03-12")


def test_an_empty_result_set_still_has_its_header(client):
    content = body(client.get(CSV, {"q": "nothing-matches"})).decode("utf-8-sig")

    assert content.startswith("id,slug,url,title,")
    assert content.count("\r\n") == 1
    assert json.loads(body(client.get(JSON, {"q": "nothing"})))["practices"] == []


def test_bad_filters_or_formats_say_what_is_wrong(client, practices):
    response = client.get(CSV, {"domain": "no-such-domain"})

    assert response.status_code == 400
    assert "no-such-domain is not one of the available choices" in response.content.decode()
    assert client.get("/en/practices/export.xlsx").status_code == 404


def test_the_catalogue_links_to_its_exports_feed_and_api(client, practices):
    page = client.get("/en/practices/", {"country": "GB", "page": 1}).content.decode()

    assert 'href="/en/practices/export.csv?country=GB"' in page
    assert 'href="/en/practices/export.csv?country=GB&amp;separator=semicolon"' in page
    assert 'href="/en/practices/export.json?country=GB&amp;languages=both"' in page
    assert (
        'href="/en/practices/export.csv?country=GB&amp;languages=both&amp;separator=semicolon"'
    ) in page
    assert 'href="/en/api/v1/practices/?country=GB"' in page


def test_query_count_does_not_grow_with_the_rows(client, django_assert_num_queries):
    criterion = CriterionFactory()

    def add(n):
        for _ in range(n):
            practice = PracticeFactory()
            AssessmentFactory(practice=practice, criterion=criterion)
            PartnershipFactory(practice=practice)

    add(2)
    with CaptureQueriesContext(connection) as first:
        body(client.get(CSV))
    add(10)
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(rows(client.get(CSV))) == 12
