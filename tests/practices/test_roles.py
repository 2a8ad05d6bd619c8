"""Staff roles are groups made by a migration; code checks permissions, not names."""

import pytest
from django.contrib.auth.models import Group, Permission

from practices.roles import ADMINISTRATOR, EDITOR, REVIEWER, ROLES, roles_sync

pytestmark = pytest.mark.django_db


def labels(group):
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def test_the_migration_made_every_role_with_its_permissions():
    for name, wanted in ROLES.items():
        group = Group.objects.get(name=name)
        if wanted is None:
            assert group.permissions.count() == Permission.objects.count()
        else:
            assert set(wanted) <= labels(group), f"{name} lacks a permission (misspelt?)"


def test_reviewers_review_but_do_not_decide(reviewer):
    assert reviewer.has_perm("practices.review_practice")
    assert not reviewer.has_perm("practices.publish_practice")
    assert not reviewer.has_perm("practices.edit_published_practice")
    assert not reviewer.has_perm("practices.change_practice")


def test_editors_also_publish_and_edit_published_practices(editor):
    for permission in [
        "practices.review_practice",
        "practices.publish_practice",
        "practices.edit_published_practice",
        "practices.change_practice",
        "partners.change_organisation",
    ]:
        assert editor.has_perm(permission), permission
    assert not editor.has_perm("auth.change_user")


def test_administrators_may_do_everything(administrator):
    assert administrator.has_perm("auth.change_user")
    assert administrator.has_perm("practices.publish_practice")


def test_sync_keeps_what_staff_granted_and_restores_what_is_missing():
    reviewers = Group.objects.get(name=REVIEWER)
    extra = Permission.objects.get(codename="change_organisation")
    reviewers.permissions.add(extra)
    reviewers.permissions.remove(Permission.objects.get(codename="review_practice"))

    roles_sync()

    assert reviewers.permissions.filter(pk=extra.pk).exists()
    assert "practices.review_practice" in labels(reviewers)
    assert Group.objects.filter(name__in=[REVIEWER, EDITOR, ADMINISTRATOR]).count() == 3
