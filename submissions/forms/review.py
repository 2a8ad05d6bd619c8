"""Forms of the review page, for staff."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from practices.choices import Language
from practices.models import Practice
from practices.versions import TEXT_FIELDS
from practices.workflow import REVIEW

from .common import LANGUAGES, InLanguagesMixin, in_both_languages, require_visible

# --- Review page ---------------------------------------------------------------------------


class TranslationForm(InLanguagesMixin, forms.ModelForm):
    """Every text of the record in English and French, for staff to complete."""

    translated_fields = TEXT_FIELDS

    class Meta:
        model = Practice
        fields = in_both_languages(*TEXT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in in_both_languages(*TEXT_FIELDS)
            if Practice._meta.get_field(name).get_internal_type() == "TextField"
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_languages(LANGUAGES)
        require_visible(self)

    def pairs(self):
        """``(label, [bound field per language])`` for each text, side by side."""
        return [
            (
                Practice._meta.get_field(field).verbose_name,
                [self[f"{field}_{code}"] for code in LANGUAGES],
            )
            for field in TEXT_FIELDS
        ]


def translated_parts(practice):
    """``[(row, field, legend)]``: the partners' roles and the links' labels of
    ``practice`` (prefetched), which staff translate beside the texts."""
    return [
        *(
            (p, "role", _("Role of {name}").format(name=p.organisation.name))
            for p in practice.partnerships.all()
        ),
        *(
            (link, "label", _("Label of the link {name}").format(name=link.url))
            for link in practice.links.all()
        ),
    ]


class PartsTranslationForm(forms.Form):
    """The partners' roles and the links' labels in English and French, for staff to
    complete beside the texts (``TranslationForm``); saved with them."""

    prefix = "parts"

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.parts = translated_parts(practice)
        for part, field, _legend in self.parts:
            for code in LANGUAGES:
                self.fields[self._name(part, field, code)] = forms.CharField(
                    label=Language(code).label,
                    required=False,
                    max_length=part._meta.get_field(f"{field}_{code}").max_length,
                    initial=getattr(part, f"{field}_{code}"),
                    widget=forms.TextInput(attrs={"lang": code}),
                )

    @staticmethod
    def _name(part, field, code):
        return f"{part._meta.model_name}-{part.pk}-{field}_{code}"

    def pairs(self):
        """``(legend, [bound field per language])`` for each role and label."""
        return [
            (legend, [self[self._name(part, field, code)] for code in LANGUAGES])
            for part, field, legend in self.parts
        ]

    def values(self):
        """``[(partnership or link, {field: text})]``, for ``practice_update(parts=…)``."""
        return [
            (
                part,
                {
                    f"{field}_{code}": self.cleaned_data[self._name(part, field, code)]
                    for code in LANGUAGES
                },
            )
            for part, field, _legend in self.parts
        ]


class TransitionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Set by the page that asks to confirm a transition with a ``confirmation``.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        comment = self.fields["comment"]
        comment.required = transition.needs_comment
        comment.label = {
            "request_changes": _("What should the submitter change?"),
            "reject": _("Reason, sent to the submitter"),
            "publish": _("Note to the submitter (optional)"),
            "archive": _("Reason, sent to the submitter (optional)"),
        }.get(transition.name, _("Comment"))


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=None, required=False, empty_label=_("Nobody")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            get_user_model().objects.with_perm(REVIEW, is_active=True).order_by("username")
        )


class RecommendForm(forms.Form):
    recommendation = forms.TypedChoiceField(
        label=_("Your recommendation to the editors"),
        choices=[("publish", _("Publish")), ("reject", _("Reject"))],
        coerce=lambda value: value == "publish",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Why"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(forms.Form):
    prefix = "note"
    body = forms.CharField(
        label=_("Internal note (staff only)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AttachmentPublicForm(forms.Form):
    """Make a report public (``1``) or private again (``0``)."""

    is_public = forms.TypedChoiceField(
        choices=[("1", _("public")), ("0", _("private"))],
        coerce=lambda value: value == "1",
    )


class RevokeLinksForm(forms.Form):
    send_new = forms.BooleanField(
        label=_("E-mail the contact a new link"), required=False, initial=True
    )


class CompareForm(forms.Form):
    """Which two versions of the record to compare (``new`` empty: the current one)."""

    old = forms.TypedChoiceField(label=_("Compare version"), coerce=int, required=False)
    new = forms.TypedChoiceField(label=_("with"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(v.number, str(v)) for v in versions]
        self.fields["old"].choices = choices
        self.fields["new"].choices = [("", _("the current record")), *choices]
