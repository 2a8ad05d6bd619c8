"""Forms of the submission steps, filled in by the submitter in their language."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries

from partners.choices import OrganisationKind
from partners.selectors import organisation_suggestions, organisations_offered
from practices.models import Practice, Reference, UsefulLink
from practices.search import normalise
from practices.services import NewOrganisation, PartnerRow
from practices.uploads import ACCEPT, detect_report_type, max_size

from .common import LANGUAGES, InLanguagesMixin, in_both_languages, require_visible


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
            *in_both_languages("title"),
            "country",
            *in_both_languages("city"),
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
        fields = in_both_languages("summary", "description", "objectives")
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
            *in_both_languages("cost_description"),
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
        fields = ["evidence_level", *in_both_languages("evidence")]
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
        fields = in_both_languages("transferability", "sustainability")
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
        fields = ["url", *in_both_languages("label")]

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
