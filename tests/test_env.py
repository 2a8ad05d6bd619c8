import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_rate, env_url


@pytest.mark.parametrize("value", ["10/h", "100/30m", "5/d", " 20/h "])
def test_rates_are_read(monkeypatch, value):
    monkeypatch.setenv("SUBMISSION_RATE_LIMIT", value)

    assert env_rate("SUBMISSION_RATE_LIMIT", "10/h") == value.strip()


@pytest.mark.parametrize("value", ["ten per hour", "0/h", "10/w", "10"])
def test_a_rate_that_cannot_be_read_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("SUBMISSION_RATE_LIMIT", value)

    with pytest.raises(ImproperlyConfigured, match="SUBMISSION_RATE_LIMIT"):
        env_rate("SUBMISSION_RATE_LIMIT", "10/h")


@pytest.mark.parametrize(
    ("value", "read"),
    [
        ("https://practices.example.org/", "https://practices.example.org"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("", "http://default.example.org"),
    ],
)
def test_addresses_are_read(monkeypatch, value, read):
    monkeypatch.setenv("SITE_URL", value)

    assert env_url("SITE_URL", "http://default.example.org") == read


@pytest.mark.parametrize("value", ["practices.example.org", ".example.org", "*", "ftp://x.org"])
def test_an_address_that_cannot_be_read_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)

    with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
        env_url("SITE_URL", "http://default.example.org")


@pytest.mark.parametrize("value", [None, "", "  "])
def test_a_required_address_must_be_given(monkeypatch, value):
    if value is None:
        monkeypatch.delenv("SITE_URL", raising=False)
    else:
        monkeypatch.setenv("SITE_URL", value)

    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be set"):
        env_url("SITE_URL")
