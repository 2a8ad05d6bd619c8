"""Typed readers for settings taken from the environment.

Each helper raises ``ImproperlyConfigured`` on a value it cannot read, so a typo in a
deployment fails at start-up instead of silently falling back to a default.
"""

import os
import re
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable, or ``default``; raise when neither is set."""
    value = os.environ.get(name, default)
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no flag: 1/0, true/false, yes/no, on/off (case-insensitive)."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value.")


def env_int(name: str, default: int) -> int:
    """Read a whole number."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Read a comma-separated list, ignoring blanks around items.

    Without a default, the variable must be set (possibly to an empty string).
    """
    raw = os.environ.get(name)
    if raw is None:
        if default is None:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_rate(name: str, default: str) -> str:
    """Read a rate such as ``10/h`` (a count per s, m, h or d, e.g. ``100/30m``)."""
    value = os.environ.get(name, default).strip()
    if not re.fullmatch(r"[1-9]\d*/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name}={value!r} is not a rate such as 10/h.")
    return value


def env_url(name: str, default: str | None = None) -> str:
    """Read an absolute http(s) address, returned without a trailing slash.

    An empty value counts as unset; without a default, the variable must be set.
    """
    value = os.environ.get(name, "").strip() or default
    if value is None:
        raise ImproperlyConfigured(f"The environment variable {name} must be set.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(
            f"{name}={value!r} is not an address such as https://practices.example.org."
        )
    return value.rstrip("/")
