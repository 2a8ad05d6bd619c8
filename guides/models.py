import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from practices.choices import Language

from .choices import BuildStatus, GuideStatus


def has_title(obj):
    """Whether ``obj`` has a non-blank title in at least one of the site's languages."""
    return any((getattr(obj, f"title_{code}", "") or "").strip() for code, _n in settings.LANGUAGES)


# Addresses the builder uses itself ("manage/guides/new/"), so no guide may take them.
RESERVED_SLUGS = {"new"}


def validate_slug_not_reserved(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“{value}” is reserved; choose another slug.").format(value=value), code="reserved"
        )


def pdf_storage():
    """Where built PDFs are kept: private, read back only through permission-checked views."""
    return storages["private"]


class GuideQuerySet(models.QuerySet):
    def published(self):
        """Guides the public may see; every public guide page starts here."""
        return self.filter(status=GuideStatus.PUBLISHED)


class Guide(models.Model):
    """A good-practice guide: an introduced selection of practices in ordered chapters.

    Only published practices ever appear in a guide's public page or its PDF; one
    that stops being published drops out of both, and the guide builder says so.
    """

    title = models.CharField(_("title"), max_length=255)
    subtitle = models.CharField(_("subtitle"), max_length=255, blank=True)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        validators=[validate_slug_not_reserved],
        help_text=_("Used in the guide’s address; changing it breaks shared links."),
    )
    foreword = models.TextField(
        _("foreword"), blank=True, help_text=_("Printed after the cover, before the contents.")
    )
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Printed after the table of contents.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=GuideStatus, default=GuideStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")
        permissions = [("publish_guide", _("Can publish and unpublish guides"))]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("guides:guide_detail", kwargs={"slug": self.slug})

    def get_pdf_url(self, language):
        """The address of the guide's current PDF in ``language`` (``/fr/…`` for French)."""
        with translation.override(language):
            return reverse("guides:guide_pdf", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == GuideStatus.PUBLISHED

    def clean(self):
        if not has_title(self):
            raise ValidationError(
                {"title_en": _("Give the guide a title in English or in French.")}
            )


class Chapter(models.Model):
    """A titled, introduced part of a guide, holding an ordered list of practices."""

    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="chapters"
    )
    title = models.CharField(_("title"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self):
        return self.title

    def clean(self):
        if not has_title(self):
            raise ValidationError(
                {"title_en": _("Give the chapter a title in English or in French.")}
            )


class ChapterPractice(models.Model):
    """A practice's place in a chapter; a practice appears at most once in a guide."""

    chapter = models.ForeignKey(
        Chapter, verbose_name=_("chapter"), on_delete=models.CASCADE, related_name="entries"
    )
    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="guide_entries",
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("practice in a chapter")
        verbose_name_plural = _("practices in chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["chapter", "practice"], name="unique_practice_per_chapter"
            )
        ]

    def __str__(self):
        return f"{self.chapter} – {self.practice}"


# What a guide's length is estimated from while it is laid out: its cover, foreword,
# contents and index, then each practice (about 3 pages in the demo guide and in
# the benchmark's generated guides).
FRONT_MATTER_PAGES = 6
PAGES_PER_PRACTICE = 3


class GuideBuildQuerySet(models.QuerySet):
    def in_flight(self):
        """Builds still queued or running, and not so old that their worker was lost."""
        return self.filter(
            status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING],
            created_at__gte=timezone.now() - GuideBuild.timeout(),
        )


class GuideBuild(models.Model):
    """One background build of a guide's PDF in one language, with its progress.

    A finished build is the cached PDF for its fingerprint (the guide, its chapters,
    its practices' versions, the labels it prints and the language: see
    ``selectors.guide_fingerprints``): it is served again until one of them changes.
    A failed build keeps its error for the editor and is never served.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="builds"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    fingerprint = models.CharField(_("fingerprint"), max_length=64, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=BuildStatus, default=BuildStatus.QUEUED
    )
    practices_total = models.PositiveIntegerField(_("practices"), default=0)
    pages_done = models.PositiveIntegerField(
        _("pages laid out"), default=0, help_text=_("Progress while the build runs.")
    )
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    file = models.FileField(_("PDF file"), storage=pdf_storage, upload_to="guide-pdfs/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = GuideBuildQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("guide PDF build")
        verbose_name_plural = _("guide PDF builds")
        indexes = [models.Index(fields=["guide", "language", "fingerprint", "status"])]

    def __str__(self):
        return f"{self.guide} ({self.language}, {self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("guides:build_detail", kwargs={"pk": self.pk})

    @staticmethod
    def timeout():
        return timedelta(minutes=settings.GUIDE_BUILD_TIMEOUT_MINUTES)

    @property
    def language_name(self):
        """The edition's language, as a word in a sentence ("in French", "en français")."""
        return Language(self.language).label

    @property
    def is_done(self):
        return self.status == BuildStatus.DONE

    @property
    def is_failed(self):
        return self.status == BuildStatus.FAILED

    @property
    def is_running(self):
        return self.status == BuildStatus.RUNNING

    @property
    def is_finished(self):
        return self.is_done or self.is_failed

    @property
    def is_lost(self):
        """Queued or running for longer than any build takes: its worker was lost."""
        return not self.is_finished and self.created_at < timezone.now() - self.timeout()

    @property
    def pages_expected(self):
        """About how many pages the guide will have, from how many practices it holds."""
        return FRONT_MATTER_PAGES + PAGES_PER_PRACTICE * self.practices_total

    @property
    def progress_text(self):
        """What the build's page says of its progress, in the active language."""
        if not (self.is_running and self.pages_done):
            return self.get_status_display()
        if self.pages_done < self.pages_expected:
            return ngettext(
                "{pages} page of about {total} laid out so far.",
                "{pages} pages of about {total} laid out so far.",
                self.pages_done,
            ).format(pages=self.pages_done, total=self.pages_expected)
        return ngettext(
            "{pages} page laid out so far.", "{pages} pages laid out so far.", self.pages_done
        ).format(pages=self.pages_done)

    @property
    def seconds(self):
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None
