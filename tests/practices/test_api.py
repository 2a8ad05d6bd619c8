"""The public, read-only JSON API."""

import datetime
import json

import pytest
import yaml
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
    RecommendationFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/api/v1/practices/"


def slugs(response):
    return [practice["slug"] for practice in response.json()["results"]]


@pytest.fixture
def impact():
    return CriterionFactory(
        slug="impact",
        name_en="Impact",
        name_fr="Impact",
        scale=[("negative", "Negative", "Négatif"), ("positive", "Positive", "Positif")],
    )


@pytest.fixture
def practices(impact):
    crime = DomainFactory(slug="crime", name_en="Crime", name_fr="Délinquance")
    pastors = PracticeFactory(
        slug="street-pastors",
        title_en="Street Pastors",
        title_fr="Pasteurs de rue",
        summary_en="Volunteers at night.",
        country="GB",
        city_en="London",
        city_fr="Londres",
        domains=[crime],
    )
    AssessmentFactory(
        practice=pastors,
        criterion=impact,
        level=impact.levels.get(slug="positive"),
        text_en="Fewer fights.",
        text_fr="Moins de bagarres.",
    )
    PartnershipFactory(practice=pastors, role_en="Runs the patrols", is_lead=True)
    ReferenceFactory(practice=pastors)
    PracticeFactory(slug="lyon-mediators", title_en="Lyon mediators", country="FR")
    PracticeFactory(slug="secret-draft", title_en="Secret draft", draft=True)
    return pastors


def test_lists_published_practices_with_every_public_field(client, practices):
    response = client.get(LIST)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["count"] == 2
    assert sorted(slugs(response)) == ["lyon-mediators", "street-pastors"]
    pastors = next(p for p in body["results"] if p["slug"] == "street-pastors")
    assert pastors["title"] == "Street Pastors"
    assert pastors["url"] == "http://testserver/en/practices/street-pastors/"
    assert pastors["country"] == {"code": "GB", "name": "United Kingdom"}
    assert pastors["domains"] == [{"slug": "crime", "name": "Crime"}]
    assert pastors["evaluation"] == [
        {
            "criterion": "impact",
            "criterion_name": "Impact",
            "level": "positive",
            "label": "Positive",
            "rank": 2,
            "scale_size": 2,
            "text": "Fewer fights.",
        }
    ]
    assert pastors["partners"][0]["role"] == "Runs the patrols"
    assert pastors["partners"][0]["is_lead"] is True
    assert pastors["references"][0]["citation"].startswith("City of London Police")


def test_version_and_date_are_the_latest_published_ones(client, practices):
    published = datetime.datetime(2026, 3, 12, 10, 0, tzinfo=datetime.UTC)
    for number, kind in enumerate([VersionKind.SUBMISSION, VersionKind.PUBLICATION], start=1):
        PracticeVersion.objects.create(practice=practices, number=number, kind=kind, content={})
    PracticeVersion.objects.update(created_at=published)
    Practice.objects.filter(pk=practices.pk).update(version=7)

    pastors = client.get(f"{LIST}street-pastors/").json()

    # As on its page: 1 published version, last updated when it was published.
    assert pastors["version"] == 1
    assert pastors["updated_at"].startswith("2026-03-12")


def test_never_contact_details_status_or_unpublished(client, practices):
    text = client.get(LIST).content.decode() + client.get(f"{LIST}street-pastors/").content.decode()

    for secret in ["jane.officer@example.org", "Jane Officer", "+44 20 7946 0000", "Secret draft"]:
        assert secret not in text
    for field in ["contact_name", "contact_email", "contact_phone", "status", "search_text"]:
        assert f'"{field}"' not in text
    assert client.get(f"{LIST}secret-draft/").status_code == 404


def test_filters_are_the_catalogues(client, practices, impact):
    assert slugs(client.get(LIST, {"country": "FR"})) == ["lyon-mediators"]
    assert slugs(client.get(LIST, {"domain": "crime"})) == ["street-pastors"]
    assert slugs(client.get(LIST, {"q": "pasteurs"})) == ["street-pastors"]
    assert slugs(client.get(LIST, {"rating_impact": "none"})) == ["lyon-mediators"]
    assert slugs(client.get(LIST, {"sort": "title"})) == ["lyon-mediators", "street-pastors"]
    assert slugs(client.get(LIST, {"country": ["FR", "GB"], "q": "lyon"})) == ["lyon-mediators"]


def test_bad_filter_values_say_what_is_wrong(client, practices):
    response = client.get(LIST, {"domain": "no-such-domain", "q": "x" * 300})

    assert response.status_code == 400
    errors = response.json()
    assert "no-such-domain is not one of the available choices" in errors["domain"][0]
    assert "at most 200 characters" in errors["q"][0]
    response = client.get("/fr/api/v1/practices/", {"start_year": "1066"})
    assert "Sélectionnez un choix valide" in response.json()["start_year"][0]


@pytest.mark.parametrize("slug", ["%00", "a%00b", "x%0Ay"])
def test_an_address_that_is_no_slug_is_not_found(client, practices, slug):
    assert client.get(f"/en/api/v1/practices/{slug}/").status_code == 404


def test_a_practice_started_long_ago_can_be_found_by_its_year(client):
    # London's Special Constabulary dates from 1831.
    PracticeFactory(slug="special-constables", start_date=datetime.date(1831, 10, 15))

    assert slugs(client.get(LIST, {"start_year": "1831"})) == ["special-constables"]
    facets = client.get(f"{LIST}facets/").json()
    years = next(facet for facet in facets if facet["name"] == "start_year")
    assert [(option["value"], option["count"]) for option in years["options"]] == [("1831", 1)]


def test_language_by_prefix_or_parameter(client, practices):
    french = client.get("/fr/api/v1/practices/street-pastors/")
    assert french.json()["title"] == "Pasteurs de rue"
    assert french.json()["country"]["name"] == "Royaume-Uni"
    assert french.json()["city"] == "Londres"
    assert french.json()["evaluation"][0]["label"] == "Positif"
    assert french["Content-Language"] == "fr"

    by_parameter = client.get(f"{LIST}street-pastors/", {"lang": "fr"})
    assert by_parameter.json()["title"] == "Pasteurs de rue"
    assert by_parameter.json()["domains"][0]["name"] == "Délinquance"

    response = client.get(LIST, {"lang": "de"})
    assert response.status_code == 400
    assert response.json() == {"lang": ["Choose one of: en, fr."]}


def test_pages(client, practices):
    for _ in range(3):
        PracticeFactory()

    response = client.get(LIST, {"page_size": 2, "page": 2})

    assert len(response.json()["results"]) == 2
    assert response.json()["count"] == 5
    assert "page=3" in response.json()["next"]
    assert len(client.get(LIST, {"page": "last", "page_size": 2}).json()["results"]) == 1
    assert len(client.get(LIST, {"page_size": 1000}).json()["results"]) == 5


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"page": "99"}, {"page": ["That page contains no results."]}),
        ({"page": "abc"}, {"page": ["That page number is not an integer."]}),
        ({"page": "0"}, {"page": ["That page number is less than 1."]}),
        ({"page_size": "abc"}, {"page_size": ["Enter a whole number."]}),
        ({"page_size": "0"}, {"page_size": ["Ensure this value is greater than or equal to 1."]}),
    ],
)
def test_a_bad_page_says_what_is_wrong(client, practices, query, expected):
    response = client.get(LIST, query)

    assert response.status_code == 400
    assert response.json() == expected


def test_a_bad_page_is_explained_in_french(client, practices):
    response = client.get("/fr/api/v1/practices/", {"page": "99"})

    assert response.json() == {"page": ["Cette page ne contient aucun résultat."]}


def test_facet_counts_match_the_catalogue(client, practices):
    api = client.get(f"{LIST}facets/", {"country": "GB"}).json()
    catalogue = client.get("/en/practices/", {"country": "GB"}).context["facets"]

    assert {facet["name"]: {o["value"]: o["count"] for o in facet["options"]} for facet in api} == {
        facet.name: {o.value: o.count for o in facet.options} for facet in catalogue
    }
    assert client.get(f"{LIST}facets/", {"country": "XX"}).status_code == 400


def test_vocabularies_recommendations_and_criteria(client, practices):
    RecommendationFactory(slug="rec-7b", number="7.b")

    vocabularies = client.get("/fr/api/v1/vocabularies/").json()
    assert [v["filter"] for v in vocabularies] == [
        "level",
        "domain",
        "audience",
        "type",
        "intervention",
    ]
    domains = next(v for v in vocabularies if v["filter"] == "domain")
    assert domains["field"] == "domains"
    assert domains["label"] == "Domaine"
    assert {"slug": "crime", "name": "Délinquance"} in domains["terms"]

    [recommendation] = client.get("/en/api/v1/recommendations/").json()
    assert recommendation["slug"] == "rec-7b"
    assert recommendation["number"] == "7.b"

    [criterion] = client.get("/en/api/v1/criteria/").json()
    assert criterion["slug"] == "impact"
    assert criterion["filter"] == "rating_impact"
    assert [level["slug"] for level in criterion["levels"]] == ["negative", "positive"]


def test_openapi_document(client, impact):
    response = client.get("/en/api/v1/schema/")

    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["info"]["title"] == "Efus good-practice repository API"
    operation = schema["paths"]["/en/api/v1/practices/"]["get"]
    parameters = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert {"q", "country", "domain", "sort", "page", "lang", "rating_impact"} <= set(parameters)
    # Each criterion's filter, from the database, with its values.
    assert parameters["rating_impact"]["schema"]["items"]["enum"] == [
        "negative",
        "none",
        "positive",
    ]
    facets = schema["paths"]["/en/api/v1/practices/facets/"]["get"]
    assert "rating_impact" in {parameter["name"] for parameter in facets["parameters"]}
    # Every endpoint says it answers 400 to a parameter it cannot take (lang at least).
    for path, operations in schema["paths"].items():
        assert "400" in operations["get"]["responses"], path
    assert "/en/api/v1/criteria/" in schema["paths"]
    as_json = client.get("/en/api/v1/schema/", {"format": "json"})
    assert json.loads(as_json.content)["openapi"].startswith("3.")


def test_write_methods_are_refused(client, practices):
    assert client.post(LIST, {}).status_code == 405
    assert client.delete(f"{LIST}street-pastors/").status_code == 405


def test_query_count_does_not_grow(client, impact, django_assert_num_queries):
    domain = DomainFactory()

    def add(n):
        for _ in range(n):
            practice = PracticeFactory(domains=[domain])
            AssessmentFactory(practice=practice, criterion=impact)
            PartnershipFactory(practice=practice)

    add(2)
    with CaptureQueriesContext(connection) as first:
        assert client.get(LIST, {"domain": domain.slug, "q": "neighbourhood"}).status_code == 200
    detail_url = f"{LIST}{PracticeFactory().slug}/"
    with CaptureQueriesContext(connection) as first_detail:
        client.get(detail_url)

    add(8)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(LIST, {"domain": domain.slug, "q": "neighbourhood"})
    assert response.json()["count"] == 10
    with django_assert_num_queries(len(first_detail.captured_queries)):
        client.get(detail_url)


def test_describing_the_api_leaves_the_catalogue_filters_alone(client, practices):
    client.get("/en/api/v1/schema/")

    response = client.get("/en/practices/", {"country": "FR"})

    assert [p.slug for p in response.context["practices"]] == ["lyon-mediators"]
    assert "relevance" not in dict(response.context["filterset"].form.fields["sort"].choices)
