"""Background builds of guide PDFs: the cache, its invalidation, failures, progress."""

import contextlib
import os
import re
import subprocess
import sys
import threading
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus, task_backends

from guides import services
from guides.choices import BuildStatus
from guides.models import Guide, GuideBuild
from guides.pdf import render_guide_pdf
from guides.selectors import RETRY_AFTER, cached_build, guide_document
from guides.tasks import build_guide_pdf
from practices.choices import PracticeStatus
from tests.factories import (
    AssessmentFactory,
    DomainFactory,
    OrganisationFactory,
    PracticeFactory,
    RecommendationFactory,
)

from .conftest import assessed_practice
from .factories import ChapterFactory, ChapterPracticeFactory, GuideFactory
from .pdf import pdf_text, reader

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders():
    """Count the real renderings of guide PDFs."""
    with mock.patch("guides.services.render_guide_pdf", wraps=render_guide_pdf) as spy:
        yield spy


def get_pdf(client, guide, language="en"):
    return client.get(f"/{language}/guides/{guide.slug}.pdf")


def test_second_request_reuses_the_built_pdf(client, guide_with_practices, renders):
    first = get_pdf(client, guide_with_practices)
    second = get_pdf(client, guide_with_practices)

    assert first.status_code == second.status_code == 200
    assert b"".join(first.streaming_content) == b"".join(second.streaming_content)
    assert renders.call_count == 1
    assert GuideBuild.objects.count() == 1


def test_each_language_is_built_and_cached_on_its_own(client, guide_with_practices, renders):
    get_pdf(client, guide_with_practices, "en")
    get_pdf(client, guide_with_practices, "fr")
    get_pdf(client, guide_with_practices, "fr")

    assert renders.call_count == 2
    assert sorted(GuideBuild.objects.values_list("language", flat=True)) == ["en", "fr"]


def test_a_practice_change_rebuilds_the_pdf(client, guide_with_practices, renders):
    get_pdf(client, guide_with_practices)
    practice = guide_with_practices.practices[1]
    practice.title_en = "Night mediators, renamed"
    practice.save()

    content = b"".join(get_pdf(client, guide_with_practices).streaming_content)

    assert renders.call_count == 2
    assert "Night mediators, renamed" in "".join(
        page.extract_text() for page in reader(content).pages
    )
    # The superseded PDF and its record are gone.
    assert GuideBuild.objects.count() == 1


def test_an_old_edition_is_never_served_once_a_practice_leaves_publication(
    client, guide_with_practices, editor, django_capture_on_commit_callbacks
):
    get_pdf(client, guide_with_practices, "en")
    get_pdf(client, guide_with_practices, "fr")
    old_en = GuideBuild.objects.get(language="en")
    old_fr = GuideBuild.objects.get(language="fr")
    archived = guide_with_practices.practices[0]
    archived.status = PracticeStatus.ARCHIVED
    archived.save()

    # Whoever holds a link to an old edition is sent on to the current PDF.
    download = client.get(reverse("guides:build_download", kwargs={"pk": old_fr.pk}))
    page = client.get(old_en.get_absolute_url())
    status = client.get(reverse("guides:build_status", kwargs={"pk": old_en.pk})).json()
    assert download.status_code == page.status_code == 302
    assert download["Location"] == "/fr/guides/citizens.pdf"
    assert page["Location"] == "/en/guides/citizens.pdf"
    assert status["download_url"] is None
    # Editors may still open it, e.g. to compare editions.
    editors = Client()
    editors.force_login(editor)
    old_pdf = editors.get(reverse("guides:build_download", kwargs={"pk": old_fr.pk}))
    assert old_pdf.status_code == 200
    assert "Pasteurs de rue" in pdf_text(b"".join(old_pdf.streaming_content))

    # The next request for the guide's PDF, in either language, discards both old
    # editions and their files.
    with django_capture_on_commit_callbacks(execute=True):
        current = get_pdf(client, guide_with_practices, "en")
    assert "Street Pastors" not in pdf_text(b"".join(current.streaming_content))
    assert not GuideBuild.objects.filter(pk__in=[old_en.pk, old_fr.pk]).exists()
    assert not old_fr.file.storage.exists(old_fr.file.name)
    assert not old_en.file.storage.exists(old_en.file.name)


def test_a_new_assessment_rebuilds_the_pdf(client, guide_with_practices, criteria, renders):
    get_pdf(client, guide_with_practices)
    AssessmentFactory(practice=guide_with_practices.practices[0], criterion=criteria[1])

    get_pdf(client, guide_with_practices)

    assert renders.call_count == 2


def _rename_domain(practice, criteria):
    domain = practice.domains.get()
    domain.name_en = "Violent extremism, renamed"
    domain.save()


def _rename_level(practice, criteria):
    level = practice.assessments.get().level
    level.label_en = "Fully met"
    level.save()


def _rename_criterion(practice, criteria):
    criteria[1].name_fr = "Effets"
    criteria[1].save()


def _rename_recommendation(practice, criteria):
    recommendation = practice.recommendations.get()
    recommendation.framework.title_en = "Manifesto of Aubervilliers"
    recommendation.framework.save()


def _rename_partner(practice, criteria):
    organisation = practice.partnerships.get().organisation
    organisation.website = "https://renamed.example.org/"
    organisation.save()


@pytest.mark.parametrize(
    "change",
    [_rename_domain, _rename_level, _rename_criterion, _rename_recommendation, _rename_partner],
)
def test_a_printed_label_changed_elsewhere_rebuilds_the_pdf(
    client, guide_with_practices, criteria, renders, change
):
    practice = guide_with_practices.practices[0]
    practice.domains.set([DomainFactory(name_en="Violent extremism")])
    practice.recommendations.set([RecommendationFactory()])
    get_pdf(client, guide_with_practices)
    DomainFactory(name_en="A term no practice of the guide has")

    change(practice, criteria)
    get_pdf(client, guide_with_practices)

    assert renders.call_count == 2


def test_a_label_the_guide_does_not_print_does_not_rebuild(client, guide_with_practices, renders):
    get_pdf(client, guide_with_practices)
    unused = DomainFactory(name_en="Unused term")
    unused.name_en = "Unused term, renamed"
    unused.save()
    OrganisationFactory(name_en="A partner of another practice")

    get_pdf(client, guide_with_practices)

    assert renders.call_count == 1


def test_a_change_in_the_builder_rebuilds_the_pdf(client, guide_with_practices, editor, renders):
    get_pdf(client, guide_with_practices)
    services.chapter_add(
        guide=guide_with_practices, by=editor, data={"title_en": "A third chapter"}
    )

    get_pdf(client, guide_with_practices)

    assert renders.call_count == 2


def test_an_edit_made_while_a_build_reads_the_guide_is_never_lost(client, guide_with_practices):
    practice = guide_with_practices.practices[1]
    edits = []

    def read_then_edit(*, guide):
        document = guide_document(guide=guide)
        if not edits:  # Someone saves the practice just after the build read it.
            practice.title_en = "Night mediators, edited meanwhile"
            practice.save()
            edits.append(practice)
        return document

    with mock.patch("guides.services.guide_document", side_effect=read_then_edit):
        get_pdf(client, guide_with_practices)
        content = b"".join(get_pdf(client, guide_with_practices).streaming_content)

    assert "Night mediators, edited meanwhile" in pdf_text(content)


def test_a_change_to_an_unpublished_practice_of_the_guide_does_not_rebuild(
    client, guide_with_practices, renders
):
    get_pdf(client, guide_with_practices)
    draft = guide_with_practices.draft_practice
    draft.title_en = "Secret draft scheme, edited"
    draft.save()
    ChapterPracticeFactory(
        chapter=guide_with_practices.chapters.last(), practice=PracticeFactory(draft=True)
    )

    response = get_pdf(client, guide_with_practices)

    assert response.status_code == 200
    assert renders.call_count == 1


def test_a_change_elsewhere_does_not_rebuild(client, guide_with_practices, renders):
    get_pdf(client, guide_with_practices)
    other = GuideFactory()
    ChapterFactory(guide=other)

    get_pdf(client, guide_with_practices)

    assert renders.call_count == 1


def test_a_failed_build_is_reported_and_never_served(client, guide_with_practices, editor):
    with mock.patch("guides.services.render_guide_pdf", side_effect=RuntimeError("no fonts")):
        response = get_pdf(client, guide_with_practices)

    build = GuideBuild.objects.get()
    assert build.status == BuildStatus.FAILED
    assert build.error == "RuntimeError: no fonts"
    assert not build.file
    assert build.finished_at is not None
    # The reader is sent to the build's page, which says it failed, without the details.
    assert response.status_code == 302
    assert response["Location"] == build.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "The PDF could not be built." in page
    assert "no fonts" not in page
    # It says what is true: nobody is told, the error waits for staff in the builder.
    assert "The error is recorded for Efus staff" in page
    assert "have been told" not in page
    assert client.get(reverse("guides:build_download", kwargs={"pk": build.pk})).status_code == 404
    # Editors see the error and can try again, on the build page and in the builder.
    client.force_login(editor)
    assert "RuntimeError: no fonts" in client.get(build.get_absolute_url()).content.decode()
    builder = client.get(reverse("guides:guide_builder", kwargs={"slug": "citizens"}))
    assert "the last build failed" in builder.content.decode()


def test_a_failure_answers_for_a_while_then_a_reader_may_try_again(
    client, guide_with_practices, renders
):
    renders.side_effect = RuntimeError("boom")
    first = get_pdf(client, guide_with_practices)
    failed = GuideBuild.objects.get()

    # Readers (and crawlers) asking again meanwhile get the same failure page: the
    # worker does not lay the guide out again for each of them.
    again = get_pdf(client, guide_with_practices)
    assert first["Location"] == again["Location"] == failed.get_absolute_url()
    assert renders.call_count == 1

    # After a while, the next request tries again.
    GuideBuild.objects.filter(pk=failed.pk).update(
        finished_at=timezone.now() - RETRY_AFTER - timedelta(seconds=1)
    )
    renders.side_effect = None
    response = get_pdf(client, guide_with_practices)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert list(GuideBuild.objects.values_list("status", flat=True)) == [BuildStatus.DONE]


def test_editors_may_try_again_at_once_and_only_the_last_failure_is_kept(
    client, guide_with_practices, editor, renders
):
    renders.side_effect = RuntimeError("boom")
    get_pdf(client, guide_with_practices)
    client.force_login(editor)

    retry = client.post(
        reverse("guides:build_request", kwargs={"slug": "citizens"}), {"language": "en"}
    )

    assert renders.call_count == 2
    last = GuideBuild.objects.get()
    assert last.status == BuildStatus.FAILED
    assert retry["Location"] == last.get_absolute_url()


def test_the_worker_sees_a_failed_build_as_a_failed_job(guide_with_practices, renders):
    renders.side_effect = RuntimeError("no fonts")
    build = GuideBuild.objects.create(guide=guide_with_practices, language="en", fingerprint="x")

    job = build_guide_pdf.enqueue(str(build.pk))

    assert job.status == TaskResultStatus.FAILED
    assert job.errors[0].exception_class_path == "guides.tasks.GuideBuildFailed"
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED
    assert build.error == "RuntimeError: no fonts"


@pytest.fixture
def queued(guide_with_practices):
    """A build waiting for the worker (the test settings run jobs at once, so make one)."""
    return GuideBuild.objects.create(
        guide=guide_with_practices, language="en", fingerprint="x", practices_total=3
    )


def test_queued_build_page_refreshes_itself_and_reports_progress(client, queued):
    response = client.get(queued.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "build-progress.js" in page
    assert "Waiting for a worker" in page
    assert "The guide holds 3 practices." in page
    assert "no-cache" in response["Cache-Control"]

    GuideBuild.objects.filter(pk=queued.pk).update(status=BuildStatus.RUNNING, pages_done=1)
    status = client.get(reverse("guides:build_status", kwargs={"pk": queued.pk})).json()
    assert status["status"] == "running"
    assert status["finished"] is False
    assert status["pages_done"] == 1
    assert status["download_url"] is None
    # Three practices make about 15 pages; the page says so as the script does.
    assert status["progress_text"] == "1 page of about 15 laid out so far."
    page = client.get(queued.get_absolute_url()).content.decode()
    assert "1 page of about 15 laid out so far." in page
    # A guide longer than expected is not said to be "of about" fewer pages.
    GuideBuild.objects.filter(pk=queued.pk).update(pages_done=57)
    status = client.get(reverse("guides:build_status", kwargs={"pk": queued.pk})).json()
    assert status["progress_text"] == "57 pages laid out so far."
    GuideBuild.objects.filter(pk=queued.pk).update(pages_done=1)
    french = client.get(f"/fr/guides/builds/{queued.pk}/status.json").json()
    assert french["progress_text"] == "1 page sur environ 15 mise en page jusqu’ici."


@pytest.fixture
def worker_queue(settings):
    """Jobs are stored for a worker instead of run at once; yields the stored jobs."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    return task_backends["default"].results


def test_the_reader_waits_on_a_progress_page_not_on_the_build(
    client, guide_with_practices, worker_queue
):
    first = get_pdf(client, guide_with_practices)
    second = get_pdf(client, guide_with_practices)

    build = GuideBuild.objects.get()
    assert build.status == BuildStatus.QUEUED
    assert first["Location"] == second["Location"] == build.get_absolute_url()
    # One job for the worker, however many readers ask.
    assert [job.args for job in worker_queue] == [[str(build.pk)]]

    services.guide_build_run(build_id=worker_queue[0].args[0])

    assert get_pdf(client, guide_with_practices)["Content-Type"] == "application/pdf"


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("worker_queue")
def test_simultaneous_first_requests_queue_one_build(guide_with_practices):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time anyway")
    # Each request pauses after looking for a build, until the other has looked too
    # (or for a second, if the other is made to wait its turn).
    both_looked = threading.Barrier(2, timeout=1)

    def look_then_pause(**key):
        found = cached_build(**key)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_looked.wait()
        return found

    def request():
        try:
            guide = Guide.objects.get(pk=guide_with_practices.pk)
            services.guide_build_request(guide=guide, language="en")
        finally:
            connection.close()

    with mock.patch("guides.services.cached_build", side_effect=look_then_pause):
        threads = [threading.Thread(target=request) for _n in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert GuideBuild.objects.count() == 1


def test_a_lost_build_is_replaced(client, guide_with_practices, worker_queue):
    get_pdf(client, guide_with_practices)
    lost = GuideBuild.objects.get()
    GuideBuild.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))

    page = client.get(lost.get_absolute_url()).content.decode()
    response = get_pdf(client, guide_with_practices)

    assert "stopped before it finished" in page
    assert response.status_code == 302
    assert response["Location"] != lost.get_absolute_url()
    assert len(worker_queue) == 2


def test_deleting_a_guide_or_a_build_deletes_its_pdf_files(
    client, guide_with_practices, django_capture_on_commit_callbacks
):
    get_pdf(client, guide_with_practices, "en")
    get_pdf(client, guide_with_practices, "fr")
    english, french = GuideBuild.objects.order_by("language")
    storage = english.file.storage
    assert storage.exists(english.file.name) and storage.exists(french.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        french.delete()  # e.g. in the admin
    assert not storage.exists(french.file.name)
    assert storage.exists(english.file.name)

    with django_capture_on_commit_callbacks(execute=True):
        guide_with_practices.delete()  # the database deletes its builds along with it
    assert not storage.exists(english.file.name)


def test_progress_is_saved_while_pages_are_laid_out(guide_with_practices):
    seen = []
    render_guide_pdf(
        guide=guide_with_practices,
        chapters=guide_document(guide=guide_with_practices),
        language="en",
        progress=seen.append,
    )

    assert seen == sorted(seen)
    assert seen[0] == 1 and seen[-1] >= 8


@pytest.mark.parametrize("chapter_count", [1, 4])
def test_laying_out_a_guide_reads_the_criteria_once_whatever_its_chapters(
    criteria, chapter_count, django_assert_num_queries
):
    guide = GuideFactory()
    for _n in range(chapter_count):
        ChapterPracticeFactory(
            chapter=ChapterFactory(guide=guide), practice=assessed_practice(criteria)
        )
    chapters = guide_document(guide=guide)

    # The criteria and their rating levels; the practices were read with the chapters.
    with django_assert_num_queries(2):
        render_guide_pdf(guide=guide, chapters=chapters, language="en")


def test_publishing_builds_every_language(guide_with_practices, publisher):
    guide_with_practices.status = "draft"
    guide_with_practices.save()

    services.guide_publish(guide=guide_with_practices, by=publisher)

    builds = GuideBuild.objects.order_by("language")
    assert [(b.language, b.status) for b in builds] == [("en", "done"), ("fr", "done")]


def test_a_draft_guide_pdf_is_for_editors_only(client, guide_with_practices, editor):
    guide_with_practices.status = "draft"
    guide_with_practices.save()

    assert get_pdf(client, guide_with_practices).status_code == 404
    client.force_login(editor)
    response = get_pdf(client, guide_with_practices)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    build = GuideBuild.objects.get()
    client.logout()
    assert client.get(build.get_absolute_url()).status_code == 404
    assert client.get(reverse("guides:build_download", kwargs={"pk": build.pk})).status_code == 404
    assert client.get(reverse("guides:build_status", kwargs={"pk": build.pk})).status_code == 404


def test_editors_can_force_a_rebuild(client, guide_with_practices, editor, renders):
    get_pdf(client, guide_with_practices)
    client.force_login(editor)

    response = client.post(
        reverse("guides:build_request", kwargs={"slug": "citizens"}), {"language": "fr"}
    )
    again = client.post(
        reverse("guides:build_request", kwargs={"slug": "citizens"}), {"language": "fr"}
    )

    assert response.status_code == again.status_code == 302
    assert renders.call_count == 3
    assert "The PDF is ready" in client.get(again["Location"]).content.decode()
    bad = client.post(
        reverse("guides:build_request", kwargs={"slug": "citizens"}), {"language": "de"}
    )
    assert bad.status_code == 302
    assert renders.call_count == 3


def test_build_pages_of_unknown_builds_are_not_found(client):
    missing = "00000000-0000-0000-0000-000000000000"

    assert client.get(f"/en/guides/builds/{missing}/").status_code == 404
    assert client.get(f"/en/guides/builds/{missing}/download/").status_code == 404
    assert client.get("/en/guides/builds/not-a-uuid/").status_code == 404
    assert client.get("/en/guides/no-such-guide.pdf").status_code == 404


def test_cached_pdf_and_build_page_query_counts_do_not_grow(
    client, guide_with_practices, criteria, django_assert_num_queries
):
    get_pdf(client, guide_with_practices)
    build = GuideBuild.objects.get()
    with django_assert_num_queries(10):
        get_pdf(client, guide_with_practices)
    # The build, then whether it still shows the guide as it is (three queries).
    with django_assert_num_queries(4):
        client.get(build.get_absolute_url())

    chapter = guide_with_practices.chapters.first()
    for n in range(3):
        ChapterPracticeFactory(
            chapter=chapter, practice=assessed_practice(criteria), position=9 + n
        )
    get_pdf(client, guide_with_practices)
    build = GuideBuild.objects.get()

    with django_assert_num_queries(10):
        get_pdf(client, guide_with_practices)
    # The build, then whether it still shows the guide as it is (three queries).
    with django_assert_num_queries(4):
        client.get(build.get_absolute_url())


def test_templates_ask_the_build_its_state_rather_than_spell_a_status():
    """A status renamed in BuildStatus must not silently break a page's condition."""
    templates = Path(__file__).resolve().parents[2] / "templates"
    literal = re.compile(r"status\s*[!=]=\s*[\"']")

    offending = [
        f"{path.relative_to(templates)}:{number}"
        for folder in ("guides", "pdf")
        for path in sorted((templates / folder).rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line)
    ]

    assert offending == []


# What the worker and the web process compute of the labels a PDF prints, as SQL: it
# must not depend on the process (its hash seed), or they never agree on a PDF's key.
LABELS_SQL = """
import django
django.setup()
from guides.selectors import _printed_labels
from practices.models import Practice
print(_printed_labels(Practice.objects.filter(pk__in=[1, 2])).query)
"""


def test_the_key_of_a_pdf_is_the_same_in_the_worker_and_the_web_process():
    settings = os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test")
    queries = {
        subprocess.run(
            [sys.executable, "-c", LABELS_SQL],
            env={**os.environ, "PYTHONHASHSEED": seed, "DJANGO_SETTINGS_MODULE": settings},
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(queries) == 1
