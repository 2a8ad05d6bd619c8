"""The site opens in a real browser, in both languages, with the landmarks a reader needs."""

import pytest

from tests.browser.conftest import format_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_page_opens_in_each_language(page, language):
    response = page.goto(f"/{language}/")

    assert response.status == 200
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("main").count() == 1


@pytest.mark.parametrize("language", ["en", "fr"])
def test_home_page_has_no_serious_accessibility_violation(page, language):
    page.goto(f"/{language}/")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)


def test_language_switcher_leads_to_the_french_home_page(page):
    page.goto("/en/")

    page.locator(".language-switcher").get_by_role("link", name="Français").click()

    page.wait_for_url("**/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"


def test_axe_helper_reports_serious_violations(page):
    page.set_content(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><main><img src="data:,"></main></body></html>'
    )

    violations = serious_axe_violations(page)

    assert [v["id"] for v in violations] == ["image-alt"]
    assert "image-alt (critical)" in format_axe_violations(violations)
