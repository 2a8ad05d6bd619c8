"""The production set-up: docker compose, the container's start and its health check."""

import os
import re
import socket
import subprocess
import sys

import pytest
import yaml
from django.conf import settings

ROOT = settings.BASE_DIR
# Variables of the README's table that the compose stack does not need: the demo
# data is never loaded in production.
NOT_FOR_COMPOSE = {"DEMO_PASSWORD"}


def documented_variables():
    """The variables named in the first column of the README's configuration table."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("| Variable | Default | Meaning |")[1].split("\n\n")[0]
    names = set()
    for row in table.splitlines()[2:]:
        names.update(re.findall(r"`([A-Z][A-Z0-9_]+)`", row.split("|")[1]))
    return names


def compose_environment(service):
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return compose["services"][service]["environment"]


@pytest.mark.parametrize("service", ["web", "worker"])
def test_compose_passes_every_documented_variable(service):
    documented = documented_variables()
    assert {"EMAIL_HOST", "EMAIL_HOST_PASSWORD", "TASKS_BACKEND"} <= documented

    missing = documented - NOT_FOR_COMPOSE - set(compose_environment(service))

    assert not missing, f"documented in the README but not passed to {service}: {missing}"


def test_the_database_password_is_not_put_in_a_url():
    environment = compose_environment("web")

    assert "POSTGRES_PASSWORD" not in environment["DATABASE_URL"]
    assert environment["PGPASSWORD"].startswith("${POSTGRES_PASSWORD:?")


def settings_value(name, **environ):
    """A setting as the production settings read it from ``environ``."""
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "practices.example.org",
        "SITE_URL": "https://practices.example.org",
        **environ,
    }
    code = f"from django.conf import settings; print(repr(settings.{name}))"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_production_needs_the_site_address_and_never_guesses_it():
    assert settings_value("SITE_URL", SITE_URL="https://practices.example.org/") == (
        "'https://practices.example.org'"
    )
    # An allowed host may be a pattern, not an address: nothing is derived from it.
    for hosts in [".example.org", "*", "practices.example.org"]:
        error = settings_value("SITE_URL", SITE_URL="", ALLOWED_HOSTS=hosts)
        assert error == (
            "django.core.exceptions.ImproperlyConfigured: "
            "The environment variable SITE_URL must be set."
        )


def test_compose_requires_the_site_address():
    assert compose_environment("web")["SITE_URL"].startswith("${SITE_URL:?")


def test_connections_kept_open_are_health_checked():
    database = "postgres://gpr@db:5432/gpr"

    assert "'CONN_HEALTH_CHECKS': True" in settings_value(
        "DATABASES", DATABASE_URL=database, CONN_MAX_AGE="60"
    )
    assert "'CONN_HEALTH_CHECKS': False" in settings_value(
        "DATABASES", DATABASE_URL=database, CONN_MAX_AGE="60", CONN_HEALTH_CHECKS="false"
    )


@pytest.fixture
def fake_python(tmp_path):
    """A ``python`` that only notes its arguments, for running docker/entrypoint.sh."""
    log = tmp_path / "calls"
    script = tmp_path / "python"
    script.write_text(f'#!/bin/sh\necho "$@" >> {log}\n')
    script.chmod(0o755)
    return log


def run_entrypoint(fake_python, **environ):
    env = {"PATH": f"{fake_python.parent}:{os.environ['PATH']}", **environ}
    return subprocess.run(
        ["sh", str(ROOT / "docker" / "entrypoint.sh"), "echo", "started"],
        env=env,
        capture_output=True,
        text=True,
    )


def test_each_start_migrates_and_creates_the_missing_reference_data(fake_python):
    result = run_entrypoint(fake_python)

    assert result.stdout == "started\n"
    assert fake_python.read_text().splitlines() == [
        "manage.py migrate --noinput",
        "manage.py load_reference_data",
    ]


def test_migrations_on_start_can_be_turned_off_for_several_web_containers(fake_python):
    result = run_entrypoint(fake_python, MIGRATE_ON_START="False")

    assert result.stdout == "started\n"
    assert not fake_python.exists()


def test_a_migrate_flag_that_cannot_be_read_stops_the_start(fake_python):
    result = run_entrypoint(fake_python, MIGRATE_ON_START="sometimes")

    assert result.returncode == 1
    assert "MIGRATE_ON_START" in result.stderr
    assert result.stdout == ""


def healthcheck(address, site_url):
    env = {"PATH": os.environ["PATH"], "SITE_URL": site_url}
    return subprocess.run(
        [sys.executable, str(ROOT / "docker" / "healthcheck.py"), address],
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.mark.django_db
def test_the_health_check_asks_the_home_page(live_server):
    address = live_server.url.removeprefix("http://")

    assert healthcheck(address, "https://practices.example.org").returncode == 0


def test_the_health_check_fails_when_nothing_answers():
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]

    result = healthcheck(f"127.0.0.1:{port}", "https://practices.example.org")

    assert result.returncode == 1
    assert "unhealthy" in result.stderr


def test_the_mail_server_is_given_a_time_limit():
    assert settings_value("EMAIL_TIMEOUT") == "10"
    assert settings_value("EMAIL_TIMEOUT", EMAIL_TIMEOUT="3") == "3"
    assert "is not a whole number" in settings_value("EMAIL_TIMEOUT", EMAIL_TIMEOUT="soon")
