import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import CriterionFactory, PartnershipFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_page_opens(client, staff_user, model):
    client.force_login(staff_user)
    opts = model._meta

    assert (
        client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200


def test_practice_form_has_english_and_french_fields_and_self_hosted_tabs(client, staff_user):
    practice = PracticeFactory()
    PartnershipFactory(practice=practice)
    CriterionFactory()
    client.force_login(staff_user)

    response = client.get(reverse("admin:practices_practice_change", args=[practice.pk]))

    page = response.content.decode()
    for field in ["title", "summary", "description", "objectives", "evidence", "cost_description"]:
        assert f'name="{field}_en"' in page and f'name="{field}_fr"' in page
    assert 'name="partnerships-0-role_fr"' in page
    assert "modeltranslation/js/tabbed_translation_fields.js" in page
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page


def test_admin_requires_staff(client):
    response = client.get(reverse("admin:practices_practice_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_saving_a_practice_in_the_admin_updates_its_search_document(client, staff_user):
    criterion = CriterionFactory()
    practice = PracticeFactory(title_en="Night patrols", slug="night-patrols")
    client.force_login(staff_user)
    data = {
        "title_en": "Night patrols",
        "title_fr": "Patrouilles de nuit",
        "slug": "night-patrols",
        "original_language": "en",
        "status": "published",
        "country": "GB",
    }
    for prefix in ["partnerships", "outcomes", "references", "links"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    data |= {
        "assessments-TOTAL_FORMS": "1",
        "assessments-INITIAL_FORMS": "0",
        "assessments-0-criterion": criterion.pk,
        "assessments-0-source": "staff",
        "assessments-0-text_fr": "Les riverains dorment mieux.",
    }

    response = client.post(reverse("admin:practices_practice_change", args=[practice.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    catalogue = reverse("practices:practice_list")
    assert [p.slug for p in client.get(catalogue, {"q": "patrouilles"}).context["practices"]] == [
        "night-patrols"
    ]
    assert [p.slug for p in client.get(catalogue, {"q": "riverains"}).context["practices"]] == [
        "night-patrols"
    ]
