"""Related practices on a practice's page."""

import pytest

from tests.factories import DomainFactory, PracticeFactory, PracticeTypeFactory

pytestmark = pytest.mark.django_db


def related(client, practice):
    response = client.get(practice.get_absolute_url())
    assert response.status_code == 200
    return [p.title for p in response.context["related"]]


def test_practices_sharing_the_most_terms_come_first(client):
    night, transport = DomainFactory(), DomainFactory()
    mediation = PracticeTypeFactory()

    def scheme(title, domains, types=()):
        return PracticeFactory(title_en=title, title_fr="", domains=domains, types=types)

    practice = scheme("Night mediators", [night, transport], [mediation])
    scheme("Bus patrols", [night, transport], [mediation])
    scheme("Taxi marshals", [night])
    scheme("Allotments", [DomainFactory()])

    assert related(client, practice) == ["Bus patrols", "Taxi marshals"]


def test_similar_titles_relate_practices_without_shared_terms(client):
    practice = PracticeFactory(title_en="Street Pastors in London", title_fr="")
    PracticeFactory(title_en="Street Pastors in Brighton", title_fr="")
    PracticeFactory(title_en="Youth workers in Bologna", title_fr="")

    assert related(client, practice) == ["Street Pastors in Brighton"]


def test_never_an_unpublished_practice_nor_the_practice_itself(client):
    domain = DomainFactory()
    practice = PracticeFactory(title_en="Night mediators", domains=[domain])
    PracticeFactory(title_en="Secret draft", domains=[domain], draft=True)

    assert related(client, practice) == []
    page = client.get(practice.get_absolute_url()).content.decode()
    assert "Related practices" not in page
    assert "Secret draft" not in page


def test_at_most_four_shown_as_cards(client):
    domain = DomainFactory()
    practice = PracticeFactory(domains=[domain])
    for _ in range(6):
        PracticeFactory(domains=[domain])

    response = client.get(practice.get_absolute_url())

    assert len(response.context["related"]) == 4
    page = response.content.decode()
    assert "Related practices" in page
    assert page.count('class="practice-card"') == 4
