"""Reads for guides: public pages, the builder, PDF documents and their cache keys."""

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from evaluations.models import Assessment, Criterion, RatingLevel
from partners.models import Organisation
from practices.choices import Language
from practices.filtersets import title_in_active_language
from practices.models import Practice, Recommendation
from practices.selectors import (
    practice_list,
    with_card_data,
    with_publication_dates,
    with_record,
)

from .choices import BuildStatus
from .models import Chapter, ChapterPractice, Guide, GuideBuild
from .pdf import LAYOUT_VERSION

# How many practices the builder's search shows at once.
SEARCH_LIMIT = 25
# How long a failed build answers for its guide before a reader's request tries again.
RETRY_AFTER = timedelta(minutes=15)


def can_edit_guides(user):
    return user.is_active and user.is_staff and user.has_perm("guides.change_guide")


def published_entries():
    """Chapter entries whose practice is published: the only ones the public sees."""
    return ChapterPractice.objects.filter(practice__in=Practice.objects.published().values("pk"))


def _published_count():
    return Coalesce(
        Subquery(
            published_entries()
            .filter(chapter__guide=OuterRef("pk"))
            .order_by()
            .values("chapter__guide")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def guide_list():
    """Published guides, newest first, with how many chapters and practices each holds."""
    return (
        Guide.objects.published()
        .annotate(chapter_count=Count("chapters"), practice_count=_published_count())
        .order_by("-published_at", "-pk")
    )


def _visible_guides(user):
    """Published guides; drafts too for users who may edit guides (the preview)."""
    return Guide.objects.all() if can_edit_guides(user) else Guide.objects.published()


def visible_guide(*, slug, user):
    """The guide ``user`` may see under ``slug``, or 404."""
    return get_object_or_404(_visible_guides(user), slug=slug)


def guide_detail(*, slug, user):
    """A guide with its chapters and their published practices (as result cards), or 404."""
    guides = _visible_guides(user)
    cards = with_card_data(Practice.objects.all())
    entries = published_entries().prefetch_related(Prefetch("practice", queryset=cards))
    chapters = Chapter.objects.prefetch_related(
        Prefetch("entries", queryset=entries, to_attr="published_entries")
    )
    return get_object_or_404(
        guides.prefetch_related(Prefetch("chapters", queryset=chapters)), slug=slug
    )


def _documented(queryset):
    """Practices with everything their PDF section shows, as on their page."""
    return with_publication_dates(with_record(queryset))


def guide_document(*, guide):
    """``[(chapter, practices)]``: each chapter with its published practices, in order.

    Practices carry everything their PDF section shows (``_documented``); the
    number of queries does not grow with the number of practices.
    """
    chapters = list(guide.chapters.all())
    rows = list(
        published_entries()
        .filter(chapter__guide=guide)
        .order_by("position", "pk")
        .values_list("chapter_id", "practice_id")
    )
    practices = _documented(Practice.objects.published()).in_bulk(
        [practice_id for _chapter, practice_id in rows]
    )
    by_chapter = {chapter.pk: [] for chapter in chapters}
    for chapter_id, practice_id in rows:
        if practice_id in practices:
            by_chapter[chapter_id].append(practices[practice_id])
    return [(chapter, by_chapter[chapter.pk]) for chapter in chapters]


@dataclass(frozen=True)
class PdfSelection:
    """The catalogue's result set as a PDF made at once would hold it."""

    # The practices' keys, in the catalogue's order; none if there are too many.
    pks: list
    count: int
    invalid_filters: bool

    @property
    def too_large(self):
        return self.count > settings.PDF_MAX_PRACTICES


def practice_selection(*, filterset):
    """The :class:`PdfSelection` of the catalogue's results under ``filterset``.

    One query, and a count only when there are more than ``PDF_MAX_PRACTICES``.
    """
    limit = settings.PDF_MAX_PRACTICES
    results = practice_list(filterset=filterset)
    pks = list(results.values_list("pk", flat=True)[: limit + 1])
    count = len(pks) if len(pks) <= limit else results.count()
    return PdfSelection(
        pks=pks if count <= limit else [],
        count=count,
        invalid_filters=bool(filterset.errors),
    )


def document_practices(*, pks):
    """The published practices among ``pks``, in that order, ready for a PDF."""
    practices = _documented(Practice.objects.published()).in_bulk(pks)
    return [practices[pk] for pk in pks if pk in practices]


def _guide_state(guide):
    """What the guide's PDFs are made of, as rows to hash (see ``guide_fingerprints``)."""
    latest_assessment = (
        Assessment.objects.filter(practice=OuterRef("practice"))
        .order_by()
        .values("practice")
        .annotate(latest=Max("updated_at"))
        .values("latest")
    )
    entries = published_entries().filter(chapter__guide=guide)
    rows = (
        entries.order_by("chapter__position", "chapter_id", "position", "pk")
        .annotate(assessed=Subquery(latest_assessment))
        .values_list(
            "chapter_id",
            "practice_id",
            "practice__version",
            "practice__updated_at",
            "assessed",
        )
    )
    chapters = list(guide.chapters.values_list("pk", "position"))
    practices = entries.values("practice_id")
    labels = sorted(set(_printed_labels(practices)), key=str)
    return [guide.pk, guide.updated_at, chapters, list(rows), labels]


# The widest row of ``_printed_labels``.
_LABEL_COLUMNS = 6


def _label_rows(queryset, kind, *fields):
    """``queryset``'s ``fields`` as text, after ``kind``, padded to ``_LABEL_COLUMNS``.

    Without modeltranslation's rewriting (``rewrite(False)``): it passes the columns
    of ``values_list()`` through a set, so their order in the SQL, hence in the rows
    of a union, would change from one process to the next, and the fingerprint with
    it (the web process and the worker would never agree). The fields named here are
    the ``_en``/``_fr`` columns themselves.
    """
    text = TextField()
    columns = [Cast(field, text) for field in fields]
    columns += [Value("", output_field=text)] * (_LABEL_COLUMNS - len(fields))
    return queryset.rewrite(False).order_by().values_list(Value(kind, output_field=text), *columns)


def _printed_labels(practices):
    """The shared rows a PDF of ``practices`` prints beside the practices' own record:
    their vocabulary terms, every criterion and rating level (the chart shows them
    all), their recommendations with their frameworks and their partners'
    organisations. One query (a union); none of these rows changes a practice."""
    parts = []
    for relation in Practice.VOCABULARIES:
        field = Practice._meta.get_field(relation)
        terms = field.related_model.objects.filter(
            **{f"{field.related_query_name()}__in": practices}
        )
        parts.append(_label_rows(terms, relation, "pk", "name_en", "name_fr", "position"))
    parts += [
        _label_rows(Criterion.objects.all(), "criterion", "pk", "name_en", "name_fr", "position"),
        _label_rows(
            RatingLevel.objects.all(), "level", "pk", "criterion_id", "rank", "label_en", "label_fr"
        ),
        _label_rows(
            Recommendation.objects.filter(practices__in=practices),
            "recommendation",
            "pk",
            "number",
            "summary_en",
            "summary_fr",
            "framework__title_en",
            "framework__title_fr",
        ),
        _label_rows(
            Organisation.objects.filter(partnerships__practice__in=practices),
            "organisation",
            "pk",
            "name_en",
            "name_fr",
            "kind",
            "website",
        ),
    ]
    return parts[0].union(*parts[1:], all=True)


def guide_fingerprints(*, guide):
    """``{language: key}``: a key per language that changes whenever the guide's PDF in
    that language would change.

    It covers the guide (its ``updated_at``, which every builder change touches), its
    chapters and their order, each published practice's place, version, last update
    and latest assessment (a practice leaving or joining publication comes or goes;
    unpublished ones, which no PDF shows, do not count), the labels printed from
    shared tables (vocabulary terms, criteria and rating levels, recommendations and
    their frameworks, partners' organisations: ``_printed_labels``), the language
    and the PDF layout version.
    Three queries.
    """
    state = _guide_state(guide)
    return {
        code: hashlib.sha256(
            json.dumps([LAYOUT_VERSION, code, state], default=str).encode()
        ).hexdigest()
        for code, _name in settings.LANGUAGES
    }


def guide_fingerprint(*, guide, language):
    """The key of the guide's PDF in ``language`` as the guide is now."""
    return guide_fingerprints(guide=guide)[language]


def cached_build(*, guide, language, fingerprint):
    """The finished build for this fingerprint whose file is still there, or None."""
    builds = GuideBuild.objects.filter(
        guide=guide, language=language, fingerprint=fingerprint, status=BuildStatus.DONE
    ).exclude(file="")
    for build in builds:
        if build.file.storage.exists(build.file.name):
            return build
    return None


def recent_failure(*, guide, language, fingerprint):
    """The build of this fingerprint that failed less than ``RETRY_AFTER`` ago, or None.

    Readers asking again meanwhile get its failure page rather than a new attempt
    each: a guide that cannot be built must not keep the worker busy. Editors can
    try again at once.
    """
    return GuideBuild.objects.filter(
        guide=guide,
        language=language,
        fingerprint=fingerprint,
        status=BuildStatus.FAILED,
        finished_at__gte=timezone.now() - RETRY_AFTER,
    ).first()


def build_in_flight(*, guide, language, fingerprint):
    return (
        GuideBuild.objects.in_flight()
        .filter(guide=guide, language=language, fingerprint=fingerprint)
        .first()
    )


def build_detail(*, pk, user):
    """A build of a published guide, or of any guide for editors; else 404.

    ``build.superseded`` says whether the build is a finished PDF that no longer shows
    its guide as it is now (e.g. one of its practices has since been archived) and
    that ``user`` may therefore not have: only editors may download an old edition;
    everyone else is sent on to the current one.
    """
    build = get_object_or_404(GuideBuild.objects.select_related("guide"), pk=pk)
    editor = can_edit_guides(user)
    if not (build.guide.is_published or editor):
        raise Http404
    build.superseded = (
        not editor
        and build.is_done
        and build.fingerprint != guide_fingerprint(guide=build.guide, language=build.language)
    )
    return build


def guides_for_editors():
    """Every guide, drafts first, with its size, for the builder's list."""
    return Guide.objects.annotate(
        chapter_count=Count("chapters"), practice_count=_published_count()
    ).order_by("status", "-updated_at")


@dataclass(frozen=True)
class BuilderPage:
    """What the guide builder shows besides its forms."""

    guide: Guide
    chapters: list
    results: list
    editions: list
    unpublished_count: int


def guide_builder(*, slug, query):
    """The builder's view of a guide, or 404: every chapter and entry, unpublished
    practices included (counted, and flagged on the page), the practices matching the
    search ``query`` that could be added, and each edition's latest build."""
    entries = ChapterPractice.objects.select_related("practice")
    chapters = Chapter.objects.prefetch_related(Prefetch("entries", queryset=entries))
    guide = get_object_or_404(
        Guide.objects.prefetch_related(Prefetch("chapters", queryset=chapters)), slug=slug
    )
    chapters = list(guide.chapters.all())
    return BuilderPage(
        guide=guide,
        chapters=chapters,
        results=list(practices_to_add(guide=guide, query=query)),
        editions=_editions(guide),
        unpublished_count=sum(
            not entry.practice.is_published
            for chapter in chapters
            for entry in chapter.entries.all()
        ),
    )


def _editions(guide):
    """Each language's edition of the guide with its most recent build, if any."""
    latest = {}
    for build in guide.builds.order_by("-created_at")[:20]:
        latest.setdefault(build.language, build)
    return [
        {"code": code, "name": Language(code).label, "build": latest.get(code)}
        for code, _name in settings.LANGUAGES
    ]


def guide_pdf_links(*, guide):
    """The guide's PDF in each language: its address and the language's name."""
    return [
        {"code": code, "url": guide.get_pdf_url(code), "name": Language(code).label}
        for code, _name in settings.LANGUAGES
    ]


def practices_to_add(*, guide, query):
    """Published practices not yet in ``guide`` whose title (in either language) matches.

    Both languages are searched on purpose: an editor may know a practice by its
    title in the other language.
    """
    query = query.strip()
    if not query:
        return Practice.objects.none()
    in_guide = ChapterPractice.objects.filter(chapter__guide=guide).values("practice")
    return (
        Practice.objects.published()
        .exclude(pk__in=in_guide)
        .filter(
            Q(title_en__icontains=query)
            | Q(title_fr__icontains=query)
            | Q(city_en__icontains=query)
            | Q(city_fr__icontains=query)
            | Q(slug__icontains=query)
        )
        .order_by(title_in_active_language(), "pk")[:SEARCH_LIMIT]
    )
