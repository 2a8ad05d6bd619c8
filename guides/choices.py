from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GuideStatus(models.TextChoices):
    """Whether a guide is public; only PUBLISHED guides are."""

    DRAFT = "draft", pgettext_lazy("guide status", "Draft")
    PUBLISHED = "published", pgettext_lazy("guide status", "Published")


class BuildStatus(models.TextChoices):
    """Where a background PDF build stands."""

    QUEUED = "queued", _("Waiting for a worker")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class MoveDirection(models.TextChoices):
    """Which way the builder's arrows move a chapter or a practice."""

    UP = "up", _("Move up")
    DOWN = "down", _("Move down")
