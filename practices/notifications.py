"""E-mails of the review workflow, rendered in the recipient's language.

Templates are in ``templates/submissions/email/``: ``<name>_subject.txt`` and
``<name>.txt``, plain text. A message is rendered at once (inside
``translation.override``) and sent only once the transaction that caused it commits,
so nobody is told about a change that did not happen.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .workflow import PUBLISH, REVIEW


def _send(*, to, language, template, context):
    if not to:
        return
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"submissions/email/{template}_subject.txt", context)
        body = render_to_string(f"submissions/email/{template}.txt", context)
    message = EmailMessage(" ".join(subject.split()), body, to=to)
    transaction.on_commit(message.send)


def email_submitter(*, practice, template, language=None, **context):
    """Write to the practice's contact, in the language they use the site in (or
    ``language``, the one of the page they are on).
    """
    if practice.contact_email:
        _send(
            to=[practice.contact_email],
            language=language or practice.contact_language,
            template=template,
            context={"practice": practice, **context},
        )


def _staff_addresses(permission):
    users = get_user_model().objects.with_perm(permission, is_active=True)
    return sorted({user.email for user in users if user.email})


def email_staff(*, practice, template, permission=REVIEW, **context):
    """Write to the member of staff assigned to the practice, else to everyone who holds
    ``permission``; staff e-mails are in the site's default language.
    """
    assignee = practice.assigned_to
    if assignee and assignee.is_active and assignee.email and permission == REVIEW:
        to = [assignee.email]
    else:
        to = _staff_addresses(permission)
    _send(
        to=to,
        language=settings.LANGUAGE_CODE,
        template=template,
        context={"practice": practice, **context},
    )


def email_editors(*, practice, template, **context):
    email_staff(practice=practice, template=template, permission=PUBLISH, **context)
