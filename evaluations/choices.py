from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceLevel(models.TextChoices):
    """Strength of the evidence behind a practice, ordered from weakest to strongest.

    The levels line up with the Maryland Scientific Methods Scale (SMS), so a
    researcher can compare them with the wider evaluation literature.
    """

    NONE = "none", _("No evaluation")
    INTERNAL_MONITORING = "internal_monitoring", _("Internal monitoring")
    EXTERNAL_EVALUATION = "external_evaluation", _("External evaluation")
    QUASI_EXPERIMENTAL = "quasi_experimental", _("Quasi-experimental evaluation")
    EXPERIMENTAL = "experimental", _("Experimental evaluation")

    @property
    def maryland_scale(self):
        """The comparable Maryland SMS level, as a short human-readable string."""
        return MARYLAND_SCALE[self]


MARYLAND_SCALE = {
    EvidenceLevel.NONE: _("below the Maryland scale"),
    EvidenceLevel.INTERNAL_MONITORING: _("comparable with Maryland level 1"),
    EvidenceLevel.EXTERNAL_EVALUATION: _("comparable with Maryland level 2"),
    EvidenceLevel.QUASI_EXPERIMENTAL: _("comparable with Maryland levels 3 to 4"),
    EvidenceLevel.EXPERIMENTAL: _("comparable with Maryland level 5"),
}


class AssessmentSource(models.TextChoices):
    """Who rated a practice on a criterion; only the staff assessment is published."""

    SELF = "self", _("Self-assessment by the submitter")
    STAFF = "staff", _("Assessment by Efus staff")


class OutcomeDirection(models.TextChoices):
    """Which way a measured outcome went; negative and mixed results are first-class."""

    IMPROVED = "improved", _("Improved")
    NO_CHANGE = "no_change", _("No measurable change")
    MIXED = "mixed", _("Mixed")
    WORSENED = "worsened", _("Worsened")
