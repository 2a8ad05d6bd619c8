"""Small screens: no page is wider than a phone, in either language."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser.conftest import format_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "",
    "practices/",
    "practices/community-policing-city-of-london/",
    "compare/?p=community-policing-city-of-london&p=street-pastors-london",
    "review/",
    "guides/citizens-police-and-cities/",
]
# An iPhone SE / mini and the narrowest phones still sold.
WIDTHS = [375, 320]

# What sticks out of the viewport, to name the culprits when the page is too wide.
OVERFLOWING = """
() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter((element) => element.getBoundingClientRect().right > width + 0.5)
    .filter((element) => !element.closest(".table-wrap, .chart"))
    .slice(0, 8)
    .map((element) => `${element.tagName.toLowerCase()}.${element.className}`
      + ` (right edge ${Math.round(element.getBoundingClientRect().right)})`);
}
"""


@pytest.fixture
def staff_page(browser, live_url):
    """A phone-sized browser page logged in as the demo editor, who may see the review queue."""
    from django.contrib.auth import get_user_model

    call_command("load_demo_data", "--force", stdout=StringIO())
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo-editor"))
    context = browser.new_context(base_url=live_url, viewport={"width": 375, "height": 740})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}]
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_no_page_is_wider_than_a_phone(staff_page, language):
    page = staff_page
    too_wide = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        for path in PAGES:
            page.goto(f"/{language}/{path}")
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                culprits = ", ".join(page.evaluate(OVERFLOWING))
                too_wide.append(f"/{language}/{path} at {width}px: {scroll_width}px ({culprits})")

    assert not too_wide, "\n".join(too_wide)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_header_search_shows_its_whole_placeholder_on_a_desktop(staff_page, language):
    page = staff_page
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"/{language}/guides/")

    field = page.locator("#site-search-q")
    width = field.evaluate("input => input.clientWidth")
    text = field.evaluate(
        """input => {
          const context = document.createElement("canvas").getContext("2d");
          context.font = getComputedStyle(input).font;
          return context.measureText(input.placeholder).width;
        }"""
    )

    assert text < width - 8, f"placeholder {text:.0f}px in a {width}px field"


def test_on_a_phone_the_chart_keeps_legible_text_and_scrolls_in_its_own_region(staff_page):
    page = staff_page
    page.goto("/fr/practices/community-policing-city-of-london/")

    region = page.get_by_role("region", name="Graphique de l’évaluation")
    chart = region.locator("svg.evaluation-chart")
    # Drawn at no less than 90 % of its size: its 13px labels stay readable.
    assert chart.evaluate("svg => svg.getBoundingClientRect().width") >= 0.9 * 640
    assert region.evaluate("figure => figure.scrollWidth > figure.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be animated: wait for it.
    page.wait_for_function("document.querySelector('figure.chart').scrollLeft > 0")
    violations = serious_axe_violations(page, selector=".evaluation")
    assert not violations, format_axe_violations(violations)
