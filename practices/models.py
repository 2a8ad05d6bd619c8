import hashlib
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from evaluations.choices import EvidenceLevel

from .choices import (
    CostBand,
    EventAction,
    Language,
    PracticeStatus,
    Timeline,
    VersionKind,
)
from .i18n import translated
from .slugs import validate_practice_slug_not_reserved


class Vocabulary(models.Model):
    """A controlled term that staff curate and researchers filter by."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"),
        max_length=150,
        unique=True,
        help_text=_("Used in catalogue addresses; changing it breaks shared links."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self):
        return self.name


class Level(Vocabulary):
    """The scale a practice works at: local, regional, national, European."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("level")
        verbose_name_plural = _("levels")


class Domain(Vocabulary):
    """The field of urban security a practice addresses."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class TargetAudience(Vocabulary):
    """Who a practice is aimed at or works with."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("target audience")
        verbose_name_plural = _("target audiences")


class PracticeType(Vocabulary):
    """The kind of action a practice is, e.g. crime prevention or reassurance."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("type")
        verbose_name_plural = _("types")


class InterventionPoint(Vocabulary):
    """Where in the chain of security a practice acts: prevention to reduction."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("intervention point")
        verbose_name_plural = _("intervention points")


class ReferenceFramework(models.Model):
    """A policy text whose recommendations practices put into practice."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    issuer = models.CharField(_("issued by"), max_length=255, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = models.URLField(_("address of the text"), blank=True)
    summary = models.TextField(_("summary"), blank=True)

    class Meta:
        ordering = ["-year", "slug"]
        verbose_name = _("reference framework")
        verbose_name_plural = _("reference frameworks")

    def __str__(self):
        return self.title


class Recommendation(models.Model):
    """One numbered recommendation of a reference framework, e.g. 7.b."""

    framework = models.ForeignKey(
        ReferenceFramework,
        verbose_name=_("framework"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.CharField(
        _("number"), max_length=20, help_text=_("As numbered in the text, e.g. 7.a.")
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.TextField(_("summary"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["framework", "position", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "number"], name="unique_recommendation_number"
            )
        ]

    def __str__(self):
        return f"{self.number} {self.summary}"


class PracticeQuerySet(models.QuerySet):
    def published(self):
        """Practices the public may see; every public page starts here."""
        return self.filter(status=PracticeStatus.PUBLISHED)

    def featured(self):
        """Published practices staff chose for the home page."""
        return self.published().filter(featured=True)


class Practice(models.Model):
    """A scheme a local authority ran, as recorded, reviewed and published by Efus.

    Negative and mixed results are as publishable as successes: the evaluation says
    what happened, the status only says whether the record is public.
    """

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(
        _("slug"), max_length=255, unique=True, validators=[validate_practice_slug_not_reserved]
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Two or three sentences shown in result lists.")
    )
    description = models.TextField(_("description"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    transferability = models.TextField(_("transferability"), blank=True)
    evidence = models.TextField(_("evidence and evaluation"), blank=True)
    cost_description = models.TextField(_("cost description"), blank=True)

    country = CountryField(_("country"))
    city = models.CharField(_("city or area"), max_length=150, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    ongoing = models.BooleanField(_("ongoing"), default=False)
    timeline = models.CharField(_("timeline"), max_length=20, choices=Timeline, blank=True)
    cost_band = models.CharField(_("cost band"), max_length=20, choices=CostBand, blank=True)
    evidence_level = models.CharField(
        _("evidence level"),
        max_length=30,
        choices=EvidenceLevel,
        blank=True,
        help_text=_("Blank when the sources do not say how the practice was evaluated."),
    )

    levels = models.ManyToManyField(Level, verbose_name=_("levels"), blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domains"), blank=True)
    target_audiences = models.ManyToManyField(
        TargetAudience, verbose_name=_("target audiences"), blank=True
    )
    types = models.ManyToManyField(PracticeType, verbose_name=_("types"), blank=True)
    intervention_points = models.ManyToManyField(
        InterventionPoint, verbose_name=_("intervention points"), blank=True
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        verbose_name=_("recommendations put into practice"),
        blank=True,
        related_name="practices",
    )

    status = models.CharField(
        _("status"), max_length=20, choices=PracticeStatus, default=PracticeStatus.DRAFT
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=Language, default=Language.EN
    )
    featured = models.BooleanField(
        _("featured"), default=False, help_text=_("Shown on the home page when published.")
    )

    contact_name = models.CharField(_("contact name"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    contact_organisation = models.CharField(_("contact's organisation"), max_length=255, blank=True)
    contact_language = models.CharField(
        _("contact's language"),
        max_length=2,
        choices=Language,
        default=Language.EN,
        help_text=_("The language of the e-mails sent to the contact."),
    )
    consent_given_at = models.DateTimeField(
        _("consent given"),
        null=True,
        blank=True,
        help_text=_(
            "When the submitter agreed to publication and acknowledged the privacy notice."
        ),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_practices",
        help_text=_("The member of staff who reviews this submission."),
    )

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Raised by every save; guards against lost edits.")
    )

    # The search document (practices/search.py), kept up to date by
    # practices.services.practice_search_index_update. On PostgreSQL, migration 0004
    # adds a GIN index on search_vector and trigram GIN and GiST indexes on
    # search_title; they are not declared in Meta because SQLite cannot create them.
    search_title = models.TextField(_("search title"), blank=True, default="", editable=False)
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)
    search_vector = SearchVectorField(_("search vector"), null=True, editable=False)
    # Kept with it: the title in each language (else in the other one), normalised as
    # search_title is, so that sorting by title ignores accents and case on both
    # databases, whatever their collation.
    sort_title_en = models.TextField(
        _("English title for sorting"), blank=True, default="", editable=False
    )
    sort_title_fr = models.TextField(
        _("French title for sorting"), blank=True, default="", editable=False
    )

    objects = PracticeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        indexes = [models.Index(fields=["status", "published_at"])]
        permissions = [
            ("review_practice", _("Can review submissions: assess, comment, request changes")),
            ("publish_practice", _("Can publish, reject and archive practices")),
            (
                "edit_published_practice",
                _("Can edit practices once decided: published, archived or rejected"),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("practices:practice_detail", kwargs={"slug": self.slug})

    # The controlled vocabularies that classify a practice.
    VOCABULARIES = ["levels", "domains", "target_audiences", "types", "intervention_points"]
    CLASSIFICATIONS = [*VOCABULARIES, "recommendations"]

    # The record's prose sections, in reading order, with their headings.
    SECTIONS = [
        ("description", _("Description")),
        ("objectives", _("Objectives")),
        ("sustainability", _("Sustainability")),
        ("transferability", _("Transferability")),
        ("evidence", _("Evidence and evaluation")),
        ("cost_description", _("Costs")),
    ]

    @property
    def is_published(self):
        return self.status == PracticeStatus.PUBLISHED

    @property
    def evidence_maryland(self):
        """The evidence level's Maryland Scientific Methods Scale equivalent, if any."""
        return EvidenceLevel(self.evidence_level).maryland_scale if self.evidence_level else ""

    def sections(self):
        """Each prose section as ``(field, heading, TranslatedText)``, in order."""
        return [
            (field, heading, translated(self, field, original_language=self.original_language))
            for field, heading in self.SECTIONS
        ]

    def clean_fields(self, exclude=None):
        """Also check that the dates agree, when every field involved is validated.

        The check lives here rather than in ``clean()`` because it knows which fields a
        form leaves out: a form without the dates must not fail on them (and a
        ModelForm cannot show an error on a field it does not have).
        """
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = {"start_date", "end_date", "ongoing"} - set(exclude or ())
        end_error = None
        dated = self.start_date and self.end_date
        if {"start_date", "end_date"} <= checked and dated and self.end_date < self.start_date:
            end_error = ValidationError(
                _("The end date is before the start date."), code="end_before_start"
            )
        if {"end_date", "ongoing"} <= checked and self.ongoing and self.end_date:
            end_error = ValidationError(
                _("An ongoing practice has no end date: clear the end date, or untick “ongoing”."),
                code="ongoing_with_end",
            )
        if end_error:
            errors.setdefault("end_date", []).append(end_error)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        original_title = f"title_{self.original_language}"
        if not (getattr(self, original_title, "") or "").strip():
            raise ValidationError(
                {original_title: _("Give the title in the practice's original language.")}
            )


class PracticeFacet(models.Model):
    """One facet key of a practice, e.g. ``country:FR`` or ``levels:none``: what the
    catalogue's facet filters select and count (see ``practices/facets.py``).

    Derived from the practice, its vocabularies and its staff assessment, and kept
    with its search document by ``practices.services.practice_search_index_update``.
    """

    # Indexed by the unique constraint, which starts with it.
    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="facets",
        db_index=False,
    )
    key = models.CharField(_("key"), max_length=100)

    class Meta:
        verbose_name = _("practice facet")
        verbose_name_plural = _("practice facets")
        constraints = [
            models.UniqueConstraint(fields=["practice", "key"], name="unique_practice_facet")
        ]
        indexes = [models.Index(fields=["key", "practice"])]

    def __str__(self):
        return self.key


class Reference(models.Model):
    """A published source about a practice: report, article, official page.

    The citation is bibliographic text, written as the cited document gives it and
    never translated; ``language`` says which language that is.
    """

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="references"
    )
    citation = models.TextField(_("citation"))
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language,
        blank=True,
        help_text=_("The language the cited document is written in."),
    )
    url = models.URLField(_("address"), max_length=500, blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references")

    def __str__(self):
        return self.citation


class UsefulLink(models.Model):
    """A web page worth visiting to learn more about a practice."""

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="links"
    )
    url = models.URLField(_("address"), max_length=500)
    label = models.CharField(
        _("label"), max_length=255, blank=True, help_text=_("Shown instead of the address.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("useful link")
        verbose_name_plural = _("useful links")

    def __str__(self):
        return self.label or self.url


class PracticeEvent(models.Model):
    """One recorded step of a practice's history: who, when, from which status to which.

    Status transitions (``from_status != to_status``) are shown to the submitter with
    their comment; other events (edits, assignments, recommendations) are for staff.
    """

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30, choices=EventAction)
    from_status = models.CharField(
        _("from status"), max_length=20, choices=PracticeStatus, blank=True
    )
    to_status = models.CharField(_("to status"), max_length=20, choices=PracticeStatus)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the submitter acted, through their private link."),
    )
    actor_label = models.CharField(
        _("by (name)"),
        max_length=255,
        help_text=_("The actor's name when the event happened; kept if the account goes."),
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("practice event")
        verbose_name_plural = _("practice events")
        indexes = [models.Index(fields=["practice", "created_at"])]

    def __str__(self):
        return f"{self.practice_id} {self.get_action_display()} ({self.actor_label})"

    @property
    def is_transition(self):
        return self.from_status != self.to_status


class PracticeVersion(models.Model):
    """A snapshot of a practice's content, kept at each submission and publication.

    ``content`` holds what the submitter can edit (texts in both languages, facts,
    vocabularies, partners, self-assessment, references, links, attached reports) and,
    for publications, the staff evaluation; see ``practices.versions``.
    """

    practice = models.ForeignKey(
        Practice, verbose_name=_("practice"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=VersionKind)
    content = models.JSONField(_("content"))
    created_at = models.DateTimeField(_("date"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["practice", "number"]
        verbose_name = _("practice version")
        verbose_name_plural = _("practice versions")
        constraints = [
            models.UniqueConstraint(fields=["practice", "number"], name="unique_version_number")
        ]

    def __str__(self):
        return _("Version {number}").format(number=self.number)


def private_storage():
    """The storage of uploads nobody may fetch directly (``STORAGES["private"]``)."""
    return storages["private"]


def attachment_upload_to(instance, filename):
    """A random name, so nothing about the file can be guessed from its path."""
    return f"attachments/{uuid.uuid4().hex}{instance.extension}"


class Attachment(models.Model):
    """An evaluation report attached to a practice (PDF, DOCX or ODT).

    Stored in private storage under a random name; only ``attachment_download`` sends
    it, to staff, to the submitter, and to the public once the practice is published
    and an editor has marked the report public.
    """

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_upload_to, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_(
            "Listed on the practice page, for anyone to download, while the practice is "
            "published. Check the report for personal data first."
        ),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the submitter uploaded it."),
    )

    # The accepted types, by the MIME type detected from the content.
    EXTENSIONS = {
        "application/pdf": ".pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
        "application/vnd.oasis.opendocument.text": ".odt",
    }

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type]

    @property
    def type_label(self):
        return self.extension.lstrip(".").upper()


class AccessLink(models.Model):
    """A private link that lets a submitter, who has no account, come back to a practice.

    Only the SHA-256 hash of the link's random token is stored: the token itself is in
    the e-mail and nowhere else. Staff can revoke a practice's links.
    """

    practice = models.ForeignKey(
        Practice,
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="access_links",
    )
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("private access link")
        verbose_name_plural = _("private access links")

    def __str__(self):
        return _("Private link to {practice}").format(practice=self.practice_id)

    @staticmethod
    def hash_token(token):
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def is_active(self):
        return self.revoked_at is None
