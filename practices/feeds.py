"""Atom feeds of newly published practices: all of them, or those of any catalogue
search (the feed's address carries the catalogue's query string)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .filtersets import PracticeFilterSet
from .i18n import translated
from .selectors import practice_list, with_publication_dates
from .views import invalid_filters_response

FEED_SIZE = 50


class InvalidFilters(Exception):
    def __init__(self, filterset):
        super().__init__(filterset.errors)
        self.filterset = filterset


class PracticeFeed(Feed):
    """The feed's object is the search, a valid :class:`PracticeFilterSet`; filter
    values that are not valid get a 400 answer naming them, as the exports do, rather
    than a feed that would stay empty."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except InvalidFilters as error:
            return invalid_filters_response(error.filterset)

    def get_object(self, request):
        query = request.GET.copy()
        for ignored in ["page", "sort"]:  # a feed is always newest first
            query.pop(ignored, None)
        filterset = PracticeFilterSet(query or None, request=request)
        if filterset.is_bound and not filterset.is_valid():
            raise InvalidFilters(filterset)
        return filterset

    def title(self, filterset):
        described = filterset.describe()
        if not described:
            return _("New practices – Efus good-practice repository")
        return _("New practices: {filters} – Efus good-practice repository").format(
            filters=", ".join(described)
        )

    def subtitle(self, filterset):
        return _(
            "Urban-security and community-policing practices newly published by the "
            "European Forum for Urban Security."
        )

    def link(self, filterset):
        query = filterset.data.urlencode() if filterset.is_bound else ""
        return reverse("practices:practice_list") + (f"?{query}" if query else "")

    def feed_url(self, filterset):
        return filterset.request.get_full_path()

    def author_name(self):
        return _("European Forum for Urban Security")

    def items(self, filterset):
        practices = with_publication_dates(practice_list(filterset=filterset))
        return practices.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, practice):
        return translated(practice, "title", original_language=practice.original_language)

    def item_description(self, practice):
        # Atom1Feed declares the summary as HTML: the plain-text summary is escaped, so
        # a feed reader shows "<b>" or "&" as they were written.
        summary = translated(practice, "summary", original_language=practice.original_language)
        return linebreaks(summary, autoescape=True)

    def item_pubdate(self, practice):
        return practice.published_at

    def item_updateddate(self, practice):
        return practice.last_updated_at

    def item_categories(self, practice):
        return [str(domain) for domain in practice.domains.all()]
