"""Forms of the submission steps and of the review page.

Bilingual fields are the explicit ``<field>_en``/``<field>_fr`` model fields
(LIBRARIES.md §1.6): a submitter sees only those of the language they write in, staff
see both. Forms validate and hand cleaned values to the services; they save nothing.
"""

import secrets
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy
from django_countries import countries

from partners.choices import OrganisationKind
from partners.selectors import organisation_suggestions, organisations_offered
from practices.choices import Language
from practices.models import Practice, Reference, UsefulLink
from practices.search import normalise
from practices.services import NewOrganisation, PartnerRow, Rating
from practices.uploads import ACCEPT, detect_report_type, max_size
from practices.versions import TEXT_FIELDS
from practices.workflow import REVIEW

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


class StepForm(InLanguagesMixin, forms.ModelForm):
    """A step of the submission: some fields of the practice, in the submitter's language."""

    required_css_class = "required"

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_languages([language])
        require_visible(self)

    def values(self):
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if not isinstance(self.fields[name], forms.ModelMultipleChoiceField)
        }

    def m2m(self):
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if isinstance(self.fields[name], forms.ModelMultipleChoiceField)
        }


def _both(*fields):
    return [f"{field}_{code}" for field in fields for code in LANGUAGES]


class IdentificationForm(StepForm):
    translated_fields = ("title", "city")
    # Bots fill every field they find; people never see this one (see the template).
    additional_notes = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.Textarea(attrs={"tabindex": "-1", "autocomplete": "off", "rows": 2}),
    )

    class Meta:
        model = Practice
        fields = [
            *_both("title"),
            "country",
            *_both("city"),
            "contact_name",
            "contact_email",
            "contact_phone",
            "contact_organisation",
        ]
        labels = {
            "contact_name": _("Your name"),
            "contact_email": _("Your e-mail address"),
            "contact_phone": _("Your phone number"),
            "contact_organisation": _("Your organisation"),
        }
        help_texts = {
            "contact_email": _("We send your private link here. Never published."),
            "contact_organisation": _("The local authority or body you work for."),
        }

    def __init__(self, *args, language, with_honeypot, **kwargs):
        super().__init__(*args, language=language, **kwargs)
        for name in [f"title_{language}", f"city_{language}", "contact_name", "contact_email"]:
            self.fields[name].required = True
        if not with_honeypot:
            del self.fields["additional_notes"]

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("additional_notes"))

    def values(self):
        values = super().values()
        values.pop("additional_notes", None)
        return values


class DescriptionForm(StepForm):
    translated_fields = ("summary", "description", "objectives")

    class Meta:
        model = Practice
        fields = _both("summary", "description", "objectives")
        help_texts = {
            **{
                f"summary_{code}": _("Two or three sentences shown in result lists.")
                for code in LANGUAGES
            },
            **{
                f"objectives_{code}": _("What the practice set out to change, and for whom.")
                for code in LANGUAGES
            },
        }


class TimelineForm(StepForm):
    translated_fields = ("cost_description",)

    class Meta:
        model = Practice
        fields = [
            "start_date",
            "end_date",
            "ongoing",
            "timeline",
            "cost_band",
            *_both("cost_description"),
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "ongoing": _("Tick if the practice is still running."),
            "cost_band": _("What the practice costs a year, roughly."),
        }


class ClassificationForm(StepForm):
    class Meta:
        model = Practice
        fields = Practice.CLASSIFICATIONS
        widgets = dict.fromkeys(fields, forms.CheckboxSelectMultiple)
        help_texts = {
            "recommendations": _(
                "Council of Europe Congress Resolution 237 (2007) on community policing: "
                "tick the recommendations your practice puts into practice, if any."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendations"].queryset = self.fields[
            "recommendations"
        ].queryset.select_related("framework")


class EvidenceForm(StepForm):
    translated_fields = ("evidence",)
    report = forms.FileField(
        label=_("Add an evaluation report"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )

    class Meta:
        model = Practice
        fields = ["evidence_level", *_both("evidence")]
        labels = {
            "evidence_level": _("How was the practice evaluated?"),
        }
        help_texts = {
            "evidence_level": _("Choose the strongest kind of evaluation the practice had."),
            **{
                f"evidence_{code}": _("What the evaluation or monitoring found, good or bad.")
                for code in LANGUAGES
            },
        }

    def __init__(self, *args, attachment_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment_count = attachment_count
        # The limit written as the server's refusal writes it (filesizeformat).
        limit = filesizeformat(max_size())
        self.fields["report"].help_text = _(
            "PDF, DOCX or ODT, at most {size}. Staff read it; it is published only if "
            "they decide to."
        ).format(size=limit)
        self.fields["report"].widget.attrs["data-max-size"] = max_size()
        self.fields["report"].widget.attrs["data-too-big"] = _(
            "This file is too big: reports may be at most {size}."
        ).format(size=limit)

    def clean_report(self):
        report = self.cleaned_data.get("report")
        if report:
            if self.attachment_count >= settings.ATTACHMENT_MAX_COUNT:
                raise forms.ValidationError(
                    _("A practice can have at most {count} reports: remove one first.").format(
                        count=settings.ATTACHMENT_MAX_COUNT
                    )
                )
            self.report_type = detect_report_type(report)
        return report

    def values(self):
        values = super().values()
        values.pop("report", None)
        return values


class TransferabilityForm(StepForm):
    translated_fields = ("transferability", "sustainability")

    class Meta:
        model = Practice
        fields = _both("transferability", "sustainability")
        help_texts = {
            **{
                f"transferability_{code}": _(
                    "What another city would need to do the same, and what to watch out for."
                )
                for code in LANGUAGES
            },
            **{
                f"sustainability_{code}": _("How the practice is funded and kept going.")
                for code in LANGUAGES
            },
        }


# --- Partners ------------------------------------------------------------------------


def _organisation_label(organisation):
    details = [str(organisation.get_kind_display())]
    if organisation.country:
        details.append(str(organisation.country.name))
    return "{name} ({details})".format(name=organisation.name, details=", ".join(details))


class PartnerForm(forms.Form):
    """One partner: a known organisation, or the name, kind and country of a new one.

    When the name typed matches organisations already known, they are offered (radio
    buttons) rather than a duplicate being made; the submitter chooses one, or says it
    is new. With JavaScript, suggestions appear while typing and fill ``organisation``.
    """

    organisation = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Known organisation"), widget=forms.HiddenInput
    )
    organisation_name = forms.CharField(label=_("Organisation"), required=False, max_length=255)
    is_new = forms.BooleanField(label=_("None of these: it is a new organisation"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", "—"), *OrganisationKind.choices],
        required=False,
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    is_lead = forms.BooleanField(label=_("Lead partner"), required=False)
    is_statutory = forms.BooleanField(
        label=_("Statutory partner"),
        required=False,
        help_text=_("Takes part because the law requires it."),
    )

    def __init__(self, *args, practice, language, organisations, countries, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice
        self.language = language
        self.organisations = organisations
        self.candidates = []
        self.fields["organisation"].queryset = organisations_offered(practice=practice)
        self.fields["country"].choices = countries
        self.fields[f"role_{language}"] = forms.CharField(
            label=_("Role in the practice"),
            required=False,
            max_length=255,
            widget=forms.TextInput(attrs={"lang": language}),
        )

    @property
    def role(self):
        return self[f"role_{self.language}"]

    @property
    def linked_organisation(self):
        """The known organisation this row is about, if chosen."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("organisation")
        return self.organisations.get(self.initial.get("organisation"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("organisation"):
            return cleaned
        name = " ".join(cleaned.get("organisation_name", "").split())
        if not name:
            self.add_error("organisation_name", _("Give the organisation's name."))
            return cleaned
        if not cleaned.get("is_new"):
            self.candidates = list(organisation_suggestions(name=name, practice=self.practice))
            if self.candidates:
                self.fields["organisation"].widget = forms.RadioSelect()
                self.fields["organisation"].empty_label = None  # none chosen for them
                self.fields["organisation"].label = _("Organisations we know")
                self.fields["organisation"].label_from_instance = _organisation_label
                self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                    pk__in=[c.pk for c in self.candidates]
                )
                raise forms.ValidationError(
                    _(
                        "We already know organisations with a similar name. Choose yours "
                        "below, or tick “None of these” to add it as new."
                    ),
                    code="known",
                )
        if not cleaned.get("kind"):
            self.add_error("kind", _("Say what kind of organisation it is."))
        cleaned["organisation_name"] = name
        return cleaned

    def row(self):
        data = self.cleaned_data
        new = None
        if not data["organisation"]:
            new = NewOrganisation(data["organisation_name"], data["kind"], data["country"])
        role = f"role_{self.language}"
        return PartnerRow(
            organisation=data["organisation"],
            new_organisation=new,
            role={role: data[role]},
            is_lead=data["is_lead"],
            is_statutory=data["is_statutory"],
        )


# Most rows a list (partners, references, links) may have: more are refused before any
# row is built, so a tampered form count costs nothing.
MAX_ROWS = 50


def rows_formset(form, formset):
    return forms.formset_factory(
        form,
        formset=formset,
        extra=1,
        can_delete=True,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    )


class RowsFormSet(forms.BaseFormSet):
    """A formset whose rows can be removed with a plainly labelled checkbox."""

    default_error_messages = {
        "too_many_forms": ngettext_lazy(
            "This list can hold at most %(num)d entry: remove some.",
            "This list can hold at most %(num)d entries: remove some.",
            "num",
        ),
    }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if forms.formsets.DELETION_FIELD_NAME in form.fields:
            form.fields[forms.formsets.DELETION_FIELD_NAME].label = _("Remove")


class BasePartnerFormSet(RowsFormSet):
    def __init__(self, *args, practice, language, **kwargs):
        partnerships = list(practice.partnerships.all())
        self.form_kwargs_extra = {
            "practice": practice,
            "language": language,
            "organisations": {p.organisation_id: p.organisation for p in partnerships},
            "countries": [("", "—"), *countries],
        }
        initial = [
            {
                "organisation": p.organisation_id,
                f"role_{language}": getattr(p, f"role_{language}"),
                "is_lead": p.is_lead,
                "is_statutory": p.is_statutory,
            }
            for p in partnerships
        ]
        super().__init__(*args, initial=initial, prefix="partners", **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), **self.form_kwargs_extra}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            **self.form_kwargs_extra,
        )
        self.add_fields(form, None)
        return form

    def clean(self):
        """Refuse an organisation listed twice: the same known one, or the same new name
        whatever its accents and capitals (which would make two organisations)."""
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            organisation = form.cleaned_data.get("organisation")
            name = normalise(form.cleaned_data.get("organisation_name", ""))
            key = ("known", organisation.pk) if organisation else ("new", name)
            if key in seen:
                raise forms.ValidationError(_("The same organisation is listed twice."))
            if organisation or name:
                seen.add(key)

    def rows(self):
        return [
            form.row()
            for form in self.forms
            if (form.has_changed() or form.initial) and not self._should_delete_form(form)
        ]


PartnerFormSet = rows_formset(PartnerForm, BasePartnerFormSet)


# --- References and links --------------------------------------------------------------


class ReferenceForm(forms.ModelForm):
    class Meta:
        model = Reference
        fields = ["citation", "language", "url", "date"]
        widgets = {
            "citation": forms.Textarea(attrs={"rows": 2}),
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        labels = {"language": _("Language of the document")}
        help_texts = {"citation": _("Author, title, publisher, year: as you would cite it.")}

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        # Most sources are in the language the submitter writes in.
        self.fields["language"].initial = language


class LinkForm(InLanguagesMixin, forms.ModelForm):
    translated_fields = ("label",)

    class Meta:
        model = UsefulLink
        fields = ["url", *_both("label")]

    def __init__(self, *args, language, **kwargs):
        super().__init__(*args, **kwargs)
        self.keep_languages([language])


class ListFormSet(RowsFormSet):
    """Rows of a list kept whole (references, links): its values, deleted rows left out."""

    def values(self):
        return [
            {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
            for form in self.forms
            if (form.has_changed() or form.initial) and not self._should_delete_form(form)
        ]


ReferenceFormSet = rows_formset(ReferenceForm, ListFormSet)
LinkFormSet = rows_formset(LinkForm, ListFormSet)


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


# --- Final step -----------------------------------------------------------------------


class ConsentForm(forms.Form):
    consent_publication = forms.BooleanField(
        label=_(
            "I agree that Efus publishes this practice (everything except the contact "
            "details) in the repository, with its own assessment, and that it may be "
            "translated and edited for publication."
        ),
    )
    consent_privacy = forms.BooleanField(
        label=_("I have read the privacy notice on how my contact details are used."),
    )


class LinkRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("The e-mail address you gave with your submission"), max_length=254
    )


class MessageForm(forms.Form):
    prefix = "message"
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


# --- Review page ---------------------------------------------------------------------------


class TranslationForm(InLanguagesMixin, forms.ModelForm):
    """Every text of the record in English and French, for staff to complete."""

    translated_fields = TEXT_FIELDS

    class Meta:
        model = Practice
        fields = _both(*TEXT_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in _both(*TEXT_FIELDS)
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
