"""Reads of evaluation data, shaped for pages, charts and documents."""

from dataclasses import dataclass

from practices.i18n import TranslatedText, translated

from .models import Assessment, Criterion, RatingLevel


@dataclass(frozen=True)
class CriterionRating:
    """A practice's published rating on one criterion; ``level`` is None if unrated."""

    criterion: Criterion
    level: RatingLevel | None
    text: TranslatedText
    assessment: Assessment | None = None

    @property
    def scale_size(self):
        return len(self.criterion.levels.all())


def practice_evaluation(*, practice, criteria):
    """One :class:`CriterionRating` per criterion, in the criteria's order.

    ``practice.staff_assessments`` and each criterion's ``levels`` must be prefetched
    (see ``practice_detail`` and ``criteria_with_scales``), so this runs no query.
    """
    by_criterion = {a.criterion_id: a for a in practice.staff_assessments}
    ratings = []
    for criterion in criteria:
        assessment = by_criterion.get(criterion.pk)
        text = (
            translated(assessment, "text", original_language=practice.original_language)
            if assessment
            else translated(None, "text")
        )
        ratings.append(
            CriterionRating(criterion, assessment and assessment.level, text, assessment)
        )
    return ratings


def is_evaluated(ratings):
    return any(rating.level for rating in ratings)


@dataclass(frozen=True)
class CriterionComparison:
    """One criterion across several practices: their ratings, in the practices' order."""

    criterion: Criterion
    ratings: list


def comparison_evaluation(*, practices, criteria):
    """``(ratings per practice, rows per criterion)`` for a comparison of ``practices``.

    The same prefetching as :func:`practice_evaluation` is needed; no query is run.
    """
    per_practice = [
        practice_evaluation(practice=practice, criteria=criteria) for practice in practices
    ]
    rows = [
        CriterionComparison(criterion, [ratings[index] for ratings in per_practice])
        for index, criterion in enumerate(criteria)
    ]
    return per_practice, rows
