import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_rate


@pytest.mark.parametrize("value", ["10/h", "100/30m", "5/d", " 20/h "])
def test_rates_are_read(monkeypatch, value):
    monkeypatch.setenv("SUBMISSION_RATE_LIMIT", value)

    assert env_rate("SUBMISSION_RATE_LIMIT", "10/h") == value.strip()


@pytest.mark.parametrize("value", ["ten per hour", "0/h", "10/w", "10"])
def test_a_rate_that_cannot_be_read_stops_the_start(monkeypatch, value):
    monkeypatch.setenv("SUBMISSION_RATE_LIMIT", value)

    with pytest.raises(ImproperlyConfigured, match="SUBMISSION_RATE_LIMIT"):
        env_rate("SUBMISSION_RATE_LIMIT", "10/h")
