"""What the forms of the submitter and of the review page share: validation of texts,
the hidden version and send token, fields per language, the assessment form and the
message form.

Bilingual fields are the explicit ``<field>_en``/``<field>_fr`` model fields
(LIBRARIES.md §1.6): a submitter sees only those of the language they write in, staff
see both. Forms validate and hand cleaned values to the services; they save nothing.
"""

import secrets
import unicodedata

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from practices.choices import Language
from practices.services import Rating

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def validate_visible(text):
    """Refuse a text with nothing to read: only spaces and invisible characters (zero-width
    spaces, direction marks, byte-order marks)."""
    if all(char.isspace() or unicodedata.category(char) in ("Cf", "Cc") for char in text):
        raise forms.ValidationError(
            _("This text has no visible character: write it again."), code="invisible"
        )


def require_visible(form):
    """Make every text field of ``form`` refuse a text of invisible characters."""
    for field in form.fields.values():
        if isinstance(field, forms.CharField):
            field.validators.append(validate_visible)


def new_send_token():
    return secrets.token_urlsafe(32)


def language_label(field_label, code):
    return _("{field} ({language})").format(field=field_label, language=Language(code).label)


def error_summary(*forms_and_formsets):
    """What the notice above a refused form says: ``fields``, whether messages stand
    next to fields (or rows of a list); ``general``, the messages that belong to no
    field shown (a form's own, and those of hidden fields such as the version)."""
    fields, general = False, []
    for form in forms_and_formsets:
        if isinstance(form, forms.BaseFormSet):
            fields = fields or bool(form.non_form_errors() or any(form.errors))
            continue
        general.extend(form.non_field_errors())
        for field in form.hidden_fields():
            general.extend(field.errors)
        fields = fields or any(field.errors for field in form.visible_fields())
    return {"fields": fields, "general": list(dict.fromkeys(general))}


# What a missing or altered version (the hidden field) means for the user.
VERSION_UNKNOWN = _(
    "This page is incomplete or out of date, so nothing was saved. Copy what you typed, "
    "reload the page and make your changes again."
)


class VersionForm(forms.Form):
    """The version of the practice the page was built from (optimistic locking).

    A page may hold several forms with this hidden field, so it has no ``id``.
    """

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages=dict.fromkeys(["required", "invalid", "min_value"], VERSION_UNKNOWN),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)


class SendOnceForm(forms.Form):
    """The random token of a form that must count once, however often it is sent."""

    send_token = forms.CharField(
        widget=forms.HiddenInput,
        required=False,
        min_length=32,
        max_length=64,
        initial=new_send_token,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", False)
        super().__init__(*args, **kwargs)


class InLanguagesMixin:
    """Keep, of the ``translated_fields``, only the ``<field>_<code>`` of ``languages``.

    With one language (the submitter's) the label is the plain one; with several (staff)
    each label names its language. ``lang`` is set on each input.
    """

    translated_fields = ()

    def keep_languages(self, languages):
        for field in self.translated_fields:
            for code in LANGUAGES:
                name = f"{field}_{code}"
                if name not in self.fields:
                    continue
                if code not in languages:
                    del self.fields[name]
                    continue
                form_field = self.fields[name]
                label = str(form_field.label).removesuffix(f" [{code}]")
                form_field.label = label if len(languages) == 1 else language_label(label, code)
                form_field.widget.attrs["lang"] = code


def in_both_languages(*fields):
    return [f"{field}_{code}" for field in fields for code in LANGUAGES]


# --- Assessments ------------------------------------------------------------------------


class AssessmentForm(forms.Form):
    """A rating and its texts for each criterion.

    The submitter's self-assessment is in their language and each rating needs a
    justification; the staff assessment has a text in each language.
    """

    def __init__(self, *args, criteria, assessments, languages, require_text, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.languages = languages
        self.require_text = require_text
        by_criterion = {a.criterion_id: a for a in assessments}
        for criterion in criteria:
            assessment = by_criterion.get(criterion.pk)
            levels = list(criterion.levels.all())
            self.fields[f"{criterion.slug}-level"] = forms.TypedChoiceField(
                label=pgettext_lazy("assessment", "Rating"),
                choices=[("", _("Not rated")), *((level.pk, level.label) for level in levels)],
                coerce=lambda pk, levels=levels: next(lv for lv in levels if str(lv.pk) == str(pk)),
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=assessment.level_id if assessment else "",
            )
            for code in languages:
                label = (
                    _("Justification")
                    if len(languages) == 1
                    else language_label(_("Qualitative assessment"), code)
                )
                self.fields[f"{criterion.slug}-text_{code}"] = forms.CharField(
                    label=label,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
                    initial=getattr(assessment, f"text_{code}", "") if assessment else "",
                )

    def rows(self):
        """``(criterion, level field, [text fields])`` per criterion, for the template."""
        return [
            (
                criterion,
                self[f"{criterion.slug}-level"],
                [self[f"{criterion.slug}-text_{code}"] for code in self.languages],
            )
            for criterion in self.criteria
        ]

    def clean(self):
        cleaned = super().clean()
        if self.require_text:
            for criterion in self.criteria:
                texts = [
                    cleaned.get(f"{criterion.slug}-text_{code}", "") for code in self.languages
                ]
                if cleaned.get(f"{criterion.slug}-level") and not any(t.strip() for t in texts):
                    self.add_error(
                        f"{criterion.slug}-text_{self.languages[0]}",
                        _("Say briefly why you give this rating."),
                    )
        return cleaned

    def ratings(self):
        return [
            Rating(
                criterion=criterion,
                level=self.cleaned_data[f"{criterion.slug}-level"],
                texts={
                    f"text_{code}": self.cleaned_data[f"{criterion.slug}-text_{code}"]
                    for code in self.languages
                },
            )
            for criterion in self.criteria
        ]


class MessageForm(forms.Form):
    prefix = "message"
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
