import re

import pytest
from django.urls import reverse
from django.utils import translation

from practices import services
from practices.models import Practice

IDENTIFICATION = {
    "title_en": "Night mediators in Lyon",
    "country": "FR",
    "city_en": "Lyon",
    "contact_name": "Anne Martin",
    "contact_email": "anne.martin@example.org",
}


@pytest.fixture
def send_mail(django_capture_on_commit_callbacks):
    """Run a request (or a service) and the e-mails it sends once its transaction commits."""

    def run(function, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return function(*args, **kwargs)

    return run


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"submissions:{name}", kwargs=kwargs)


def start(client, *, language="en", ui="en", **fields):
    """Save the first step as a submitter would; return the new draft."""
    data = {**IDENTIFICATION, **fields, "language": language}
    for name in ("title", "city"):
        if language != "en" and f"{name}_en" in data and f"{name}_{language}" not in fields:
            data[f"{name}_{language}"] = data.pop(f"{name}_en")
    response = client.post(url("submission_create", ui) + f"?language={language}", data)
    assert response.status_code == 302, response.content.decode()
    return Practice.objects.latest("pk")


def open_link(client, practice):
    """Open a fresh private link to ``practice`` in ``client``'s browser."""
    token = services.access_link_issue(practice=practice)
    response = client.get(url("submission_access", token=token))
    assert response.status_code == 302
    return token


def link_in(email):
    return re.search(r"/submit/access/([\w-]+)/", email.body).group(1)


@pytest.fixture
def draft(client):
    """A draft started by ``client``, whose browser may now edit it."""
    return start(client)
