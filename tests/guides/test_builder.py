"""The guide builder: permissions, composing chapters and practices, publishing."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse

from guides.choices import GuideStatus
from guides.models import Chapter, ChapterPractice, Guide
from tests.factories import PracticeFactory

from .factories import ChapterFactory, ChapterPracticeFactory, GuideFactory

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"guides:{name}", kwargs=kwargs)


def titles(chapter):
    return [entry.practice.title_en for entry in chapter.entries.select_related("practice")]


@pytest.fixture
def guide():
    return GuideFactory(slug="my-guide", title_en="My guide", draft=True)


# --- Permissions --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "method"),
    [
        ("guide_manage_list", {}, "get"),
        ("guide_create", {}, "get"),
        ("guide_builder", {"slug": "my-guide"}, "get"),
        ("chapter_add", {"slug": "my-guide"}, "post"),
        ("practice_add", {"slug": "my-guide"}, "post"),
        ("build_request", {"slug": "my-guide"}, "post"),
        ("guide_publish", {"slug": "my-guide"}, "post"),
    ],
)
def test_the_builder_is_for_staff_with_guide_permissions(
    client, django_user_model, guide, name, kwargs, method
):
    target = url(name, **kwargs)

    anonymous = getattr(client, method)(target)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/en/admin/login/")

    # Staff without the guide permissions, and a non-staff user with them, are refused.
    client.force_login(django_user_model.objects.create_user("staff", is_staff=True))
    assert getattr(client, method)(target).status_code == 403
    outsider = django_user_model.objects.create_user("outsider")
    outsider.user_permissions.set(Permission.objects.filter(content_type__app_label="guides"))
    client.force_login(outsider)
    assert getattr(client, method)(target).status_code == 403


def test_editors_cannot_publish_without_the_publish_permission(client, editor, guide):
    client.force_login(editor)

    assert client.post(url("guide_publish", slug="my-guide")).status_code == 403
    assert Guide.objects.get().status == GuideStatus.DRAFT
    page = client.get(url("guide_builder", slug="my-guide")).content.decode()
    assert "Publish the guide" not in page


def test_draft_guides_are_hidden_from_the_public_and_previewed_by_editors(client, editor, guide):
    assert client.get(guide.get_absolute_url()).status_code == 404

    client.force_login(editor)
    response = client.get(guide.get_absolute_url())

    assert response.status_code == 200
    assert "Preview: this guide is a draft" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


# --- Creating and editing a guide -----------------------------------------------------


def test_create_a_guide_with_a_slug_made_from_its_title(client, editor):
    client.force_login(editor)

    response = client.post(
        url("guide_create"),
        {"title_en": "Night-time economy", "title_fr": "Économie de la nuit", "slug": ""},
    )

    guide = Guide.objects.get()
    assert response["Location"] == url("guide_builder", slug="night-time-economy")
    assert guide.slug == "night-time-economy"
    assert guide.status == GuideStatus.DRAFT
    assert LogEntry.objects.get().change_message == "Created the guide."


def test_bad_guide_form_says_what_is_wrong_and_keeps_what_was_typed(client, editor, guide):
    client.force_login(editor)

    response = client.post(
        url("guide_create"),
        {"title_en": " ", "subtitle_en": "A subtitle I typed", "foreword_fr": "Mon avant-propos"},
    )
    taken = client.post(url("guide_create"), {"title_en": "Again", "slug": "my-guide"})
    reserved = client.post("/fr/manage/guides/new/", {"title_en": "New", "slug": "new"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Give the guide a title in English or in French." in page
    assert "A subtitle I typed" in page and "Mon avant-propos" in page
    assert "Guide with this Slug already exists." in taken.content.decode()
    assert "«\u00a0new\u00a0» est réservé" in reserved.content.decode()
    assert Guide.objects.count() == 1


def test_edit_the_guide_details(client, editor, guide):
    client.force_login(editor)

    response = client.post(
        url("guide_builder", slug="my-guide"),
        {
            "guide-title_en": "My renamed guide",
            "guide-slug": "my-guide",
            "guide-foreword_fr": "Un avant-propos.",
        },
    )
    bad = client.post(
        url("guide_builder", slug="my-guide"), {"guide-title_en": "", "guide-slug": "my-guide"}
    )

    assert response.status_code == 302
    guide.refresh_from_db()
    assert guide.title_en == "My renamed guide"
    assert guide.foreword_fr == "Un avant-propos."
    assert "Give the guide a title in English or in French." in bad.content.decode()
    # The page's heading keeps the saved title while the form shows the error.
    assert '<h1><span lang="en">My renamed guide</span>' in bad.content.decode()


# --- Chapters -------------------------------------------------------------------------


def test_add_edit_move_and_remove_chapters(client, editor, guide):
    client.force_login(editor)

    for title in ("First", "Second", "Third"):
        client.post(url("chapter_add", slug="my-guide"), {"chapter-title_en": title})
    first, second, third = Chapter.objects.all()
    assert [c.title_en for c in Chapter.objects.all()] == ["First", "Second", "Third"]

    client.post(url("chapter_move", slug="my-guide", pk=third.pk), {"direction": "up"})
    assert [c.title_en for c in Chapter.objects.all()] == ["First", "Third", "Second"]
    client.post(url("chapter_move", slug="my-guide", pk=first.pk), {"direction": "up"})
    assert [c.title_en for c in Chapter.objects.all()] == ["First", "Third", "Second"]

    client.post(
        url("chapter_edit", slug="my-guide", pk=second.pk),
        {"chapter-title_en": "Second", "chapter-title_fr": "Deuxième"},
    )
    assert Chapter.objects.get(pk=second.pk).title_fr == "Deuxième"

    confirm = client.get(url("chapter_remove", slug="my-guide", pk=first.pk))
    assert "Remove the chapter “First”" in confirm.content.decode()
    assert Chapter.objects.count() == 3
    client.post(url("chapter_remove", slug="my-guide", pk=first.pk))
    assert [c.title_en for c in Chapter.objects.all()] == ["Third", "Second"]
    # Three additions, one move (the move that changed nothing is not), an edit, a removal.
    assert LogEntry.objects.filter(object_id=str(guide.pk)).count() == 6


def test_a_chapter_needs_a_title(client, editor, guide):
    client.force_login(editor)

    response = client.post(
        url("chapter_add", slug="my-guide"), {"chapter-introduction_en": "My introduction"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Give the chapter a title in English or in French." in page
    assert "My introduction" in page
    assert not Chapter.objects.exists()


# --- Practices ------------------------------------------------------------------------


@pytest.fixture
def chapters(guide):
    return [
        ChapterFactory(guide=guide, title_en="One", position=0),
        ChapterFactory(guide=guide, title_en="Two", position=1),
    ]


def test_find_and_add_published_practices(client, editor, guide, chapters):
    street = PracticeFactory(title_en="Street Pastors", title_fr="Pasteurs de rue")
    PracticeFactory(title_en="Street draft", draft=True)
    client.force_login(editor)

    found = client.get(url("guide_builder", slug="my-guide"), {"q": "pasteurs"})
    assert "Street Pastors" in found.content.decode()
    assert (
        "Street draft"
        not in client.get(url("guide_builder", slug="my-guide"), {"q": "street"}).content.decode()
    )

    response = client.post(
        url("practice_add", slug="my-guide"),
        {"chapter": chapters[1].pk, "practice": street.pk, "q": "pasteurs"},
    )

    assert (
        response["Location"] == url("guide_builder", slug="my-guide") + "?q=pasteurs#add-practices"
    )
    assert titles(chapters[1]) == ["Street Pastors"]
    # Once in the guide, it is no longer offered.
    again = client.get(url("guide_builder", slug="my-guide"), {"q": "pasteurs"}).content.decode()
    assert "No published practice outside this guide matches this search." in again


@pytest.mark.parametrize("query", ["street\x00pastors", "x" * 201])
def test_a_search_no_database_can_run_is_refused_with_a_message(
    client, editor, guide, chapters, query
):
    PracticeFactory(title_en="Street Pastors")
    client.force_login(editor)

    response = client.get(url("guide_builder", slug="my-guide"), {"q": query})

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_q_error" role="alert"' in page
    assert "Street Pastors" not in page


def test_unpublished_and_duplicate_practices_are_refused(client, editor, guide, chapters):
    draft = PracticeFactory(draft=True)
    practice = PracticeFactory()
    ChapterPracticeFactory(chapter=chapters[0], practice=practice)
    client.force_login(editor)

    client.post(
        url("practice_add", slug="my-guide"), {"chapter": chapters[0].pk, "practice": draft.pk}
    )
    response = client.post(
        url("practice_add", slug="my-guide"),
        {"chapter": chapters[1].pk, "practice": practice.pk},
        follow=True,
    )

    assert ChapterPractice.objects.count() == 1
    page = response.content.decode()
    assert f"“{practice.title_en}” is already in this guide." in page
    messages = [str(m) for m in response.context["messages"]]
    assert "This practice is not published, so it cannot be added." in messages


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"chapter": "abc", "practice": "xyz"},
        {"chapter": "999999", "practice": "999999"},
        {"chapter": "1" * 30, "practice": "-1"},
    ],
)
def test_odd_add_requests_get_a_message_not_an_error(client, editor, guide, chapters, data):
    client.force_login(editor)

    response = client.post(url("practice_add", slug="my-guide"), data, follow=True)

    assert response.status_code == 200
    assert list(response.context["messages"])
    assert not ChapterPractice.objects.exists()


def test_a_chapter_of_another_guide_cannot_be_used(client, editor, guide, chapters):
    other = ChapterFactory()
    practice = PracticeFactory()
    client.force_login(editor)

    client.post(
        url("practice_add", slug="my-guide"), {"chapter": other.pk, "practice": practice.pk}
    )

    assert not ChapterPractice.objects.exists()
    assert (
        client.post(
            url("chapter_move", slug="my-guide", pk=other.pk), {"direction": "up"}
        ).status_code
        == 404
    )


def test_move_practices_within_and_across_chapters(client, editor, guide, chapters):
    a, b, c = (PracticeFactory(title_en=t) for t in ("A", "B", "C"))
    entry_a = ChapterPracticeFactory(chapter=chapters[0], practice=a, position=0)
    entry_b = ChapterPracticeFactory(chapter=chapters[0], practice=b, position=1)
    entry_c = ChapterPracticeFactory(chapter=chapters[1], practice=c, position=0)
    client.force_login(editor)

    def move(entry, direction):
        return client.post(
            url("practice_move", slug="my-guide", pk=entry.pk), {"direction": direction}
        )

    move(entry_b, "up")
    assert titles(chapters[0]) == ["B", "A"]
    # Down from the bottom of a chapter: to the top of the next one.
    move(entry_a, "down")
    assert (titles(chapters[0]), titles(chapters[1])) == (["B"], ["A", "C"])
    # Up from the top of a chapter: to the bottom of the previous one.
    move(entry_c, "up")
    move(entry_c, "up")
    assert (titles(chapters[0]), titles(chapters[1])) == (["B", "C"], ["A"])
    # Nowhere to go: nothing changes.
    move(entry_a, "down")
    assert titles(chapters[1]) == ["A"]
    response = move(entry_a, "sideways")
    assert response.status_code == 302
    assert titles(chapters[1]) == ["A"]


def test_remove_a_practice_from_the_guide(client, editor, guide, chapters):
    entry = ChapterPracticeFactory(chapter=chapters[0])
    client.force_login(editor)

    client.post(url("practice_remove", slug="my-guide", pk=entry.pk))

    assert not ChapterPractice.objects.exists()
    assert entry.practice.__class__.objects.filter(pk=entry.practice_id).exists()


def test_unpublished_practices_are_flagged_in_the_builder_and_hidden_in_public(
    client, editor, guide, chapters
):
    shown = PracticeFactory(title_en="Still published")
    hidden = PracticeFactory(title_en="Since archived", status="archived")
    ChapterPracticeFactory(chapter=chapters[0], practice=shown)
    ChapterPracticeFactory(chapter=chapters[0], practice=hidden)
    guide.status = GuideStatus.PUBLISHED
    guide.save()

    public = client.get(guide.get_absolute_url()).content.decode()
    client.force_login(editor)
    builder = client.get(url("guide_builder", slug="my-guide")).content.decode()

    assert "Still published" in public and "Since archived" not in public
    assert "Since archived" in builder
    assert "Not published (Archived): left out of the guide" in builder
    assert "1 practice of this guide is no longer published" in builder


# --- Publishing -----------------------------------------------------------------------


def test_publish_needs_a_published_practice_then_publishes(client, publisher, guide, chapters):
    client.force_login(publisher)

    refused = client.post(url("guide_publish", slug="my-guide"), follow=True)
    assert "Add at least one published practice" in refused.content.decode()
    assert Guide.objects.get().status == GuideStatus.DRAFT

    ChapterPracticeFactory(chapter=chapters[0])
    client.post(url("guide_publish", slug="my-guide"))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.PUBLISHED
    assert guide.published_at is not None
    assert client.get(guide.get_absolute_url()).status_code == 200

    client.post(url("guide_unpublish", slug="my-guide"))
    guide.refresh_from_db()
    assert guide.status == GuideStatus.DRAFT
    assert [entry.change_message for entry in LogEntry.objects.order_by("pk")][-1] == (
        "Withdrew the guide from publication."
    )


def test_builder_in_french(client, editor, guide, chapters):
    client.force_login(editor)

    page = client.get(f"/fr/manage/guides/{guide.slug}/").content.decode()

    assert "Chapitres et pratiques" in page
    assert "Ajouter un chapitre" in page
    assert "Éditions PDF" in page
    # French typography: a non-breaking space before the colon.
    assert "<strong>Anglais\u00a0:</strong>" in page
    assert "<strong>Français\u00a0:</strong>" in page


# --- Query counts ---------------------------------------------------------------------


def test_builder_query_count_does_not_grow_with_the_guide(
    client, editor, guide, chapters, django_assert_num_queries
):
    for chapter in chapters:
        ChapterPracticeFactory(chapter=chapter)
    client.force_login(editor)
    builder = url("guide_builder", slug="my-guide")
    client.get(builder, {"q": "scheme"})

    with django_assert_num_queries(9):
        client.get(builder, {"q": "scheme"})
    for chapter in [*chapters, ChapterFactory(guide=guide)]:
        for _ in range(3):
            ChapterPracticeFactory(chapter=chapter)
    PracticeFactory.create_batch(3)
    with django_assert_num_queries(9):
        client.get(builder, {"q": "scheme"})
