"""``manage.py load_reference_data``: what every deployment needs, loaded idempotently."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from practices.demo.loader import load_reference_data


class Command(BaseCommand):
    help = (
        "Create the Efus evaluation criteria and their scales, the controlled vocabularies "
        "and Council of Europe Congress Resolution 237 (2007) where they are missing. "
        "Rows already there are left as staff edited them, unless --update is given. Safe "
        "to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Also reset the names, labels, definitions, summaries, positions and ranks "
                "of existing rows to the file's, undoing what staff changed in the admin."
            ),
        )

    def handle(self, *args, **options):
        summary = load_reference_data(update=options["update"])
        if options["update"]:
            outcome = ngettext(
                "{created} missing row created, the others updated to match the file.",
                "{created} missing rows created, the others updated to match the file.",
                summary.created,
            )
        else:
            outcome = ngettext(
                "{created} missing row created, the others left as they were.",
                "{created} missing rows created, the others left as they were.",
                summary.created,
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Reference data: {criteria} criteria with {levels} rating levels, "
                    "{terms} vocabulary terms, {recommendations} recommendations in "
                    "{frameworks} reference framework(s)."
                ).format(
                    criteria=summary.criteria,
                    levels=summary.rating_levels,
                    terms=summary.terms,
                    recommendations=summary.recommendations,
                    frameworks=summary.frameworks,
                )
                + " "
                + outcome.format(created=summary.created)
            )
        )
