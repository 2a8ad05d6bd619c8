"""``manage.py load_demo_data``: reference data, demo practices and a demo staff login."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guides.models import Guide
from guides.services import guide_build_request
from practices.demo.loader import (
    demo_role_accounts_ensure,
    demo_staff_ensure,
    load_demo_guides,
    load_demo_practices,
    load_demo_samples,
)
from practices.roles import ROLE_LABELS


class Command(BaseCommand):
    help = (
        "Load the reference data, the demo practices and the fictional sample submissions, "
        "and create or reset the demo staff accounts (“demo”, “demo-reviewer”, "
        "“demo-editor”; password from DEMO_PASSWORD or the documented default). Safe to "
        "run again; the samples go back to their initial state."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="Where the site runs, for the printed login address.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Load even though DEBUG is off. The demo accounts' password is published: "
                "never do this on a site others can reach."
            ),
        )
        parser.add_argument(
            "--queue-guide-pdfs",
            action="store_true",
            help=(
                "Also queue the demo guide's PDFs, in every language, for the background "
                "worker (manage.py db_worker), so that they are ready when first asked for."
            ),
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                _(
                    "DEBUG is off, so this looks like a production site: the demo data "
                    "would add staff accounts whose password is published. Use --force to "
                    "load it anyway, on a site nobody else can reach."
                )
            )
        # All or nothing: a mistake in the demo data leaves the database as it was.
        with transaction.atomic():
            call_command("load_reference_data", stdout=self.stdout, stderr=self.stderr)
            summary = load_demo_practices()
            guides = load_demo_guides()
            user, password = demo_staff_ensure()
            accounts = demo_role_accounts_ensure(password=password)
            samples = load_demo_samples()
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data loaded: {practices} published practices, {organisations} "
                    "organisations, {partnerships} partnerships, {assessments} staff "
                    "assessments."
                ).format(
                    practices=summary.practices,
                    organisations=summary.organisations,
                    partnerships=summary.partnerships,
                    assessments=summary.assessments,
                )
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                ngettext(
                    "Demo guide loaded: {guides} guide with {chapters} chapters.",
                    "Demo guides loaded: {guides} guides with {chapters} chapters.",
                    guides.guides,
                ).format(guides=guides.guides, chapters=guides.chapters)
            )
        )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Sample submissions loaded: {count} fictional practices waiting in the "
                    "review queue."
                ).format(count=samples.samples)
            )
        )
        if options["queue_guide_pdfs"]:
            for guide in Guide.objects.filter(slug__in=guides.slugs):
                for language, _name in settings.LANGUAGES:
                    guide_build_request(guide=guide, language=language)
            self.stdout.write(
                _("Demo guide PDFs queued: the background worker builds them in a minute or so.")
            )
        base_url = options["base_url"].rstrip("/")
        with translation.override("en"):
            admin_url = base_url + reverse("admin:index")
            queue_url = base_url + reverse("submissions:review_queue")
            sample_url = base_url + reverse(
                "submissions:submission_access", kwargs={"token": samples.submitter_token}
            )
        self.stdout.write(
            _("Demo staff login: {url} user «{username}», password «{password}»").format(
                url=admin_url, username=user.get_username(), password=password
            )
        )
        for account, role in accounts:
            self.stdout.write(
                _("Demo {role} login: user «{username}», password «{password}»").format(
                    role=ROLE_LABELS[role], username=account.get_username(), password=password
                )
            )
        self.stdout.write(_("Review queue: {url}").format(url=queue_url))
        self.stdout.write(
            _("Submitter's private link to the sample awaiting changes: {url}").format(
                url=sample_url
            )
        )
