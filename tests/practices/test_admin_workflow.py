"""The practice admin: no silent overwrite, no status change outside the workflow."""

import pytest
from django.urls import reverse

from practices import services
from practices.choices import EventAction, PracticeStatus
from practices.models import Practice
from tests.factories import CriterionFactory, PracticeFactory

pytestmark = pytest.mark.django_db


def change_url(practice):
    return reverse("admin:practices_practice_change", args=[practice.pk])


def form_data(client, practice, **changes):
    """The admin form as the browser would post it, from the page it shows."""
    response = client.get(change_url(practice))
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list):
            data[name] = value
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = value
    for formset in response.context["inline_admin_formsets"]:
        management = formset.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    data.update(changes)
    return data


def test_a_stale_admin_save_is_refused_with_the_input_kept(client, editor):
    practice = PracticeFactory(summary_en="Original")
    client.force_login(editor)
    data = form_data(client, practice, summary_en="My edit")
    services.practice_update(
        practice=practice, by=editor, expected_version=practice.version, values={"city_en": "Leeds"}
    )

    response = client.post(change_url(practice), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this practice since you opened it" in page
    assert "My edit" in page
    practice.refresh_from_db()
    assert practice.summary_en == "Original" and practice.city == "Leeds"


def test_an_admin_save_raises_the_version_and_is_recorded(client, editor):
    practice = PracticeFactory()
    client.force_login(editor)

    response = client.post(change_url(practice), form_data(client, practice, city_en="Leeds"))

    assert response.status_code == 302
    practice.refresh_from_db()
    assert practice.city == "Leeds" and practice.version == 2
    event = practice.events.get()
    assert (event.action, event.actor) == (EventAction.EDITED, editor)
    assert practice.versions.get().content["city_en"] == "Leeds", "a published edit is a version"


def test_the_status_is_not_editable_in_the_admin(client, editor):
    practice = PracticeFactory(status=PracticeStatus.IN_REVIEW, published_at=None)
    client.force_login(editor)

    client.post(change_url(practice), form_data(client, practice, status="published"))

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.IN_REVIEW


def test_a_practice_added_in_the_admin_starts_in_review(client, editor):
    client.force_login(editor)
    data = form_data(client, PracticeFactory())
    data.update(title_en="Added by staff", slug="added-by-staff", original_language="en")

    response = client.post(reverse("admin:practices_practice_add"), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    practice = Practice.objects.get(slug="added-by-staff")
    assert practice.status == PracticeStatus.IN_REVIEW
    assert practice.events.get().action == EventAction.CREATED


def test_reviewers_only_view_practices_in_the_admin(client, reviewer):
    practice = PracticeFactory()
    client.force_login(reviewer)

    response = client.get(change_url(practice))

    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert client.post(change_url(practice), {}).status_code == 403


def test_saving_a_practice_in_the_admin_updates_its_search_document(client, staff_user):
    criterion = CriterionFactory()
    practice = PracticeFactory(title_en="Night patrols", slug="night-patrols")
    client.force_login(staff_user)
    data = form_data(client, practice, title_fr="Patrouilles de nuit")
    data |= {
        "assessments-TOTAL_FORMS": "1",
        "assessments-0-criterion": criterion.pk,
        "assessments-0-source": "staff",
        "assessments-0-text_fr": "Les riverains dorment mieux.",
    }

    response = client.post(change_url(practice), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    catalogue = reverse("practices:practice_list")
    for query in ["patrouilles", "riverains"]:
        found = client.get(catalogue, {"q": query}).context["practices"]
        assert [p.slug for p in found] == ["night-patrols"], query


def test_a_french_original_practice_is_added_in_the_admin_without_an_english_title(client, editor):
    client.force_login(editor)
    add = reverse("admin:practices_practice_add")
    data = form_data(client, PracticeFactory())
    data.update(title_en="", title_fr="Médiateurs de nuit à Lyon", slug="", original_language="fr")

    response = client.post(add, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    # The slug left empty is made from the title in the original language.
    practice = Practice.objects.get(slug="mediateurs-de-nuit-a-lyon")
    assert practice.title_fr == "Médiateurs de nuit à Lyon"
    assert not practice.title_en
    assert practice.status == PracticeStatus.IN_REVIEW


def test_a_slug_made_in_the_admin_is_unique(client, editor):
    PracticeFactory(slug="night-patrols")
    client.force_login(editor)
    data = form_data(client, PracticeFactory())
    data.update(title_en="Night patrols", title_fr="", slug="", original_language="en")

    response = client.post(reverse("admin:practices_practice_add"), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Practice.objects.filter(slug="night-patrols-2").exists()


def test_a_french_original_practice_keeps_no_english_title_when_changed_in_the_admin(
    client, editor
):
    practice = PracticeFactory(
        original_language="fr", title_en="", title_fr="Médiateurs de nuit", city_fr="Lyon"
    )
    client.force_login(editor)

    response = client.post(
        change_url(practice), form_data(client, practice, city_fr="Villeurbanne")
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    practice.refresh_from_db()
    assert practice.city_fr == "Villeurbanne"


def test_the_admin_asks_for_the_title_in_the_original_language(client, editor):
    practice = PracticeFactory(original_language="fr", title_en="Mediators", title_fr="Médiateurs")
    client.force_login(editor)

    response = client.post(change_url(practice), form_data(client, practice, title_fr=""))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["title_fr"] == ["Give the title in the practice's original language."]


@pytest.mark.parametrize(
    ("dates", "message"),
    [
        ({"start_date": "2020-05-01", "end_date": "2019-01-01"}, "The end date is before the"),
        ({"end_date": "2019-01-01", "ongoing": "on"}, "An ongoing practice has no end date"),
    ],
)
def test_the_admin_refuses_dates_that_contradict_each_other(client, editor, dates, message):
    practice = PracticeFactory(start_date=None)
    client.force_login(editor)

    response = client.post(change_url(practice), form_data(client, practice, **dates))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert list(errors) == ["end_date"]
    assert errors["end_date"][0].startswith(message)
    practice.refresh_from_db()
    assert practice.end_date is None
