"""Catalogue filters and the facet counts that go with them.

Every facet counts, for each of its choices, the practices that match it among those
the *other* active filters leave: choosing that option alone in its facet gives exactly
that many results (choices of one facet are ORed, so adding it to choices already made
there gives at least as many). Counting is done here and only here, whatever the number
of practices: the catalogue's facets (:class:`KeyFacetFilter`) read the practices'
facet keys (``PracticeFacet``, see ``practices/facets.py``) and are all counted in one
query; a facet on a column of the practice (:class:`FieldFacetFilter`, the review
queue's) takes one aggregate query.
"""

from dataclasses import dataclass
from functools import cached_property

import django_filters
from django import forms
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from evaluations.choices import EvidenceLevel
from evaluations.models import NOT_RATED, Criterion

from . import facets as facet_keys
from . import search as practice_search
from .choices import Timeline
from .models import (
    Domain,
    InterventionPoint,
    Level,
    Practice,
    PracticeFacet,
    PracticeType,
    Recommendation,
    TargetAudience,
)

NOT_STATED = NOT_RATED
# The start years offered: from the nineteenth century (London's Special Constabulary
# dates from 1831) to far ahead.
FIRST_YEAR, LAST_YEAR = 1800, 2100


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
    """A multiple-choice filter (choices ORed) whose choices the FilterSet counts.

    Subclasses implement :meth:`condition`: the filter as one ``Q``, built from
    subqueries rather than joins, so no ``DISTINCT`` is needed.
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

    def option_labels(self):
        return {str(value): str(label) for value, label in self.field.choices}

    @property
    def short_label(self):
        return self.label


class FieldFacetFilter(FacetFilter):
    """Filters on a plain column; blank values count as "not stated". Each such facet
    is counted with an aggregate query of its own (:meth:`facet_counts`)."""

    def condition(self, values):
        condition = Q(**{f"{self.field_name}__in": values - {NOT_STATED}})
        if NOT_STATED in values:
            condition |= Q(**{self.field_name: ""})
        return condition

    def facet_counts(self, queryset):
        """Map each choice value to the number of practices in ``queryset`` it matches."""
        rows = queryset.order_by().values(self.field_name).annotate(n=Count("pk"))
        return {str(row[self.field_name] or NOT_STATED): row["n"] for row in rows}


class KeyFacetFilter(FacetFilter):
    """Filters on the practices' keys of one facet (``practices/facets.py``), by
    default the column or relation ``field_name``: the choice ``value`` is the key
    ``"<facet>:<value>"``, ``"<facet>:none"`` for "not stated" (``pks`` maps a
    choice to the primary key its key names instead, for vocabularies and ratings).

    The filter is one ``EXISTS`` on ``PracticeFacet``, a narrow table; the FilterSet
    counts every such facet in one query (:meth:`BaseFilterSet.facets`).
    """

    def __init__(self, *args, facet=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.facet = facet or self.field_name
        self.pks = {}

    def key(self, value):
        return facet_keys.key(self.facet, self.pks.get(value, value))

    def condition(self, values):
        keys = [self.key(value) for value in values]
        return Q(Exists(PracticeFacet.objects.filter(practice=OuterRef("pk"), key__in=keys)))


class StartYearFilter(KeyFacetFilter):
    """Filters on the year a practice started."""

    def __init__(self, *args, **kwargs):
        years = [(str(year), str(year)) for year in range(LAST_YEAR, FIRST_YEAR - 1, -1)]
        kwargs["choices"] = [*years, (NOT_STATED, _("Not stated"))]
        super().__init__(*args, facet=facet_keys.START_YEAR, **kwargs)


class VocabularyFilter(KeyFacetFilter):
    """Filters on a many-to-many vocabulary by slug; the keys name the terms by
    primary key (``pks``, set with the choices), so renaming a term or its slug
    changes nothing.

    The practice's own vocabularies (``Practice.VOCABULARIES``) also offer "not stated":
    the practices with no term of that vocabulary. Recommendations do not: putting none
    into practice leaves nothing unsaid.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.not_stated = self.field_name in Practice.VOCABULARIES

    @property
    def field(self):
        field = super().field
        if self.not_stated and NOT_STATED not in dict(field.choices):
            field.choices = [*field.choices, (NOT_STATED, _("Not stated"))]
        return field


class RatingFilter(KeyFacetFilter):
    """Filters on the published (staff) rating of one criterion; "none" is not rated."""

    def __init__(self, *args, criterion, **kwargs):
        self.criterion = criterion
        levels = list(criterion.levels.all())
        kwargs["choices"] = [
            *((level.slug, level.label) for level in reversed(levels)),
            (NOT_STATED, _("Not yet rated")),
        ]
        super().__init__(*args, facet=facet_keys.rating_facet(criterion.pk), **kwargs)
        self.pks = {level.slug: level.pk for level in levels}

    @property
    def short_label(self):
        return self.criterion.name


class BaseFilterSet(django_filters.FilterSet):
    """A FilterSet whose facet filters report counts, each with the other filters."""

    # A result set this small is read once as a list of keys; the column facets then
    # count its rows by key instead of evaluating every filter again in each query.
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
        key_counts = self._key_counts
        facets = []
        for name, facet_filter in self.filters.items():
            if not isinstance(facet_filter, FacetFilter):
                continue
            labels = facet_filter.option_labels()
            if isinstance(facet_filter, KeyFacetFilter):
                counts = {value: key_counts.get(facet_filter.key(value), 0) for value in labels}
            elif name in active:
                counts = facet_filter.facet_counts(self._filtered(active, without={name}))
            else:
                counts = facet_filter.facet_counts(self.results)
            selected = set(active.get(name, ()))
            options = [
                FacetOption(value, label, counts.get(value, 0), value in selected)
                for value, label in labels.items()
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

    def _filtered(self, active, *, without=()):
        """The queryset with the ``active`` filters applied, but those ``without``."""
        queryset = self.queryset.all()
        for name, value in active.items():
            if name not in without:
                queryset = self.filters[name].filter(queryset, value)
        return queryset.order_by()

    @cached_property
    def _key_counts(self):
        """``{key: count}`` of the keys of every :class:`KeyFacetFilter`, in one query:
        each key counted among the practices that all the active filters leave but
        that of its own facet.

        A key of a facet is counted for a practice when, for each active facet, the
        key is of that facet or the practice has one of the keys chosen there.
        """
        keyed = {
            name: facet_filter
            for name, facet_filter in self.filters.items()
            if isinstance(facet_filter, KeyFacetFilter)
        }
        if not keyed:
            return {}
        active = self.active_filters()
        scope = self._filtered(active, without=keyed)
        rows = PracticeFacet.objects.filter(practice__in=scope.values("pk"))
        for name, value in active.items():
            if name in keyed:
                facet_filter = keyed[name]
                chosen = PracticeFacet.objects.filter(
                    key__in=[facet_filter.key(item) for item in value]
                )
                rows = rows.filter(
                    Q(key__startswith=facet_keys.prefix(facet_filter.facet))
                    | Q(practice__in=chosen.values("practice_id"))
                )
        return dict(rows.values("key").annotate(n=Count("pk")).values_list("key", "n"))


def title_in_active_language():
    """Sort key: the title in the active language, else in the other one, accents and
    case ignored (``Practice.sort_title_<language>``, kept with the search document)."""
    return F(practice_search.SORT_TITLE_FIELDS[get_language()]).asc()


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
    country = KeyFacetFilter(label=_("Country"), field_name="country")
    level = VocabularyFilter(label=_("Level"), field_name="levels")
    domain = VocabularyFilter(label=_("Domain"), field_name="domains")
    audience = VocabularyFilter(label=_("Target audience"), field_name="target_audiences")
    type = VocabularyFilter(label=pgettext_lazy("practice type", "Type"), field_name="types")
    intervention = VocabularyFilter(label=_("Intervention point"), field_name="intervention_points")
    timeline = KeyFacetFilter(
        label=_("Timeline"),
        field_name="timeline",
        choices=[*Timeline.choices, (NOT_STATED, _("Not stated"))],
    )
    evidence = KeyFacetFilter(
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
            self._set_terms(name, model.objects.all())
        self._set_terms("recommendation", Recommendation.objects.all())
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

    def result_count(self):
        """The number of results, read from the facet counts rather than counted by a
        query of its own (a search would be evaluated once more).

        Every practice has exactly one country key (``practices/facets.py``), so the
        country keys' counts add up to the number of results; when countries are
        chosen, those of the chosen ones do (each is counted with all the other
        filters, and a practice is in one country).
        """
        if self.is_bound and not self.is_valid():
            return 0
        country = self.filters["country"]
        chosen = self.active_filters().get("country")
        if chosen:
            return sum(self._key_counts.get(country.key(value), 0) for value in chosen)
        prefix = facet_keys.prefix(country.facet)
        return sum(n for key, n in self._key_counts.items() if key.startswith(prefix))

    def _set_terms(self, name, terms):
        terms = list(terms)
        self.filters[name].pks = {term.slug: term.pk for term in terms}
        self._set_choices(name, [(term.slug, str(term)) for term in terms])

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
