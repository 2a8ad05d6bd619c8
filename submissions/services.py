"""Writes of the conversation around a submission: messages and internal notes."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from practices import notifications
from practices.choices import PracticeStatus
from practices.services import (
    WorkflowError,
    access_link_issue,
    actor_label,
    practice_start_submission,
)
from practices.workflow import can_review

from .models import InternalNote, Message, SubmissionStart


def submission_start(*, token, values, contact_language):
    """Start a draft from the first step of the form (``practice_start_submission``),
    once per ``token``, the form's: the same form sent again, e.g. by a double click,
    gets the draft the first sending started. Returns ``(practice, started)``.
    """
    try:
        with transaction.atomic():
            practice = practice_start_submission(values=values, contact_language=contact_language)
            # Waits for a sending of the same form still being saved, then fails.
            SubmissionStart.objects.create(token=token, practice=practice)
        return practice, True
    except IntegrityError:
        earlier = SubmissionStart.objects.select_related("practice").filter(token=token).first()
        if earlier is None:
            raise
        return earlier.practice, False


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
