"""Comparing 2 to 4 practices side by side."""

import json

import pytest
from django.urls import reverse

from practices.choices import PracticeStatus
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("practices:comparison")
ADD = reverse("practices:comparison_add")
REMOVE = reverse("practices:comparison_remove")


def add(client, practice, **extra):
    return client.post(ADD, {"practice": practice.slug, "next": "/en/practices/"}, **extra)


def compared(response):
    return [practice.slug for practice in response.context["practices"]]


@pytest.fixture
def practices():
    return [
        PracticeFactory(slug=f"scheme-{n}", title_en=f"Scheme {n}", title_fr=f"Dispositif {n}")
        for n in range(1, 6)
    ]


def test_add_from_the_catalogue_and_come_back(client, practices):
    response = add(client, practices[0])

    assert response.status_code == 302
    assert response["Location"] == "/en/practices/"
    page = client.get("/en/practices/").content.decode()
    assert "“Scheme 1” is in the comparison (1 of 4)." in page
    # The header shows the selection, which survives navigation.
    assert "Comparison (<span data-comparison-count>1</span>)" in page
    assert compared(client.get(PAGE)) == ["scheme-1"]
    assert compared(client.get("/fr/compare/")) == ["scheme-1"]


def test_catalogue_and_practice_page_have_add_and_remove_buttons(client, practices):
    catalogue = client.get("/en/practices/").content.decode()
    assert catalogue.count('action="/en/compare/add/"') == 5
    assert 'name="csrfmiddlewaretoken"' in catalogue

    add(client, practices[0])

    detail = client.get(practices[0].get_absolute_url()).content.decode()
    assert 'action="/en/compare/remove/"' in detail
    assert ">Remove from comparison</button>" in detail
    catalogue = client.get("/en/practices/").content.decode()
    assert catalogue.count('action="/en/compare/add/"') == 4


def test_the_selection_keeps_the_order_and_no_duplicates(client, practices):
    for practice in [practices[2], practices[0], practices[2]]:
        add(client, practice)

    assert compared(client.get(PAGE)) == ["scheme-3", "scheme-1"]


def test_at_most_four_with_a_clear_message(client, practices):
    for practice in practices[:4]:
        add(client, practice)

    response = add(client, practices[4], follow=True)

    assert "You can compare up to 4 practices: remove one before adding another." in (
        response.content.decode()
    )
    assert compared(client.get(PAGE)) == [p.slug for p in practices[:4]]


def test_remove_and_clear(client, practices):
    for practice in practices[:3]:
        add(client, practice)

    client.post(REMOVE, {"practice": "scheme-2", "next": PAGE})
    assert compared(client.get(PAGE)) == ["scheme-1", "scheme-3"]

    response = client.post(reverse("practices:comparison_clear"), follow=True)
    assert compared(response) == []
    assert "No practice is selected yet." in response.content.decode()
    assert "to compare 2 to 4 practices side by side." in response.content.decode()
    french = client.get("/fr/compare/").content.decode()
    assert "pour comparer de 2 à 4 pratiques côte à côte." in french


def test_the_script_gets_json_instead_of_a_redirect(client, practices):
    response = add(client, practices[0], HTTP_ACCEPT="application/json")

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "message": "“Scheme 1” is in the comparison (1 of 4).",
        "selected": True,
        "count": 1,
    }
    response = client.post(REMOVE, {"practice": "scheme-1"}, HTTP_ACCEPT="application/json")
    assert json.loads(response.content)["selected"] is False
    assert json.loads(response.content)["count"] == 0


def test_unpublished_or_unknown_practices_cannot_be_added(client, practices):
    draft = PracticeFactory(slug="draft-scheme", draft=True)

    assert add(client, draft).status_code == 404
    assert client.post(ADD, {"practice": "no-such-scheme"}).status_code == 404
    assert client.post(ADD, {}).status_code == 404
    assert client.get(ADD).status_code == 405
    assert compared(client.get(PAGE)) == []


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_redirects_only_to_this_site(client, practices, target):
    response = client.post(ADD, {"practice": "scheme-1", "next": target})

    assert response["Location"] == PAGE


def test_a_shared_link_shows_the_same_comparison_to_anyone(client, practices):
    for practice in practices[:2]:
        add(client, practice)
    share_url = client.get(PAGE).context["share_url"]
    assert share_url == "http://testserver/en/compare/?p=scheme-1&p=scheme-2"

    client.logout()
    client.cookies.clear()
    response = client.get(share_url)

    assert compared(response) == ["scheme-1", "scheme-2"]
    assert not response.context["is_own_selection"]
    # The visitor can make it their own selection, then change it.
    response = client.post(
        reverse("practices:comparison_keep"), {"p": ["scheme-1", "scheme-2"]}, follow=True
    )
    assert compared(response) == ["scheme-1", "scheme-2"]
    assert response.context["is_own_selection"]


def test_a_shared_link_never_shows_an_unpublished_practice(client, practices):
    practices[1].status = PracticeStatus.ARCHIVED
    practices[1].save()

    response = client.get(PAGE, {"p": ["scheme-1", "scheme-2", "no-such", "scheme-3"]})

    assert compared(response) == ["scheme-1", "scheme-3"]
    page = response.content.decode()
    assert "Scheme 2" not in page
    assert "2 practices of this comparison are not published or no longer exist" in page


def test_a_link_with_too_many_practices_compares_the_first_four(client, practices):
    response = client.get(PAGE, {"p": [p.slug for p in practices]})

    assert len(compared(response)) == 4
    assert "Only the first 4 practices of the link are compared." in response.content.decode()


def test_the_page_sets_out_facts_criteria_partners_and_one_chart(client, practices):
    criterion = CriterionFactory(name_en="Impact")
    first, second = practices[:2]
    first.domains.set([DomainFactory(name_en="Night-time economy")])
    first.cost_description_en = "Paid by the city council."
    first.save()
    AssessmentFactory(practice=first, criterion=criterion, text_en="Fewer fights at night.")
    AssessmentFactory(
        practice=second, criterion=criterion, level=criterion.levels.get(slug="not-met")
    )
    PartnershipFactory(
        practice=second, organisation=OrganisationFactory(name_en="Fire brigade"), is_lead=True
    )

    response = client.get(PAGE, {"p": ["scheme-1", "scheme-2"]})

    page = response.content.decode()
    for text in [
        "Night-time economy",
        "Paid by the city council.",
        "Fire brigade",
        "Lead partner",
        "Evidence level",
        "Impact",
        "Met",
        "Not met",
        "Fewer fights at night.",
    ]:
        assert text in page, text
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="evaluation-chart"') == 1
    chart = str(response.context["chart"])
    assert "Scheme 1" in chart and "Scheme 2" in chart  # the legend names each series


def test_the_page_is_in_french_with_french_titles(client, practices):
    response = client.get("/fr/compare/", {"p": ["scheme-1", "scheme-2"]})

    page = response.content.decode()
    assert "Comparer des pratiques" in page
    assert "Dispositif 1" in page


def test_contact_details_never_shown(client, practices):
    response = client.get(PAGE, {"p": ["scheme-1", "scheme-2"]})

    assert b"jane.officer@example.org" not in response.content
    assert b"+44 20 7946 0000" not in response.content


# The session, the practices, their five vocabularies, partners and staff assessments
# (8), the criteria and their levels (2).
COMPARISON_QUERIES = 11


def test_query_count_does_not_grow(client, django_assert_num_queries):
    criterion = CriterionFactory()
    domain = DomainFactory()
    practices = []
    for _n in range(4):
        practice = PracticeFactory(domains=[domain])
        AssessmentFactory(practice=practice, criterion=criterion)
        PartnershipFactory(practice=practice)
        practices.append(practice)
    for practice in practices[:2]:
        add(client, practice)

    with django_assert_num_queries(COMPARISON_QUERIES):
        assert len(compared(client.get(PAGE))) == 2
    for practice in practices[2:]:
        add(client, practice)
        PartnershipFactory(practice=practice)
    with django_assert_num_queries(COMPARISON_QUERIES):
        assert len(compared(client.get(PAGE))) == 4


def test_malformed_slugs_are_left_out_or_not_found_never_a_server_error(client, practices):
    # PostgreSQL refuses NUL bytes in a query: such a slug must never reach it.
    odd = ["\x00", "a\x00b", "été"]

    page = client.get(PAGE, {"p": [practices[0].slug, *odd]})
    assert page.status_code == 200
    assert compared(page) == [practices[0].slug]
    assert page.context["left_out"] == len(odd)

    for value in odd:
        assert client.post(ADD, {"practice": value}).status_code == 404
        assert client.post(REMOVE, {"practice": value}).status_code == 404
    keep = client.post(reverse("practices:comparison_keep"), {"p": odd})
    assert keep.status_code == 302
    assert client.get(reverse("guides:comparison_pdf"), {"p": odd}).status_code == 400
