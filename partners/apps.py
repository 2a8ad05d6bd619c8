from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


def _register_sql_functions(sender, connection, **kwargs):
    """Give SQLite the project's text normalisation (PostgreSQL has its own)."""
    if connection.vendor == "sqlite":
        from .selectors import NORMALISE_SQLITE, normalise_or_null

        connection.connection.create_function(
            NORMALISE_SQLITE, 1, normalise_or_null, deterministic=True
        )


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        connection_created.connect(_register_sql_functions, dispatch_uid="partners.sql_functions")
