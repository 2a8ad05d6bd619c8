import pytest

from tests.factories import PracticeFactory

pytestmark = pytest.mark.django_db


def test_published_queryset_hides_drafts():
    published = PracticeFactory()
    PracticeFactory(draft=True)
    from practices.models import Practice

    assert list(Practice.objects.published()) == [published]
