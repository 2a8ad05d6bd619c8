import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    PartnershipFactory,
    PracticeFactory,
)

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
    for field in [
        "title",
        "city",
        "summary",
        "description",
        "objectives",
        "evidence",
        "cost_description",
    ]:
        assert f'name="{field}_en"' in page and f'name="{field}_fr"' in page
    assert 'name="partnerships-0-role_fr"' in page
    assert "modeltranslation/js/tabbed_translation_fields.js" in page
    assert "/static/vendor/jquery-ui/jquery-ui.min.js" in page
    assert "googleapis" not in page


def test_the_rating_select_groups_each_scale_under_its_criterion(client, staff_user):
    relevance = CriterionFactory(
        name_en="Relevance",
        scale=[("low", "Not relevant", "Non"), ("high", "Very relevant", "Très")],
    )
    CriterionFactory(
        name_en="Efficacy", scale=[("no", "Not effective", "Non"), ("yes", "Effective", "Oui")]
    )
    practice = PracticeFactory()
    assessment = AssessmentFactory(practice=practice, criterion=relevance)
    client.force_login(staff_user)

    page = client.get(reverse("admin:practices_practice_change", args=[practice.pk])).content
    select = page.decode().split('name="assessments-0-level"')[1].split("</select>")[0]

    groups = [group.split("</optgroup>")[0] for group in select.split("<optgroup")[1:]]
    assert [group.split('"')[1] for group in groups] == ["Relevance", "Efficacy"]
    assert "Very relevant" in groups[0] and "Effective" not in groups[0]
    assert "Effective" in groups[1] and "relevant" not in groups[1]
    assert f'<option value="{assessment.level_id}" selected>Very relevant</option>' in groups[0]


def test_admin_requires_staff(client):
    response = client.get(reverse("admin:practices_practice_changelist"))

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


@pytest.mark.parametrize(
    ("language", "header"),
    [("en", "Efus good-practice repository"), ("fr", "Répertoire de bonnes pratiques de l’Efus")],
)
def test_the_admin_is_named_after_the_site_in_each_language(client, staff_user, language, header):
    client.force_login(staff_user)

    page = client.get(f"/{language}/admin/").content.decode()

    assert f'<a href="/{language}/admin/">{header}</a>' in page
    assert f"| {header}</title>" in page
    assert "Django" not in page


def test_view_on_site_leads_staff_to_the_preview_of_an_unpublished_practice(client, editor):
    draft = PracticeFactory(unpublished=True, status="in_review")
    published = PracticeFactory()
    client.force_login(editor)

    for practice, expected in [
        (draft, f"/en/practices/preview/{draft.pk}/"),
        (published, f"/en/practices/{published.slug}/"),
    ]:
        page = client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
        link = page.content.decode().split('class="viewsitelink"')[0].rsplit('href="', 1)[1]
        assert link.split('"')[0] == expected
        assert client.get(expected).status_code == 200


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("updated_at__year=99999999999999", 400),
        ("published_at__year__gte=10000", 400),
        ("created_at__year=0", 400),
        ("updated_at__year=9999", 200),
        ("updated_at__year=2014", 200),
        ("updated_at__month=13", 200),
        ("updated_at__year=x", 302),  # Django's own "?e=1": the filters are reset
    ],
)
def test_odd_date_filters_on_the_practice_list_cause_no_server_error(
    client, staff_user, query, status
):
    PracticeFactory()
    client.force_login(staff_user)

    response = client.get(reverse("admin:practices_practice_changelist") + "?" + query)

    assert response.status_code == status


@pytest.mark.parametrize(
    "query",
    ["id__in=99999999999999999999999", "pk__in=1,99999999999999999999", "id=-99999999999999999999"],
)
def test_numbers_no_column_holds_are_refused_on_every_admin_list(client, staff_user, query):
    client.force_login(staff_user)

    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(f"{url}?{query}")
        assert response.status_code == 400, url


def test_odd_date_filters_on_the_user_list_cause_no_server_error(client, staff_user):
    client.force_login(staff_user)

    response = client.get(reverse("admin:auth_user_changelist") + "?date_joined__year=99999999")

    assert response.status_code == 400


def test_background_tasks_are_followed_on_the_guide_builds_page_only(client, staff_user):
    client.force_login(staff_user)

    page = client.get("/fr/admin/").content.decode()

    assert "Task results" not in page and "Task Results" not in page
    assert 'href="/fr/admin/guides/guidebuild/"' in page


def test_the_icon_is_found_on_admin_pages_and_at_its_old_address(client, staff_user):
    client.force_login(staff_user)

    page = client.get(reverse("admin:practices_practice_changelist")).content.decode()
    response = client.get("/favicon.ico")

    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    assert response.status_code == 301
    assert response["Location"] == "/static/favicon.svg"
