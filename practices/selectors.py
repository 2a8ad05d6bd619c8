"""Reads for the public pages; every one starts from published practices."""

from dataclasses import dataclass

from django.core.validators import slug_re
from django.db.models import Case, Count, Max, OuterRef, Prefetch, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django_countries.fields import Country

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment, Criterion
from partners.models import Partnership

from . import facets, search
from .choices import VersionKind
from .models import (
    AccessLink,
    Attachment,
    Practice,
    PracticeFacet,
    PracticeVersion,
    Recommendation,
)

# Columns no result card shows: the search document (a few kilobytes a practice, read
# for nothing in a page of results) and the contact details.
NOT_ON_CARDS = [
    "search_text",
    "search_title",
    "search_vector",
    "sort_title_en",
    "sort_title_fr",
    "contact_name",
    "contact_email",
    "contact_phone",
    "contact_organisation",
]


def with_card_data(queryset):
    """Add what a result card shows: domains, and how many criteria staff rated (and
    leave out what it does not)."""
    rated = (
        Assessment.objects.filter(
            practice=OuterRef("pk"), source=AssessmentSource.STAFF, level__isnull=False
        )
        .order_by()
        .values("practice")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        queryset.defer(*NOT_ON_CARDS)
        .prefetch_related("domains")
        .annotate(rated_criteria=Coalesce(Subquery(rated), 0))
    )


def practice_list(*, filterset):
    """Published practices matching ``filterset``, with what a result card shows.

    An invalid filter value gives no results (its error is shown next to the filter)
    rather than silently ignoring what the user asked for.
    """
    if filterset.is_bound and not filterset.is_valid():
        return filterset.queryset.none()
    return with_card_data(filterset.qs)


def practice_open_data(*, filterset):
    """The valid ``filterset``'s published practices with their whole public record, in
    the catalogue's order: what the exports give."""
    return with_publication_dates(with_record(filterset.qs))


def with_search_passages(practices, *, query):
    """The practices of one result page as a list, each with ``search_passage``: the
    :class:`~practices.search.Passage` matching ``query``, or None."""
    practices = list(practices)
    passages = search.passages(practices, query)
    for practice in practices:
        practice.search_passage = passages.get(practice.pk)
    return practices


def with_key_facts(queryset):
    """Add what a practice page and the comparison show of every practice: its
    vocabularies, partners, and staff assessments (as ``staff_assessments``)."""
    staff_assessments = Assessment.objects.filter(source=AssessmentSource.STAFF).select_related(
        "level"
    )
    return queryset.prefetch_related(
        *Practice.VOCABULARIES,
        Prefetch(
            "partnerships",
            queryset=Partnership.objects.select_related("organisation"),
        ),
        Prefetch("assessments", queryset=staff_assessments, to_attr="staff_assessments"),
    )


def with_record(queryset):
    """Add every related row of the whole public record: what the practice page, the
    API and the exports show."""
    return with_key_facts(queryset).prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.select_related("framework")),
        "references",
        "links",
        "outcomes",
    )


# The vocabularies and recommendations of a practice, as its pages show them.
CLASSIFICATION_PREFETCHES = [*Practice.VOCABULARIES, "recommendations__framework"]


def with_publication_dates(queryset):
    """Add what readers are told of a practice's versions, on its page and PDF, in its
    citation, the API and the exports: ``publication_count``, how many versions were
    published (the latest published version's number; 0 when none was recorded), and
    ``last_updated_at``, when the latest of them was published (the last save when
    none was recorded)."""
    publications = (
        PracticeVersion.objects.filter(practice=OuterRef("pk"), kind=VersionKind.PUBLICATION)
        .order_by()
        .values("practice")
    )
    return queryset.annotate(
        publication_count=Coalesce(Subquery(publications.annotate(n=Count("pk")).values("n")), 0),
        last_updated_at=Coalesce(
            Subquery(publications.annotate(last=Max("created_at")).values("last")), "updated_at"
        ),
    )


def _with_page_data(queryset):
    """What the practice page shows: the whole record, the reports made public and the
    publication history."""
    return with_publication_dates(
        with_record(queryset).prefetch_related(
            Prefetch(
                "attachments",
                queryset=Attachment.objects.filter(is_public=True),
                to_attr="public_attachments",
            )
        )
    )


def practice_detail(*, slug):
    """One published practice with every related row its page shows, or 404."""
    return get_object_or_404(_with_page_data(Practice.objects.published()), slug=slug)


def practice_preview(*, pk):
    """Any practice, whatever its status, as its public page would show it (staff only)."""
    return get_object_or_404(_with_page_data(Practice.objects.all()), pk=pk)


def access_link_active(*, pk, practice_pk):
    """The private link ``pk`` to practice ``practice_pk`` if it is still active."""
    return AccessLink.objects.filter(
        pk=pk, practice_id=practice_pk, revoked_at__isnull=True
    ).first()


# How much sharing a term of each vocabulary says two practices are related; similar
# titles count at most TITLE_WEIGHT. A practice is related from a score of RELATED_MIN.
RELATED_WEIGHTS = {"domains": 3, "types": 2, "target_audiences": 2}
TITLE_WEIGHT = 3
RELATED_MIN = 1
RELATED_COUNT = 4
# Practices sharing the most terms that are then also compared by title.
RELATED_CANDIDATES = 20


def _shared_terms(practice):
    """The practices having some of ``practice``'s terms that relate practices, each
    annotated with its ``score``: the weights of the terms it has (RELATED_WEIGHTS),
    added up. Read from the facet keys (``practices/facets.py``), by their index;
    ``practice``'s vocabularies must be prefetched."""
    weights = {
        facets.key(relation, term.pk): Value(weight)
        for relation, weight in RELATED_WEIGHTS.items()
        for term in getattr(practice, relation).all()
    }
    weight = Case(
        *(When(key=key, then=weight) for key, weight in weights.items()), default=Value(0)
    )
    return (
        PracticeFacet.objects.filter(key__in=weights)
        .values("practice")
        .annotate(score=Sum(weight))
        .order_by()
    )


def related_practices(*, practice, limit=RELATED_COUNT):
    """The published practices closest to ``practice``, best first, as a list, with
    what a card shows: those sharing the most vocabulary terms (a domain counts most)
    and with similar titles.

    ``practice``'s vocabularies must be prefetched (``with_key_facts``). Three
    queries (four with the cards' domains), each reading few rows whatever the number
    of practices: the RELATED_CANDIDATES practices sharing the most terms, as many
    with the closest titles, then the best of both.
    """
    shared = _shared_terms(practice)
    sharing_most = shared.exclude(practice=practice).order_by("-score", "-practice")
    others = Practice.objects.published().exclude(pk=practice.pk)
    candidates = [
        *sharing_most.values_list("practice", flat=True)[:RELATED_CANDIDATES],
        *search.closest_titles(others, practice, count=RELATED_CANDIDATES),
    ]
    term_score = Subquery(shared.filter(practice=OuterRef("pk")).values("score"))
    related = (
        others.filter(pk__in=candidates)
        .annotate(
            relatedness=Coalesce(term_score, 0)
            + search.title_similarity(practice) * Value(float(TITLE_WEIGHT))
        )
        .order_by("-relatedness", "-published_at", "-pk")
    )
    # Those of the best that are not related enough are left out here: in the query,
    # each candidate's score would be computed twice, to filter and to sort.
    return [p for p in with_card_data(related)[:limit] if p.relatedness >= RELATED_MIN]


def practice_for_citation(*, slug):
    """One published practice with what its citation names, or 404."""
    return get_object_or_404(
        with_publication_dates(Practice.objects.published()).prefetch_related("domains"),
        slug=slug,
    )


def _is_slug(value):
    # What the address gives may be anything, NUL bytes included, which PostgreSQL
    # refuses in a query: only a well-formed slug is looked up.
    return bool(slug_re.match(value))


def published_practice(*, slug):
    """One published practice, without related rows, or 404."""
    if not _is_slug(slug):
        raise Http404
    return get_object_or_404(Practice.objects.published(), slug=slug)


# --- Comparison ---------------------------------------------------------------------

COMPARISON_MAX = 4
COMPARISON_SESSION_KEY = "comparison"


def comparison_selection(*, session):
    """The slugs of the practices the visitor selected for comparison, in order."""
    slugs = session.get(COMPARISON_SESSION_KEY, [])
    return [slug for slug in slugs if isinstance(slug, str)][:COMPARISON_MAX]


def comparison_requested(*, values):
    """The slugs a comparison link or form asks for (``?p=…&p=…``), in order, once each."""
    return list(dict.fromkeys(values))


def comparison_practices(*, slugs):
    """The published practices among ``slugs``, in that order, with their key facts.

    Slugs of practices that do not exist or are not published are left out.
    """
    wanted = [slug for slug in slugs if _is_slug(slug)]
    practices = with_key_facts(Practice.objects.published().filter(slug__in=wanted))
    by_slug = {practice.slug: practice for practice in practices}
    return [by_slug[slug] for slug in slugs if slug in by_slug]


def criteria_with_scales():
    """The evaluation criteria in order, each with its ordered rating levels."""
    return list(Criterion.objects.prefetch_related("levels"))


def home_summary():
    """Counts and featured practices for the home page."""
    published = Practice.objects.published()
    featured = list(with_card_data(Practice.objects.featured())[:3]) or list(
        with_card_data(published)[:3]
    )
    return {
        "featured": featured,
        "practice_count": published.count(),
        "country_count": published.order_by().values("country").distinct().count(),
        "partner_count": Partnership.objects.filter(practice__in=published.values("pk"))
        .values("organisation")
        .distinct()
        .count(),
    }


@dataclass(frozen=True)
class CountryCount:
    """How many published practices come from one country."""

    country: Country
    count: int


def country_counts():
    """Published practices per country, most first, then by name in the active language."""
    rows = Practice.objects.published().order_by().values("country").annotate(n=Count("pk"))
    counts = [CountryCount(Country(row["country"]), row["n"]) for row in rows]
    return sorted(counts, key=lambda entry: (-entry.count, search.normalise(entry.country.name)))
