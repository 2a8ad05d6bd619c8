"""The submitter's access to their practice, remembered in their session.

A private link (``submissions:submission_access``) is checked once, then only the
link's id is kept in the session, so the token never appears in later addresses or
Referer headers. Every request checks again that the link has not been revoked.
"""

from .selectors import access_link_active

SESSION_KEY = "submission_links"


def remember_link(request, link):
    """Let this browser act as the submitter of ``link.practice`` from now on."""
    request.session.cycle_key()
    links = request.session.get(SESSION_KEY, {})
    links[str(link.practice_id)] = link.pk
    request.session[SESSION_KEY] = links


def session_link(request, practice_pk):
    """The active private link this browser opened for practice ``practice_pk``, if any."""
    link_pk = request.session.get(SESSION_KEY, {}).get(str(practice_pk))
    if link_pk is None:
        return None
    return access_link_active(pk=link_pk, practice_pk=practice_pk)
