"""The facet keys of a practice: what the catalogue's facet filters select and count.

Each practice has one ``PracticeFacet`` row per key, ``"<facet>:<value>"``:

- ``country:FR``, ``timeline:short_term``, ``evidence_level:experimental``, and
  ``start_year:2014``: the practice's value, or ``<facet>:none`` when it has none;
- ``levels:<pk>`` (and ``domains``, ``target_audiences``, ``types``,
  ``intervention_points``): one key per term, by primary key (so renaming a term or
  its slug changes nothing), or ``<facet>:none`` when it has no term of that
  vocabulary; ``recommendations:<pk>``, without "none";
- ``rating:<criterion pk>:<level pk>``: the published (staff) rating of each
  criterion, or ``rating:<criterion pk>:none`` when it is not rated.

The keys are derived from the practice and kept with its search document by
``practices.services.practice_search_index_update``; a filter is then one
``EXISTS`` on that narrow table and every facet is counted in one ``GROUP BY``,
instead of joining the wide practices table to each vocabulary.
"""

from django.db.models.functions import ExtractYear

from evaluations.choices import AssessmentSource
from evaluations.models import NOT_RATED

# The value of "not stated", as the catalogue's filters name it.
NONE = NOT_RATED
# The facets read from a column of the practice.
FIELDS = ["country", "timeline", "evidence_level"]
START_YEAR = "start_year"
# The many-to-many relations; those that can be "not stated" (the practice's own
# vocabularies: putting no recommendation into practice leaves nothing unsaid).
RELATIONS = ["levels", "domains", "target_audiences", "types", "intervention_points"]
RECOMMENDATIONS = "recommendations"


def key(facet, value):
    """``"<facet>:<value>"``; an empty value is ``"<facet>:none"``."""
    return f"{facet}:{NONE if value in ('', None) else value}"


def prefix(facet):
    """What every key of ``facet`` starts with."""
    return f"{facet}:"


def rating_facet(criterion_pk):
    """The facet of the published ratings of one criterion."""
    return f"rating:{criterion_pk}"


def facet_keys(pks, *, apps):
    """``{pk: set of keys}`` of the practices ``pks``, read in a few queries.

    ``apps`` gives the models (``django.apps.apps``, or a migration's historical
    ``apps``).
    """
    Practice = apps.get_model("practices", "Practice")
    Assessment = apps.get_model("evaluations", "Assessment")
    Criterion = apps.get_model("evaluations", "Criterion")
    keys = {}
    rows = (
        Practice.objects.filter(pk__in=pks)
        .annotate(year=ExtractYear("start_date"))
        .values_list("pk", "year", *FIELDS)
    )
    for pk, year, *values in rows:
        keys[pk] = {key(START_YEAR, year), *map(key, FIELDS, values)}
    for relation in [*RELATIONS, RECOMMENDATIONS]:
        field = Practice._meta.get_field(relation)
        links = field.remote_field.through.objects.filter(practice_id__in=keys)
        target = f"{field.m2m_reverse_field_name()}_id"
        linked = set()
        for pk, term in links.values_list("practice_id", target):
            keys[pk].add(key(relation, term))
            linked.add(pk)
        if relation in RELATIONS:
            for pk in keys.keys() - linked:
                keys[pk].add(key(relation, NONE))
    rated = {pk: {} for pk in keys}
    ratings = Assessment.objects.filter(
        practice_id__in=keys, source=AssessmentSource.STAFF, level__isnull=False
    ).values_list("practice_id", "criterion_id", "level_id")
    for pk, criterion, level in ratings:
        rated[pk][criterion] = level
    criteria = list(Criterion.objects.values_list("pk", flat=True))
    for pk, levels in rated.items():
        keys[pk].update(
            key(rating_facet(criterion), levels.get(criterion)) for criterion in criteria
        )
    return keys
