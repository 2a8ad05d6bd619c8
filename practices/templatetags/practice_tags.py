import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


@register.simple_tag(takes_context=True)
def query_without(context, name, value):
    """The current query string without one value of a multi-valued parameter.

    Used by the "remove this filter" links; the page number is dropped because the
    result set changes.
    """
    query = context["request"].GET.copy()
    query.setlist(name, [item for item in query.getlist(name) if item != str(value)])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


# As django.utils.html.json_script: nothing in the data can close the script element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data):
    """``{% json_ld data %}``: a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(JSON_SCRIPT_ESCAPES)),  # escaped above
    )
