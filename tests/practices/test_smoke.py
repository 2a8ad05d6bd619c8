import pytest

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_published_queryset_hides_drafts():
    published = PracticeFactory()
    PracticeFactory(draft=True)
    from practices.models import Practice

    assert list(Practice.objects.published()) == [published]


@pytest.mark.parametrize(
    "path",
    [
        "/en/practices/feed/",
        "/en/practices/export.csv",
        "/en/practices/{slug}/cite.ris",
        "/en/reports/{report}/",
        "/en/review/{pk}/",
        "/en/submit/{pk}/",
    ],
)
def test_addresses_that_only_show_refuse_a_post(client, editor, path):
    from practices.models import Attachment

    practice = PracticeFactory()
    report = Attachment.objects.create(
        practice=practice, original_name="r.pdf", content_type="application/pdf", size=1
    )
    client.force_login(editor)
    path = path.format(slug=practice.slug, report=report.pk, pk=practice.pk)

    assert client.post(path).status_code == 405
