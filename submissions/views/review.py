"""Staff pages: the review queue and the review page with its actions.

Every page needs the ``practices.review_practice`` permission (reviewers, editors,
administrators); publishing, rejecting and archiving need
``practices.publish_practice``, which the services check.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe
from django.views.generic import ListView

from evaluations.choices import AssessmentSource
from practices import services
from practices.choices import EventAction, Language, PracticeStatus
from practices.i18n import missing_translations
from practices.models import Practice
from practices.selectors import criteria_with_scales
from practices.versions import TEXT_FIELDS, practice_snapshot, version_changes
from practices.workflow import (
    PUBLISH,
    REVIEW,
    TRANSITIONS,
    can_edit,
    missing_for_publication,
    staff_transitions,
)

from ..filtersets import ReviewQueueFilterSet
from ..forms.common import (
    LANGUAGES,
    AssessmentForm,
    MessageForm,
    VersionForm,
    error_summary,
)
from ..forms.review import (
    AssignForm,
    AttachmentPublicForm,
    CompareForm,
    NoteForm,
    PartsTranslationForm,
    RecommendForm,
    RevokeLinksForm,
    TransitionForm,
    TranslationForm,
    translated_parts,
)
from ..selectors import (
    OPEN_STATUSES,
    review_queue,
    review_queue_base,
    submission_for_review,
    version_contents,
)
from ..services import message_send, note_add

TRANSITION_SERVICES = {
    "start_review": lambda practice, by, comment: services.practice_start_review(
        practice=practice, by=by
    ),
    "request_changes": lambda practice, by, comment: services.practice_request_changes(
        practice=practice, by=by, message=comment
    ),
    "publish": lambda practice, by, comment: services.practice_publish(
        practice=practice, by=by, comment=comment
    ),
    "reject": lambda practice, by, comment: services.practice_reject(
        practice=practice, by=by, reason=comment
    ),
    "archive": lambda practice, by, comment: services.practice_archive(
        practice=practice, by=by, reason=comment
    ),
}


def reviewer_required(view):
    """Staff who may review; others are sent to log in, or refused if logged in."""
    return never_cache(login_required(permission_required(REVIEW, raise_exception=True)(view)))


class ReviewQueueView(PermissionRequiredMixin, ListView):
    """Submissions by status and age; by default, those waiting for someone."""

    permission_required = REVIEW
    template_name = "submissions/review_queue.html"
    context_object_name = "practices"
    paginate_by = settings.REVIEW_QUEUE_PAGE_SIZE

    def get_queryset(self):
        data = self.request.GET
        if not data:
            data = QueryDict(mutable=True)
            data.setlist("status", OPEN_STATUSES)
        self.filterset = ReviewQueueFilterSet(
            data, queryset=review_queue_base(), request=self.request
        )
        return review_queue(filterset=self.filterset)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filterset"] = self.filterset
        context["facets"] = self.filterset.facets()
        context["recommend_publication"] = EventAction.RECOMMENDED_PUBLICATION
        context["recommend_rejection"] = EventAction.RECOMMENDED_REJECTION
        return context


review_queue_view = never_cache(ReviewQueueView.as_view())


def _comparison(request, practice):
    """The changes between two versions (by default the last two), or None."""
    versions = list(practice.versions.all())
    if not versions:
        return None, None
    form = CompareForm(request.GET or None, versions=versions)
    numbers = [v.number for v in versions]
    old, new = (numbers[-2], numbers[-1]) if len(numbers) > 1 else (numbers[-1], None)
    if form.is_bound and form.is_valid() and form.cleaned_data["old"]:
        old, new = form.cleaned_data["old"], form.cleaned_data["new"]
    elif not form.is_bound:
        form = CompareForm(initial={"old": old, "new": new}, versions=versions)
    if len(numbers) == 1 and not form.is_bound:
        return form, None
    contents = version_contents(practice=practice, numbers=[n for n in (old, new) if n])
    new_content = contents.get(new) if new else practice_snapshot(practice)
    return form, {
        "old": old,
        "new": new,
        "changes": version_changes(contents.get(old, {}), new_content or {}),
    }


def _review_page(request, practice, *, status=200, **forms):
    """Render the review page; ``forms`` are bound forms that failed, shown as posted."""
    user = request.user
    criteria = criteria_with_scales()
    self_assessments = {a.criterion_id: a for a in practice.self_assessments}
    assessment_form = forms.get("assessment_form") or AssessmentForm(
        criteria=criteria,
        assessments=practice.staff_assessments,
        languages=LANGUAGES,
        require_text=False,
    )
    transition_forms = {
        t.name: TransitionForm(transition=t, prefix=t.name)
        for t in staff_transitions(user, practice)
    }
    transition_forms.update(forms.get("transition_forms", {}))
    publish_missing = (
        missing_for_publication(
            practice, criteria=criteria, staff_assessments=practice.staff_assessments
        )
        if "publish" in transition_forms
        else []
    )
    compare_form, comparison = _comparison(request, practice)
    translation_form = forms.get("translation_form") or TranslationForm(instance=practice)
    parts_form = forms.get("parts_form") or PartsTranslationForm(practice=practice)
    version_form = forms.get("version_form") or VersionForm(initial={"version": practice.version})
    editable = can_edit(user, practice)
    if not editable:
        for form in (translation_form, parts_form, assessment_form):
            for field in form.fields.values():
                field.disabled = True
    context = {
        "practice": practice,
        "can_edit": editable,
        "statuses": PracticeStatus,
        "can_publish": user.has_perm(PUBLISH),
        "translation_form": translation_form,
        "parts_form": parts_form,
        "translation_errors": _section_errors(translation_form, parts_form, version_form),
        "assessment_errors": _section_errors(assessment_form, version_form),
        "untranslated": _untranslated(practice, criteria),
        "assessment_rows": [
            (criterion, self_assessments.get(criterion.pk), level, texts)
            for criterion, level, texts in assessment_form.rows()
        ],
        "assessment_form": assessment_form,
        "version_form": version_form,
        "stale": forms.get("stale", {}),
        "transition_forms": transition_forms.values(),
        "publish_missing": publish_missing,
        "assign_form": AssignForm(initial={"assignee": practice.assigned_to_id}),
        "recommend_form": forms.get("recommend_form") or RecommendForm(),
        "note_form": forms.get("note_form") or NoteForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "revoke_form": forms.get("revoke_form") or RevokeLinksForm(),
        "active_links": [link for link in practice.access_links.all() if link.is_active],
        "compare_form": compare_form,
        "comparison": comparison,
    }
    return render(request, "submissions/review_detail.html", context, status=status)


def _section_errors(form, *others):
    """The notice above a section of the review page, if ``form`` (its first form) was
    posted and refused; ``others`` are the section's other forms and the version."""
    return error_summary(form, *others) if form.is_bound else None


def _untranslated(practice, criteria):
    """``[(label, language)]``: the texts written in one language but not the other."""
    names = {criterion.pk: criterion.name for criterion in criteria}
    missing = [
        (Practice._meta.get_field(field).verbose_name, code)
        for field, code in missing_translations(practice, TEXT_FIELDS)
    ]
    for assessment in practice.staff_assessments:
        missing.extend(
            (_("Assessment: {criterion}").format(criterion=names[assessment.criterion_id]), code)
            for _field, code in missing_translations(assessment, ["text"])
        )
    for part, field, legend in translated_parts(practice):
        missing.extend((legend, code) for _field, code in missing_translations(part, [field]))
    return [(label, Language(code).label) for label, code in missing]


@require_safe
@reviewer_required
def review_detail(request, pk):
    return _review_page(request, submission_for_review(pk=pk))


def _done(request, practice, message):
    messages.success(request, message)
    return redirect("submissions:review_detail", pk=practice.pk)


def _refused(request, practice, error):
    messages.error(request, error.message)
    return redirect("submissions:review_detail", pk=practice.pk)


def _save_record(request, practice, *, name, forms, save, done):
    """Validate ``forms`` (the page's forms of the section ``name``, by context name) and
    the version they were built from, then ``save(expected_version)``. If one is invalid,
    or someone saved the practice meanwhile, the page is shown again as typed.
    """
    version = VersionForm(request.POST)
    forms = {**forms, "version_form": version}
    valid = [form.is_valid() for form in forms.values()]  # each form, for its messages
    if not all(valid):
        return _review_page(request, submission_for_review(pk=practice.pk), **forms, status=400)
    try:
        save(version.cleaned_data["version"])
    except services.StaleVersionError as error:
        stale = {name: error.message}
        return _review_page(
            request, submission_for_review(pk=practice.pk), **forms, stale=stale, status=409
        )
    except services.WorkflowError as error:
        return _refused(request, practice, error)
    return _done(request, practice, done)


@require_POST
@reviewer_required
def review_edit(request, pk):
    """Save the texts, partners' roles and links' labels in both languages (completing
    the translation)."""
    practice = submission_for_review(pk=pk)
    form = TranslationForm(request.POST, instance=practice)
    parts = PartsTranslationForm(request.POST, practice=practice)
    return _save_record(
        request,
        practice,
        name="translation",
        forms={"translation_form": form, "parts_form": parts},
        save=lambda version: services.practice_update(
            practice=practice,
            by=request.user,
            expected_version=version,
            values=form.cleaned_data,
            parts=parts.values(),
        ),
        done=_("The texts are saved."),
    )


@require_POST
@reviewer_required
def review_assess(request, pk):
    """Save the staff assessment of every criterion."""
    practice = submission_for_review(pk=pk)
    form = AssessmentForm(
        request.POST,
        criteria=criteria_with_scales(),
        assessments=practice.staff_assessments,
        languages=LANGUAGES,
        require_text=False,
    )
    return _save_record(
        request,
        practice,
        name="assessment",
        forms={"assessment_form": form},
        save=lambda version: services.practice_set_assessments(
            practice=practice,
            by=request.user,
            expected_version=version,
            source=AssessmentSource.STAFF,
            ratings=form.ratings(),
        ),
        done=_("The assessment is saved."),
    )


@require_POST
@reviewer_required
def review_transition(request, pk, action):
    transition = TRANSITIONS.get(action)
    if transition is None or action not in TRANSITION_SERVICES:
        raise Http404
    practice = submission_for_review(pk=pk)
    form = TransitionForm(request.POST, transition=transition, prefix=action)
    if not form.is_valid():
        return _review_page(request, practice, transition_forms={action: form}, status=400)
    if (
        transition.confirmation
        and not form.cleaned_data["confirmed"]
        and transition in staff_transitions(request.user, practice)
    ):
        return render(
            request, "submissions/review_confirm.html", {"practice": practice, "form": form}
        )
    try:
        practice = TRANSITION_SERVICES[action](practice, request.user, form.cleaned_data["comment"])
    except services.WorkflowError as error:
        return _refused(request, practice, error)
    return _done(
        request,
        practice,
        _("Done: the practice is now “{status}”.").format(status=practice.get_status_display()),
    )


@require_POST
@reviewer_required
def review_assign(request, pk):
    practice = submission_for_review(pk=pk)
    form = AssignForm(request.POST)
    if form.is_valid():
        try:
            services.practice_assign(
                practice=practice, by=request.user, assignee=form.cleaned_data["assignee"]
            )
        except services.WorkflowError as error:
            return _refused(request, practice, error)
        return _done(request, practice, _("The assignment is saved."))
    messages.error(request, _("Choose a member of staff from the list."))
    return redirect("submissions:review_detail", pk=practice.pk)


def _act(request, practice, *, name, form, act, done):
    """Validate ``form`` (the page's ``<name>_form``), then ``act()``; an invalid form shows
    the page again as typed, a refusal comes back as a message.
    """
    if not form.is_valid():
        return _review_page(request, practice, **{f"{name}_form": form}, status=400)
    try:
        act()
    except services.WorkflowError as error:
        return _refused(request, practice, error)
    return _done(request, practice, done)


@require_POST
@reviewer_required
def review_recommend(request, pk):
    practice = submission_for_review(pk=pk)
    form = RecommendForm(request.POST)
    return _act(
        request,
        practice,
        name="recommend",
        form=form,
        act=lambda: services.practice_recommend(
            practice=practice,
            by=request.user,
            publish=form.cleaned_data["recommendation"],
            comment=form.cleaned_data["comment"],
        ),
        done=_("Your recommendation is sent to the editors."),
    )


@require_POST
@reviewer_required
def review_note(request, pk):
    practice = submission_for_review(pk=pk)
    form = NoteForm(request.POST)
    return _act(
        request,
        practice,
        name="note",
        form=form,
        act=lambda: note_add(practice=practice, by=request.user, body=form.cleaned_data["body"]),
        done=_("The note is saved."),
    )


@require_POST
@reviewer_required
def review_message(request, pk):
    practice = submission_for_review(pk=pk)
    form = MessageForm(request.POST)
    return _act(
        request,
        practice,
        name="message",
        form=form,
        act=lambda: message_send(
            practice=practice, by=request.user, body=form.cleaned_data["body"]
        ),
        done=_("The message is sent to the submitter."),
    )


@require_POST
@reviewer_required
def review_links_revoke(request, pk):
    practice = submission_for_review(pk=pk)
    form = RevokeLinksForm(request.POST)
    return _act(
        request,
        practice,
        name="revoke",
        form=form,
        act=lambda: services.access_links_revoke(
            practice=practice, by=request.user, send_new=form.cleaned_data["send_new"]
        ),
        done=_("The private links are revoked."),
    )


@require_POST
@reviewer_required
def review_attachment_public(request, pk, attachment_pk):
    practice = submission_for_review(pk=pk)
    attachment = get_object_or_404(practice.attachments.all(), pk=attachment_pk)
    form = AttachmentPublicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say whether the report is to be public or private."))
        return redirect("submissions:review_detail", pk=practice.pk)
    services.attachment_set_public(
        attachment=attachment, by=request.user, is_public=form.cleaned_data["is_public"]
    )
    return _done(request, practice, _("Saved."))
