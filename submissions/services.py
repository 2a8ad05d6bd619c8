"""Writes of the conversation around a submission: messages and internal notes."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from practices import notifications
from practices.choices import PracticeStatus
from practices.services import WorkflowError, access_link_issue, actor_label
from practices.workflow import can_review

from .models import InternalNote, Message


@transaction.atomic
def message_send(*, practice, by, body):
    """A message to the other side: from staff (``by``) to the submitter, who gets it by
    e-mail with their private link, or from the submitter (``by`` None) to staff.
    """
    if by is not None and not can_review(by):
        raise PermissionDenied
    if practice.status == PracticeStatus.DRAFT:
        raise WorkflowError(_("Messages can be exchanged once the practice is submitted."))
    message = Message.objects.create(
        practice=practice, author=by, author_label=actor_label(by, practice), body=body.strip()
    )
    if by is None:
        notifications.email_staff(practice=practice, template="message_to_staff", message=message)
    else:
        notifications.email_submitter(
            practice=practice,
            template="message_to_submitter",
            message=message,
            token=access_link_issue(practice=practice),
        )
    return message


@transaction.atomic
def note_add(*, practice, by, body):
    """An internal note: staff only, never shown to the submitter or on a public page."""
    if not can_review(by):
        raise PermissionDenied
    return InternalNote.objects.create(
        practice=practice, author=by, author_label=actor_label(by, practice), body=body.strip()
    )
