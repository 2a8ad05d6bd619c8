import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import CriterionFactory, PartnershipFactory, PracticeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda m: m._meta.label)
def test_every_admin_page_opens(client, staff_user, model, rf):
    client.force_login(staff_user)
    opts = model._meta

    assert (
        client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code
        == 200
    )
    # Some records are only ever made by the site (e.g. background tasks): no add page.
    request = rf.get("/")
    request.user = staff_user
    add_page = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    assert add_page.status_code == (
        200 if admin.site._registry[model].has_add_permission(request) else 403
    )


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
