from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import AssessmentSource, OutcomeDirection

# The catalogue's value for "not rated"; a level may not take it as its slug.
NOT_RATED = "none"


def validate_not_reserved(value):
    if value == NOT_RATED:
        raise ValidationError(
            _("“{value}” is reserved; choose another slug.").format(value=value), code="reserved"
        )


class Criterion(models.Model):
    """One of the Efus evaluation criteria (relevance, impact, efficacy, …)."""

    slug = models.SlugField(_("slug"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    definition = models.TextField(_("definition"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self):
        return self.name


class RatingLevel(models.Model):
    """A step on a criterion's ordered scale; rank 1 is the lowest.

    Labels can be edited freely; a level in use cannot be deleted, so existing
    ratings never break.
    """

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.CASCADE, related_name="levels"
    )
    rank = models.PositiveSmallIntegerField(_("rank"), help_text=_("1 is the lowest."))
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        validators=[validate_not_reserved],
        help_text=_("Used in catalogue addresses; “none” is reserved for “not yet rated”."),
    )
    label = models.CharField(_("label"), max_length=100)

    class Meta:
        ordering = ["criterion__position", "rank"]
        verbose_name = _("rating level")
        verbose_name_plural = _("rating levels")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "rank"], name="unique_level_rank"),
            models.UniqueConstraint(fields=["criterion", "slug"], name="unique_level_slug"),
        ]

    def __str__(self):
        return self.label


class Assessment(models.Model):
    """A rating of one practice on one criterion, with the reasoning behind it."""

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        RatingLevel,
        verbose_name=_("rating"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("Leave empty when the criterion has not been rated."),
    )
    text = models.TextField(_("qualitative assessment"), blank=True)
    source = models.CharField(_("source"), max_length=10, choices=AssessmentSource)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["criterion__position"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "criterion", "source"], name="unique_assessment_per_source"
            )
        ]

    def __str__(self):
        return f"{self.criterion}: {self.level or '—'}"

    def clean(self):
        if self.level_id and self.criterion_id and self.level.criterion_id != self.criterion_id:
            raise ValidationError({"level": _("This rating belongs to another criterion's scale.")})


class OutcomeIndicator(models.Model):
    """A measured result of a practice, good, bad or mixed, with its source."""

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="outcomes",
    )
    indicator = models.CharField(_("indicator"), max_length=255)
    baseline = models.CharField(_("baseline"), max_length=255, blank=True)
    result = models.CharField(_("result"), max_length=255, blank=True)
    direction = models.CharField(
        _("direction"), max_length=20, choices=OutcomeDirection, blank=True
    )
    period = models.CharField(_("period"), max_length=100, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")

    def __str__(self):
        return self.indicator
