from django.conf import settings
from django.urls import translate_url
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language_from_path

from .selectors import comparison_selection


def language_alternates(request):
    """The current page in every language, for the switcher and hreflang links.

    The query string is kept so a filtered catalogue stays filtered. ``x_default_url``
    is the page without a language prefix, which sends each visitor to their language.
    """
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    language = get_language_from_path(request.path_info)
    unprefixed = request.path_info.removeprefix(f"/{language}") if language else request.path
    script_prefix = request.path.removesuffix(request.path_info)

    def path_in(code):
        path = translate_url(request.path, code)
        if path == request.path and language and code != language:
            # translate_url gives back a path it cannot resolve (a 404) unchanged: swap
            # the language prefix, so the switcher still leads to the other language.
            path = f"{script_prefix}/{code}{unprefixed}"
        return path + suffix

    return {
        "language_alternates": [
            {
                "code": code,
                "url": path_in(code),
                "absolute_url": request.build_absolute_uri(path_in(code)),
            }
            for code, _name in settings.LANGUAGES
        ],
        "x_default_url": request.build_absolute_uri(unprefixed + suffix),
    }


def comparison(request):
    """The slugs the visitor selected for comparison; the session is read only when a
    template uses them."""
    return {
        "comparison_slugs": SimpleLazyObject(lambda: comparison_selection(session=request.session))
    }
