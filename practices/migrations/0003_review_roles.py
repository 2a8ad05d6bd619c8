from django.contrib.auth.management import create_permissions
from django.db import migrations

from practices.roles import roles_sync


def create_roles(apps, schema_editor):
    # Permissions are normally created after the last migration; the roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("evaluations", "0002_level_slug_reserved"),
        ("partners", "0001_initial"),
        ("practices", "0002_review_workflow"),
        ("submissions", "0001_messages_and_notes"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
