"""Staff roles, as Django groups, each a set of permissions.

Code checks permissions (``user.has_perm("practices.publish_practice")``), never group
names: a role is only a convenient bundle of them.

- Reviewer: reads submissions, comments, assesses, requests changes, recommends.
- Editor: also publishes, rejects, archives and edits published practices, curates
  vocabularies, partners and the rest of the record in the admin, and composes and
  publishes good-practice guides (the guide builder).
- Administrator: every permission there is, users and groups included.
"""

from django.apps import apps as global_apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

REVIEWER = "Reviewer"
EDITOR = "Editor"
ADMINISTRATOR = "Administrator"
# The roles' names in sentences, in the reader's language.
ROLE_LABELS = {REVIEWER: _("reviewer"), EDITOR: _("editor"), ADMINISTRATOR: _("administrator")}

REVIEWER_PERMISSIONS = [
    "practices.view_practice",
    "practices.review_practice",
    "practices.view_practiceevent",
    "practices.view_practiceversion",
    "practices.view_attachment",
    "evaluations.view_assessment",
    "evaluations.view_criterion",
    "partners.view_organisation",
    "partners.view_partnership",
    "submissions.view_message",
    "submissions.view_internalnote",
]

_CURATED = [
    ("practices", "level"),
    ("practices", "domain"),
    ("practices", "targetaudience"),
    ("practices", "practicetype"),
    ("practices", "interventionpoint"),
    ("practices", "reference"),
    ("practices", "usefullink"),
    ("partners", "organisation"),
    ("partners", "partnership"),
    ("evaluations", "assessment"),
    ("evaluations", "outcomeindicator"),
]

EDITOR_PERMISSIONS = [
    *REVIEWER_PERMISSIONS,
    "practices.publish_practice",
    "practices.edit_published_practice",
    "practices.add_practice",
    "practices.change_practice",
    "practices.change_attachment",
    "guides.view_guide",
    "guides.add_guide",
    "guides.change_guide",
    "guides.delete_guide",
    "guides.publish_guide",
    *(
        f"{app}.{action}_{model}"
        for app, model in _CURATED
        for action in ("view", "add", "change", "delete")
    ),
]

# None: every permission, including those of models added later.
ROLES = {
    REVIEWER: REVIEWER_PERMISSIONS,
    EDITOR: EDITOR_PERMISSIONS,
    ADMINISTRATOR: None,
}


def _matching(permission_model, labels):
    condition = Q(pk__in=[])
    for label in labels:
        app_label, codename = label.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return permission_model.objects.filter(condition)


def roles_sync(*, apps=global_apps):
    """Create the role groups and give each (at least) its permissions.

    Run by a migration and after every ``migrate`` (``PracticesConfig.ready``), so the
    administrators also get the permissions of models added later. Permissions are only
    added: what staff grant a group in the admin stays. ``apps`` may be a migration's
    historical registry.
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for name, labels in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        permissions = (
            permission_model.objects.all()
            if labels is None
            else _matching(permission_model, labels)
        )
        group.permissions.add(*permissions)
