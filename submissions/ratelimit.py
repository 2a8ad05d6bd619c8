"""Limits on what bots could repeat: new submissions and requests for private links.

Counted per client address in the cache (django-ratelimit). Only successful actions
count, so a person correcting a form is never held back; the limit itself is generous
(``SUBMISSION_RATE_LIMIT``, 10 an hour by default) and the message says it.
"""

import ipaddress
import logging
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

logger = logging.getLogger(__name__)

CREATE = "submissions.create"
LINKS = "submissions.links"


def client_ip(request):
    """The client's address: REMOTE_ADDR, unless ``CLIENT_IP_HEADER`` names a header that
    the reverse proxy in front of the site overwrites with it.

    With X-Forwarded-For, only the last address counts: the one our proxy added. Anything
    before it comes from the client and could be forged.
    """
    header = settings.CLIENT_IP_HEADER
    if header:
        value = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        candidate = value.split(",")[-1].strip()
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            logger.warning("No usable client address in the %s header: %r", header, value)
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


@dataclass(frozen=True)
class Usage:
    count: int
    limit: int
    seconds_left: int

    @property
    def reached(self):
        return self.count >= self.limit

    @property
    def message(self):
        minutes = max(1, round(self.seconds_left / 60))
        wait = ngettext(
            "try again in {minutes} minute", "try again in {minutes} minutes", minutes
        ).format(minutes=minutes)
        return _(
            "To keep automated spam out, we accept at most {limit} of these from one "
            "address in a short time, and that number has been reached. Nothing you typed "
            "is lost: {wait}, or write to us."
        ).format(limit=self.limit, wait=wait)


def _usage(request, group, *, increment):
    usage = get_usage(
        request,
        group=group,
        key="ip",
        rate=settings.SUBMISSION_RATE_LIMIT,
        method="POST",
        increment=increment,
    )
    if usage is None:  # the cache could not count (RATELIMIT_FAIL_OPEN): let people through
        return Usage(0, 1, 0)
    return Usage(usage["count"], usage["limit"], usage["time_left"])


def usage(request, group):
    """How much of the limit this address has used, without counting this request."""
    return _usage(request, group, increment=False)


def count(request, group):
    """Count one more successful action from this address."""
    _usage(request, group, increment=True)
