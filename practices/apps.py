from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from .roles import roles_sync

    # A flush (between transactional tests) sends the signal without ``apps``.
    if "apps" in kwargs:
        roles_sync(apps=kwargs["apps"])
    else:
        roles_sync()


class PracticesConfig(AppConfig):
    name = "practices"
    verbose_name = _("Practices")

    def ready(self):
        from django.db.models import IntegerField

        from .lookups import IntegerIn

        IntegerField.register_lookup(IntegerIn)
        # After every migrate (and every test-database flush): the role groups exist
        # and the administrators hold every permission, new ones included.
        post_migrate.connect(_sync_roles, dispatch_uid="practices.sync_roles")
