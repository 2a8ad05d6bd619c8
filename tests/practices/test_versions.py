"""Snapshots of a practice and what changed between two of them."""

import difflib
import html
import importlib
import random
import re

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from practices import versions
from practices.versions import Change, describe, practice_snapshot, version_changes
from tests.factories import (
    AssessmentFactory,
    CriterionFactory,
    DomainFactory,
    OrganisationFactory,
    PartnershipFactory,
    PracticeFactory,
    ReferenceFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    practice = PracticeFactory(summary_en="Officers meet residents every month.")
    practice.domains.set([DomainFactory(name_en="Night-time economy", name_fr="Vie nocturne")])
    PartnershipFactory(
        practice=practice,
        organisation=OrganisationFactory(name_en="Town council", name_fr="Mairie"),
        role_en="Leads",
        is_lead=True,
    )
    return practice


def test_a_snapshot_holds_the_record_in_both_languages(practice):
    criterion = CriterionFactory(name_en="Impact", name_fr="Impact")
    AssessmentFactory(practice=practice, criterion=criterion, source="self")

    content = practice_snapshot(practice)

    assert content["summary_en"] == "Officers meet residents every month."
    assert content["contact_email"] == "jane.officer@example.org"
    assert content["domains"] == [{"en": "Night-time economy", "fr": "Vie nocturne"}]
    assert content["partnerships"][0]["organisation"] == {"en": "Town council", "fr": "Mairie"}
    assert criterion.slug in content["self_assessment"]
    assert "staff_assessment" not in content


def test_changes_show_words_removed_and_added(practice):
    old = practice_snapshot(practice)
    practice.summary_en = "Officers meet residents every week."
    practice.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert change.label == "Summary (English)"
    assert change.diff == "Officers meet residents every <del>month.</del><ins>week.</ins>"


def test_text_in_a_change_is_escaped(practice):
    old = practice_snapshot(practice)
    practice.summary_en = "<script>alert(1)</script>"
    practice.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert "<script>" not in change.diff
    assert "&lt;script&gt;" in change.diff


def test_partners_and_vocabularies_are_compared_in_the_reader_language(practice):
    old = practice_snapshot(practice)
    practice.partnerships.all().delete()
    practice.domains.clear()

    with translation.override("fr"):
        changes = {
            c.label: (c.old, c.new) for c in version_changes(old, practice_snapshot(practice))
        }

    assert changes["Domaines"] == ("Vie nocturne", "")
    assert changes["Partenaires"] == (
        "Mairie (Collectivité locale) [chef de file]: Préside le partenariat",
        "",
    )


def test_identical_snapshots_have_no_change(practice):
    snapshot = practice_snapshot(practice)

    assert version_changes(snapshot, snapshot) == []
    assert len(describe(snapshot)) > 20


def test_the_city_is_kept_and_compared_in_each_language(practice):
    old = practice_snapshot(practice)
    practice.city_fr = "Londres"
    practice.save()

    new = practice_snapshot(practice)

    assert (new["city_en"], new["city_fr"]) == ("London", "Londres")
    (change,) = version_changes(old, new)
    assert (change.label, change.old, change.new) == ("City or area (French)", "", "Londres")


def test_a_city_recorded_before_it_was_translated_goes_to_the_original_language():
    migration = importlib.import_module("practices.migrations.0008_practice_city_translated")
    state = MigrationExecutor(connection).loader.project_state(
        ("practices", "0008_practice_city_translated")
    )
    Practice = state.apps.get_model("practices", "Practice")
    PracticeVersion = state.apps.get_model("practices", "PracticeVersion")
    french = PracticeFactory(original_language="fr", city_en="")
    Practice.objects.filter(pk=french.pk).update(city="Liège", city_en=None, city_fr=None)
    version = PracticeVersion.objects.create(
        practice_id=french.pk,
        number=1,
        kind="submission",
        content={"original_language": "fr", "city": "Liège"},
    )

    migration.forward(state.apps, None)

    french.refresh_from_db()
    assert (french.city_fr, french.city_en) == ("Liège", None)
    version.refresh_from_db()
    assert version.content == {"original_language": "fr", "city_en": "", "city_fr": "Liège"}
    assert describe(version.content)["city_fr"] == ("City or area (French)", "Liège")


def test_the_language_of_a_citation_is_kept_and_compared(practice):
    reference = ReferenceFactory(practice=practice, citation="Annual report", url="")
    old = practice_snapshot(practice)
    reference.language = "en"
    reference.save()

    (change,) = version_changes(old, practice_snapshot(practice))

    assert (change.label, change.old, change.new) == (
        "References",
        "Annual report",
        "Annual report (English)",
    )


# --- Long texts --------------------------------------------------------------------------

PROSE = re.findall(
    r"\S+",
    "the city council and the police meet residents of the district every month to "
    "agree on what to do about night-time noise drug dealing and burglaries in the "
    "estate where young people say they feel watched rather than protected by patrols",
)


def _prose(words, seed=0):
    """``words`` words of plain prose, in paragraphs of about a hundred words."""
    rng = random.Random(seed)
    text = [rng.choice(PROSE) for _ in range(words)]
    return "\n".join(" ".join(text[i : i + 100]) for i in range(0, words, 100))


def _unmark(diff, keep):
    """The old (``keep="del"``) or new (``"ins"``) text back from a diff's markup."""
    drop = "ins" if keep == "del" else "del"
    text = re.sub(rf"<{drop}>.*?</{drop}>", "", str(diff), flags=re.S)
    return html.unescape(re.sub(rf"</?{keep}>", "", text))


def test_a_long_text_with_scattered_changes_is_compared_word_by_word(monkeypatch):
    old = _prose(5000)
    words = old.split(" ")
    for position in range(50, len(words), 400):
        words[position] = "CHANGED"
    new = " ".join(words)
    compared = []

    class Matcher(difflib.SequenceMatcher):
        def __init__(self, isjunk=None, a="", b="", autojunk=True):
            compared.append((len(a), len(b), autojunk))
            super().__init__(isjunk, a, b, autojunk)

    monkeypatch.setattr(difflib, "SequenceMatcher", Matcher)

    diff = Change("Description", old, new).diff

    assert _unmark(diff, "del") == old and _unmark(diff, "ins") == new
    assert diff.count("<ins>CHANGED</ins>") == new.count("CHANGED") == 13
    # One token per word, spaces included, and frequent words ("the") never anchor a
    # match: what keeps a comparison fast (a token per space, without the heuristic,
    # made 4,000 words take a minute).
    ((old_tokens, new_tokens, heuristic),) = compared
    assert old_tokens == new_tokens == 5000 and heuristic


def test_a_very_long_text_is_compared_paragraph_by_paragraph():
    old = _prose(40_000)  # about 200 KB
    paragraphs = old.split("\n")
    paragraphs[7] = paragraphs[7].replace("the", "THE")
    new = "\n".join(paragraphs)

    diff = Change("Description", old, new).diff

    assert len(old) > 200_000
    assert _unmark(diff, "del") == old and _unmark(diff, "ins") == new
    # The changed paragraph is replaced as a whole; the others are unmarked.
    assert diff.count("<del>") == diff.count("<ins>") == 1
    assert f"<ins>{paragraphs[7]}\n</ins>" in diff


def test_a_text_too_long_even_in_paragraphs_is_shown_replaced(monkeypatch):
    monkeypatch.setattr(versions, "DIFF_MAX_TOKENS", 3)
    old, new = "one\ntwo\nthree\nfour", "one\ntwo\nthree\nfive"

    assert Change("Description", old, new).diff == f"<del>{old}</del><ins>{new}</ins>"
