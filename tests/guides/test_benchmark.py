"""The PDF benchmark never writes into a database of real data or the site's files."""

import importlib.util
import os
from pathlib import Path

import pytest

from tests.factories import PracticeFactory

from .factories import GuideFactory

pytestmark = pytest.mark.django_db

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "benchmark_pdf.py"


@pytest.fixture(scope="module")
def benchmark():
    spec = importlib.util.spec_from_file_location("benchmark_pdf", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_refuses_a_database_holding_real_practices_or_guides(benchmark):
    PracticeFactory(slug="benchmark-practice-0")
    benchmark.refuse_foreign_data()  # its own rows only: it may go on

    PracticeFactory(slug="street-pastors")
    with pytest.raises(SystemExit, match="1 practices, guides or organisations"):
        benchmark.refuse_foreign_data()


def test_it_refuses_a_database_holding_a_real_guide(benchmark):
    GuideFactory(slug="citizens-and-police")

    with pytest.raises(SystemExit):
        benchmark.refuse_foreign_data()


def test_it_ignores_the_sites_database_and_private_files(benchmark, monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/the_real_site")
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", "/srv/the-real-site/private-media")
    monkeypatch.delenv("BENCHMARK_DATABASE_URL", raising=False)
    monkeypatch.setattr("sys.argv", ["benchmark_pdf.py"])
    seen = {}

    def stop(database_url):
        seen["database_url"] = database_url
        seen["private_media_root"] = os.environ["PRIVATE_MEDIA_ROOT"]
        raise SystemExit

    monkeypatch.setattr(benchmark, "setup_django", stop)
    with pytest.raises(SystemExit):
        benchmark.main()

    assert seen["database_url"].startswith("sqlite:///")
    assert seen["private_media_root"].endswith("/private-media")
    assert not seen["private_media_root"].startswith("/srv/the-real-site")
    environment = benchmark.child_environment("sqlite:///x.sqlite3", tmp_path)
    assert environment["PRIVATE_MEDIA_ROOT"] == str(tmp_path / "private-media")
    assert environment["DATABASE_URL"] == "sqlite:///x.sqlite3"
