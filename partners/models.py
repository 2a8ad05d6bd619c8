from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from .choices import OrganisationKind


class Organisation(models.Model):
    """A body that takes part in practices; one row however many practices it joins."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name


class Partnership(models.Model):
    """An organisation's part in one practice."""

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    role = models.CharField(_("role"), max_length=255, blank=True)
    is_lead = models.BooleanField(_("lead partner"), default=False)
    is_statutory = models.BooleanField(
        _("statutory partner"),
        default=False,
        help_text=_("Takes part because the law requires it, e.g. under a crime and disorder act."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["-is_lead", "position", "pk"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "organisation"], name="unique_partner_per_practice"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.practice}"
