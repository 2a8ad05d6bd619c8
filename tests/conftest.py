import pytest
from django.db import connection
from django.utils import translation


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` when the suite runs on SQLite."""
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _english_by_default():
    """Model-level code reads the active language; tests start in English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so rate limits count from zero."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_user(
        username="editor", password="a-long-test-password", is_staff=True, is_superuser=True
    )


def _member_of(django_user_model, username, role):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password="a-long-test-password",
        is_staff=True,
        first_name=username.capitalize(),
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewer(django_user_model):
    from practices.roles import REVIEWER

    return _member_of(django_user_model, "rita", REVIEWER)


@pytest.fixture
def editor(django_user_model):
    from practices.roles import EDITOR

    return _member_of(django_user_model, "eddie", EDITOR)


@pytest.fixture
def administrator(django_user_model):
    from practices.roles import ADMINISTRATOR

    return _member_of(django_user_model, "ada", ADMINISTRATOR)


@pytest.fixture
def staff_without_role(django_user_model):
    """Staff (may log in to the admin) but in no review role: sees nothing unpublished."""
    return _member_of(django_user_model, "ian", None)
