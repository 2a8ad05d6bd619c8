"""Atom feeds of newly published practices, for any catalogue search."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from practices.choices import VersionKind
from practices.models import Practice, PracticeVersion
from tests.factories import DomainFactory, PracticeFactory, TargetAudienceFactory

pytestmark = pytest.mark.django_db

FEED = "/en/practices/feed/"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def entries(response):
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    return root, [entry.find("atom:title", ATOM).text for entry in root.findall("atom:entry", ATOM)]


def published(days_ago):
    return datetime.datetime(2026, 1, 31, tzinfo=datetime.UTC) - datetime.timedelta(days=days_ago)


@pytest.fixture
def practices():
    youth = TargetAudienceFactory(slug="youth", name_en="Youth", name_fr="Jeunes")
    PracticeFactory(
        title_en="Youth club patrols",
        title_fr="",
        country="FR",
        published_at=published(9),
        target_audiences=[youth],
    )
    PracticeFactory(
        title_en="Youth mediators",
        title_fr="",
        country="FR",
        published_at=published(1),
        target_audiences=[youth],
    )
    PracticeFactory(title_en="Taxi marshals", country="GB", published_at=published(0))
    PracticeFactory(title_en="Secret draft", draft=True)


def test_newest_published_practices_first(client, practices):
    root, titles = entries(client.get(FEED, {"sort": "title", "page": "2"}))

    assert titles == ["Taxi marshals", "Youth mediators", "Youth club patrols"]
    assert root.find("atom:title", ATOM).text == "New practices – Efus good-practice repository"
    entry = root.find("atom:entry", ATOM)
    assert entry.find("atom:link", ATOM).get("href").startswith("http://testserver/en/practices/")
    assert entry.find("atom:published", ATOM).text.startswith("2026-01-31")


def test_an_entry_is_updated_when_its_latest_version_was_published(client, practices):
    practice = Practice.objects.get(title_en="Taxi marshals")
    PracticeVersion.objects.create(
        practice=practice, number=1, kind=VersionKind.PUBLICATION, content={}
    )
    PracticeVersion.objects.update(created_at=published(0))
    # A later save that published nothing (e.g. an internal note).
    Practice.objects.filter(pk=practice.pk).update(updated_at=published(-5))

    root, _titles = entries(client.get(FEED))

    entry = root.find("atom:entry", ATOM)
    assert entry.find("atom:title", ATOM).text == "Taxi marshals"
    assert entry.find("atom:updated", ATOM).text.startswith("2026-01-31")


def test_summaries_are_shown_as_written_not_read_as_html(client):
    PracticeFactory(summary_en="Tom & Jerry <b>bold</b> <img src=x onerror=alert(3)>\n\n1 < 2")

    root, _titles = entries(client.get(FEED))

    summary = root.find("atom:entry/atom:summary", ATOM)
    # Declared as HTML, the summary is the text escaped: a reader shows it as written.
    assert summary.get("type") == "html"
    assert summary.text == (
        "<p>Tom &amp; Jerry &lt;b&gt;bold&lt;/b&gt; &lt;img src=x onerror=alert(3)&gt;</p>"
        "\n\n<p>1 &lt; 2</p>"
    )


def test_a_feed_for_a_filtered_search(client, practices):
    root, titles = entries(
        client.get("/fr/practices/feed/", {"audience": "youth", "country": "FR"})
    )

    assert titles == ["Youth mediators", "Youth club patrols"]
    assert root.find("atom:title", ATOM).text == (
        "Nouvelles pratiques\u00a0: France, Jeunes – Répertoire de bonnes pratiques de l’Efus"
    )
    alternate = root.find("atom:link[@rel='alternate']", ATOM).get("href")
    assert alternate == "http://testserver/fr/practices/?audience=youth&country=FR"
    _root, titles = entries(client.get(FEED, {"q": "mediators"}))
    assert titles == ["Youth mediators"]


def test_never_unpublished_practices(client, practices):
    _root, titles = entries(client.get(FEED))

    assert "Secret draft" not in titles


@pytest.mark.parametrize("value", ["XX", "\x00"])
def test_bad_filter_values_say_what_is_wrong_as_the_exports_do(client, practices, value):
    response = client.get(FEED, {"country": value, "audience": "youth"})

    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Some filter values are not valid:\ncountry: ")
    assert "audience" not in text


def test_the_catalogue_announces_its_feed(client, practices):
    page = client.get("/en/practices/", {"audience": "youth", "page": "1"}).content.decode()

    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="New practices matching this search" href="/en/practices/feed/?audience=youth">'
    ) in page
    assert "Subscribe to new practices matching this search (Atom feed)" in page


def test_query_count_does_not_grow(client, django_assert_num_queries):
    domain = DomainFactory()
    PracticeFactory(domains=[domain])
    with CaptureQueriesContext(connection) as first:
        client.get(FEED)
    for _ in range(5):
        PracticeFactory(domains=[domain])
    with django_assert_num_queries(len(first.captured_queries)):
        assert len(entries(client.get(FEED))[1]) == 6
