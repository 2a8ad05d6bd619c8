import re

import pytest
from django.utils import translation

from evaluations.charts import Series, evaluation_chart
from evaluations.models import Criterion
from tests.factories import CriterionFactory

pytestmark = pytest.mark.django_db


def bar_widths(svg):
    return [
        float(w)
        for w in re.findall(r'<rect x="160" y="[\d.]+" width="([\d.]+)" height="16" fill="#', svg)
    ]


def test_bar_length_is_the_rank_on_the_criterions_own_scale():
    three_steps = CriterionFactory(name_en="Efficacy")
    four_steps = CriterionFactory(
        name_en="Relevance",
        scale=[
            ("a", "Not relevant", "-"),
            ("b", "Partly", "-"),
            ("c", "Relevant", "-"),
            ("d", "Very relevant", "-"),
        ],
    )
    levels = {
        three_steps.pk: three_steps.levels.get(rank=3),
        four_steps.pk: four_steps.levels.get(rank=2),
    }

    svg = evaluation_chart(
        criteria=[three_steps, four_steps],
        series=[Series("City of London", levels)],
        chart_id="c",
        title="Evaluation",
    )

    # Top of a three-step scale fills the track; two of four fills half of it.
    assert bar_widths(svg) == [300.0, 150.0]
    assert ">Very relevant<" not in svg and ">Partly<" in svg


def test_bar_length_is_the_levels_place_on_the_scale_whatever_the_ranks():
    criterion = CriterionFactory(
        name_en="Impact", scale=[("low", "Low", "-"), ("mid", "Mid", "-"), ("high", "High", "-")]
    )
    # Ranks need only be unique: staff may number the levels 10, 20, 30.
    for level in criterion.levels.order_by("-rank"):
        level.rank *= 10
        level.save()
    criterion = Criterion.objects.prefetch_related("levels").get(pk=criterion.pk)

    widths = [
        bar_widths(
            evaluation_chart(
                criteria=[criterion],
                series=[Series("Leeds", {criterion.pk: criterion.levels.get(slug=slug)})],
                chart_id="c",
                title="T",
            )
        )
        for slug in ["low", "mid", "high"]
    ]

    assert widths == [[100.0], [200.0], [300.0]]


def test_the_text_description_is_in_the_page_language():
    criterion = CriterionFactory(name_en="Impact", name_fr="Impact")
    top = criterion.levels.get(rank=3)

    with translation.override("fr"):
        svg = evaluation_chart(
            criteria=[criterion],
            series=[Series("Bologne", {criterion.pk: top}), Series("Londres", {})],
            chart_id="c",
            title="T",
        )

    assert "Bologne – Impact\u00a0: Atteint; Londres – Impact\u00a0: Pas encore évalué" in svg


def test_unrated_criterion_draws_no_bar_and_says_so():
    criterion = CriterionFactory(name_en="Impact")

    svg = evaluation_chart(
        criteria=[criterion], series=[Series("Street Pastors", {})], chart_id="c", title="T"
    )

    assert bar_widths(svg) == []
    assert "Not yet rated" in svg


def test_several_practices_share_one_chart_with_a_legend():
    criterion = CriterionFactory(name_en="Impact")
    top = criterion.levels.get(rank=3)

    svg = evaluation_chart(
        criteria=[criterion],
        series=[Series("Bologna", {criterion.pk: top}), Series("London", {})],
        chart_id="c",
        title="T",
    )

    assert ">Bologna</text>" in svg and ">London</text>" in svg
    assert "Bologna – Impact: Met; London – Impact: Not yet rated" in svg


def test_text_is_escaped():
    criterion = CriterionFactory(name_en="<script>alert(1)</script>")

    svg = evaluation_chart(
        criteria=[criterion], series=[Series("<b>", {})], chart_id="c", title="<i>"
    )

    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
