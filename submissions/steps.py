"""The steps of the submission form, in the order of the practice record.

Each step builds its forms (bound or not) and saves them through one service; every
step can be saved as a draft. The last step, consent and submission, is a view of its
own (``submission_submit``).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from evaluations.choices import AssessmentSource
from practices import services
from practices.selectors import criteria_with_scales

from .forms.common import AssessmentForm
from .forms.submission import (
    ClassificationForm,
    DescriptionForm,
    EvidenceForm,
    IdentificationForm,
    LinkFormSet,
    PartnerFormSet,
    ReferenceFormSet,
    TimelineForm,
    TransferabilityForm,
)


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    # The required fields (practices.workflow.SUBMISSION_REQUIREMENTS) this step asks for.
    requirements: tuple = ()

    @property
    def template_name(self):
        return f"submissions/steps/{self.slug}.html"

    def build(self, *, practice, data=None, files=None):
        """The step's forms, by name; bound when ``data`` is given."""
        raise NotImplementedError

    def save(self, *, practice, forms, expected_version):
        raise NotImplementedError

    def keep_uploads(self, *, practice, forms):
        """Store the files of a step that was refused (another field invalid, or the
        practice saved by someone else since) if they pass their own checks; return
        their names."""
        return []


@dataclass(frozen=True)
class FieldsStep(Step):
    """A step made of fields of the practice itself."""

    form_class: type = None

    @property
    def template_name(self):
        return "submissions/steps/fields.html"

    def build(self, *, practice, data=None, files=None):
        kwargs = {"language": practice.original_language}
        if self.form_class is IdentificationForm:
            kwargs["with_honeypot"] = False
        return {"form": self.form_class(data, files, instance=practice, **kwargs)}

    def save(self, *, practice, forms, expected_version):
        form = forms["form"]
        return services.practice_update(
            practice=practice,
            by=None,
            expected_version=expected_version,
            values=form.values(),
            m2m=form.m2m(),
        )


@dataclass(frozen=True)
class EvidenceStep(FieldsStep):
    """Evidence level and text, plus uploads of evaluation reports."""

    @property
    def template_name(self):
        return "submissions/steps/evidence.html"

    def build(self, *, practice, data=None, files=None):
        form = self.form_class(
            data,
            files,
            instance=practice,
            language=practice.original_language,
            attachment_count=len(practice.attachments.all()),
        )
        return {"form": form}

    def _store(self, practice, form):
        report = form.cleaned_data.get("report")
        if not report:
            return []
        services.attachment_add(
            practice=practice, by=None, upload=report, content_type=form.report_type
        )
        return [report.name]

    def save(self, *, practice, forms, expected_version):
        practice = super().save(practice=practice, forms=forms, expected_version=expected_version)
        self._store(practice, forms["form"])
        return practice

    def keep_uploads(self, *, practice, forms):
        form = forms["form"]
        if "report" in form.errors:
            return []
        return self._store(practice, form)


@dataclass(frozen=True)
class PartnersStep(Step):
    def build(self, *, practice, data=None, files=None):
        return {
            "formset": PartnerFormSet(data, practice=practice, language=practice.original_language)
        }

    def save(self, *, practice, forms, expected_version):
        return services.practice_set_partnerships(
            practice=practice,
            by=None,
            expected_version=expected_version,
            rows=forms["formset"].rows(),
        )


@dataclass(frozen=True)
class SelfAssessmentStep(Step):
    def build(self, *, practice, data=None, files=None):
        return {
            "form": AssessmentForm(
                data,
                criteria=criteria_with_scales(),
                assessments=practice.self_assessments,
                languages=[practice.original_language],
                require_text=True,
            )
        }

    def save(self, *, practice, forms, expected_version):
        return services.practice_set_assessments(
            practice=practice,
            by=None,
            expected_version=expected_version,
            source=AssessmentSource.SELF,
            ratings=forms["form"].ratings(),
        )


@dataclass(frozen=True)
class ReferencesStep(Step):
    def build(self, *, practice, data=None, files=None):
        language = practice.original_language
        references = [
            {"citation": r.citation, "language": r.language, "url": r.url, "date": r.date}
            for r in practice.references.all()
        ]
        links = [
            {"url": link.url, f"label_{language}": getattr(link, f"label_{language}")}
            for link in practice.links.all()
        ]
        return {
            "references": ReferenceFormSet(
                data, prefix="references", initial=references, form_kwargs={"language": language}
            ),
            "links": LinkFormSet(
                data, prefix="links", initial=links, form_kwargs={"language": language}
            ),
        }

    def save(self, *, practice, forms, expected_version):
        return services.practice_set_references(
            practice=practice,
            by=None,
            expected_version=expected_version,
            references=forms["references"].values(),
            links=forms["links"].values(),
        )


STEPS = [
    FieldsStep(
        "identification",
        _("Identification"),
        ("title", "contact_name", "contact_email"),
        form_class=IdentificationForm,
    ),
    FieldsStep(
        "description",
        _("Description and objectives"),
        ("summary", "description", "objectives"),
        form_class=DescriptionForm,
    ),
    PartnersStep("partners", _("Partners")),
    FieldsStep("timeline", _("Timeline and costs"), form_class=TimelineForm),
    FieldsStep("classification", _("Classification"), form_class=ClassificationForm),
    SelfAssessmentStep("self-assessment", _("Self-assessment")),
    EvidenceStep("evidence", _("Evidence and evaluation reports"), form_class=EvidenceForm),
    FieldsStep(
        "transferability",
        _("Transferability and sustainability"),
        form_class=TransferabilityForm,
    ),
    ReferencesStep("references", _("References and links")),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def step_after(step):
    """The next step's slug, or None after the last one (then comes submission)."""
    index = STEPS.index(step)
    return STEPS[index + 1].slug if index + 1 < len(STEPS) else None


def missing_by_step(missing):
    """``[(step, [messages])]`` for the required fields still empty (``{field: message}``)."""
    return [
        (step, [missing[field] for field in step.requirements if field in missing])
        for step in STEPS
        if any(field in missing for field in step.requirements)
    ]
