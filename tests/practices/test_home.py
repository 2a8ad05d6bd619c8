import pytest

from tests.factories import AssessmentFactory, PartnershipFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def test_home_page_counts_only_published_content(client):
    london = PracticeFactory(country="GB", featured=True, title_en="Street Pastors")
    PracticeFactory(country="IT", title_en="Angels of bus stops")
    draft = PracticeFactory(country="FR", draft=True)
    shared = PartnershipFactory(practice=london).organisation
    PartnershipFactory(practice=PracticeFactory(country="GB"), organisation=shared)
    PartnershipFactory(practice=draft)

    response = client.get("/en/")

    assert response.status_code == 200
    assert response.context["practice_count"] == 3
    assert response.context["country_count"] == 2
    assert response.context["partner_count"] == 1
    assert response.context["featured"] == [london]
    page = response.content.decode()
    assert 'href="/en/practices/"' in page
    assert 'href="/en/submit/"' in page


def test_home_page_shows_latest_practices_when_none_is_featured(client):
    practice = PracticeFactory(title_en="Angels of bus stops")

    response = client.get("/en/")

    assert response.context["featured"] == [practice]


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_home_query_count_is_constant(client, django_assert_num_queries):
    PracticeFactory(featured=True)
    # Featured practices (with their ratings), their domains, and three counts.
    with django_assert_num_queries(5):
        client.get("/en/")
    for _ in range(10):
        PartnershipFactory(practice=PracticeFactory(featured=True))
    with django_assert_num_queries(5):
        response = client.get("/en/")
    assert len(response.context["featured"]) == 3


def test_featured_cards_say_whether_the_practice_is_evaluated(client):
    evaluated = PracticeFactory(featured=True)
    AssessmentFactory(practice=evaluated)
    PracticeFactory(featured=True)

    page = client.get("/en/").content.decode()

    assert page.count("Evaluated on 1 criterion") == 1
    assert page.count("Not yet evaluated") == 1


def test_the_french_home_page_names_the_criteria_as_the_evaluation_does(client):
    page = client.get("/fr/").content.decode()

    assert "caractère inclusif et viabilité" in page
    assert "pérennité" not in page
