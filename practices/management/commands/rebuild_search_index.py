"""``manage.py rebuild_search_index``: rebuild the search document of every practice."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.services import practice_search_index_update_many


class Command(BaseCommand):
    help = (
        "Rebuild the search document of every practice (texts in both languages and "
        "the staff assessments' texts). Run it after upgrading to a version that changes "
        "what is searched, or after changing practices outside the site. Safe to run again."
    )

    def handle(self, *args, **options):
        count = practice_search_index_update_many()
        self.stdout.write(
            self.style.SUCCESS(_("Search index rebuilt for {count} practices.").format(count=count))
        )
