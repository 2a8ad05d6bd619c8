"""A researcher's journey, in French: search without accents, filter, compare."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import format_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The two demo practices at national level that a search for "bénévoles" finds.
COMPARED = {
    "volunteer-citizens-national-police-france": "Citoyens volontaires de la Police nationale",
    "ronde-italy": "Les «\u00a0Ronde\u00a0» en Italie",
}


@pytest.fixture
def demo_data():
    call_command("load_demo_data", "--force", stdout=StringIO())


def test_search_filter_and_compare_in_french(page, demo_data):
    page.goto("/fr/")
    header_search = page.get_by_role("search")
    header_search.get_by_label("Rechercher dans les pratiques").fill("benevoles")
    header_search.get_by_role("button", name="Rechercher").click()

    page.wait_for_url("**/fr/practices/?q=benevoles")
    expect(page.get_by_role("heading", level=2, name="3 pratiques trouvées")).to_be_visible()
    # The passage that matched, with the accented word highlighted.
    expect(page.locator("mark", has_text="bénévoles").first).to_be_visible()

    filters = page.get_by_role("form", name="Filtrer les pratiques")
    filters.get_by_label("National").check()
    filters.get_by_role("button", name="Appliquer les filtres").click()

    expect(page.get_by_role("heading", level=2, name="2 pratiques trouvées")).to_be_visible()
    assert re.search(r"[?&]q=benevoles", page.url) and "level=national" in page.url
    expect(page.get_by_label("Rechercher dans les pratiques")).to_have_value("benevoles")

    for slug in COMPARED:
        card = page.locator("article.practice-card", has=page.locator(f"#card-title-{slug}"))
        card.get_by_role("button", name="Ajouter à la comparaison").click()
        expect(card.get_by_role("button", name="Retirer de la comparaison")).to_be_visible()
        expect(card.get_by_role("status")).to_contain_text("fait partie de la comparaison")
    expect(page.get_by_role("link", name="Comparaison (2)")).to_be_visible()

    page.get_by_role("link", name="Comparaison (2)").click()

    page.wait_for_url("**/fr/compare/")
    expect(page.get_by_role("heading", level=1, name="Comparer des pratiques")).to_be_visible()
    headers = page.locator("table.comparison").first.locator("thead th")
    expect(headers).to_have_text([re.compile(re.escape(title)) for title in COMPARED.values()])
    expect(page.get_by_label("Lien vers cette comparaison, à partager ou à citer")).to_have_value(
        re.compile(r"/fr/compare/\?p=volunteer-citizens-national-police-france&p=ronde-italy$")
    )
    violations = serious_axe_violations(page)
    assert not violations, format_axe_violations(violations)


def test_comparison_works_without_javascript(browser, live_url, demo_data):
    context = browser.new_context(java_script_enabled=False, base_url=live_url)
    page = context.new_page()
    page.goto("/en/practices/?q=volunteers")

    for slug in COMPARED:
        card = page.locator("article.practice-card", has=page.locator(f"#card-title-{slug}"))
        card.get_by_role("button", name="Add to comparison").click()
        expect(page.get_by_text(re.compile(r"is in the comparison \(\d of 4\)"))).to_be_visible()

    page.get_by_role("link", name="Comparison (2)").click()
    expect(page.locator("table.comparison").first.locator("thead th")).to_have_count(2)
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    "path",
    [
        "practices/?q=police&sort=relevance",
        "countries/",
        "compare/?p=street-pastors-london&p=community-policing-city-of-london",
    ],
)
def test_research_pages_have_no_serious_accessibility_violation(page, demo_data, language, path):
    page.goto(f"/{language}/{path}")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)
