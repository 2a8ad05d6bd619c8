"""Search in the catalogue, on both databases; relevance tests on PostgreSQL only."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from practices.models import Practice
from practices.search import normalise, parse
from practices.services import practice_search_index_update, practice_search_index_update_many
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    PracticeFactory,
)
from tests.practices.test_catalogue import URL, counts, titles

pytestmark = pytest.mark.django_db


def found(client, query, **params):
    response = client.get(URL, {"q": query, **params})
    assert response.status_code == 200
    return titles(response)


@pytest.fixture
def corpus():
    """A few bilingual practices, as staff would record them."""
    return {
        "pastors": PracticeFactory(
            title_en="Street Pastors in London",
            title_fr="Les Street Pastors à Londres",
            summary_en="Church volunteers patrol the night-time economy.",
            summary_fr="Des bénévoles d’églises patrouillent la nuit.",
            description_en="Volunteers offer help to people on nights out.",
            description_fr="Les bénévoles aident les personnes qui sortent le soir.",
        ),
        "safety": PracticeFactory(
            title_en="Safer public transport in Lyon",
            title_fr="Sécurité dans les transports publics à Lyon",
            summary_en="Mediators ride the night buses.",
            summary_fr="Des médiateurs voyagent dans les bus de nuit.",
            description_en="Transport staff and police share a control room.",
            description_fr="Les agents et la police partagent une salle de contrôle.",
            country="FR",
            city_en="Lyon",
        ),
        "youth": PracticeFactory(
            title_en="Youth workers in Bologna",
            title_fr="Éducateurs de rue à Bologne",
            summary_en="Youth workers meet young people where they gather.",
            summary_fr="Les éducateurs rencontrent les jeunes là où ils se retrouvent.",
            description_en="The city funds street-based youth work after school.",
            description_fr="La ville finance un travail de rue auprès des jeunes.",
            country="IT",
            city_en="Bologna",
        ),
    }


# --- Both databases -------------------------------------------------------------


def test_accents_and_case_are_ignored(client, corpus):
    assert found(client, "securite") == ["Safer public transport in Lyon"]
    assert found(client, "SÉCURITÉ") == ["Safer public transport in Lyon"]
    assert found(client, "EDUCATEURS") == ["Youth workers in Bologna"]


def test_searches_both_languages_whatever_the_page_language(client, corpus):
    assert found(client, "bénévoles") == ["Street Pastors in London"]
    assert found(client, "volunteers") == ["Street Pastors in London"]
    response = client.get("/fr/practices/", {"q": "volunteers"})
    assert titles(response) == ["Les Street Pastors à Londres"]


def test_the_city_is_found_in_either_language_accents_ignored(client):
    # Neither title nor text names the city: only the city can match.
    PracticeFactory(
        title_en="Night mediators", title_fr="Médiateurs de nuit", city_en="", city_fr="Liège"
    )
    PracticeFactory(title_en="Street wardens", city_en="London", city_fr="Londres")

    for query in ["liege", "Liège", "LIÈGE"]:
        assert found(client, query) == ["Night mediators"], query
    for query in ["london", "Londres"]:
        assert found(client, query) == ["Street wardens"], query


def test_every_word_must_match(client, corpus):
    assert found(client, "night buses") == ["Safer public transport in Lyon"]
    assert found(client, "night buses bologna") == []


def test_every_word_must_match_short_ones_and_phrases_included(client, corpus):
    PracticeFactory(title_en="Neighbourhood police officers", summary_en="Foot patrols.")

    assert found(client, "police bus") == ["Safer public transport in Lyon"]
    assert found(client, "police zzz") == []
    # A word close to a title's word does not make up for one that is missing.
    assert found(client, "pastors bus") == []
    assert found(client, '"pastors street"') == []
    assert found(client, '"street pastors"') == ["Street Pastors in London"]


def test_quotes_minus_and_or(client, corpus):
    assert found(client, '"control room"') == ["Safer public transport in Lyon"]
    assert found(client, '"room control"') == []
    assert sorted(found(client, "night -buses")) == ["Street Pastors in London"]
    assert sorted(found(client, "lyon or bologna")) == [
        "Safer public transport in Lyon",
        "Youth workers in Bologna",
    ]


def test_searches_the_criterion_texts_of_the_published_assessment(client, corpus):
    practice = corpus["youth"]
    AssessmentFactory(
        practice=practice,
        criterion=CriterionFactory(),
        text_en="Fewer fights were reported near the schools.",
        text_fr="Moins de bagarres ont été signalées près des écoles.",
        search_index=False,
    )
    assert found(client, "bagarres") == []  # not indexed until the write path says so

    practice_search_index_update(practice=practice)

    assert found(client, "bagarres") == ["Youth workers in Bologna"]
    assert found(client, "fights schools") == ["Youth workers in Bologna"]


def test_self_assessment_texts_are_not_searched(client, corpus):
    AssessmentFactory(
        practice=corpus["youth"], source="self", text_en="Unverified claims of a miracle."
    )
    practice_search_index_update(practice=corpus["youth"])

    assert found(client, "miracle") == []


def test_unpublished_practices_are_never_found(client, corpus):
    PracticeFactory(title_en="Secret night scheme", draft=True)

    assert found(client, "secret") == []
    assert "Secret night scheme" not in found(client, "night")


def test_title_matches_come_first(client):
    body = PracticeFactory(
        title_en="Neighbourhood wardens",
        description_en="Wardens work closely with the local mediation service.",
        published_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
    )
    title = PracticeFactory(
        title_en="Mediation in housing estates",
        published_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
    )

    assert found(client, "mediation") == [title.title, body.title]
    # Another sort replaces the ranking.
    assert found(client, "mediation", sort="newest") == [body.title, title.title]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"unclosed phrase',
        "&",
        "-",
        "--",
        "!",
        "|",
        "a & b | !c <-> d:*",
        "'; DROP TABLE practices_practice; --",
        "\\",
        "%",
        "_",
        "(night",
        "night)",
        "or",
        "-night",
        '-"night"',
        "night -",
        "<script>",
        "🚓 night",
        "   ",
    ],
)
def test_odd_queries_never_fail(client, corpus, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    assert not response.context["filterset"].errors


def test_a_query_without_letters_or_digits_is_ignored(client, corpus):
    assert len(found(client, "&")) == 3
    assert len(found(client, '" - !')) == 3


def test_too_long_or_nul_queries_say_why_next_to_the_field(client, corpus):
    response = client.get(URL, {"q": "night " * 50})

    assert response.status_code == 200
    assert response.context["paginator"].count == 0
    assert b'id="error-q"' in response.content
    assert "at most 200 characters" in response.content.decode()

    response = client.get("/fr/practices/", {"q": "night\x00"})
    assert response.status_code == 200
    assert b'id="error-q"' in response.content
    # What the user typed is kept in the box.
    response = client.get("/fr/practices/", {"q": "nuit " * 50})
    assert 'value="nuit nuit' in response.content.decode()
    assert "au plus 200 caractères" in response.content.decode()


def test_search_combines_with_the_facets_and_their_counts(client, corpus):
    night = DomainFactory(slug="night-time-economy")
    for practice in [corpus["pastors"], corpus["safety"]]:
        practice.domains.set([night])
        practice_search_index_update(practice=practice)

    response = client.get(URL, {"q": "night", "domain": "night-time-economy", "country": "FR"})

    assert titles(response) == ["Safer public transport in Lyon"]
    # Each facet counts the search and the other filters.
    assert counts(response, "country") == {"GB": 1, "FR": 1}
    assert counts(response, "domain") == {"night-time-economy": 1}
    response = client.get(URL, {"q": "bologna"})
    assert counts(response, "country") == {"IT": 1}


def test_the_matching_passage_is_highlighted_and_escaped(client):
    PracticeFactory(
        title_en="Community mediation",
        description_en="<img src=x onerror=alert(1)> Calm & quiet: disputes < 3 a week.",
    )

    response = client.get(URL, {"q": "disputes"})

    passage = response.context["practices"][0].search_passage
    assert passage.language == "en"
    assert "<mark>disputes</mark>" in passage.html
    assert "&amp; quiet" in passage.html
    assert "&lt; 3" in passage.html
    assert "<img" not in response.content.decode()


def test_the_passage_has_no_stray_highlight(client):
    # The private-use characters the highlighting uses, as pasted text could hold them.
    PracticeFactory(
        title_en="Community mediation",
        description_en="A \ue001 stray \ue000marker, then disputes \ue001and\ue000 more.",
    )

    response = client.get(URL, {"q": "disputes"})

    html = response.context["practices"][0].search_passage.html
    assert html.count("<mark>") == html.count("</mark>") == 1
    assert "<mark>disputes</mark>" in html
    assert "\ue000" not in html and "\ue001" not in html


def test_the_passage_comes_from_the_other_language_when_only_it_matches(client, corpus):
    response = client.get(URL, {"q": "bénévoles"})

    passage = response.context["practices"][0].search_passage
    assert passage.language == "fr"
    assert "<mark>bénévoles</mark>" in passage.html
    assert 'lang="fr"' in response.content.decode()


def test_search_box_on_every_page_and_in_the_catalogue(client, corpus):
    home = client.get("/fr/").content.decode()
    assert 'role="search"' in home
    assert 'action="/fr/practices/"' in home
    assert 'name="q"' in home

    catalogue = client.get(URL, {"q": "lyon", "domain": "x"}).content.decode()
    # One search box there, in the filter form, keeping what was typed.
    assert catalogue.count('name="q"') == 1
    assert 'form="catalogue-filters"' in catalogue
    assert 'value="lyon"' in catalogue


def test_remove_search_chip_keeps_the_filters(client, corpus):
    response = client.get(URL, {"q": "lyon", "country": "FR"})

    assert b'href="?country=FR"' in response.content


def test_relevance_is_offered_and_default_only_with_a_search(client, corpus):
    options = dict(client.get(URL).context["filterset"].form.fields["sort"].choices)
    assert "relevance" not in options
    response = client.get(URL, {"q": "lyon"})
    options = list(response.context["filterset"].form.fields["sort"].choices)
    assert options[0][0] == "relevance"
    # A shared link with the relevance sort but no search still works.
    response = client.get(URL, {"sort": "relevance"})
    assert not response.context["filterset"].errors
    assert len(titles(response)) == 3


def test_sort_by_country_name_in_the_page_language(client):
    for code in ["DE", "ES", "GB", "BE"]:
        PracticeFactory(title_en=f"Scheme in {code}", country=code)

    english = client.get(URL, {"sort": "country"})
    french = client.get("/fr/practices/", {"sort": "country"})

    # Belgium, Germany, Spain, United Kingdom / Allemagne, Belgique, Espagne, Royaume-Uni
    assert [p.country.code for p in english.context["practices"]] == ["BE", "DE", "ES", "GB"]
    assert [p.country.code for p in french.context["practices"]] == ["DE", "BE", "ES", "GB"]


def test_rebuild_search_index_command(client, corpus):
    Practice.objects.update(
        search_text="", search_title="", search_vector=None, sort_title_en="", sort_title_fr=""
    )
    assert found(client, "lyon") == []

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)

    assert "3 practices" in out.getvalue()
    assert found(client, "lyon") == ["Safer public transport in Lyon"]
    french = client.get("/fr/practices/", {"sort": "title"})
    assert titles(french) == [
        "Éducateurs de rue à Bologne",
        "Les Street Pastors à Londres",
        "Sécurité dans les transports publics à Lyon",
    ]


def test_indexing_leaves_last_updated_and_version_alone(corpus):
    practice = corpus["youth"]
    before = (practice.updated_at, practice.version)

    practice_search_index_update_many()

    practice.refresh_from_db()
    assert (practice.updated_at, practice.version) == before


def test_normalise_and_parse():
    assert normalise("Sécurité ŒUVRE Straße") == "securite oeuvre strasse"
    parsed = parse('"Night bus" -Lyon or école &')
    assert parsed.groups == [
        {"include": ["night bus"], "exclude": ["lyon"]},
        {"include": ["ecole"], "exclude": []},
    ]
    assert parse("& | !").is_empty


# Choices (5 vocabularies, recommendations, criteria and their levels: 8), every
# facet's counts (one query, which also gives the number of results), the page and
# its domains, and the matching passages (one query, whatever the page size).
SEARCH_QUERIES = 12


def test_query_count_with_a_search_does_not_grow(client, django_assert_num_queries):
    CriterionFactory()
    domain = DomainFactory()

    def add(n):
        for index in range(n):
            PracticeFactory(title_en=f"Night patrol {index}", domains=[domain])

    query = {"q": "night patrol", "domain": domain.slug, "country": "GB", "sort": "relevance"}
    add(3)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(URL, query)
    assert response.context["paginator"].count == 3

    add(25)
    with django_assert_num_queries(SEARCH_QUERIES):
        response = client.get(URL, query)
    assert response.context["paginator"].count == 28


# --- PostgreSQL: full-text search, typos, ranking ---------------------------------


@pytest.mark.postgres
@pytest.mark.parametrize("query", ["pastor", "pasters", "Pastors", "street pasters"])
def test_small_typos_in_titles_are_forgiven(client, corpus, query):
    assert found(client, query) == ["Street Pastors in London"]


@pytest.mark.postgres
def test_a_typo_counts_as_its_word_only(client, corpus):
    assert found(client, "pasters london") == ["Street Pastors in London"]
    assert found(client, "pasters lyon") == []
    assert found(client, "pasters -night") == []
    # Stop words ask for nothing in the language they are stop words in.
    assert found(client, "the pasters") == ["Street Pastors in London"]
    assert found(client, "les pasters") == ["Street Pastors in London"]


@pytest.mark.postgres
def test_a_word_some_practice_holds_is_not_taken_for_a_typo(client, corpus):
    # "pastels" is as close to "Pastors" as "pasters" is, but a practice says it.
    PracticeFactory(title_en="Murals", description_en="Young people paint in pastels.")
    assert found(client, "pastels") == ["Murals"]
    assert found(client, "pasters") == ["Street Pastors in London"]


@pytest.mark.postgres
def test_words_are_stemmed_in_each_language(client, corpus):
    # English: "patrolling" and "patrol" share a stem; French: "éducatrice", "éducateurs".
    assert found(client, "patrolling") == ["Street Pastors in London"]
    assert found(client, "educatrice") == ["Youth workers in Bologna"]
    assert found(client, "sécuritaire") == ["Safer public transport in Lyon"]


@pytest.mark.postgres
def test_ranking_puts_title_then_summary_then_body_matches_first(client):
    PracticeFactory(
        title_en="Housing estates",
        description_en="Concierges keep an eye on the stairwells and the lifts.",
    )
    PracticeFactory(title_en="Estate caretakers", summary_en="Concierges in every tower.")
    PracticeFactory(title_en="Concierges in social housing")

    assert found(client, "concierges") == [
        "Concierges in social housing",
        "Estate caretakers",
        "Housing estates",
    ]


@pytest.mark.postgres
def test_a_typo_does_not_override_what_the_user_excluded(client, corpus):
    assert found(client, "pasters -london") == []


@pytest.mark.postgres
def test_short_words_are_not_corrected(client, corpus):
    # "bus" and "by" are close as trigrams, but three letters are too few to correct.
    assert found(client, "bys") == []
