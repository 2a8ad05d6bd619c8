"""Public guide pages, the navigation link and the demo guide."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from guides.choices import BuildStatus
from guides.models import Chapter, ChapterPractice, Guide
from tests.factories import PracticeFactory

from .factories import ChapterFactory, ChapterPracticeFactory, GuideFactory

pytestmark = pytest.mark.django_db


def test_guide_list_shows_published_guides_with_their_size(client, guide_with_practices):
    GuideFactory(title_en="Unfinished draft", draft=True)

    response = client.get(reverse("guides:guide_list"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Citizens and police" in page
    assert "Unfinished draft" not in page
    # The draft practice in chapter one is not counted.
    assert "2 chapters" in page and "3 practices" in page


def test_guide_list_query_count_is_constant(
    client, guide_with_practices, django_assert_num_queries
):
    url = reverse("guides:guide_list")
    client.get(url)

    with django_assert_num_queries(1):
        client.get(url)
    for _ in range(3):
        ChapterPracticeFactory(chapter=ChapterFactory(guide=GuideFactory()))
    with django_assert_num_queries(1):
        client.get(url)


def test_guide_page_shows_chapters_with_published_practices_and_pdf_links(
    client, guide_with_practices
):
    response = client.get("/en/guides/citizens/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "A foreword in English." in page and "An introduction in English." in page
    assert page.index("Partnerships") < page.index("Street Pastors") < page.index("Volunteers")
    assert page.index("Volunteers") < page.index("Bus stop angels")
    assert "Secret draft scheme" not in page
    assert "jane.officer@example.org" not in page
    assert 'href="/en/guides/citizens.pdf"' in page
    assert 'href="/fr/guides/citizens.pdf"' in page
    assert "Download the PDF (French)" in page


def test_guide_page_in_french(client, guide_with_practices):
    page = client.get("/fr/guides/citizens/").content.decode()

    assert "Citoyens et police" in page
    assert "Partenariats locaux" in page
    assert "Pasteurs de rue" in page
    assert "Télécharger le PDF (anglais)" in page
    assert "Avant-propos" in page


def test_guide_page_query_count_is_constant(
    client, guide_with_practices, django_assert_num_queries
):
    url = "/en/guides/citizens/"
    client.get(url)

    with django_assert_num_queries(5):
        client.get(url)
    chapter = ChapterFactory(guide=guide_with_practices)
    for _ in range(4):
        ChapterPracticeFactory(chapter=chapter)
    with django_assert_num_queries(5):
        client.get(url)


def test_unknown_guides_are_not_found(client):
    assert client.get("/en/guides/nothing-here/").status_code == 404


def test_navigation_links_to_the_guides(client):
    page = client.get("/fr/").content.decode()

    assert 'href="/fr/guides/"' in page
    assert ">Guides</a>" in page


def test_demo_data_has_a_published_guide_of_the_demo_practices(client):
    call_command("load_demo_data", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())

    guide = Guide.objects.get()
    assert guide.is_published
    assert Chapter.objects.count() == 3
    assert ChapterPractice.objects.count() == 6
    page = client.get(guide.get_absolute_url()).content.decode()
    assert "Community policing in the City of London" in page
    assert "A demonstration guide" in page
    french = client.get(f"/fr/guides/{guide.slug}/").content.decode()
    assert "Un guide de démonstration" in french
    assert "Des citoyens bénévoles dans les activités de police" in french


def test_demo_guide_reload_keeps_its_pdf(client):
    call_command("load_demo_data", "--force", stdout=StringIO())
    guide = Guide.objects.get()
    client.get(f"/en/guides/{guide.slug}.pdf")

    call_command("load_demo_data", "--force", stdout=StringIO())
    response = client.get(f"/en/guides/{guide.slug}.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert guide.builds.count() == 1


def test_the_run_command_has_the_demo_guide_pdfs_ready_before_anyone_asks(client):
    # scripts/run loads the demo data so; the tests' task backend builds at once,
    # where the site's worker would build in the background.
    out = StringIO()
    call_command("load_demo_data", "--force", "--queue-guide-pdfs", stdout=out)
    guide = Guide.objects.get()

    assert "Demo guide PDFs queued" in out.getvalue()
    built = guide.builds.filter(status=BuildStatus.DONE)
    assert sorted(build.language for build in built) == ["en", "fr"]
    for language in ("en", "fr"):
        response = client.get(f"/{language}/guides/{guide.slug}.pdf")
        assert response["Content-Type"] == "application/pdf"
    # Without the option, the PDFs are built when first asked for.
    Guide.objects.get().builds.all().delete()
    call_command("load_demo_data", "--force", stdout=StringIO())
    assert not guide.builds.exists()


def test_a_practice_removed_from_the_demo_file_leaves_the_chapter(client):
    call_command("load_demo_data", "--force", stdout=StringIO())
    extra = ChapterPracticeFactory(
        chapter=Chapter.objects.first(), practice=PracticeFactory(), position=9
    )

    call_command("load_demo_data", "--force", stdout=StringIO())

    assert not ChapterPractice.objects.filter(pk=extra.pk).exists()
