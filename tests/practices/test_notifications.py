"""A mail server that fails never undoes a saved change: the user is told, the failure
is logged.

These tests commit for real (``transaction=True``): e-mails are sent once the change
is committed, while the request is still being answered.
"""

import logging

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client

from practices.choices import PracticeStatus
from practices.models import Practice
from practices.services import access_link_issue
from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db(transaction=True)


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the connection (as SMTP on a closed port does)."""

    attempts = 0

    def send_messages(self, email_messages):
        RefusingBackend.attempts += 1
        raise ConnectionRefusedError(111, "Connection refused")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.practices.test_notifications.RefusingBackend"
    RefusingBackend.attempts = 0


def warnings(response):
    return [str(m) for m in response.context["messages"] if m.level_tag == "warning"]


def test_a_draft_is_saved_and_its_link_shown_when_the_e_mail_fails(
    client, mail_server_down, caplog
):
    with caplog.at_level(logging.ERROR, logger="practices.notifications"):
        response = client.post(
            "/fr/submit/new/?language=fr",
            {
                "language": "fr",
                "title_fr": "Médiateurs de nuit",
                "country": "FR",
                "city_fr": "Lyon",
                "contact_name": "Anne Martin",
                "contact_email": "anne.martin@example.org",
            },
            follow=True,
        )

    assert response.status_code == 200
    practice = Practice.objects.get()
    assert practice.status == PracticeStatus.DRAFT
    page = response.content.decode()
    assert "Votre brouillon est enregistré." in page
    assert "Nous avons envoyé" not in page
    (warning,) = warnings(response)
    assert warning.startswith(
        "Nous n’avons pas pu envoyer le courriel contenant votre lien privé à "
        "anne.martin@example.org."
    )
    # The link shown opens the draft in another browser, as the e-mail's would.
    link = warning.split("\xa0: ")[-1]
    other = Client()
    assert other.get(link.removeprefix("http://127.0.0.1:8000")).status_code == 302
    assert other.get(f"/fr/submit/{practice.pk}/").status_code == 200
    (record,) = caplog.records
    assert "could not be sent" in record.getMessage()
    assert "anne.martin@example.org" in record.getMessage()
    assert "ConnectionRefusedError" in record.exc_text


def test_a_decision_stays_made_when_the_e_mails_fail(client, editor, mail_server_down):
    practice = PracticeFactory(
        status=PracticeStatus.IN_REVIEW, published_at=None, objectives_en="Fewer burglaries."
    )
    client.force_login(editor)

    response = client.post(f"/en/review/{practice.pk}/publish/", follow=True)

    assert response.status_code == 200
    practice.refresh_from_db()
    assert practice.status == PracticeStatus.PUBLISHED
    assert practice.versions.count() == 1
    assert warnings(response) == [
        "The e-mail to the submitter (jane.officer@example.org) could not be sent. What "
        "you did is saved: tell them another way, or write to them later from this page."
    ]


def test_after_one_failure_a_request_does_not_wait_for_the_server_again(
    client, reviewer, mail_server_down
):
    """Submitting e-mails the submitter and staff: the second is not even tried."""
    practice = PracticeFactory(
        status=PracticeStatus.DRAFT, published_at=None, objectives_en="Fewer burglaries."
    )
    client.get(f"/en/submit/access/{access_link_issue(practice=practice)}/")

    response = client.post(
        f"/en/submit/{practice.pk}/submit/",
        {"consent_publication": "on", "consent_privacy": "on"},
        follow=True,
    )

    practice.refresh_from_db()
    assert practice.status == PracticeStatus.SUBMITTED
    assert RefusingBackend.attempts == 1
    assert "We sent you a confirmation" not in response.content.decode()
    assert warnings(response) == [
        "We could not send the confirmation e-mail to jane.officer@example.org, but your "
        "practice is submitted: this page shows its status.",
        "Efus staff could not be told by e-mail; they will see it in the review queue and "
        "on the review page.",
    ]
