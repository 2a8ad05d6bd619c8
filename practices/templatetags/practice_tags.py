import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import ngettext, pgettext

from config.formats import full_date as full_date_text
from practices.i18n import language_note as language_note_text
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


@register.filter(expects_localtime=True)
def full_date(value, format_name="DATE_FORMAT"):
    """``{{ practice.start_date|full_date }}``, ``{{ when|full_date:"DATETIME_FORMAT" }}``:
    the date as the page's language writes it, "1er janvier 2014" included."""
    return full_date_text(value, format_name)


@register.simple_tag
def language_note(language):
    """``{% language_note reference.language as note %}``: "In English" on a French page
    for a text in English that is never translated, e.g. a citation; empty otherwise."""
    return language_note_text(language)


@register.simple_tag
def recommendation_label(recommendation):
    """``{% recommendation_label recommendation %}``: "<framework>, <number>: <summary>".

    The framework and number link to the catalogue filtered on the recommendation; each
    text carries its language, and one note says when a text stands in for the page's
    language. ``recommendation.framework`` should be fetched with it.
    """
    framework = translated_text(recommendation.framework, "title")
    summary = translated_text(recommendation, "summary")
    label = format_html(
        pgettext("a recommendation and its summary", "{reference}: {summary}"),
        reference=format_html(
            '<a href="{url}?recommendation={slug}"><span lang="{language}">{title}</span>, '
            "{number}</a>",
            url=reverse("practices:practice_list"),
            slug=recommendation.slug,
            language=framework.language,
            title=framework,
            number=recommendation.number,
        ),
        summary=format_html('<span lang="{}">{}</span>', summary.language, summary),
    )
    notes = dict.fromkeys(str(t.fallback_note) for t in (framework, summary) if t.is_fallback)
    if notes:
        label = format_html('{} <span class="lang-note">{}</span>', label, " ".join(notes))
    return label


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


# Words a facet option's label shows before it is cut (a recommendation's summary).
SHORT_LABEL_WORDS = 8


@register.filter
def short_label(text):
    """``{{ option.label|short_label }}``: a label cut to its first words where it is
    long; the whole of it stays for screen readers, and shows on hover."""
    short = Truncator(text).words(SHORT_LABEL_WORDS, truncate=" …")
    if short == text:
        return text
    return format_html(
        '<span aria-hidden="true" title="{text}">{short}</span>'
        '<span class="visually-hidden">{text}</span>',
        text=text,
        short=short,
    )


@register.filter
def facet_count(count):
    """``{{ option.count|facet_count }}``: "(3 practices)", in the page's language (as
    ``blocktranslate count`` would say it, in a tenth of the time: a facet may offer
    a hundred options)."""
    return ngettext("(%(counter)s practice)", "(%(counter)s practices)", count) % {
        "counter": localize(count)
    }


@register.simple_tag
def page_numbers(page):
    """``{% page_numbers page_obj as numbers %}``: the numbers of the pages a pagination
    links, around ``page``: the first and the last, two on each side of it, and None
    for each gap. As many whatever the number of pages."""
    paginator = page.paginator
    return [
        None if number == paginator.ELLIPSIS else number
        for number in paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    ]


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
