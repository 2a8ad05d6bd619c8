"""The evaluation chart, drawn on the server as inline SVG.

One picture serves the web page, the comparison and the PDF (WeasyPrint draws inline
SVG as vectors): a row per criterion, a bar per practice whose length is the rating's
place on that criterion's own scale (ranks only order the levels: 10, 20, 30 draw as
1, 2, 3), and the rating's label in words. A criterion that
was not rated shows no bar and says so, so "not rated" never reads as "worst".
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
LABEL_WIDTH = 150
TRACK_X = LABEL_WIDTH + 10
TRACK_WIDTH = 300
BAR_HEIGHT = 16
ROW_GAP = 14
# Colour-blind-safe (Okabe-Ito) with at least 3:1 contrast on white.
COLOURS = ["#0b5cad", "#b34700", "#007a5e", "#a3297a"]


@dataclass(frozen=True)
class Series:
    """One practice's ratings: its name and the level per criterion pk (or None)."""

    name: str
    levels: dict


def evaluation_chart(*, criteria, series, chart_id, title):
    """Return the SVG markup (safe) comparing ``series`` on ``criteria``.

    ``criteria`` must have their ``levels`` prefetched.
    """
    per_row = len(series) * BAR_HEIGHT + (len(series) - 1) * 2
    row_height = per_row + ROW_GAP
    legend_height = 26 * len(series) if len(series) > 1 else 0
    height = legend_height + row_height * len(criteria) + 6
    parts = []
    for index, entry in enumerate(series if len(series) > 1 else []):
        y = 4 + index * 26
        parts.append(
            format_html(
                '<rect x="0" y="{}" width="14" height="14" fill="{}"/>'
                '<text x="22" y="{}" class="chart-legend">{}</text>',
                y,
                COLOURS[index % len(COLOURS)],
                y + 12,
                entry.name,
            )
        )
    descriptions = []
    for row, criterion in enumerate(criteria):
        top = legend_height + row * row_height
        scale = list(criterion.levels.all())
        steps = {level.pk: step for step, level in enumerate(scale, start=1)}
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" class="chart-criterion">{}</text>',
                LABEL_WIDTH,
                top + per_row / 2 + 5,
                criterion.name,
            )
        )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" class="chart-track" fill="#eef1f4"/>',
                TRACK_X,
                top,
                TRACK_WIDTH,
                per_row,
            )
        )
        for step in range(1, len(scale)):
            x = TRACK_X + TRACK_WIDTH * step / len(scale)
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#ffffff" stroke-width="2"/>',
                    round(x, 1),
                    top,
                    round(x, 1),
                    top + per_row,
                )
            )
        for index, entry in enumerate(series):
            y = top + index * (BAR_HEIGHT + 2)
            level = entry.levels.get(criterion.pk)
            label = level.label if level else _("Not yet rated")
            descriptions.append(
                _("{practice} – {criterion}: {rating}").format(
                    practice=entry.name, criterion=criterion.name, rating=label
                )
            )
            if level and level.pk in steps:
                parts.append(
                    format_html(
                        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                        TRACK_X,
                        y,
                        round(TRACK_WIDTH * steps[level.pk] / len(scale), 1),
                        BAR_HEIGHT,
                        COLOURS[index % len(COLOURS)],
                    )
                )
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-value{}">{}</text>',
                    TRACK_X + TRACK_WIDTH + 8,
                    y + BAR_HEIGHT - 3,
                    "" if level else " chart-unrated",
                    label,
                )
            )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="evaluation-chart" role="img" '
        'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        'aria-labelledby="{id}-title {id}-desc" font-family="DejaVu Sans, Arial, sans-serif" '
        'font-size="13"><title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}'
        "</desc>{body}</svg>",
        width=WIDTH,
        height=round(height),
        id=chart_id,
        title=title,
        desc="; ".join(descriptions),
        body=mark_safe("".join(parts)),  # every part went through format_html
    )


def _series(practice, ratings):
    return Series(practice.title, {rating.criterion.pk: rating.level for rating in ratings})


def practice_chart(*, practice, ratings):
    """The chart of one practice's published evaluation."""
    return evaluation_chart(
        criteria=[rating.criterion for rating in ratings],
        series=[_series(practice, ratings)],
        chart_id=f"evaluation-{practice.pk}",
        title=_("Evaluation of “{title}” against the Efus criteria").format(title=practice.title),
    )


def comparison_chart(*, practices, ratings_per_practice, criteria):
    """One chart overlaying the published evaluations of several practices."""
    return evaluation_chart(
        criteria=criteria,
        series=[
            _series(practice, ratings)
            for practice, ratings in zip(practices, ratings_per_practice, strict=True)
        ],
        chart_id="comparison",
        title=_("Evaluations of the compared practices against the Efus criteria"),
    )
