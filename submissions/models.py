from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """A message between Efus staff and a practice's submitter, e-mailed to the other side.

    ``author`` is the member of staff who wrote it, or empty when the submitter did.
    """

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the submitter wrote it."),
    )
    author_label = models.CharField(_("author (name)"), max_length=255)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self):
        return f"{self.author_label}: {self.body[:60]}"

    @property
    def from_submitter(self):
        return self.author_id is None


class InternalNote(models.Model):
    """A note staff keep about a submission; never shown to the submitter or the public."""

    practice = models.ForeignKey(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="internal_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    author_label = models.CharField(_("author (name)"), max_length=255)
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.author_label}: {self.body[:60]}"


class SubmissionStart(models.Model):
    """The first step of the submission form, sent once.

    The form carries a random token; a second sending with the same token (a double
    click, a reload of the answer) gets the draft the first started, instead of a
    second draft and a second e-mail. The token is unique, so even two sendings at the
    same moment start one draft.
    """

    token = models.CharField(_("token"), max_length=64, unique=True)
    practice = models.OneToOneField(
        "practices.Practice",
        verbose_name=_("practice"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("start of a submission")
        verbose_name_plural = _("starts of submissions")

    def __str__(self):
        return str(self.practice)
