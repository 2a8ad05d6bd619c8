"""``manage.py build_guide_pdf <slug> --language fr -o guide.pdf``: a guide's PDF, here and now."""

import os
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from guides.models import Guide
from guides.pdf import render_guide_pdf
from guides.selectors import guide_document


class Command(BaseCommand):
    help = (
        "Build the PDF of any guide (published or draft) in one language and write it to a "
        "file, in this process rather than through the background worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The guide's slug, as in its address.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
            help="The edition's language (default: %(default)s).",
        )
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            help="Where to write the PDF (default: <slug>-<language>.pdf here).",
        )

    def handle(self, *args, slug, language, output, **options):
        guide = Guide.objects.filter(slug=slug).first()
        if guide is None:
            raise CommandError(_("There is no guide with the slug “{slug}”.").format(slug=slug))
        output = output or Path(f"{slug}-{language}.pdf")
        start = time.perf_counter()
        # Written beside the output, then renamed: a failed build leaves no broken file,
        # and an earlier PDF of the same name stays as it was.
        partial = None
        try:
            with tempfile.NamedTemporaryFile(
                dir=output.parent, prefix=f".{output.name}.", suffix=".part", delete=False
            ) as target:
                partial = Path(target.name)
                try:
                    rendered = render_guide_pdf(
                        guide=guide,
                        chapters=guide_document(guide=guide),
                        language=language,
                        target=target,
                    )
                except Exception as error:
                    raise CommandError(
                        _("Could not build the PDF: {error}").format(error=error)
                    ) from error
            os.replace(partial, output)
        except OSError as error:
            raise CommandError(
                _("Could not write {path}: {error}").format(path=output, error=error)
            ) from error
        finally:
            if partial:
                partial.unlink(missing_ok=True)
        self.stdout.write(
            self.style.SUCCESS(
                _("Wrote {path}: {pages} pages in {seconds:.1f} s.").format(
                    path=output, pages=rendered.pages, seconds=time.perf_counter() - start
                )
            )
        )
