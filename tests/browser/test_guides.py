"""Journeys with PDFs and guides, in a real browser: readers in French, an editor in English."""

from io import StringIO

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from guides.models import Guide, GuideBuild
from guides.services import guide_build_run
from tests.browser.conftest import format_axe_violations, serious_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data():
    call_command("load_demo_data", "--force", stdout=StringIO())


def download(page, link):
    with page.expect_download() as info:
        link.click()
    return info.value


def test_download_a_practice_pdf_from_its_page_in_french(page, demo_data):
    page.goto("/fr/practices/community-policing-city-of-london/")

    pdf = download(page, page.get_by_role("link", name="Télécharger en PDF"))

    assert pdf.suggested_filename == "community-policing-city-of-london-fr.pdf"
    reader = PdfReader(pdf.path())
    assert reader.metadata.title == "Police de proximité dans la City de Londres"
    text = "".join(p.extract_text() for p in reader.pages)
    assert "L’essentiel" in text and "Impact positif" in text


def test_find_a_guide_and_download_it_in_french(page, demo_data):
    page.goto("/fr/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Guides"
    ).click()
    page.get_by_role("link", name="Citoyens, police et villes").click()
    assert page.get_by_role("heading", level=2, name="Avant-propos").is_visible()

    pdf = download(page, page.get_by_role("link", name="Télécharger le PDF (français)"))

    assert pdf.suggested_filename == "citizens-police-and-cities-fr.pdf"
    reader = PdfReader(pdf.path())
    assert reader.metadata.title.startswith("Citoyens, police et villes")
    assert [item.title for item in reader.outline if not isinstance(item, list)][:3] == [
        "Avant-propos",
        "Sommaire",
        "Introduction",
    ]


@pytest.mark.parametrize("path", ["guides/", "guides/citizens-police-and-cities/"])
def test_guide_pages_have_no_serious_accessibility_violation(page, demo_data, path):
    page.goto(f"/fr/{path}")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)


@pytest.fixture
def editor_context(browser, live_url, django_user_model):
    """Browser contexts logged in as staff with the guide permissions."""
    editor = django_user_model.objects.create_user("editor", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="guides"))
    client = Client()
    client.force_login(editor)
    session = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_url}
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_url, **options)
        context.add_cookies([session])
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_an_editor_composes_and_publishes_a_guide_without_javascript(editor_context, demo_data):
    page = editor_context(java_script_enabled=False)
    page.goto("/en/manage/guides/new/")
    page.get_by_label("Title [en]:", exact=True).fill("Night-time safety")
    page.get_by_role("button", name="Create the guide").click()

    page.locator("#new-chapter").get_by_label("Title [en]:", exact=True).fill("Out at night")
    page.get_by_role("button", name="Add the chapter").click()
    adding = page.get_by_role("region", name="Add practices")
    search = adding.get_by_label("Find published practices by title, city or slug")
    search.fill("london")
    adding.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add “Street Pastors in London” to the guide").click()
    search.fill("bologna")
    adding.get_by_role("button", name="Search").click()
    page.get_by_role("button", name="Add “Angels of bus stops in Bologna” to the guide").click()
    page.get_by_role("button", name="Move “Angels of bus stops in Bologna” up").click()

    entries = page.locator(".builder-entries li")
    assert entries.nth(0).inner_text().startswith("Angels of bus stops in Bologna")
    assert entries.nth(1).inner_text().startswith("Street Pastors in London")

    page.get_by_role("button", name="Publish the guide").click()
    assert page.get_by_text("The guide is published.").is_visible()
    page.goto("/en/guides/night-time-safety/")
    assert page.get_by_role("heading", name="Out at night").is_visible()


def test_the_guide_builder_has_no_serious_accessibility_violation(editor_context, demo_data):
    # axe runs as a script, so this page keeps JavaScript on.
    page = editor_context()
    page.goto("/fr/manage/guides/citizens-police-and-cities/?q=london")

    violations = serious_axe_violations(page)

    assert not violations, format_axe_violations(violations)


def test_the_build_page_follows_progress_with_javascript(page, demo_data):
    build = GuideBuild.objects.create(
        guide=Guide.objects.get(), language="en", fingerprint="x", practices_total=6
    )
    page.goto(build.get_absolute_url())
    assert page.get_by_text("Waiting for a worker").is_visible()

    GuideBuild.objects.filter(pk=build.pk).update(status="running", pages_done=12)
    page.get_by_text("12 pages of about 24 laid out so far.").wait_for(timeout=10_000)
    GuideBuild.objects.filter(pk=build.pk).update(status="queued")
    guide_build_run(build_id=build.pk)

    # The script reloads the page once the build is over: the download link appears.
    link = page.get_by_role("link", name="Download the PDF")
    link.wait_for(timeout=10_000)
    pdf = download(page, link)
    assert PdfReader(pdf.path()).metadata.title.startswith("Citizens, police and cities")
