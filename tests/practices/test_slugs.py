"""Practice slugs never take a fixed word of the addresses where a slug stands."""

import re

import pytest
from django.urls import URLResolver, get_resolver

from practices.models import Practice
from practices.slugs import RESERVED_PRACTICE_SLUGS, practice_slug
from tests.factories import PracticeFactory
from tests.practices.test_admin_workflow import change_url, form_data

pytestmark = pytest.mark.django_db

# The routes where a practice's slug stands in an address.
PRACTICE_ROUTES = {"practice_detail", "practice_citation", "practice_pdf", "practice-detail"}
SLUG = re.compile(r"<slug:slug>|\(\?P<slug>[^)]*\)")


def routes(patterns=None, prefix=""):
    """``(route, name)`` of every URL pattern, routes in full (regexes unanchored)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$").replace("$", "")
        route = route.replace("^", "")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        else:
            yield route, pattern.name


def test_every_fixed_word_where_a_practice_slug_stands_is_reserved():
    all_routes = list(routes())
    prefixes = {SLUG.split(route)[0] for route, name in all_routes if name in PRACTICE_ROUTES}
    fixed = set()
    for route, _name in all_routes:
        for prefix in prefixes:
            if route.startswith(prefix):
                word = re.match(r"[^/.<(]*", route[len(prefix) :]).group()
                if word:
                    fixed.add(word)

    assert {"feed", "export", "preview", "facets"} <= fixed
    assert fixed <= RESERVED_PRACTICE_SLUGS


@pytest.mark.parametrize("title", ["Feed", "FACETS", "Export", "Preview"])
def test_a_practice_is_never_given_a_reserved_slug(title):
    assert practice_slug(Practice.objects.all(), title) == f"{title.lower()}-2"


def test_a_reserved_slug_typed_in_the_admin_is_refused(client, editor):
    practice = PracticeFactory(slug="night-patrols")
    client.force_login(editor)

    response = client.post(change_url(practice), form_data(client, practice, slug="feed"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "slug": ["“feed” is reserved; choose another slug."]
    }
    practice.refresh_from_db()
    assert practice.slug == "night-patrols"
