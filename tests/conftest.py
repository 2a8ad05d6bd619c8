import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_by_default():
    """Model-level code reads the active language; tests start in English."""
    with translation.override("en"):
        yield


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )
