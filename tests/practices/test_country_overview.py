"""Where practices come from: the tile map and table of countries."""

import pytest
from django.urls import reverse

from practices.charts import shades
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db

URL = reverse("practices:country_overview")


@pytest.fixture
def practices():
    for country in ["FR", "FR", "FR", "IT", "CA"]:
        PracticeFactory(country=country)
    PracticeFactory(country="DE", draft=True)


def test_each_country_links_to_the_filtered_catalogue(client, practices):
    page = client.get(URL).content.decode()

    assert '<a href="/en/practices/?country=FR" class="tile" aria-label="France: 3 practices">' in (
        page
    )
    assert 'aria-label="Italy: 1 practice"' in page
    # Countries without a published practice are drawn, without a link.
    assert "?country=DE" not in page
    assert ">DE</text>" in page
    response = client.get("/en/practices/", {"country": "FR"})
    assert response.context["paginator"].count == 3


def test_the_table_lists_every_country_most_first_and_those_off_the_map(client, practices):
    response = client.get(URL)

    assert [(entry.country.code, entry.count) for entry in response.context["counts"]] == [
        ("FR", 3),
        ("CA", 1),
        ("IT", 1),
    ]
    page = response.content.decode()
    assert "Also from outside the map:" in page
    assert '<a href="/en/practices/?country=CA">Canada</a> (1)' in page


def test_country_names_in_french(client, practices):
    page = client.get("/fr/countries/").content.decode()

    assert "D’où viennent les pratiques" in page
    assert 'aria-label="France\u00a0: 3 pratiques"' in page
    assert ">Italie</a>" in page


def test_the_legend_scales_with_the_largest_count():
    assert [(s.low, s.high) for s in shades(1)] == [(1, 1)]
    assert [(s.low, s.high) for s in shades(6)] == [(1, 1), (2, 2), (3, 3), (4, 6)]
    assert [(s.low, s.high) for s in shades(100)] == [(1, 3), (4, 9), (10, 31), (32, 100)]
    assert shades(0) == []


def test_no_practice_yet(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "No practice is published yet." in response.content.decode()


def test_query_count_does_not_grow(client, django_assert_num_queries):
    PracticeFactory(country="FR")
    with django_assert_num_queries(1):
        client.get(URL)
    for country in ["IT", "ES", "DE", "US"]:
        PracticeFactory(country=country)
    with django_assert_num_queries(1):
        assert len(client.get(URL).context["counts"]) == 5


def test_linked_from_the_home_page_and_the_catalogue(client):
    assert 'href="/en/countries/"' in client.get("/en/").content.decode()
    assert 'href="/en/countries/"' in client.get("/en/practices/").content.decode()
