from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PracticeStatus(models.TextChoices):
    """Where a practice stands in the review workflow; only PUBLISHED is public."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    IN_REVIEW = "in_review", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")


class Timeline(models.TextChoices):
    """How long a practice is meant to run."""

    ONE_OFF = "one_off", _("One-off")
    SHORT_TERM = "short_term", _("Short term")
    LONG_TERM = "long_term", _("Long term / permanent")


class CostBand(models.TextChoices):
    """Order of magnitude of what a practice costs a year, in euros."""

    UNDER_10K = "under_10k", _("Under €10,000")
    FROM_10K_TO_50K = "10k_50k", _("€10,000 to €50,000")
    FROM_50K_TO_250K = "50k_250k", _("€50,000 to €250,000")
    OVER_250K = "over_250k", _("Over €250,000")


class Language(models.TextChoices):
    """Languages a practice can be written in."""

    EN = "en", pgettext_lazy("language", "English")
    FR = "fr", pgettext_lazy("language", "French")


class EventAction(models.TextChoices):
    """What a recorded event of a practice's history was.

    The first group are status transitions, which the submitter sees with their
    comment; the others are staff-only records of who did what.
    """

    CREATED = "created", _("Draft started")
    SUBMITTED = "submitted", _("Submitted")
    REVIEW_STARTED = "review_started", _("Review started")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    ARCHIVED = "archived", _("Archived")
    EDITED = "edited", _("Edited")
    ASSIGNED = "assigned", _("Assigned")
    RECOMMENDED_PUBLICATION = "recommended_publication", _("Recommended for publication")
    RECOMMENDED_REJECTION = "recommended_rejection", _("Recommended for rejection")
    LINKS_REVOKED = "links_revoked", _("Private links revoked")
    LINK_SENT = "link_sent", _("New private link sent")


class VersionKind(models.TextChoices):
    """Why a snapshot of a practice's content was kept."""

    SUBMISSION = "submission", _("Submitted")
    RESUBMISSION = "resubmission", _("Resubmitted")
    PUBLICATION = "publication", _("Published")
