"""Reading translated content with an honest note when it falls back."""

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The site's language codes ("en", "fr"), in the order of settings.LANGUAGES.
LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# Said next to a text shown in another language than the page's.
FALLBACK_NOTES = {
    "en": _("Available in English only"),
    "fr": _("Available in French only"),
}


# Said next to a text that is never translated (a citation) when it is not in the
# page's language.
LANGUAGE_NOTES = {
    "en": _("In English"),
    "fr": _("In French"),
}


def language_note(language):
    """The note for a text written in ``language``, on a page in another language;
    empty when the language is the page's or is not known."""
    active = get_language() or settings.LANGUAGE_CODE
    return LANGUAGE_NOTES[language] if language and language != active else ""


class TranslatedText(str):
    """A string that remembers its language and whether it stands in for another one."""

    def __new__(cls, value, language, *, is_fallback):
        text = super().__new__(cls, value)
        text.language = language
        text.is_fallback = is_fallback
        return text

    @property
    def fallback_note(self):
        return FALLBACK_NOTES[self.language] if self.is_fallback else ""


def translated(obj, field, *, original_language=None):
    """The text of ``obj.<field>`` in the active language, else in another one.

    modeltranslation falls back silently; this says which language the text is in,
    so a page can mark it ("available in English only") and set ``lang`` on it.
    The original language, when known, is tried before the others.
    """
    active = get_language() or settings.LANGUAGE_CODE
    order = [active, original_language, *LANGUAGE_CODES]
    for code in dict.fromkeys(c for c in order if c):
        value = getattr(obj, f"{field}_{code}", None) or ""
        if value.strip():
            return TranslatedText(value, code, is_fallback=code != active)
    return TranslatedText("", active, is_fallback=False)


def missing_translations(obj, fields):
    """``[(field, code)]``: each text of ``obj`` written in some language but not in ``code``."""
    missing = []
    for field in fields:
        values = {
            code: (getattr(obj, f"{field}_{code}", "") or "").strip() for code in LANGUAGE_CODES
        }
        if any(values.values()):
            missing.extend((field, code) for code, value in values.items() if not value)
    return missing
