"""Benchmark the catalogue, a practice page and the admin changelist on PostgreSQL.

    .venv/bin/python scripts/benchmark_catalogue.py \
        --database-url postgres://postgres@127.0.0.1:5432/gpr_bench [--practices 10000]

Generates N published practices (fictional, and saying so first thing in their
summary, with bilingual text made of sentences about urban security) in a database
of its own, which it creates and migrates if needed and refuses to use if it holds
anything but benchmark data. The data are kept between runs (generated again when N
changes, or with --regenerate); before measuring, they are brought to steady state
(a migration rewrites every practice: its table is then compacted, and the planner's
statistics refreshed). It then requests, side by side, through Django's test client (the
whole stack but the network):

- the catalogue with a search, three filters and every facet count (the headline:
  filters a researcher would combine, leaving about a tenth of the practices, over a
  thousand of 10,000, so that every facet is counted over a large result set);
- the catalogue with the search alone, and with no filter at all: the commonest
  pages, and the heaviest, since nearly every practice is then counted;
- a practice page (a different practice each time);
- the Django admin's practice changelist with its facet counts (``?_facets=True``),
  searching the same word with the filters it has, over the same data;

and prints the median and 90th percentile of each, the number of SQL queries and of
results, and the ratio of the catalogue to the admin. Not part of the test suite.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SLUG_PREFIX = "benchmark-"
# The headline's three filters: about half of the practices are local, half work on
# prevention, and nearly half reach residents or young people (see generate()).
CATALOGUE_FILTERS = "level=local&intervention=prevention&audience=residents&audience=young-people"
CATALOGUE_TARGET = 0.150
PRACTICE_PAGE_TARGET = 0.050

# --- Fictional bilingual text -------------------------------------------------------

CITIES = {
    "FR": ["Lyon", "Lille", "Nantes", "Bordeaux", "Strasbourg", "Rennes", "Grenoble"],
    "BE": ["Liège", "Gand", "Bruxelles", "Charleroi"],
    "DE": ["Stuttgart", "Essen", "Leipzig", "Hanovre"],
    "ES": ["Barcelone", "Valence", "Bilbao", "Saragosse"],
    "IT": ["Bologne", "Turin", "Gênes", "Naples", "Modène"],
    "GB": ["Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff"],
    "PT": ["Lisbonne", "Porto", "Braga"],
    "NL": ["Rotterdam", "Utrecht", "Eindhoven"],
    "SE": ["Malmö", "Göteborg", "Uppsala"],
    "PL": ["Gdańsk", "Wrocław", "Cracovie"],
}
SCHEMES = [
    ("Night-time mediators", "Médiateurs de nuit"),
    ("Neighbourhood police officers", "Policiers de quartier"),
    ("Safer public transport", "Sécurité dans les transports publics"),
    ("Youth outreach workers", "Éducateurs de rue pour les jeunes"),
    ("Community safety partnership", "Partenariat local de sécurité"),
    ("Street lighting and design", "Éclairage et aménagement des rues"),
    ("Victim support service", "Service d’aide aux victimes"),
    ("School safety programme", "Programme de sécurité aux abords des écoles"),
    ("Prevention of radicalisation", "Prévention de la radicalisation"),
    ("Drug-related harm reduction", "Réduction des risques liés aux drogues"),
    ("Domestic violence shelter network", "Réseau d’hébergement pour les victimes de violences"),
    ("Conflict mediation in housing estates", "Médiation des conflits dans les quartiers"),
]
SENTENCES = [
    (
        "The city council set up the scheme with the police and local associations.",
        "La municipalité a mis en place le dispositif avec la police et les associations.",
    ),
    (
        "Mediators walk the streets in the evening and talk to residents and young people.",
        "Des médiateurs arpentent les rues le soir et parlent aux habitants et aux jeunes.",
    ),
    (
        "A steering group meets every month to review incidents and adjust the patrols.",
        "Un comité de pilotage se réunit chaque mois pour examiner les incidents.",
    ),
    (
        "The partners share data on crime and anti-social behaviour through a common observatory.",
        "Les partenaires partagent leurs données sur la délinquance et les incivilités au "
        "sein d’un observatoire commun.",
    ),
    (
        "Training sessions prepare staff to defuse conflicts before they escalate.",
        "Des formations préparent les agents à désamorcer les conflits avant qu’ils s’aggravent.",
    ),
    (
        "Victims are referred to support services within forty-eight hours.",
        "Les victimes sont orientées vers les services d’aide dans les quarante-huit heures.",
    ),
    (
        "Shopkeepers and bar owners take part in a network that reports problems quickly.",
        "Les commerçants et les gérants de bars participent à un réseau de signalement.",
    ),
    (
        "An external evaluation compared the target area with similar neighbourhoods.",
        "Une évaluation externe a comparé le secteur ciblé à des quartiers semblables.",
    ),
    (
        "Residents reported feeling safer in public transport after the first year.",
        "Les habitants se sont dits plus en sécurité dans les transports en commun.",
    ),
    (
        "The scheme relies on volunteers recruited and trained by the municipality.",
        "Le dispositif s’appuie sur des bénévoles recrutés et formés par la commune.",
    ),
    (
        "Street lighting was improved around stations, parks and school entrances.",
        "L’éclairage a été amélioré aux abords des gares, des parcs et des écoles.",
    ),
    (
        "Social workers follow young people at risk of dropping out of school.",
        "Des travailleurs sociaux suivent les jeunes en risque de décrochage scolaire.",
    ),
    (
        "The budget is shared between the city, the region and a European fund.",
        "Le budget est partagé entre la ville, la région et un fonds européen.",
    ),
    (
        "Results were mixed: burglaries fell, but complaints about noise rose.",
        "Les résultats sont mitigés : les cambriolages ont baissé, les plaintes pour bruit "
        "ont augmenté.",
    ),
]
# Every generated practice says it is fictional, first thing in its summary.
MARK_EN = "[Fictional practice generated for a benchmark.]"
MARK_FR = "[Pratique fictive générée pour un banc d’essai.]"


def paragraph(rng, sentences):
    picked = [rng.choice(SENTENCES) for _ in range(sentences)]
    return " ".join(en for en, _fr in picked), " ".join(fr for _en, fr in picked)


# --- Database -----------------------------------------------------------------------


def ensure_database(url):
    """Create the benchmark database if it does not exist."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    if config["ENGINE"] != "django.db.backends.postgresql":
        sys.exit("The benchmark needs PostgreSQL: give a postgres:// --database-url.")
    with psycopg.connect(
        dbname="postgres",
        user=config["USER"] or None,
        password=config["PASSWORD"] or None,
        host=config["HOST"] or None,
        port=config["PORT"] or None,
        autocommit=True,
    ) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]
        ).fetchone()
        if not exists:
            print(f"Creating the database {config['NAME']}")
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()


def generate(count, *, seed=2026):
    """Replace the benchmark practices by ``count`` new ones; return the time taken."""
    from django.db import transaction
    from django.utils import timezone

    from evaluations.choices import AssessmentSource, EvidenceLevel
    from evaluations.models import Assessment, Criterion
    from partners.choices import OrganisationKind
    from partners.models import Organisation, Partnership
    from practices.choices import CostBand, PracticeStatus, Timeline
    from practices.demo.loader import load_reference_data
    from practices.models import Practice
    from practices.services import practice_search_index_update_many

    started = time.perf_counter()
    rng = random.Random(seed)
    with transaction.atomic():
        load_reference_data()
        Practice.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).delete()
        organisations = Organisation.objects.bulk_create(
            Organisation(
                slug=f"{SLUG_PREFIX}organisation-{n}",
                name_en=f"Fictional organisation {n}",
                name_fr=f"Organisation fictive {n}",
                kind=rng.choice(OrganisationKind.values),
                country=rng.choice(list(CITIES)),
            )
            for n in range(max(count // 20, 10))
        )
        criteria = list(Criterion.objects.prefetch_related("levels"))
        vocabularies = {
            name: list(Practice._meta.get_field(name).related_model.objects.all())
            for name in ["levels", "domains", "target_audiences", "types", "intervention_points"]
        }
        now = timezone.now()
        for start in range(0, count, 1000):
            practices = []
            for n in range(start, min(start + 1000, count)):
                country = rng.choice(list(CITIES))
                city = rng.choice(CITIES[country])
                scheme_en, scheme_fr = rng.choice(SCHEMES)
                summary_en, summary_fr = paragraph(rng, 2)
                texts = {
                    "title": (f"{scheme_en} in {city}", f"{scheme_fr} à {city}"),
                    "summary": (f"{MARK_EN} {summary_en}", f"{MARK_FR} {summary_fr}"),
                    "description": paragraph(rng, rng.randint(8, 16)),
                    "objectives": paragraph(rng, 3),
                    "sustainability": paragraph(rng, 2),
                    "transferability": paragraph(rng, 2),
                    "evidence": paragraph(rng, 3),
                    "cost_description": paragraph(rng, 1),
                }
                values = {f"{name}_en": en for name, (en, _fr) in texts.items()}
                values |= {f"{name}_fr": fr for name, (_en, fr) in texts.items()}
                published = now - datetime.timedelta(days=rng.randint(0, 3650))
                practices.append(
                    Practice(
                        slug=f"{SLUG_PREFIX}{n}",
                        country=country,
                        # The generated names are used in both languages, as in the titles.
                        city_en=city,
                        city_fr=city,
                        start_date=published.date() - datetime.timedelta(days=rng.randint(0, 900)),
                        ongoing=rng.random() < 0.5,
                        timeline=rng.choice(["", *Timeline.values]),
                        cost_band=rng.choice(["", *CostBand.values]),
                        evidence_level=rng.choice(["", *EvidenceLevel.values]),
                        original_language=rng.choice(["en", "fr"]),
                        status=PracticeStatus.PUBLISHED,
                        published_at=published,
                        **values,
                    )
                )
            practices = Practice.objects.bulk_create(practices)
            for name, terms in vocabularies.items():
                through = Practice._meta.get_field(name).remote_field.through
                target = Practice._meta.get_field(name).m2m_reverse_field_name()
                through.objects.bulk_create(
                    through(practice_id=practice.pk, **{f"{target}_id": term.pk})
                    for practice in practices
                    for term in rng.sample(terms, rng.randint(1, min(3, len(terms))))
                )
            Partnership.objects.bulk_create(
                Partnership(
                    practice=practice,
                    organisation=organisation,
                    is_lead=index == 0,
                    role_en="Partner",
                    role_fr="Partenaire",
                )
                for practice in practices
                for index, organisation in enumerate(rng.sample(organisations, rng.randint(2, 5)))
            )
            Assessment.objects.bulk_create(
                Assessment(
                    practice=practice,
                    criterion=criterion,
                    source=AssessmentSource.STAFF,
                    level=rng.choice(list(criterion.levels.all())),
                    text_en=paragraph(rng, 2)[0],
                    text_fr=paragraph(rng, 2)[1],
                )
                for practice in practices
                if rng.random() < 0.7
                for criterion in criteria
            )
            print(f"  {start + len(practices)} practices", flush=True)
        print("  building the search index", flush=True)
        practice_search_index_update_many(
            queryset=Practice.objects.filter(slug__startswith=SLUG_PREFIX), batch_size=1000
        )
    return time.perf_counter() - started


def settle():
    """Bring the data to steady state: generating indexes each practice after inserting
    it, and a migration or ``rebuild_search_index`` rewrites every practice, while the
    benchmark's server may run without autovacuum. The practices' table is compacted
    when dead rows are more than a tenth of it (it is then read from disk at first),
    and the planner's statistics and the visibility maps are refreshed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_dead_tup > n_live_tup / 10 FROM pg_stat_user_tables "
            "WHERE relname = 'practices_practice'"
        )
        if cursor.fetchone()[0]:
            cursor.execute("VACUUM (FULL, ANALYZE) practices_practice")
        cursor.execute("VACUUM ANALYZE")


def refuse_foreign_data():
    from practices.models import Practice

    foreign = Practice.objects.exclude(slug__startswith=SLUG_PREFIX).count()
    if foreign:
        sys.exit(
            f"This database holds {foreign} practices that are not benchmark data: "
            "give the benchmark a database of its own."
        )


# --- Measuring ----------------------------------------------------------------------


def measure(client, urls, runs):
    """Median and 90th percentile (seconds) of GETting ``urls`` in turn, and the
    number of queries of the last request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for url in urls[:3]:  # warm up
        assert client.get(url).status_code == 200, url
    timings = []
    for run in range(runs):
        url = urls[run % len(urls)]
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, url
    with CaptureQueriesContext(connection) as queries:
        client.get(urls[0])
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.9) - 1], len(queries)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCHMARK_DATABASE_URL"),
        help="PostgreSQL database for the benchmark alone (or BENCHMARK_DATABASE_URL)",
    )
    parser.add_argument("--practices", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30, help="requests per page (default 30)")
    parser.add_argument("--query", default="police", help="the catalogue's search (police)")
    parser.add_argument(
        "--regenerate", action="store_true", help="generate the practices again even if present"
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a PostgreSQL database of its own)")

    ensure_database(args.database_url)
    setup_django(args.database_url)

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.http import QueryDict
    from django.test import Client

    from practices.filtersets import PracticeFilterSet
    from practices.models import Practice

    call_command("migrate", verbosity=0)
    refuse_foreign_data()
    if args.regenerate or Practice.objects.count() != args.practices:
        print(f"Generating {args.practices} published practices (fictional)…", flush=True)
        print(f"  done in {generate(args.practices):.0f} s")
    settle()

    client = Client()
    catalogues = {
        "catalogue": f"q={args.query}&{CATALOGUE_FILTERS}",
        "catalogue, search alone": f"q={args.query}",
        "catalogue, no filter": "",
    }
    found = {
        name: PracticeFilterSet(QueryDict(query)).qs.count() for name, query in catalogues.items()
    }
    slugs = list(
        Practice.objects.published().order_by("?").values_list("slug", flat=True)[: args.runs]
    )
    staff, _created = get_user_model().objects.get_or_create(
        username="benchmark", defaults={"is_staff": True, "is_superuser": True}
    )
    admin = Client()
    admin.force_login(staff)
    changelist = f"/en/admin/practices/practice/?_facets=True&q={args.query}&country__exact=FR"

    urls = {name: f"/en/practices/?{query}".rstrip("?") for name, query in catalogues.items()}
    results = {name: measure(client, [url], args.runs) for name, url in urls.items()}
    results["practice page"] = measure(
        client, [f"/en/practices/{slug}/" for slug in slugs], args.runs
    )
    results["admin changelist"] = measure(admin, [changelist], args.runs)
    targets = dict.fromkeys(catalogues, CATALOGUE_TARGET)
    targets["practice page"] = PRACTICE_PAGE_TARGET

    print()
    print(f"{Practice.objects.published().count()} published practices; {args.runs} requests each")
    for name, url in urls.items():
        print(f"{name + ':':25} {url}  ({found[name]} results)")
    print(f"{'admin changelist:':25} {changelist}")
    print()
    print(f"{'':25} {'median':>9} {'p90':>9} {'queries':>8}  target")
    for name, (median, p90, queries) in results.items():
        target = targets.get(name)
        verdict = ""
        if target:
            verdict = f"< {target * 1000:.0f} ms {'met' if median < target else 'MISSED'}"
        print(f"{name:25} {median * 1000:7.1f}ms {p90 * 1000:7.1f}ms {queries:8}  {verdict}")
    ratio = results["catalogue"][0] / results["admin changelist"][0]
    print()
    print(
        f"catalogue / admin changelist: {ratio:.2f} "
        f"({'faster' if ratio < 1 else 'SLOWER'} than the admin)"
    )


if __name__ == "__main__":
    main()
