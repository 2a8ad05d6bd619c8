"""``manage.py load_reference_data``: what every deployment needs, loaded idempotently."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from practices.demo.loader import load_reference_data


class Command(BaseCommand):
    help = (
        "Load the Efus evaluation criteria and their scales, the controlled vocabularies "
        "and Council of Europe Congress Resolution 237 (2007). Safe to run again."
    )

    def handle(self, *args, **options):
        summary = load_reference_data()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Reference data loaded: {criteria} criteria with {levels} rating levels, "
                    "{terms} vocabulary terms, {recommendations} recommendations in "
                    "{frameworks} reference framework(s)."
                ).format(
                    criteria=summary.criteria,
                    levels=summary.rating_levels,
                    terms=summary.terms,
                    recommendations=summary.recommendations,
                    frameworks=summary.frameworks,
                )
            )
        )
