"""Nothing private reaches a public page: not contact details, internal notes, messages,
private reports or anything unpublished, whoever asks without a review role."""

import pytest
from django.test import Client

from practices import services
from practices.choices import PracticeStatus
from submissions.services import message_send, note_add
from tests.factories import AssessmentFactory, PartnershipFactory, PracticeFactory
from tests.files import pdf_bytes, upload

pytestmark = pytest.mark.django_db

SECRETS = [
    "private.contact@example.org",
    "+33 6 12 34 56 78",
    "Private Contact Person",
    "Confidential Agency",
    "INTERNAL-NOTE-TEXT",
    "STAFF-MESSAGE-TEXT",
    "SUBMITTER-MESSAGE-TEXT",
    "private-report.pdf",
    "Unpublished scheme in review",
    "Unpublished draft scheme",
    "Rejected scheme",
    "Archived scheme",
    "SELF-ASSESSMENT-TEXT",
]


@pytest.fixture
def private_material(editor):
    contact = {
        "contact_email": "private.contact@example.org",
        "contact_phone": "+33 6 12 34 56 78",
        "contact_name": "Private Contact Person",
        "contact_organisation": "Confidential Agency",
    }
    published = PracticeFactory(title_en="Published scheme", featured=True, **contact)
    PartnershipFactory(practice=published)
    AssessmentFactory(practice=published, source="self", text_en="SELF-ASSESSMENT-TEXT")
    note_add(practice=published, by=editor, body="INTERNAL-NOTE-TEXT")
    message_send(practice=published, by=editor, body="STAFF-MESSAGE-TEXT")
    message_send(practice=published, by=None, body="SUBMITTER-MESSAGE-TEXT")
    services.attachment_add(
        practice=published,
        by=editor,
        upload=upload("private-report.pdf", pdf_bytes()),
        content_type="application/pdf",
    )
    for status, title in [
        (PracticeStatus.IN_REVIEW, "Unpublished scheme in review"),
        (PracticeStatus.DRAFT, "Unpublished draft scheme"),
        (PracticeStatus.REJECTED, "Rejected scheme"),
        (PracticeStatus.ARCHIVED, "Archived scheme"),
    ]:
        practice = PracticeFactory(
            title_en=title, status=status, published_at=None, featured=True, **contact
        )
        PartnershipFactory(practice=practice)
    return published


@pytest.fixture(params=["anonymous", "staff without a role"])
def visitor(request, staff_without_role):
    client = Client()
    if request.param != "anonymous":
        client.force_login(staff_without_role)
    return client


@pytest.mark.parametrize("language", ["en", "fr"])
def test_public_pages_show_nothing_private(visitor, private_material, language):
    from practices.models import Practice

    unpublished = Practice.objects.exclude(pk=private_material.pk)
    compared = "&".join(f"p={slug}" for slug in unpublished.values_list("slug", flat=True))
    pages = [
        f"/{language}/",
        f"/{language}/practices/",
        f"/{language}/practices/?sort=title&country=GB",
        f"/{language}/practices/?status=in_review&status=draft",
        f"/{language}/practices/{private_material.slug}/",
        f"/{language}/submit/",
        f"/{language}/countries/",
        f"/{language}/compare/?p={private_material.slug}&{compared}",
        f"/{language}/practices/feed/",
        f"/{language}/practices/export.csv?languages=both",
        f"/{language}/practices/export.json?languages=both",
        f"/{language}/api/v1/practices/",
        f"/{language}/api/v1/practices/{private_material.slug}/",
        f"/{language}/api/v1/practices/facets/",
        f"/{language}/practices/{private_material.slug}/cite.ris",
        f"/{language}/practices/{private_material.slug}/cite.bib",
        f"/{language}/practices/{private_material.slug}/cite.json",
    ]
    for path in pages:
        response = visitor.get(path)
        assert response.status_code == 200, path
        page = b"".join(response).decode() if response.streaming else response.content.decode()
        for secret in SECRETS:
            assert secret not in page, f"{secret!r} leaks on {path}"
    catalogue = visitor.get(f"/{language}/practices/").content.decode()
    assert f"/practices/{private_material.slug}/" in catalogue, "the published one is listed"


def test_unpublished_practices_have_no_public_page_nor_preview(visitor, private_material):
    from practices.models import Practice

    for practice in Practice.objects.exclude(pk=private_material.pk):
        assert visitor.get(practice.get_absolute_url()).status_code == 404
        preview = visitor.get(f"/en/practices/preview/{practice.pk}/")
        assert preview.status_code in (302, 403)
        assert practice.title_en.encode() not in preview.content


def test_organisation_suggestions_leak_nothing_unpublished(visitor, private_material):
    from partners.models import Partnership

    hidden = Partnership.objects.exclude(practice=private_material).first().organisation
    results = visitor.get(f"/en/submit/organisations/?q={hidden.name[:6]}").json()["results"]

    assert hidden.pk not in [result["id"] for result in results]


def test_private_reports_cannot_be_downloaded(visitor, private_material):
    attachment = private_material.attachments.get()

    assert visitor.get(f"/en/reports/{attachment.pk}/").status_code == 404
