"""Snapshots of a practice and what changed between two of them."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from practices.versions import describe, practice_snapshot, version_changes
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    practice = PracticeFactory(summary_en="Officers meet residents every month.")
    practice.domains.set([DomainFactory(name_en="Night-time economy", name_fr="Vie nocturne")])
    PartnershipFactory(
        practice=practice,
        organisation=OrganisationFactory(name_en="Town council", name_fr="Mairie"),
        role_en="Leads",
        is_lead=True,
    )
    return practice


def test_a_snapshot_holds_the_record_in_both_languages(practice):
    criterion = CriterionFactory(name_en="Impact", name_fr="Impact")
    AssessmentFactory(practice=practice, criterion=criterion, source="self")

    content = practice_snapshot(practice)

    assert content["summary_en"] == "Officers meet residents every month."
    assert content["contact_email"] == "jane.officer@example.org"
    assert content["domains"] == [{"en": "Night-time economy", "fr": "Vie nocturne"}]
    assert content["partnerships"][0]["organisation"] == {"en": "Town council", "fr": "Mairie"}
    assert criterion.slug in content["self_assessment"]
    assert "staff_assessment" not in content


def test_changes_show_words_removed_and_added(practice):
    old = practice_snapshot(practice)
    practice.summary_en = "Officers meet residents every week."
    practice.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert change.label == "Summary (English)"
    assert change.diff == "Officers meet residents every <del>month.</del><ins>week.</ins>"


def test_text_in_a_change_is_escaped(practice):
    old = practice_snapshot(practice)
    practice.summary_en = "<script>alert(1)</script>"
    practice.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert "<script>" not in change.diff
    assert "&lt;script&gt;" in change.diff


def test_partners_and_vocabularies_are_compared_in_the_reader_language(practice):
    old = practice_snapshot(practice)
    practice.partnerships.all().delete()
    practice.domains.clear()

    with translation.override("fr"):
        changes = {
            c.label: (c.old, c.new) for c in version_changes(old, practice_snapshot(practice))
        }

    assert changes["Domaines"] == ("Vie nocturne", "")
    assert changes["Partenaires"] == (
        "Mairie (Collectivité locale) [chef de file]: Préside le partenariat",
        "",
    )


def test_identical_snapshots_have_no_change(practice):
    snapshot = practice_snapshot(practice)

    assert version_changes(snapshot, snapshot) == []
    assert len(describe(snapshot)) > 20


def test_the_city_is_kept_and_compared_in_each_language(practice):
    old = practice_snapshot(practice)
    practice.city_fr = "Londres"
    practice.save()

    new = practice_snapshot(practice)

    assert (new["city_en"], new["city_fr"]) == ("London", "Londres")
    (change,) = version_changes(old, new)
    assert (change.label, change.old, change.new) == ("City or area (French)", "", "Londres")


def test_a_city_recorded_before_it_was_translated_goes_to_the_original_language():
    migration = importlib.import_module("practices.migrations.0008_practice_city_translated")
    state = MigrationExecutor(connection).loader.project_state(
        ("practices", "0008_practice_city_translated")
    )
    Practice = state.apps.get_model("practices", "Practice")
    PracticeVersion = state.apps.get_model("practices", "PracticeVersion")
    french = PracticeFactory(original_language="fr", city_en="")
    Practice.objects.filter(pk=french.pk).update(city="Liège", city_en=None, city_fr=None)
    version = PracticeVersion.objects.create(
        practice_id=french.pk,
        number=1,
        kind="submission",
        content={"original_language": "fr", "city": "Liège"},
    )

    migration.forward(state.apps, None)

    french.refresh_from_db()
    assert (french.city_fr, french.city_en) == ("Liège", None)
    version.refresh_from_db()
    assert version.content == {"original_language": "fr", "city_en": "", "city_fr": "Liège"}
    assert describe(version.content)["city_fr"] == ("City or area (French)", "Liège")


def test_the_language_of_a_citation_is_kept_and_compared(practice):
    reference = ReferenceFactory(practice=practice, citation="Annual report", url="")
    old = practice_snapshot(practice)
    reference.language = "en"
    reference.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert (change.label, change.old, change.new) == (
        "References",
        "Annual report",
        "Annual report (English)",
    )
