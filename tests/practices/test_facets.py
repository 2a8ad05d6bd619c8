"""The facet keys each practice keeps for the catalogue's filters and counts follow
every change the site makes: edits, ratings, publication, and the reference data."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from evaluations.models import Criterion
from practices import services
from practices.choices import PracticeStatus
from practices.demo.loader import load_reference_data
from practices.models import Domain, PracticeFacet
from tests.factories import CriterionFactory, DomainFactory, PracticeFactory
from tests.practices.test_catalogue import URL, counts, facet, titles

pytestmark = pytest.mark.django_db


def test_keys_follow_an_edit_of_the_record(client, editor):
    crime, transport = DomainFactory(slug="crime"), DomainFactory(slug="transport")
    practice = PracticeFactory(country="GB", domains=[crime], timeline="")

    services.practice_update(
        practice=practice,
        by=editor,
        expected_version=practice.version,
        values={"country": "FR", "timeline": "long_term"},
        m2m={"domains": [transport]},
    )

    response = client.get(URL)
    assert counts(response, "country") == {"FR": 1}
    assert counts(response, "domain") == {"transport": 1}
    assert counts(response, "timeline") == {"long_term": 1}
    assert titles(client.get(URL, {"domain": "crime"})) == []
    assert titles(client.get(URL, {"country": "FR"})) == [practice.title]


def test_a_rating_follows_the_staff_assessment(client, editor):
    impact = CriterionFactory(slug="impact")
    practice = PracticeFactory()
    assert counts(client.get(URL), "rating_impact") == {"none": 1}

    def rate(level):
        practice.refresh_from_db()
        services.practice_set_assessments(
            practice=practice,
            by=editor,
            expected_version=practice.version,
            source="staff",
            ratings=[services.Rating(impact, level, {"text_en": "Fewer fights."})],
        )

    rate(impact.levels.get(slug="met"))
    assert counts(client.get(URL), "rating_impact") == {"met": 1}
    assert titles(client.get(URL, {"rating_impact": "met"})) == [practice.title]

    rate(None)  # the text stays, the rating goes
    assert counts(client.get(URL), "rating_impact") == {"none": 1}
    assert titles(client.get(URL, {"rating_impact": "met"})) == []


def test_publication_and_archiving_put_a_practice_in_and_out_of_the_counts(client, editor):
    night = DomainFactory(slug="night")
    practice = PracticeFactory(
        status=PracticeStatus.IN_REVIEW,
        published_at=None,
        domains=[night],
        objectives_en="Quieter nights.",
    )
    assert counts(client.get(URL), "domain") == {}

    services.practice_publish(practice=practice, by=editor)
    assert counts(client.get(URL), "domain") == {"night": 1}
    assert titles(client.get(URL, {"domain": "night"})) == [practice.title]

    services.practice_archive(practice=practice, by=editor)
    assert counts(client.get(URL), "domain") == {}
    assert titles(client.get(URL, {"domain": "night"})) == []


def test_renaming_a_term_and_its_slug_keeps_its_practices(client):
    term = DomainFactory(slug="crime", name_en="Crime")
    practice = PracticeFactory(domains=[term])

    term.slug, term.name_en = "crime-prevention", "Crime prevention"
    term.save()

    response = client.get(URL, {"domain": "crime-prevention"})
    assert titles(response) == [practice.title]
    assert counts(response, "domain") == {"crime-prevention": 1}
    assert [option.label for option in facet(response, "domain").options] == ["Crime prevention"]
    assert client.get(URL, {"domain": "crime"}).context["filterset"].errors


@pytest.mark.parametrize("how", ["delete page", "delete action"])
def test_a_term_deleted_in_the_admin_leaves_its_practices_without_it(client, staff_user, how):
    crime, transport = DomainFactory(slug="crime"), DomainFactory(slug="transport")
    only_crime = PracticeFactory(title_en="Only crime", domains=[crime])
    PracticeFactory(title_en="Both", domains=[crime, transport])
    client.force_login(staff_user)

    if how == "delete page":
        response = client.post(
            reverse("admin:practices_domain_delete", args=[crime.pk]), {"post": "yes"}
        )
    else:
        response = client.post(
            reverse("admin:practices_domain_changelist"),
            {"action": "delete_selected", "_selected_action": [crime.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Domain.objects.filter(slug="crime").exists()
    response = client.get(URL)
    assert counts(response, "domain") == {"transport": 1, "none": 1}
    assert titles(client.get(URL, {"domain": "none"})) == [only_crime.title]


def test_a_criterion_added_in_the_admin_counts_every_practice_not_yet_rated(client, staff_user):
    PracticeFactory.create_batch(2)
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:evaluations_criterion_add"),
        {
            "name_en": "Sustainability",
            "name_fr": "Pérennité",
            "slug": "sustainability",
            "position": "7",
            "levels-TOTAL_FORMS": "1",
            "levels-INITIAL_FORMS": "0",
            "levels-0-rank": "1",
            "levels-0-slug": "low",
            "levels-0-label_en": "Low",
            "levels-0-label_fr": "Faible",
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    response = client.get(URL)
    assert counts(response, "rating_sustainability") == {"none": 2}
    assert len(titles(client.get(URL, {"rating_sustainability": "none"}))) == 2


def test_a_criterion_the_reference_data_adds_counts_every_practice_not_yet_rated(client):
    load_reference_data()
    Criterion.objects.get(slug="impact").delete()
    PracticeFactory.create_batch(2)

    load_reference_data()

    assert counts(client.get(URL), "rating_impact") == {"none": 2}


def test_rebuild_search_index_rebuilds_the_facet_keys(client):
    crime = DomainFactory(slug="crime")
    PracticeFactory(country="IT", domains=[crime])
    PracticeFacet.objects.all().delete()
    assert counts(client.get(URL), "country") == {}

    call_command("rebuild_search_index", stdout=StringIO())

    response = client.get(URL)
    assert counts(response, "country") == {"IT": 1}
    assert counts(response, "domain") == {"crime": 1}
