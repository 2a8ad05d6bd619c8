"""Benchmark the PDFs: a 100-practice guide and a one-practice PDF, from generated data.

    .venv/bin/python scripts/benchmark_pdf.py                 # 100 practices, scratch SQLite
    .venv/bin/python scripts/benchmark_pdf.py --practices 20  # a smaller guide
    .venv/bin/python scripts/benchmark_pdf.py \
        --database-url postgres://postgres@127.0.0.1:5432/gpr_bench  # or BENCHMARK_DATABASE_URL

It makes a scratch database: a temporary SQLite file, or the PostgreSQL database
given with --database-url or BENCHMARK_DATABASE_URL (never DATABASE_URL, the site's
own), created if missing and refused if it holds anything but benchmark data; earlier
benchmark rows are replaced. It loads the reference data, generates fictional
practices (every text says it is generated) in a guide of ten chapters, then builds
each PDF in a child process of its own, the way the worker does, and prints seconds,
pages, pages per second and the child's peak memory (maximum resident set size).
The children store their files in a temporary private-media folder, removed at the
end; the PDFs are copied to var/benchmark/.

Targets on the project's 2-core machine: the 100-practice guide (about 200 pages)
under 60 s and under 1 GiB; a one-practice PDF under 2 s.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "var" / "benchmark"
SLUG_PREFIX = "benchmark-"
GUIDE_SLUG = f"{SLUG_PREFIX}guide"

PARAGRAPH = (
    "This is generated text for the PDF benchmark; it describes no real practice. "
    "Partners meet every month to review what the local safety audit says, agree on "
    "priorities and share the work between the police, the city's prevention team, "
    "youth services and residents' associations. Each action has an owner, a budget "
    "line and an indicator that the partnership follows over the year. "
)


def text(paragraphs, sentences=3):
    return "\n\n".join(PARAGRAPH * sentences for _ in range(paragraphs))


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def make_data(practice_count):
    """Reference data, ``practice_count`` generated practices and a guide holding them."""
    import datetime

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from evaluations.choices import AssessmentSource
    from evaluations.models import Assessment, Criterion, OutcomeIndicator
    from guides.models import Chapter, ChapterPractice, Guide
    from partners.choices import OrganisationKind
    from partners.models import Organisation, Partnership
    from practices.choices import PracticeStatus
    from practices.demo.loader import load_reference_data
    from practices.models import Domain, Level, Practice, Reference, UsefulLink

    call_command("migrate", verbosity=0)
    refuse_foreign_data()
    load_reference_data()
    with transaction.atomic():
        Guide.objects.filter(slug=GUIDE_SLUG).delete()
        Practice.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        criteria = list(Criterion.objects.prefetch_related("levels"))
        domains, levels = list(Domain.objects.all()), list(Level.objects.all())
        organisations = [
            Organisation.objects.create(
                name_en=f"Generated organisation {n}",
                slug=f"benchmark-organisation-{n}",
                kind=OrganisationKind.LOCAL_AUTHORITY,
                country="FR",
                website=f"https://www.example.org/generated/organisation-{n}/",
            )
            for n in range(20)
        ]
        countries = ["FR", "GB", "IT", "BE", "DE", "ES", "PT", "NL", "LT", "SE"]
        guide = Guide.objects.create(
            slug=GUIDE_SLUG,
            title_en="Benchmark guide (generated)",
            title_fr="Guide de mesure (généré)",
            subtitle_en="Generated practices for the PDF benchmark",
            subtitle_fr="Pratiques générées pour mesurer les PDF",
            foreword_en=text(3),
            foreword_fr=text(3),
            introduction_en=text(4),
            introduction_fr=text(4),
        )
        chapters = [
            Chapter.objects.create(
                guide=guide,
                title_en=f"Generated chapter {n + 1}",
                title_fr=f"Chapitre généré {n + 1}",
                introduction_en=text(1),
                introduction_fr=text(1),
                position=n,
            )
            for n in range(10)
        ]
        for n in range(practice_count):
            practice = Practice.objects.create(
                slug=f"benchmark-practice-{n}",
                title_en=f"Generated practice {n} for the PDF benchmark",
                title_fr=f"Pratique générée {n} pour mesurer les PDF",
                summary_en=PARAGRAPH,
                summary_fr=PARAGRAPH,
                description_en=text(3, 1),
                objectives_en=PARAGRAPH,
                sustainability_en=PARAGRAPH,
                transferability_en=PARAGRAPH,
                evidence_en="",
                cost_description_en="",
                country=countries[n % len(countries)],
                city_en=f"Generated city {n}",
                start_date=datetime.date(2010 + n % 12, 1, 1),
                status=PracticeStatus.PUBLISHED,
                published_at=timezone.now(),
                contact_email=f"never.printed.{n}@example.org",
            )
            practice.domains.set(domains[n % len(domains) :][:2])
            practice.levels.set(levels[:1])
            for position, organisation in enumerate(organisations[n % 5 : n % 5 + 4]):
                Partnership.objects.create(
                    practice=practice,
                    organisation=organisation,
                    role_en="Generated role: chairs the monthly partnership meeting.",
                    is_lead=position == 0,
                    position=position,
                )
            for criterion in criteria:
                scale = list(criterion.levels.all())
                Assessment.objects.create(
                    practice=practice,
                    criterion=criterion,
                    level=scale[(n + criterion.pk) % len(scale)],
                    source=AssessmentSource.STAFF,
                    text_en=PARAGRAPH if criterion.position % 3 == 0 else "",
                )
            OutcomeIndicator.objects.create(
                practice=practice, indicator_en="Generated indicator", result_en="Generated"
            )
            for position in range(3):
                Reference.objects.create(
                    practice=practice,
                    citation=f"Generated reference {position} for the benchmark.",
                    url="https://www.example.org/generated/a-very-long-address/"
                    + "segment-" * 20
                    + str(position),
                    position=position,
                )
            UsefulLink.objects.create(
                practice=practice, url="https://www.example.org/generated/link/", label_en="Link"
            )
            ChapterPractice.objects.create(
                chapter=chapters[n % len(chapters)], practice=practice, position=n
            )
    return guide


def refuse_foreign_data():
    """Stop unless every practice, guide and organisation is the benchmark's own: it
    deletes and replaces them, and must never write into a database of real data."""
    from guides.models import Guide
    from partners.models import Organisation
    from practices.models import Practice

    foreign = sum(
        model.objects.exclude(slug__startswith=SLUG_PREFIX).count()
        for model in (Practice, Guide, Organisation)
    )
    if foreign:
        sys.exit(
            f"This database holds {foreign} practices, guides or organisations that are not "
            "benchmark data: give the benchmark a database of its own."
        )


def child_environment(database_url, scratch):
    """The children's environment: the benchmark's database, and private files (the
    built PDFs) in the scratch folder rather than the site's own private media."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "PRIVATE_MEDIA_ROOT": str(Path(scratch) / "private-media"),
    }


def child(kind, language):
    """Build one PDF (in this process) and print its figures as JSON."""
    from guides.choices import BuildStatus
    from guides.models import Guide, GuideBuild
    from guides.pdf import render_practices_pdf
    from guides.selectors import document_practices
    from guides.services import guide_build_run
    from practices.models import Practice

    OUT_DIR.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    if kind == "guide":
        # Exactly what the worker does: progress writes, the stored file, the cleanup.
        guide = Guide.objects.get(slug=GUIDE_SLUG)
        build = GuideBuild.objects.create(guide=guide, language=language, fingerprint="benchmark")
        build = guide_build_run(build_id=build.pk)
        if build.status != BuildStatus.DONE:
            raise SystemExit(f"The guide build failed: {build.error}")
        target = OUT_DIR / f"guide-{language}.pdf"
        with build.file.open("rb") as built:
            target.write_bytes(built.read())
        rendered = build
    else:
        pk = Practice.objects.filter(slug="benchmark-practice-0").values_list("pk", flat=True)[0]
        practices = document_practices(pks=[pk])
        rendered = render_practices_pdf(
            practices=practices, language=language, title=str(practices[0].title)
        )
        target = OUT_DIR / f"practice-{language}.pdf"
        target.write_bytes(rendered.content)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print(json.dumps({"seconds": seconds, "pages": rendered.pages, "peak_kib": peak_kib}))


def run_child(kind, language, environment):
    command = [sys.executable, __file__, "--child", kind, "--language", language]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"The {kind} build failed (exit code {result.returncode}).")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report(label, figures, *, seconds_target, memory_target_mib=None):
    mib = figures["peak_kib"] / 1024
    rate = figures["pages"] / figures["seconds"] if figures["seconds"] else 0
    verdict = "OK" if figures["seconds"] < seconds_target else "SLOWER THAN TARGET"
    if memory_target_mib and mib >= memory_target_mib:
        verdict = "OVER MEMORY TARGET"
    print(
        f"{label:<34} {figures['seconds']:6.1f} s  {figures['pages']:4d} pages  "
        f"{rate:5.1f} pages/s  peak {mib:6.0f} MiB  (target < {seconds_target} s"
        + (f", < {memory_target_mib} MiB" if memory_target_mib else "")
        + f"): {verdict}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCHMARK_DATABASE_URL"),
        help="a PostgreSQL database for the benchmark alone (or BENCHMARK_DATABASE_URL); "
        "default: a temporary SQLite file",
    )
    parser.add_argument("--practices", type=int, default=100)
    parser.add_argument("--language", default="en", choices=["en", "fr"])
    parser.add_argument("--child", choices=["guide", "practice"], help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        setup_django(os.environ["DATABASE_URL"])
        child(args.child, args.language)
        return

    with tempfile.TemporaryDirectory(prefix="gpr-benchmark-") as scratch:
        database_url = args.database_url or f"sqlite:///{scratch}/benchmark.sqlite3"
        environment = child_environment(database_url, scratch)
        os.environ["PRIVATE_MEDIA_ROOT"] = environment["PRIVATE_MEDIA_ROOT"]
        setup_django(database_url)
        if database_url.startswith(("postgres://", "postgresql://")):
            ensure_postgres_database(database_url)
        print(f"Generating {args.practices} practices in {database_url} …", flush=True)
        start = time.perf_counter()
        make_data(args.practices)
        print(f"  done in {time.perf_counter() - start:.1f} s", flush=True)
        guide = run_child("guide", args.language, environment)
        practice = run_child("practice", args.language, environment)
    print()
    report(
        f"Guide of {args.practices} practices ({args.language})",
        guide,
        seconds_target=60,
        memory_target_mib=1024,
    )
    report(f"One practice ({args.language})", practice, seconds_target=2)
    print(f"PDFs written to {OUT_DIR.relative_to(ROOT)}/")


def ensure_postgres_database(database_url):
    """Create the benchmark's PostgreSQL database if it does not exist yet."""
    import psycopg
    from django.db import connection

    name = connection.settings_dict["NAME"]
    admin = {**connection.get_connection_params(), "dbname": "postgres"}
    with psycopg.connect(**admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
