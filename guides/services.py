"""Writes for guides: composing, publishing and building their PDFs.

Every editorial change is recorded in the guide's history (Django's admin log, shown
on the guide's "History" page in the admin) in the same transaction, and touches the
guide's ``updated_at``, which is part of the key of its cached PDFs.
"""

import logging
import tempfile
import time

from django.conf import settings
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from practices.choices import Language
from practices.i18n import translated

from .choices import BuildStatus, GuideStatus, MoveDirection
from .models import RESERVED_SLUGS, Chapter, ChapterPractice, Guide, GuideBuild
from .pdf import render_guide_pdf
from .selectors import (
    build_in_flight,
    cached_build,
    guide_document,
    guide_fingerprint,
    guide_fingerprints,
    published_entries,
    recent_failure,
)

logger = logging.getLogger(__name__)

# At most one progress write per this many seconds while a build lays out pages.
PROGRESS_INTERVAL = 1.0


def _record(*, guide, by, flag, message):
    LogEntry.objects.log_actions(by.pk, [guide], flag, message, single_object=True)


def _touch(guide):
    """Mark the guide changed: its cached PDFs no longer match it."""
    guide.updated_at = timezone.now()
    Guide.objects.filter(pk=guide.pk).update(updated_at=guide.updated_at)


def _unique_slug(guide):
    base = slugify(guide.title_en or guide.title_fr or "")[:240] or "guide"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Guide.objects.filter(slug=slug).exclude(pk=guide.pk).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _assign(obj, data):
    for name, value in data.items():
        setattr(obj, name, value)


def _save_details(guide, data):
    """Set the guide's details from the builder's form data; a blank slug comes from the title."""
    _assign(guide, data)
    if not guide.slug:
        guide.slug = _unique_slug(guide)
    guide.full_clean()
    guide.save()
    return guide


@transaction.atomic
def guide_create(*, by, data):
    """A new draft guide from the builder's form data."""
    guide = _save_details(Guide(), data)
    _record(guide=guide, by=by, flag=ADDITION, message=_("Created the guide."))
    return guide


@transaction.atomic
def guide_update(*, guide, by, data):
    _save_details(guide, data)
    _record(guide=guide, by=by, flag=CHANGE, message=_("Changed the guide’s details."))
    return guide


@transaction.atomic
def guide_publish(*, guide, by):
    """Publish the guide and start building its PDF in every language.

    A guide needs at least one chapter holding a published practice.
    """
    if not published_entries().filter(chapter__guide=guide).exists():
        raise ValidationError(
            _("Add at least one published practice to a chapter before publishing the guide.")
        )
    guide.status = GuideStatus.PUBLISHED
    guide.published_at = guide.published_at or timezone.now()
    guide.save(update_fields=["status", "published_at", "updated_at"])
    _record(guide=guide, by=by, flag=CHANGE, message=_("Published the guide."))
    for language, _name in settings.LANGUAGES:
        guide_build_request(guide=guide, language=language, by=by)
    return guide


@transaction.atomic
def guide_unpublish(*, guide, by):
    guide.status = GuideStatus.DRAFT
    guide.save(update_fields=["status", "updated_at"])
    _record(guide=guide, by=by, flag=CHANGE, message=_("Withdrew the guide from publication."))
    return guide


@transaction.atomic
def chapter_add(*, guide, by, data):
    """Add a chapter at the end of the guide."""
    chapter = Chapter(guide=guide)
    _assign(chapter, data)
    last = guide.chapters.aggregate(last=Max("position"))["last"]
    chapter.position = 0 if last is None else last + 1
    chapter.full_clean()
    chapter.save()
    _touch(guide)
    _record(
        guide=guide,
        by=by,
        flag=CHANGE,
        message=_("Added the chapter “{chapter}”.").format(chapter=translated(chapter, "title")),
    )
    return chapter


@transaction.atomic
def chapter_update(*, chapter, by, data):
    _assign(chapter, data)
    chapter.full_clean()
    chapter.save()
    _touch(chapter.guide)
    _record(
        guide=chapter.guide,
        by=by,
        flag=CHANGE,
        message=_("Changed the chapter “{chapter}”.").format(chapter=translated(chapter, "title")),
    )
    return chapter


@transaction.atomic
def chapter_remove(*, chapter, by):
    """Delete a chapter and its list of practices (the practices themselves stay)."""
    guide = chapter.guide
    title = translated(chapter, "title")
    chapter.delete()
    _touch(guide)
    _record(
        guide=guide,
        by=by,
        flag=DELETION,
        message=_("Removed the chapter “{chapter}”.").format(chapter=title),
    )
    return guide


def _renumber(queryset):
    """Give the rows of ``queryset`` (in its order) positions 0, 1, 2…"""
    rows = list(queryset)
    for position, row in enumerate(rows):
        if row.position != position:
            row.position = position
            type(row).objects.filter(pk=row.pk).update(position=position)
    return rows


def _swap(rows, index, other):
    rows[index], rows[other] = rows[other], rows[index]
    for position, row in enumerate(rows):
        type(row).objects.filter(pk=row.pk).update(position=position)


@transaction.atomic
def chapter_move(*, chapter, direction, by):
    """Move a chapter one place up or down; at either end nothing changes."""
    guide = chapter.guide
    rows = _renumber(guide.chapters.select_for_update())
    index = next(i for i, row in enumerate(rows) if row.pk == chapter.pk)
    other = index - 1 if direction == MoveDirection.UP else index + 1
    if 0 <= other < len(rows):
        _swap(rows, index, other)
        _touch(guide)
        _record(
            guide=guide,
            by=by,
            flag=CHANGE,
            message=_("Moved the chapter “{chapter}”.").format(
                chapter=translated(chapter, "title")
            ),
        )
    return chapter


@transaction.atomic
def chapter_practice_add(*, chapter, practice, by):
    """Add a published practice at the end of a chapter; a practice appears once per guide."""
    guide = chapter.guide
    if not practice.is_published:
        raise ValidationError(_("Only published practices can be added to a guide."))
    if ChapterPractice.objects.filter(chapter__guide=guide, practice=practice).exists():
        raise ValidationError(
            _("“{practice}” is already in this guide.").format(
                practice=translated(practice, "title")
            )
        )
    last = chapter.entries.aggregate(last=Max("position"))["last"]
    entry = ChapterPractice.objects.create(
        chapter=chapter, practice=practice, position=0 if last is None else last + 1
    )
    _touch(guide)
    _record(
        guide=guide,
        by=by,
        flag=CHANGE,
        message=_("Added “{practice}” to the chapter “{chapter}”.").format(
            practice=translated(practice, "title"), chapter=translated(chapter, "title")
        ),
    )
    return entry


@transaction.atomic
def chapter_practice_remove(*, entry, by):
    guide = entry.chapter.guide
    entry.delete()
    _touch(guide)
    _record(
        guide=guide,
        by=by,
        flag=CHANGE,
        message=_("Removed “{practice}” from the chapter “{chapter}”.").format(
            practice=translated(entry.practice, "title"),
            chapter=translated(entry.chapter, "title"),
        ),
    )
    return guide


@transaction.atomic
def chapter_practice_move(*, entry, direction, by):
    """Move a practice one place up or down.

    From the top of a chapter "up" moves it to the end of the previous chapter, and
    from the bottom "down" to the start of the next one, so any order can be reached
    with the two buttons alone.
    """
    chapter = entry.chapter
    guide = chapter.guide
    rows = _renumber(chapter.entries.select_for_update())
    index = next(i for i, row in enumerate(rows) if row.pk == entry.pk)
    other = index - 1 if direction == MoveDirection.UP else index + 1
    if 0 <= other < len(rows):
        _swap(rows, index, other)
    else:
        chapters = list(guide.chapters.all())
        here = next(i for i, c in enumerate(chapters) if c.pk == chapter.pk)
        there = here - 1 if direction == MoveDirection.UP else here + 1
        if not 0 <= there < len(chapters):
            return entry
        target = chapters[there]
        if direction == MoveDirection.UP:
            last = target.entries.aggregate(last=Max("position"))["last"]
            entry.position = 0 if last is None else last + 1
        else:
            target.entries.update(position=F("position") + 1)
            entry.position = 0
        entry.chapter = target
        entry.save(update_fields=["chapter", "position"])
        _renumber(chapter.entries.all())
    _touch(guide)
    _record(
        guide=guide,
        by=by,
        flag=CHANGE,
        message=_("Moved “{practice}” in the guide.").format(
            practice=translated(entry.practice, "title")
        ),
    )
    return entry


@transaction.atomic
def guide_build_request(*, guide, language, by=None, force=False):
    """The build that gives the guide's PDF in ``language``, queued if need be.

    A finished build of the guide as it is now is reused (unless ``force``), as is
    one already under way, or one that failed a short while ago
    (``selectors.recent_failure``); otherwise a new build is queued for the worker.
    Finished builds, in any language, that no longer show the guide as it is now are
    discarded with their files: an old edition never outlives the next request.
    Requests for the same guide take turns (its row stays locked until the
    transaction ends), so simultaneous first requests queue one build, not several.
    """
    Guide.objects.select_for_update().only("pk").get(pk=guide.pk)
    fingerprints = guide_fingerprints(guide=guide)
    fingerprint = fingerprints[language]
    _discard_superseded_builds(guide, fingerprints)
    if not force:
        key = {"guide": guide, "language": language, "fingerprint": fingerprint}
        existing = cached_build(**key) or build_in_flight(**key) or recent_failure(**key)
        if existing:
            return existing
    build = GuideBuild.objects.create(
        guide=guide,
        language=language,
        fingerprint=fingerprint,
        requested_by=by if by and by.is_authenticated else None,
    )
    if by and by.is_authenticated:
        _record(
            guide=guide,
            by=by,
            flag=CHANGE,
            message=_("Asked for a new PDF in {language}.").format(
                language=Language(language).label
            ),
        )
    # Imported here: the task module imports this one for guide_build_run.
    from .tasks import build_guide_pdf

    # In the same transaction as the build: the worker sees both or neither. (With
    # the immediate backend of the tests, the build runs here and now.)
    build_guide_pdf.enqueue(str(build.pk))
    build.refresh_from_db()
    return build


def guide_build_run(*, build_id):
    """Build one queued guide PDF (the worker's job); return the build.

    Progress (pages laid out) is saved as the build runs, so its page can show it.
    On success the file is stored and older builds of the same guide and language
    are removed; on failure the error is kept for the editor, no file is stored and
    earlier failures of the same guide and language are removed.
    Not one transaction: each step is saved at once so that others see it.
    """
    build = GuideBuild.objects.select_related("guide").get(pk=build_id)
    claimed = GuideBuild.objects.filter(pk=build.pk, status=BuildStatus.QUEUED).update(
        status=BuildStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return build
    guide = build.guide
    try:
        # The key first, then the content: an edit in between leaves a key older than
        # the content, so the PDF is rebuilt, never an old PDF kept under a new key.
        fingerprint = guide_fingerprint(guide=guide, language=build.language)
        chapters = guide_document(guide=guide)
        practices_total = sum(len(practices) for _chapter, practices in chapters)
        GuideBuild.objects.filter(pk=build.pk).update(
            practices_total=practices_total, fingerprint=fingerprint
        )
        last_write = 0.0

        def progress(pages):
            nonlocal last_write
            if time.monotonic() - last_write >= PROGRESS_INTERVAL:
                last_write = time.monotonic()
                GuideBuild.objects.filter(pk=build.pk).update(pages_done=pages)

        with tempfile.TemporaryFile() as target:
            rendered = render_guide_pdf(
                guide=guide,
                chapters=chapters,
                language=build.language,
                target=target,
                progress=progress,
            )
            target.seek(0)
            build.refresh_from_db()
            build.file.save(
                f"{guide.slug}-{build.language}-{build.pk}.pdf", File(target), save=False
            )
    except Exception as error:
        logger.exception("Building the PDF of guide %s (%s) failed", guide.slug, build.language)
        GuideBuild.objects.filter(pk=build.pk).update(
            status=BuildStatus.FAILED,
            error=f"{type(error).__name__}: {error}",
            finished_at=timezone.now(),
        )
        GuideBuild.objects.filter(
            guide=guide,
            language=build.language,
            status=BuildStatus.FAILED,
            created_at__lt=build.created_at,
        ).delete()
        build.refresh_from_db()
        return build
    build.status = BuildStatus.DONE
    build.pages = build.pages_done = rendered.pages
    build.finished_at = timezone.now()
    build.save(update_fields=["status", "pages", "pages_done", "finished_at", "file"])
    _discard_older_builds(build)
    return build


def _discard_superseded_builds(guide, fingerprints):
    """Delete the guide's finished PDFs that no longer match ``{language: fingerprint}``
    (their files go too: see ``guides.signals``)."""
    current = Q()
    for language, fingerprint in fingerprints.items():
        current |= Q(language=language, fingerprint=fingerprint)
    GuideBuild.objects.filter(guide=guide, status=BuildStatus.DONE).exclude(current).delete()


def _discard_older_builds(build):
    """Remove the finished builds (and files) this one supersedes."""
    GuideBuild.objects.filter(
        guide=build.guide,
        language=build.language,
        status__in=[BuildStatus.DONE, BuildStatus.FAILED],
        created_at__lt=build.created_at,
    ).delete()
