import datetime
import re

import pytest
from django.urls import reverse

from evaluations.choices import AssessmentSource, EvidenceLevel
from practices.choices import Timeline
from practices.views import PracticeListView
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    InterventionPointFactory,
    LevelFactory,
    PracticeFactory,
    PracticeTypeFactory,
    RecommendationFactory,
    TargetAudienceFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("practices:practice_list")
# Each vocabulary's filter: its parameter, a factory of its terms, the relation.
VOCABULARY_FILTERS = [
    ("level", LevelFactory, "levels"),
    ("domain", DomainFactory, "domains"),
    ("audience", TargetAudienceFactory, "target_audiences"),
    ("type", PracticeTypeFactory, "types"),
    ("intervention", InterventionPointFactory, "intervention_points"),
]


def titles(response):
    return [practice.title for practice in response.context["practices"]]


def facet(response, name):
    return next(f for f in response.context["facets"] if f.name == name)


def counts(response, name):
    return {option.value: option.count for option in facet(response, name).options}


@pytest.fixture
def impact():
    return CriterionFactory(
        slug="impact",
        name_en="Impact",
        name_fr="Impact",
        scale=[
            ("negative", "Negative impact", "Impact négatif"),
            ("no-impact", "No measurable impact", "Pas d'impact mesurable"),
            ("positive", "Positive impact", "Impact positif"),
        ],
    )


def test_lists_published_practices_only(client):
    PracticeFactory(title_en="Street Pastors")
    PracticeFactory(title_en="Unpublished scheme", draft=True)

    response = client.get(URL)

    assert response.status_code == 200
    assert titles(response) == ["Street Pastors"]
    assert b"Unpublished scheme" not in response.content
    assert facet(response, "country").options[0].count == 1


def test_contact_details_never_shown(client):
    PracticeFactory(contact_email="secret.officer@example.org", contact_phone="+33 1 23 45 67 89")

    response = client.get(URL)

    assert b"secret.officer@example.org" not in response.content
    assert b"+33 1 23 45 67 89" not in response.content


@pytest.mark.parametrize(
    ("parameter", "factory", "relation"),
    [*VOCABULARY_FILTERS, ("recommendation", RecommendationFactory, "recommendations")],
)
def test_vocabulary_filters_by_slug(client, parameter, factory, relation):
    wanted, other = factory(slug="wanted"), factory(slug="other")
    PracticeFactory(title_en="Match", **{relation: [wanted, other]})
    PracticeFactory(title_en="Other", **{relation: [other]})
    PracticeFactory(title_en="Unclassified")

    response = client.get(URL, {parameter: "wanted"})

    assert titles(response) == ["Match"]
    # Several values are ORed, and a practice matching both appears once.
    response = client.get(URL, {parameter: ["wanted", "other"]})
    assert sorted(titles(response)) == ["Match", "Other"]


@pytest.mark.parametrize(
    ("parameter", "factory", "relation"),
    VOCABULARY_FILTERS,
)
def test_a_vocabulary_not_stated_is_a_choice_counted_and_filtered(
    client, parameter, factory, relation
):
    term = factory(slug="stated")
    PracticeFactory(title_en="Classified", **{relation: [term]})
    PracticeFactory(title_en="Silent one")
    PracticeFactory(title_en="Silent two")

    response = client.get(URL)
    assert counts(response, parameter) == {"stated": 1, "none": 2}
    assert facet(response, parameter).options[-1].label == "Not stated"

    response = client.get(URL, {parameter: "none"})
    assert sorted(titles(response)) == ["Silent one", "Silent two"]
    response = client.get(URL, {parameter: ["none", "stated"]})
    assert response.context["paginator"].count == 3
    french = client.get(f"/fr{URL[3:]}", {parameter: "none"}).content.decode()
    assert "Information non précisée" in french


def test_a_long_option_is_cut_to_its_first_words_but_keeps_its_whole_name(client):
    summary = (
        "Set up jointly resourced partnerships in which local institutions such as health "
        "and fire services and the voluntary sector complement the police."
    )
    recommendation = RecommendationFactory(slug="res-7b", number="7.b", summary_en=summary)
    PracticeFactory(recommendations=[recommendation])

    page = client.get(URL, {"recommendation": "res-7b"}).content.decode()

    label = page.split('<label for="f-recommendation-1">')[1].split("</label>")[0]
    shown = "7.b Set up jointly resourced partnerships in which …"
    assert f'<span aria-hidden="true" title="7.b {summary}">{shown}</span>' in label
    assert f'<span class="visually-hidden">7.b {summary}</span>' in label
    chip = page.split('<ul class="active-filters"')[1].split("</ul>")[0]
    assert f'aria-label="Remove filter Recommendation put into practice: 7.b {summary}"' in chip
    assert f">Remove filter Recommendation put into practice: {shown}</a>" in chip


def test_an_option_says_how_many_practices_it_gives_in_the_page_language(client):
    PracticeFactory(country="IT")
    PracticeFactory(country="IT")
    PracticeFactory(country="FR")

    english = client.get(URL).content.decode()
    french = client.get("/fr/practices/").content.decode()

    assert 'Italy <span class="facet-count">(2 practices)</span>' in english
    assert 'France <span class="facet-count">(1 practice)</span>' in english
    assert 'Italie <span class="facet-count">(2 pratiques)</span>' in french


def test_recommendations_offer_no_not_stated(client):
    PracticeFactory(recommendations=[RecommendationFactory(slug="res-7a")])
    PracticeFactory()

    response = client.get(URL)

    assert counts(response, "recommendation") == {"res-7a": 1}
    assert client.get(URL, {"recommendation": "none"}).context["paginator"].count == 0


@pytest.mark.parametrize(
    ("parameter", "field", "value", "other"),
    [
        ("country", "country", "IT", "FR"),
        ("timeline", "timeline", Timeline.LONG_TERM, Timeline.ONE_OFF),
        ("evidence", "evidence_level", EvidenceLevel.EXPERIMENTAL, EvidenceLevel.NONE),
    ],
)
def test_field_filters(client, parameter, field, value, other):
    PracticeFactory(title_en="Match", **{field: value})
    PracticeFactory(title_en="Other", **{field: other})

    assert titles(client.get(URL, {parameter: value})) == ["Match"]


@pytest.mark.parametrize(
    ("parameter", "field"), [("timeline", "timeline"), ("evidence", "evidence_level")]
)
def test_not_stated_is_a_choice(client, parameter, field):
    stated = Timeline.LONG_TERM if parameter == "timeline" else EvidenceLevel.NONE
    PracticeFactory(title_en="Silent", **{field: ""})
    PracticeFactory(title_en="Stated", **{field: stated})

    response = client.get(URL, {parameter: "none"})

    assert titles(response) == ["Silent"]
    assert "Not stated" in {o.label for o in facet(response, parameter).options}


def test_no_evaluation_is_counted_and_filtered_apart_from_not_stated(client):
    PracticeFactory(title_en="Unevaluated", evidence_level=EvidenceLevel.NONE)
    PracticeFactory(title_en="Silent one", evidence_level="")
    PracticeFactory(title_en="Silent two", evidence_level="")

    response = client.get(URL)

    assert {o.label: o.count for o in facet(response, "evidence").options} == {
        "No evaluation": 1,
        "Not stated": 2,
    }
    chosen = client.get(URL, {"evidence": EvidenceLevel.NONE})
    assert titles(chosen) == ["Unevaluated"]


def test_start_year_filter(client):
    PracticeFactory(title_en="2014 scheme", start_date=datetime.date(2014, 1, 1))
    PracticeFactory(title_en="2009 scheme", start_date=datetime.date(2009, 6, 1))
    PracticeFactory(title_en="Undated scheme", start_date=None)

    response = client.get(URL)
    assert counts(response, "start_year") == {"2014": 1, "2009": 1, "none": 1}
    assert titles(client.get(URL, {"start_year": "2009"})) == ["2009 scheme"]
    assert titles(client.get(URL, {"start_year": "none"})) == ["Undated scheme"]


def test_rating_filter_uses_the_staff_assessment_only(client, impact):
    negative = impact.levels.get(slug="negative")
    positive = impact.levels.get(slug="positive")
    failed = PracticeFactory(title_en="Did not work")
    AssessmentFactory(practice=failed, criterion=impact, level=negative)
    worked = PracticeFactory(title_en="Worked")
    AssessmentFactory(practice=worked, criterion=impact, level=positive)
    # The submitter's optimistic self-assessment does not count.
    AssessmentFactory(
        practice=failed, criterion=impact, level=positive, source=AssessmentSource.SELF
    )
    PracticeFactory(title_en="Not evaluated")

    assert titles(client.get(URL, {"rating_impact": "negative"})) == ["Did not work"]
    assert titles(client.get(URL, {"rating_impact": "positive"})) == ["Worked"]
    assert titles(client.get(URL, {"rating_impact": "none"})) == ["Not evaluated"]
    response = client.get(URL)
    assert counts(response, "rating_impact") == {"positive": 1, "negative": 1, "none": 1}
    # The scale is offered from the best rating down, in the page's language.
    labels = [o.label for o in facet(client.get("/fr/practices/"), "rating_impact").options]
    assert labels[:2] == ["Impact positif", "Impact négatif"]


def test_each_facet_counts_with_the_other_filters_only(client):
    crime, transport = DomainFactory(slug="crime"), DomainFactory(slug="transport")
    PracticeFactory(country="GB", domains=[crime])
    PracticeFactory(country="GB", domains=[transport])
    PracticeFactory(country="IT", domains=[crime])
    PracticeFactory(country="IT", domains=[crime, transport])

    response = client.get(URL, {"domain": "crime", "country": "IT"})

    assert len(response.context["practices"]) == 2
    # The domain facet ignores the domain filter but applies the country one...
    assert counts(response, "domain") == {"crime": 2, "transport": 1}
    # ...and the country facet ignores the country filter but applies the domain one.
    assert counts(response, "country") == {"GB": 1, "IT": 2}
    # Choosing an option gives exactly the count it showed.
    response = client.get(URL, {"domain": ["crime", "transport"], "country": "IT"})
    assert response.context["paginator"].count == 2


def test_the_number_of_results_counts_every_practice_whatever_its_country(client):
    PracticeFactory(country="IT")
    PracticeFactory(country="FR")
    PracticeFactory(country="")  # as a record imported without one could be

    assert client.get(URL).context["paginator"].count == 3
    assert client.get(URL, {"country": ["IT", "FR"]}).context["paginator"].count == 2
    assert client.get(URL, {"country": "XX"}).context["paginator"].count == 0


def test_options_without_results_are_hidden_unless_selected(client):
    DomainFactory(slug="empty-domain", name_en="Nothing here")
    PracticeFactory()

    response = client.get(URL)
    assert "empty-domain" not in counts(response, "domain")

    response = client.get(URL, {"domain": "empty-domain"})
    assert counts(response, "domain") == {"empty-domain": 0, "none": 1}
    assert response.context["paginator"].count == 0


def test_unknown_filter_value_gives_an_empty_result_and_a_message(client):
    PracticeFactory()

    response = client.get(URL, {"domain": "no-such-domain", "country": "XX"})

    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert facet(response, "domain").errors
    assert facet(response, "country").errors
    assert b'id="error-domain"' in response.content


def test_unknown_filter_value_message_is_translated(client):
    response = client.get("/fr/practices/", {"start_year": "1066"})

    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in " ".join(facet(response, "start_year").errors)


@pytest.mark.parametrize("page", ["999", "abc", "-1", "0"])
def test_bad_page_numbers_give_a_404_page(client, page):
    PracticeFactory()

    response = client.get(URL, {"page": page})

    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_pages_keep_the_filters(client, settings):
    domain = DomainFactory(slug="crime")
    for _ in range(settings.CATALOGUE_PAGE_SIZE + 1):
        PracticeFactory(domains=[domain])

    response = client.get(URL, {"domain": "crime"})

    assert response.context["page_obj"].has_next()
    assert b'href="?domain=crime&amp;page=2"' in response.content
    assert len(client.get(URL, {"domain": "crime", "page": 2}).context["practices"]) == 1


def test_many_pages_link_the_first_the_last_and_those_around(client, monkeypatch):
    monkeypatch.setattr(PracticeListView, "paginate_by", 1)
    PracticeFactory.create_batch(12)

    page = client.get(URL, {"page": 6}).content.decode()

    pagination = page.split('<nav class="pagination"')[1].split("</nav>")[0]
    linked = re.findall(r'href="\?page=(\d+)" aria-label', pagination)
    assert linked == ["1", "4", "5", "7", "8", "12"]
    assert '<span aria-current="page">6</span>' in pagination
    assert pagination.count('<li aria-hidden="true">…</li>') == 2


@pytest.mark.parametrize("language", ["en", "fr"])
def test_sort_by_title_ignores_accents_and_case(client, language):
    for title in ["Zones calmes", "Éducateurs de rue", "médiation nocturne", "Dispositif"]:
        PracticeFactory(title_en=title, title_fr=title)

    response = client.get(f"/{language}/practices/", {"sort": "title"})

    assert titles(response) == [
        "Dispositif",
        "Éducateurs de rue",
        "médiation nocturne",
        "Zones calmes",
    ]


def test_sort_by_country_then_title_ignores_accents(client):
    for title, country in [("Zones calmes", "FR"), ("Éclairage", "FR"), ("Anges", "GB")]:
        PracticeFactory(title_en=title, title_fr=title, country=country)

    response = client.get("/fr/practices/", {"sort": "country"})

    # France, then Royaume-Uni; within France, É among the E.
    assert titles(response) == ["Éclairage", "Zones calmes", "Anges"]


def test_sort_by_title_uses_the_active_language_with_fallback(client):
    PracticeFactory(title_en="Zebra crossings", title_fr="Passages piétons")
    PracticeFactory(title_en="Angels of bus stops", title_fr="")
    PracticeFactory(title_en="Bus stop angels", title_fr="Anges des arrêts de bus")

    response = client.get("/fr/practices/", {"sort": "title"})

    assert titles(response) == [
        "Angels of bus stops",
        "Anges des arrêts de bus",
        "Passages piétons",
    ]


def test_remove_filter_links_drop_only_that_value(client):
    crime, transport = DomainFactory(slug="crime"), DomainFactory(slug="transport")
    PracticeFactory(domains=[crime, transport])

    response = client.get(URL, {"domain": ["crime", "transport"], "sort": "title"})

    assert b'href="?domain=transport&amp;sort=title"' in response.content


@pytest.mark.parametrize(
    ("language", "chip"),
    [
        ("en", "Remove filter Impact: Positive impact"),
        ("fr", "Retirer le filtre Impact : Impact positif"),
    ],
)
def test_a_rating_chip_names_its_criterion_once(client, impact, language, chip):
    AssessmentFactory(practice=PracticeFactory(), criterion=impact)

    page = client.get(f"/{language}{URL[3:]}", {"rating_impact": "positive"}).content.decode()

    chips = page.split('<ul class="active-filters"')[1].split("</ul>")[0]
    # (Whatever space the French catalogue puts before the colon.)
    assert f'class="chip">{chip}</a>' in chips.replace("\u00a0", " ")


def test_language_switcher_keeps_the_page_and_its_filters(client):
    DomainFactory(slug="crime")

    response = client.get(URL, {"domain": "crime"})

    assert b'href="/fr/practices/?domain=crime" hreflang="fr"' in response.content
    assert b'rel="alternate" hreflang="fr"' in response.content


# Choices (5 vocabularies, recommendations, criteria and their levels: 8), every
# facet's counts (one query, whatever the filters, which also gives the number of
# results), the page and its domains.
CATALOGUE_QUERIES = 11


def test_query_count_does_not_grow_with_the_number_of_practices(
    client, impact, django_assert_num_queries
):
    domains = [DomainFactory(), DomainFactory()]
    level = LevelFactory()

    def add_practices(n):
        for _ in range(n):
            practice = PracticeFactory(domains=domains, levels=[level])
            AssessmentFactory(practice=practice, criterion=impact)

    query = {"domain": domains[0].slug, "country": "GB", "rating_impact": "positive"}
    add_practices(3)
    with django_assert_num_queries(CATALOGUE_QUERIES):
        response = client.get(URL, query)
    assert response.context["paginator"].count == 3

    add_practices(30)
    with django_assert_num_queries(CATALOGUE_QUERIES):
        response = client.get(URL, query)
    assert response.context["paginator"].count == 33
    assert counts(response, "level") == {level.slug: 33}


def test_an_unknown_sort_is_explained_next_to_the_sort_menu(client):
    PracticeFactory(title_en="Any")

    response = client.get(URL, {"sort": "zzz"})

    assert response.status_code == 200
    sort_block = response.content.decode().split('<div class="sort">')[1].split("</div>")[0]
    assert "zzz is not one of the available choices" in sort_block


def test_cards_say_whether_a_practice_is_running_only_when_it_is_known(client):
    start = datetime.date(2014, 1, 1)
    PracticeFactory(title_en="Unknown end", start_date=start, ongoing=False)
    PracticeFactory(title_en="Running", start_date=start, ongoing=True)
    PracticeFactory(title_en="Ended", start_date=start, end_date=datetime.date(2016, 6, 30))

    page = client.get(URL).content.decode()

    places = {
        title: page.split(f">{title}</a>")[1].split("</p>")[0]
        for title in ["Unknown end", "Running", "Ended"]
    }
    assert "started in 2014" in places["Unknown end"]
    assert "since 2014" in places["Running"]
    assert "2014–2016" in places["Ended"]
    assert "since" not in places["Unknown end"] + places["Ended"]
