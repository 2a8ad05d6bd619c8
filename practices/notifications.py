"""E-mails of the review workflow, rendered in the recipient's language.

Templates are in ``templates/submissions/email/``: ``<name>_subject.txt`` and
``<name>.txt``, plain text. A message is rendered at once (inside
``translation.override``) and sent only once the transaction that caused it commits,
so nobody is told about a change that did not happen.

A mail server that refuses or does not answer (within ``EMAIL_TIMEOUT``) cannot undo
that change either: the failure is logged, and :func:`undelivered_email_middleware`
tells the person acting, in their language, which e-mail did not go and what to do.
"""

import logging
from contextvars import ContextVar
from functools import partial

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .workflow import PUBLISH, REVIEW

logger = logging.getLogger(__name__)

# What the person acting is told of each e-mail that could not be sent in this request.
_undelivered = ContextVar("undelivered_emails", default=None)


def _undelivered_notice(template, practice, context):
    """What to tell the person whose action sent ``template``, in their language."""
    if template == "draft_link":
        link = settings.SITE_URL + reverse(
            "submissions:submission_access", kwargs={"token": context["token"]}
        )
        return _(
            "We could not send the e-mail with your private link to {email}. Your draft is "
            "saved: copy this private link now to come back to it later (do not share "
            "it): {link}"
        ).format(email=practice.contact_email, link=link)
    if template == "submitted":
        return _(
            "We could not send the confirmation e-mail to {email}, but your practice is "
            "submitted: this page shows its status."
        ).format(email=practice.contact_email)
    if template in ("staff_submitted", "message_to_staff", "staff_recommendation"):
        return _(
            "Efus staff could not be told by e-mail; they will see it in the review queue "
            "and on the review page."
        )
    return _(
        "The e-mail to the submitter ({email}) could not be sent. What you did is saved: "
        "tell them another way, or write to them later from this page."
    ).format(email=practice.contact_email)


def _deliver(emails, notice):
    """Send ``emails`` (over one connection); if the mail server fails, log it and keep
    ``notice`` for the user.

    Once one e-mail of a request has failed, the others are not tried: the user would
    wait ``EMAIL_TIMEOUT`` again for each.
    """
    undelivered = _undelivered.get()
    try:
        if undelivered:
            raise ConnectionError("the mail server failed earlier in this request")
        get_connection().send_messages(emails)
    except Exception:  # Whatever the backend raises, the change it reports stays made.
        logger.exception(
            "E-mail “%s” to %s could not be sent",
            emails[0].subject,
            ", ".join(address for email in emails for address in email.to),
        )
        if undelivered is not None:
            undelivered.append(notice)


def _send(*, to, language, template, context, tell_on_failure=True):
    """E-mail ``template`` to each address of ``to``: one message each, so that nobody
    sees who else received it."""
    if not to:
        return
    notice = _undelivered_notice(template, context["practice"], context)
    with translation.override(language):
        context = {**context, "site_url": settings.SITE_URL}
        subject = render_to_string(f"submissions/email/{template}_subject.txt", context)
        body = render_to_string(f"submissions/email/{template}.txt", context)
    emails = [EmailMessage(" ".join(subject.split()), body, to=[address]) for address in to]
    transaction.on_commit(partial(_deliver, emails, notice if tell_on_failure else None))


def all_delivered():
    """Did every e-mail this request sent so far go out?"""
    return not _undelivered.get()


def undelivered_email_middleware(get_response):
    """Tell the user, in a message of the next page, of each e-mail that could not be
    sent while their request was handled. Listed after ``MessageMiddleware``."""

    def middleware(request):
        reset = _undelivered.set([])
        try:
            response = get_response(request)
            for notice in dict.fromkeys(filter(None, _undelivered.get())):
                messages.warning(request, notice)
        finally:
            _undelivered.reset(reset)
        return response

    return middleware


def email_submitter(*, practice, template, language=None, tell_on_failure=True, **context):
    """Write to the practice's contact, in the language they use the site in (or
    ``language``, the one of the page they are on).

    ``tell_on_failure`` False: a failure is only logged (a link request answers the
    same whether or not the address submitted anything).
    """
    if practice.contact_email:
        _send(
            to=[practice.contact_email],
            language=language or practice.contact_language,
            template=template,
            context={"practice": practice, **context},
            tell_on_failure=tell_on_failure,
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
