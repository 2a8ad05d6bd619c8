"""Catalogue filters and the facet counts that go with them.

Every facet counts, for each of its choices, the practices that match it among those
the *other* active filters leave: choosing that option alone in its facet gives exactly
that many results (choices of one facet are ORed, so adding it to choices already made
there gives at least as many). Counting is done here and only here, one aggregate query
per facet, whatever the number of practices.
"""

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Case, Count, Exists, F, FilteredRelation, OuterRef, Q, Value, When
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from evaluations.choices import AssessmentSource, EvidenceLevel
from evaluations.models import NOT_RATED, Assessment, Criterion

from . import search as practice_search
from .choices import Timeline
from .models import (
    Domain,
    InterventionPoint,
    Level,
    Practice,
    PracticeType,
    Recommendation,
    TargetAudience,
)

NOT_STATED = NOT_RATED
FIRST_YEAR, LAST_YEAR = 1945, 2100


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[FacetOption]
    errors: list[str]
    # The label where the option says the rest, e.g. "Relevance: Very relevant" in the
    # chip that removes a filter, rather than "Rating: Relevance: Very relevant".
    short_label: str

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


# Described in the API's OpenAPI document as repeatable strings (slugs, codes, years).
@extend_schema_field(OpenApiTypes.STR)
class FacetFilter(django_filters.MultipleChoiceFilter):
    """A multiple-choice filter (choices ORed) that can count what each choice gives.

    Subclasses implement :meth:`condition` (the filter as one ``Q``, built from
    subqueries rather than joins, so no ``DISTINCT`` is needed) and
    :meth:`facet_counts`.
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(self.condition(set(value)))

    def condition(self, values):
        raise NotImplementedError

    def facet_counts(self, queryset):
        """Map each choice value to the number of practices in ``queryset`` it matches."""
        raise NotImplementedError

    def option_labels(self):
        return {str(value): str(label) for value, label in self.field.choices}

    @property
    def short_label(self):
        return self.label


class FieldFacetFilter(FacetFilter):
    """Filters on a plain column; blank values count as "not stated"."""

    def condition(self, values):
        condition = Q(**{f"{self.field_name}__in": values - {NOT_STATED}})
        if NOT_STATED in values:
            condition |= Q(**{self.field_name: ""})
        return condition

    def facet_counts(self, queryset):
        rows = queryset.order_by().values(self.field_name).annotate(n=Count("pk"))
        return {str(row[self.field_name] or NOT_STATED): row["n"] for row in rows}


class StartYearFilter(FacetFilter):
    """Filters on the year a practice started."""

    def __init__(self, *args, **kwargs):
        years = [(str(year), str(year)) for year in range(LAST_YEAR, FIRST_YEAR - 1, -1)]
        kwargs["choices"] = [*years, (NOT_STATED, _("Not stated"))]
        super().__init__(*args, **kwargs)

    def condition(self, values):
        years = [int(value) for value in values - {NOT_STATED}]
        condition = Q(start_date__year__in=years)
        if NOT_STATED in values:
            condition |= Q(start_date__isnull=True)
        return condition

    def facet_counts(self, queryset):
        rows = (
            queryset.order_by()
            .annotate(year=ExtractYear("start_date"))
            .values("year")
            .annotate(n=Count("pk"))
        )
        return {str(row["year"] or NOT_STATED): row["n"] for row in rows}


class VocabularyFilter(FacetFilter):
    """Filters on a many-to-many vocabulary by slug, through an ``EXISTS`` subquery.

    The practice's own vocabularies (``Practice.VOCABULARIES``) also offer "not stated":
    the practices with no term of that vocabulary. Recommendations do not: putting none
    into practice leaves nothing unsaid.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        relation = Practice._meta.get_field(self.field_name)
        self.through = relation.remote_field.through
        self.target = relation.m2m_reverse_field_name()
        self.not_stated = self.field_name in Practice.VOCABULARIES

    @property
    def field(self):
        field = super().field
        if self.not_stated and NOT_STATED not in dict(field.choices):
            field.choices = [*field.choices, (NOT_STATED, _("Not stated"))]
        return field

    def condition(self, values):
        links = self.through.objects.filter(practice_id=OuterRef("pk"))
        condition = Q(Exists(links.filter(**{f"{self.target}__slug__in": values - {NOT_STATED}})))
        if NOT_STATED in values:
            condition |= ~Q(Exists(links))
        return condition

    def facet_counts(self, queryset):
        # One join from the practices to their terms, grouped by term: a practice with
        # none comes out once with no term, which is "not stated".
        key = f"{self.field_name}__slug"
        rows = queryset.order_by().values(key).annotate(n=Count("pk"))
        counts = {row[key] or NOT_STATED: row["n"] for row in rows}
        if not self.not_stated:
            counts.pop(NOT_STATED, None)
        return counts


class RatingFilter(FacetFilter):
    """Filters on the published (staff) rating of one criterion; "none" is not rated."""

    def __init__(self, *args, criterion, **kwargs):
        self.criterion = criterion
        kwargs["choices"] = [
            *((level.slug, level.label) for level in reversed(criterion.levels.all())),
            (NOT_STATED, _("Not yet rated")),
        ]
        super().__init__(*args, **kwargs)

    @property
    def short_label(self):
        return self.criterion.name

    def _ratings(self):
        return Assessment.objects.filter(
            practice_id=OuterRef("pk"),
            criterion=self.criterion,
            source=AssessmentSource.STAFF,
            level__isnull=False,
        ).order_by()

    def condition(self, values):
        condition = Q(Exists(self._ratings().filter(level__slug__in=values - {NOT_STATED})))
        if NOT_STATED in values:
            condition |= ~Q(Exists(self._ratings()))
        return condition

    def facet_counts(self, queryset):
        # One join with the practice's staff assessment of this criterion (there is at
        # most one), grouped by its level: a subquery per practice would cost as many
        # lookups as there are practices.
        staff_assessment = FilteredRelation(
            "assessments",
            condition=Q(
                assessments__criterion=self.criterion,
                assessments__source=AssessmentSource.STAFF,
            ),
        )
        rows = (
            queryset.order_by()
            .annotate(rating=staff_assessment)
            .values("rating__level__slug")
            .annotate(n=Count("pk"))
        )
        return {row["rating__level__slug"] or NOT_STATED: row["n"] for row in rows}


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters report counts, each with the other filters."""

    # A result set this small is read once as a list of keys; counting it, paging it
    # and counting its facets then select rows by key instead of evaluating every
    # filter (and the search) again in each query.
    FEW_RESULTS = 500

    @cached_property
    def results(self):
        """The filtered queryset (``qs``), or, when it holds at most FEW_RESULTS rows,
        the same rows in the same order selected by key (one query to read the keys)."""
        keys = list(self.qs.values_list("pk", flat=True)[: self.FEW_RESULTS + 1])
        if len(keys) > self.FEW_RESULTS:
            return self.qs
        position = Case(
            *(When(pk=key, then=Value(index)) for index, key in enumerate(keys)),
            default=Value(len(keys)),
        )
        return self.queryset.model._default_manager.filter(pk__in=keys).order_by(position)

    def active_filters(self):
        """The valid, non-empty values the user chose, by filter name."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {name: value for name, value in self.form.cleaned_data.items() if value}

    def describe(self):
        """The active filters in words, e.g. ``["“night”", "Youth", "France"]``."""
        described = []
        for name, value in self.active_filters().items():
            facet_filter = self.filters[name]
            if isinstance(facet_filter, FacetFilter):
                labels = facet_filter.option_labels()
                described.extend(labels.get(str(item), str(item)) for item in value)
            elif name != "sort":
                described.append(f"“{value}”")
        return described

    def facets(self):
        active = self.active_filters()
        fully_filtered = self.results
        facets = []
        for name, facet_filter in self.filters.items():
            if not isinstance(facet_filter, FacetFilter):
                continue
            scope = fully_filtered
            if name in active:
                scope = self.queryset.all()
                for other, value in active.items():
                    if other != name:
                        scope = self.filters[other].filter(scope, value)
            counts = facet_filter.facet_counts(scope)
            selected = set(active.get(name, ()))
            options = [
                FacetOption(value, label, counts.get(value, 0), value in selected)
                for value, label in facet_filter.option_labels().items()
                if counts.get(value) or value in selected
            ]
            facets.append(
                Facet(
                    name,
                    str(facet_filter.label),
                    options,
                    self.form.errors.get(name, []),
                    str(facet_filter.short_label),
                )
            )
        return facets


def title_in_active_language():
    """Sort key: the title in the active language, else in the other one, accents and
    case ignored (``Practice.sort_title_<language>``, kept with the search document)."""
    return F(practice_search.SORT_TITLE_FIELDS[get_language()]).asc()


def _vocabulary_choices(model):
    return [(term.slug, str(term)) for term in model.objects.all()]


SEARCH_MAX_LENGTH = 200
RELEVANCE = "relevance"
SORTS = [
    (RELEVANCE, _("Relevance")),
    ("newest", _("Newest first")),
    ("updated", _("Recently updated")),
    ("title", _("Title (A to Z)")),
    ("country", _("Country (A to Z)")),
]


class PracticeFilterSet(BaseFilterSet):
    """The public catalogue's filters; also the API's, the exports' and the feed's."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        max_length=SEARCH_MAX_LENGTH,
        help_text=_(
            "Words in English or French. Use quotes for a phrase, a minus sign to exclude "
            "a word, “or” for either word."
        ),
    )
    country = FieldFacetFilter(label=_("Country"), field_name="country")
    level = VocabularyFilter(label=_("Level"), field_name="levels")
    domain = VocabularyFilter(label=_("Domain"), field_name="domains")
    audience = VocabularyFilter(label=_("Target audience"), field_name="target_audiences")
    type = VocabularyFilter(label=pgettext_lazy("practice type", "Type"), field_name="types")
    intervention = VocabularyFilter(label=_("Intervention point"), field_name="intervention_points")
    timeline = FieldFacetFilter(
        label=_("Timeline"),
        field_name="timeline",
        choices=[*Timeline.choices, (NOT_STATED, _("Not stated"))],
    )
    evidence = FieldFacetFilter(
        label=_("Evidence level"),
        field_name="evidence_level",
        choices=[*EvidenceLevel.choices, (NOT_STATED, _("Not stated"))],
    )
    start_year = StartYearFilter(label=_("Start year"), field_name="start_date")
    recommendation = VocabularyFilter(
        label=_("Recommendation put into practice"), field_name="recommendations"
    )

    # Declared after q: filters run in this order, and sorting replaces the ranking.
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), method="sort_results", empty_label=None, choices=SORTS
    )

    VOCABULARIES = {
        "level": Level,
        "domain": Domain,
        "audience": TargetAudience,
        "type": PracticeType,
        "intervention": InterventionPoint,
    }

    class Meta:
        model = Practice
        fields = []

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = Practice.objects.published()
        super().__init__(data, queryset, request=request, prefix=prefix)
        # Choices are read per request, so labels follow the active language.
        self._set_choices("country", list(countries))
        for name, model in self.VOCABULARIES.items():
            self._set_choices(name, _vocabulary_choices(model))
        self._set_choices("recommendation", _vocabulary_choices(Recommendation))
        for criterion in Criterion.objects.prefetch_related("levels"):
            rating = RatingFilter(
                label=_("Rating: {criterion}").format(criterion=criterion.name),
                criterion=criterion,
            )
            rating.model, rating.parent = Practice, self
            self.filters[f"rating_{criterion.slug}"] = rating
        # "Relevance" is offered (first, as the default) only with a search.
        data = data or {}
        if not (data.get("q") or data.get("sort") == RELEVANCE):
            self._set_choices("sort", SORTS[1:])

    def _set_choices(self, name, choices):
        self.filters[name].extra["choices"] = choices
        # A form field built earlier from the class's filter (the OpenAPI generator
        # builds some) would keep its old choices.
        self.filters[name].__dict__.pop("_field", None)

    def search(self, queryset, name, value):
        return practice_search.search(queryset, value)

    def sort_results(self, queryset, name, value):
        if value == RELEVANCE:
            return queryset  # ranked by search(); newest first without a search
        if value == "updated":
            return queryset.order_by("-updated_at", "-pk")
        if value == "title":
            return queryset.order_by(title_in_active_language(), "pk")
        if value == "country":
            return queryset.order_by(self._country_order, title_in_active_language(), "pk")
        return queryset.order_by("-published_at", "-pk")

    @cached_property
    def _country_order(self):
        """Sort key: the country's name in the active language, in the order of
        django-countries (accents ignored), as a ``CASE`` over the countries present."""
        position = {code: index for index, (code, _name) in enumerate(countries)}
        present = self.queryset.order_by().values_list("country", flat=True).distinct()
        return Case(
            *(
                When(country=code, then=Value(position[code]))
                for code in present
                if code in position
            ),
            default=Value(len(position)),
        )
