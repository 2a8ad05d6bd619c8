from django import template

from practices.i18n import translated as translated_text

register = template.Library()


@register.simple_tag
def translated(obj, field, original_language=None):
    """``{% translated practice "description" as text %}``: the text and its language.

    The result knows ``language`` and ``is_fallback``, for the "available in
    English only" note and the ``lang`` attribute.
    """
    if original_language is None:
        original_language = getattr(obj, "original_language", None)
    return translated_text(obj, field, original_language=original_language)
