"""Main journey of a researcher, in French: browse, filter, open a practice."""

from io import StringIO
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from tests.browser.conftest import format_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("load_demo_data", "--force", stdout=StringIO())


def test_browse_filter_and_open_a_practice_in_french(page, demo_data):
    page.goto("/fr/practices/")
    assert page.get_by_role("heading", level=2, name="6 pratiques trouvées").is_visible()

    filters = page.get_by_role("form", name="Filtrer les pratiques")
    filters.get_by_label("Royaume-Uni").check()
    filters.get_by_role("button", name="Appliquer les filtres").click()

    page.wait_for_url("**/fr/practices/?**")
    assert parse_qs(urlparse(page.url).query)["country"] == ["GB"]
    assert page.get_by_role("heading", level=2, name="3 pratiques trouvées").is_visible()
    remove = page.get_by_role("link", name="Retirer le filtre Pays : Royaume-Uni")
    assert remove.is_visible()

    page.get_by_role("link", name="Police de proximité dans la City de Londres").click()

    page.wait_for_url("**/fr/practices/community-policing-city-of-london/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Police de proximité dans la City de Londres"
    )
    chart = page.get_by_role("img", name="Évaluation de « Police de proximité dans la City")
    assert chart.is_visible()
    assert page.locator("dd.rating-level", has_text="Impact positif").is_visible()
    assert page.get_by_role("heading", name="Partenariats").is_visible()


def test_the_catalogue_works_without_javascript(browser, live_url, demo_data):
    context = browser.new_context(java_script_enabled=False, base_url=live_url)
    page = context.new_page()
    page.goto("/en/practices/")

    page.get_by_label("Public transport").check()
    page.get_by_role("button", name="Apply filters").click()

    assert page.get_by_role("heading", level=2, name="1 practice found").is_visible()
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "path", ["practices/", "practices/community-policing-city-of-london/", "submit/"]
)
def test_main_pages_have_no_serious_accessibility_violation(page, demo_data, language, path):
    page.goto(f"/{language}/{path}")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)
