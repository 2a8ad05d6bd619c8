"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live server.

Playwright's own browser download is never used (``playwright install`` is not run):
the tests launch ``/usr/bin/chromium`` (Debian's ``chromium`` package, which
``scripts/test`` installs) and are skipped, with the reason, where it is missing.

- ``page`` (pytest-playwright) opens pages relative to the live server:
  ``page.goto("/en/")``.
- ``live_url`` is the live server's address, for building absolute URLs.
- ``serious_axe_violations(page)`` runs axe-core on the page and returns its serious
  and critical violations; ``format_axe_violations`` turns them into an assertion message.
"""

import os
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling Google's services,
# which a closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_BLOCKING_IMPACTS = frozenset({"serious", "critical"})

# Playwright's sync API runs an event loop in the test's thread, so Django's ORM calls
# made by the tests (fixtures, factories) would otherwise raise SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

_BROWSER_DIR = Path(__file__).resolve().parent


@pytest.hookimpl(tryfirst=True)  # before -m selects on the markers added here
def pytest_collection_modifyitems(config, items):
    for item in items:
        if _BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
        if CHROMIUM.exists() or item.get_closest_marker("browser") is None:
            continue
        item.add_marker(
            pytest.mark.skip(
                reason=f"{CHROMIUM} not found: install Debian's chromium package "
                "(scripts/test does it)"
            )
        )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def playwright(playwright):
    """Close the database connections opened while Playwright ran, before the test database goes.

    Playwright's sync API marks an event loop as running in the main thread for the rest
    of the session, so Django (whose connection storage follows the running loop) opens
    a second connection for every test from then on. Nothing else closes it, and on
    PostgreSQL the test database could then not be dropped ("being accessed by other
    users").
    """
    yield playwright
    from django.db import connections

    connections.close_all()


@pytest.fixture(scope="session")
def live_url(live_server):
    """The live server's base URL, without a trailing slash: ``http://localhost:PORT``."""
    return live_server.url


@pytest.fixture(scope="session")
def base_url(live_url):
    """Make ``page.goto("/en/")`` go to the live server (pytest-playwright reads this)."""
    return live_url


def serious_axe_violations(page, *, selector=None):
    """Run axe-core (bundled, no network) on the page; return its serious and critical violations.

    ``selector`` limits the check to part of the page, e.g. ``"main"``. Each violation
    is axe's own dict: ``id``, ``impact``, ``help``, ``helpUrl``, ``nodes``…
    """
    results = Axe().run(page, context=selector)
    return [v for v in results.response["violations"] if v["impact"] in AXE_BLOCKING_IMPACTS]


def format_axe_violations(violations):
    """One line per violation and affected element, for an assertion message."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {' '.join(map(str, node['target']))}" for node in violation["nodes"])
    return "\n".join(lines)
