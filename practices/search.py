"""Full-text search of practices: one entry point, :func:`search`, for both databases.

What is searched is a document per practice: the title, summary, prose sections and
city, and the texts of the published (staff) assessment of each criterion, in
English and in French. It spans related rows, so no generated column can hold it:
``practices.services.practice_search_index_update`` keeps it in columns of
``Practice``: ``search_title`` (the titles, normalised) and ``sort_title_<language>``
(for sorting by title) on both databases, and ``search_vector`` on PostgreSQL or
``search_text`` on SQLite.

- **PostgreSQL**: full-text search on ``search_vector``, a weighted ``tsvector``
  (title A, summary B, description and objectives C, the rest D) built with the
  ``english_unaccent`` and ``french_unaccent`` configurations (migration 0004), so
  "securite" finds "sécurité" and "policing" finds "police". The query is split by
  :func:`parse` (``"phrase"``, ``-word`` and ``or``, as ``websearch_to_tsquery``
  reads them); every word or phrase included must be in the document, in either
  configuration, and none excluded may be. A word of four letters or more that no
  practice searched holds is taken for a typo, and found when a title has a word
  close to it (trigram word similarity: "pasters" finds "Street Pastors"); shorter
  words, and phrases, are not corrected. Nothing a user
  types can raise. Results are ranked by ``ts_rank`` of the query in the weighted
  vector, so title matches come first, then summary matches. The vector is kept in
  the practice's row (migration 0010), so matching and ranking thousands of
  practices reads no TOAST table.
- **SQLite** (the embedded default): every word must start a word of
  ``search_text`` (casefolded, accents stripped, punctuation removed), with the same
  ``"phrase"``, ``-word`` and ``or`` syntax; practices whose title matches come
  first.

:func:`passages` gives, for the practices of one page, the passage that matches,
marked up with ``<mark>``, escaped.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, or_

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramDistance,
    TrigramSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Replace
from django.db.models.lookups import Exact
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from evaluations.choices import AssessmentSource
from evaluations.models import Assessment

from .i18n import LANGUAGE_CODES

# Text-search configurations per language, created by migration 0004 (PostgreSQL only).
CONFIGS = {"en": "english_unaccent", "fr": "french_unaccent"}
# The practice's translated fields that are searched, with their ranking weight.
WEIGHTS = {
    "title": "A",
    "summary": "B",
    "description": "C",
    "objectives": "C",
    "sustainability": "D",
    "transferability": "D",
    "evidence": "D",
    "cost_description": "D",
}
# Fields shown as the matching passage (not the title: it is shown anyway).
PASSAGE_FIELDS = [name for name in WEIGHTS if name != "title"]
# Letters that do not decompose into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ß": "ss"})
WORD = re.compile(r"\w+")
# Shorter words are not corrected: too many words are close to them.
TYPO_MIN_LENGTH = 4
# Markers ts_headline puts around matches, replaced by <mark> once the text is escaped
# (private-use characters, taken out of the texts beforehand).
START, STOP = "\ue000", "\ue001"
WITHOUT_MARKERS = str.maketrans({START: None, STOP: None})


def normalise(text):
    """``text`` casefolded, without accents: "Sécurité Œuvre" gives "securite oeuvre"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def words(text):
    """The normalised words of ``text``, punctuation dropped."""
    return WORD.findall(normalise(text))


def _padded(text):
    """Words separated by single spaces, with a space at each end, so that a term can
    be matched at the start of a word by looking for ``" " + term``."""
    return f" {' '.join(words(text))} "


@dataclass(frozen=True)
class Passage:
    """The extract of a practice that matches a search, in ``language``, as safe HTML."""

    language: str
    html: str


@dataclass
class ParsedQuery:
    """A query split as ``websearch_to_tsquery`` reads it: groups ORed together, each
    a set of terms (words or phrases) that must all appear and terms that must not."""

    groups: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not any(group["include"] or group["exclude"] for group in self.groups)

    @property
    def included(self):
        return [term for group in self.groups for term in group["include"]]


TOKEN = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


def parse(query):
    """Split ``query`` into :class:`ParsedQuery`; anything without a letter or digit is
    dropped, so stray punctuation and a lone "&" mean nothing."""
    parsed = ParsedQuery(groups=[{"include": [], "exclude": []}])
    for minus_phrase, phrase, minus_word, word in TOKEN.findall(query or ""):
        text = " ".join(words(phrase if phrase or minus_phrase else word))
        if not text:
            continue
        if word and not minus_word and text == "or":
            parsed.groups.append({"include": [], "exclude": []})
            continue
        key = "exclude" if (minus_phrase or minus_word) else "include"
        parsed.groups[-1][key].append(text)
    parsed.groups = [group for group in parsed.groups if group["include"] or group["exclude"]]
    return parsed


# --- The document -----------------------------------------------------------------


TITLE_FIELDS = [f"title_{code}" for code in LANGUAGE_CODES]


def title_document(practice):
    """``search_title``: the titles in both languages, normalised."""
    return _padded(" ".join(getattr(practice, name) or "" for name in TITLE_FIELDS))


SORT_TITLE_FIELDS = {code: f"sort_title_{code}" for code in LANGUAGE_CODES}


def sort_title(practice, language):
    """``sort_title_<language>``: the title in ``language``, else in the other one,
    normalised: "Éducateurs de rue" sorts as "educateurs de rue", between "Dispositif"
    and "Médiation"."""
    others = [code for code in LANGUAGE_CODES if code != language]
    titles = (getattr(practice, f"title_{code}") for code in [language, *others])
    return " ".join(words(next((title for title in titles if title), "")))


def text_document(practice, assessment_texts):
    """``search_text`` (SQLite only): everything searched, both languages, normalised.

    ``assessment_texts`` are the staff assessments' texts, in both languages.
    """
    texts = [
        getattr(practice, f"{name}_{code}") or ""
        for name in [*WEIGHTS, "city"]
        for code in LANGUAGE_CODES
    ]
    return _padded(" ".join([*texts, *assessment_texts]))


def _staff_assessment_text(language):
    """Subquery: the texts of a practice's staff assessments in ``language``, joined."""
    return Subquery(
        Assessment.objects.filter(practice=OuterRef("pk"), source=AssessmentSource.STAFF)
        .order_by()
        .values("practice")
        .annotate(joined=StringAgg(f"text_{language}", delimiter="\n\n", default=Value("")))
        .values("joined"),
        output_field=TextField(),
    )


def search_vector():
    """The weighted ``tsvector`` of a practice, as an expression for ``update()``
    (PostgreSQL only)."""
    parts = []
    for code in LANGUAGE_CODES:
        config = CONFIGS[code]
        parts.extend(
            SearchVector(f"{name}_{code}", config=config, weight=weight)
            for name, weight in WEIGHTS.items()
        )
        parts.append(SearchVector(_staff_assessment_text(code), config=config, weight="D"))
        # The city's name in this language, accents ignored like every other text.
        parts.append(SearchVector(f"city_{code}", config=config, weight="D"))
    vector = parts[0]
    for part in parts[1:]:
        vector += part
    return vector


# --- Searching --------------------------------------------------------------------


def search(queryset, query):
    """``queryset`` narrowed to the practices matching ``query``, best first.

    A query with no letter or digit in it (``"&"``, ``"--"``) leaves the queryset as it
    is. Callers may order the result differently afterwards (the catalogue's sort).
    """
    parsed = parse(query)
    if parsed.is_empty:
        return queryset
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, query, parsed)
    return _search_words(queryset, parsed)


def _text_query(query):
    return SearchQuery(query, config=CONFIGS["en"], search_type="websearch") | SearchQuery(
        query, config=CONFIGS["fr"], search_type="websearch"
    )


class _LexemeCount(Func):
    """``numnode(tsquery)``: 0 when a query has no lexeme (only stop words)."""

    function = "numnode"
    output_field = IntegerField()


def _condition_postgresql(queryset, parsed):
    """``Q`` for ``parsed`` on ``queryset``: in one of the groups ORed, every term
    included is in the document and no term excluded is.

    A term (a word, or a phrase matched as a phrase) is read with each language's
    configuration. As ``websearch_to_tsquery`` does in each language, a term that is
    only stop words in one of them asks for nothing, unless the group holds nothing
    else. A word of TYPO_MIN_LENGTH letters or more that no document of ``queryset``
    holds is taken for a typo: it is found when a title has a word close to it
    (trigram GIN index; the threshold is set in config/settings/base.py). Whether a
    term is a stop word is computed from constants, so PostgreSQL settles it before
    planning.
    """
    conditions = []
    for group in parsed.groups:
        condition = Q()
        for term in group["exclude"]:
            condition &= ~_in_document(_term_queries(term))
        if group["include"]:
            found, stop_words = [], []
            for term in group["include"]:
                queries = _term_queries(term)
                found.append(
                    _in_document(queries) | _close_to_a_title_word(term, queryset, queries)
                )
                stop_words.append(reduce(or_, [Q(Exact(_LexemeCount(q), 0)) for q in queries]))
            has_plain_words = reduce(or_, [~stop_word for stop_word in stop_words])
            lenient = reduce(and_, [f | s for f, s in zip(found, stop_words, strict=True)])
            condition &= (has_plain_words & lenient) | (~has_plain_words & reduce(and_, found))
        conditions.append(condition)
    return reduce(or_, conditions)


def _term_queries(term):
    """A word or a phrase of the query, read with each language's configuration."""
    return [SearchQuery(term, config=config, search_type="phrase") for config in CONFIGS.values()]


def _in_document(queries):
    return Q(search_vector=reduce(or_, queries))


def _close_to_a_title_word(term, queryset, queries):
    """``Q``: a title has a word close to ``term``, if it is a word long enough to be
    corrected and no document of ``queryset`` holds it (``queries``); else nothing.

    Whether a document holds the word is one uncorrelated ``EXISTS`` (GIN index),
    which PostgreSQL settles once, before reading any row: word similarity costs tens
    of microseconds a title, too much to compute for every practice a common word
    misses.
    """
    if " " in term or len(term) < TYPO_MIN_LENGTH:
        return Q()
    nowhere = ~Exists(queryset.order_by().filter(_in_document(queries)))
    return nowhere & Q(search_title__trigram_word_similar=term)


def _search_postgresql(queryset, query, parsed):
    rank = SearchRank(F("search_vector"), _text_query(query))
    return queryset.filter(_condition_postgresql(queryset, parsed)).order_by(
        rank.desc(), "-published_at", "-pk"
    )


def _matches(column, parsed):
    """``Q`` for ``parsed`` on a padded, normalised text column."""

    def has(term):
        return Q(**{f"{column}__contains": f" {term}"})

    groups = [
        reduce(
            and_,
            [has(term) for term in group["include"]] + [~has(term) for term in group["exclude"]],
        )
        for group in parsed.groups
    ]
    return reduce(or_, groups)


def _search_words(queryset, parsed):
    in_title = Case(When(_matches("search_title", parsed), then=Value(1)), default=Value(0))
    return queryset.filter(_matches("search_text", parsed)).order_by(
        in_title.desc(), "-published_at", "-pk"
    )


SIGNIFICANT_LENGTH = 5


def _significant_title_words(practice):
    words_ = practice.search_title.split()
    return [word for word in dict.fromkeys(words_) if len(word) >= SIGNIFICANT_LENGTH]


def closest_titles(queryset, practice, *, count):
    """The keys of the ``count`` practices of ``queryset`` whose titles are closest to
    ``practice``'s, closest first.

    PostgreSQL: trigram distance, read in order from the trigram GiST index; SQLite:
    the most title words of five letters or more in common, none excluded.
    """
    if connection.vendor == "postgresql":
        ordered = queryset.order_by(TrigramDistance("search_title", Value(practice.search_title)))
    else:
        conditions = [
            Q(search_title__contains=f" {word} ") for word in _significant_title_words(practice)
        ]
        ordered = queryset.filter(reduce(or_, conditions, Q(pk__in=[]))).order_by(
            title_similarity(practice).desc()
        )
    return ordered.values_list("pk", flat=True)[:count]


def title_similarity(practice):
    """Expression: how close each practice's titles are to ``practice``'s, from 0 to 1.

    PostgreSQL: trigram similarity; SQLite: the share of ``practice``'s title words
    of five letters or more that the other titles contain.
    """
    if connection.vendor == "postgresql":
        return TrigramSimilarity("search_title", Value(practice.search_title))
    significant = _significant_title_words(practice)
    if not significant:
        return Value(0.0)
    shared = sum(
        Case(When(search_title__contains=f" {word} ", then=Value(1.0)), default=Value(0.0))
        for word in significant
    )
    return shared / Value(float(len(significant)))


# --- The matching passage ---------------------------------------------------------


def passages(practices, query):
    """``{practice pk: passage}`` for the practices of one result page.

    A passage is a short extract of the practice's prose (summary, sections and
    criterion texts) around the words matched, as safe HTML: the text is escaped,
    then the matches are wrapped in ``<mark>``. The extract is taken from the page's
    language when the match is there, else from the other language; it is
    a :class:`Passage`. Practices matched by their title only have no passage.
    """
    parsed = parse(query)
    practices = list(practices)
    if parsed.is_empty or not practices:
        return {}
    if connection.vendor == "postgresql":
        found = _headlines_postgresql(practices, query)
    else:
        found = _headlines_words(practices, parsed)
    active = get_language()
    order = [active, *(code for code in LANGUAGE_CODES if code != active)]
    result = {}
    for pk, by_language in found.items():
        for code in order:
            text = by_language.get(code) or ""
            if START in text:
                result[pk] = Passage(code, _mark(text))
                break
    return result


def _mark(text):
    html = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(html)  # escaped above; only <mark> added


def _prose(code):
    """SQL: the practice's prose in language ``code``, then its criterion texts, a line
    apart, without the passage markers (PostgreSQL's ``concat_ws``, which skips the
    texts missing and takes Django much less work to write out than ``Concat``)."""
    prose = Func(
        Value(" \n"),
        *(F(f"{name}_{code}") for name in PASSAGE_FIELDS),
        _staff_assessment_text(code),
        function="CONCAT_WS",
        output_field=TextField(),
    )
    return Replace(Replace(prose, Value(START)), Value(STOP))


def _headlines_postgresql(practices, query):
    from .models import Practice

    text_query = _text_query(query)
    options = {
        "start_sel": START,
        "stop_sel": STOP,
        "max_words": 35,
        "min_words": 15,
        "max_fragments": 2,
        "fragment_delimiter": " … ",
    }
    rows = (
        Practice.objects.filter(pk__in=[p.pk for p in practices])
        .annotate(
            **{
                f"passage_{code}": SearchHeadline(
                    _prose(code), text_query, config=CONFIGS[code], **options
                )
                for code in LANGUAGE_CODES
            }
        )
        .values("pk", *(f"passage_{code}" for code in LANGUAGE_CODES))
    )
    return {row["pk"]: {code: row[f"passage_{code}"] for code in LANGUAGE_CODES} for row in rows}


PASSAGE_WORDS = 35


def _headlines_words(practices, parsed):
    """The SQLite counterpart of ``ts_headline``: the window of words around the first
    word that starts like a searched word, accents ignored."""
    texts = {}
    for row in Assessment.objects.filter(
        practice__in=practices, source=AssessmentSource.STAFF
    ).values("practice_id", *(f"text_{code}" for code in LANGUAGE_CODES)):
        for code in LANGUAGE_CODES:
            texts.setdefault((row["practice_id"], code), []).append(row[f"text_{code}"] or "")
    searched = {word for term in parsed.included for word in term.split()}
    found = {}
    for practice in practices:
        found[practice.pk] = {}
        for code in LANGUAGE_CODES:
            prose = [getattr(practice, f"{name}_{code}") or "" for name in PASSAGE_FIELDS]
            text = " ".join([*prose, *texts.get((practice.pk, code), [])])
            text = text.translate(WITHOUT_MARKERS)
            found[practice.pk][code] = _window(text.split(), searched)
    return found


def _window(tokens, searched):
    """Mark the tokens holding a word that starts like one of ``searched``; return the
    :data:`PASSAGE_WORDS` tokens around the first, or "" when none matches."""
    marked = {
        i
        for i, token in enumerate(tokens)
        if any(word.startswith(prefix) for word in words(token) for prefix in searched)
    }
    if not marked:
        return ""
    first = max(min(marked) - PASSAGE_WORDS // 3, 0)
    window = range(first, min(first + PASSAGE_WORDS, len(tokens)))
    text = " ".join(f"{START}{tokens[i]}{STOP}" if i in marked else tokens[i] for i in window)
    return ("… " if first else "") + text + (" …" if window.stop < len(tokens) else "")
