from django.db import models
from django.utils.translation import gettext_lazy as _


class EvidenceLevel(models.TextChoices):
    """The kind of evaluation behind a practice, ordered from weakest to strongest.

    The Maryland Scientific Methods Scale (SMS) rates an evaluation's research design
    (a comparison group? random assignment?), not who carried it out, so these levels
    do not map one to one onto it: ``MARYLAND_SCALE`` says where each usually falls,
    for a researcher comparing with the wider evaluation literature.
    """

    # Not "none": the catalogue's filters use that value for "not stated".
    NONE = "no_evaluation", _("No evaluation")
    INTERNAL_MONITORING = "internal_monitoring", _("Internal monitoring")
    EXTERNAL_EVALUATION = "external_evaluation", _("External evaluation")
    QUASI_EXPERIMENTAL = "quasi_experimental", _("Quasi-experimental evaluation")
    EXPERIMENTAL = "experimental", _("Experimental evaluation")

    @property
    def maryland_scale(self):
        """Where the level falls on the Maryland SMS, as a short human-readable string."""
        return MARYLAND_SCALE[self]


MARYLAND_SCALE = {
    EvidenceLevel.NONE: _("not on the Maryland scale"),
    EvidenceLevel.INTERNAL_MONITORING: _("descriptive monitoring: at most Maryland level 1"),
    EvidenceLevel.EXTERNAL_EVALUATION: _(
        "without a comparison group: usually Maryland level 1 or 2"
    ),
    EvidenceLevel.QUASI_EXPERIMENTAL: _("with a comparison group: Maryland level 3 or 4"),
    EvidenceLevel.EXPERIMENTAL: _("random assignment: Maryland level 5"),
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
