"""The submitter's pages: start, the steps, submission, status, messages.

A submitter has no account: a private link (``submission_access``) lets their browser
act on one practice (see ``practices.access``). Every page is private, so none may be
cached.
"""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

from partners.selectors import organisation_suggestions
from practices import notifications
from practices.access import remember_link, session_link
from practices.choices import EventAction, Language, PracticeStatus
from practices.models import Practice
from practices.services import (
    StaleVersionError,
    WorkflowError,
    access_link_use,
    access_links_request,
    attachment_remove,
    practice_submit,
)
from practices.workflow import can_edit, missing_for_submission

from .. import ratelimit
from ..forms.common import (
    MessageForm,
    SendOnceForm,
    VersionForm,
    error_summary,
    new_send_token,
)
from ..forms.submission import ConsentForm, IdentificationForm, LinkRequestForm
from ..selectors import submission_for_submitter, submitter_timeline
from ..services import message_send, submission_start
from ..steps import STEPS, STEPS_BY_SLUG, missing_by_step, step_after

# What each status means for the submitter, and what happens next.
STATUS_HELP = {
    PracticeStatus.DRAFT: gettext_lazy(
        "Not submitted yet. Complete the steps, then submit: until then only you can see it."
    ),
    PracticeStatus.SUBMITTED: gettext_lazy(
        "Efus staff have received your practice and will start reviewing it. The text is "
        "locked until they have read it."
    ),
    PracticeStatus.IN_REVIEW: gettext_lazy("Efus staff are reviewing your practice."),
    PracticeStatus.CHANGES_REQUESTED: gettext_lazy(
        "Efus staff ask you to make changes. Edit your submission, then resubmit it."
    ),
    PracticeStatus.RESUBMITTED: gettext_lazy(
        "Efus staff have received your changes and will review them."
    ),
    PracticeStatus.PUBLISHED: gettext_lazy(
        "Your practice is published in the repository. Thank you."
    ),
    PracticeStatus.REJECTED: gettext_lazy("Efus staff decided not to publish this practice."),
    PracticeStatus.ARCHIVED: gettext_lazy("This practice was published and is now archived."),
}


def _content_language(request):
    """The language the submitter chose to write in (``?language=``), else the page's."""
    value = request.POST.get("language") or request.GET.get("language") or get_language()
    return value if value in Language.values else settings.LANGUAGE_CODE


def submitter_required(view):
    """Run ``view(request, practice, ...)`` only for the browser that opened the practice's
    private link; anyone else gets the same "open your link" page, whether or not the
    practice exists.
    """

    @wraps(view)
    def wrapper(request, pk, **kwargs):
        if session_link(request, pk) is None:
            return render(request, "submissions/access_required.html", status=403)
        return view(request, submission_for_submitter(pk=pk), **kwargs)

    return never_cache(wrapper)


@never_cache
def submission_create(request):
    """The first step: identification. Saving it creates the draft and e-mails the link."""
    language = _content_language(request)
    form = IdentificationForm(
        request.POST or None,
        language=language,
        with_honeypot=True,
        instance=Practice(original_language=language),
    )
    once = SendOnceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        usage = ratelimit.usage(request, ratelimit.CREATE)
        if form.is_spam:
            form.add_error(
                None,
                _(
                    "This form could not be saved. If a form-filling tool filled it in, "
                    "turn it off for this page and try again."
                ),
            )
        elif usage.reached:
            form.add_error(None, usage.message)
        else:
            practice, started = submission_start(
                # A form without a token (sent by a script) cannot be recognised twice.
                token=(once.is_valid() and once.cleaned_data["send_token"]) or new_send_token(),
                values={**form.values(), "original_language": language},
                contact_language=get_language(),
            )
            if started:
                ratelimit.count(request, ratelimit.CREATE)
            remember_link(request, practice.access_links.first())
            if notifications.all_delivered():
                saved = _(
                    "Your draft is saved. We sent a private link to {email}: use it to come "
                    "back to your submission later."
                ).format(email=practice.contact_email)
            else:
                saved = _("Your draft is saved.")
            messages.success(request, saved)
            return redirect("submissions:submission_step", pk=practice.pk, step=STEPS[1].slug)
    return render(
        request,
        "submissions/submission_create.html",
        {
            "form": form,
            "once_form": once,
            "errors": error_summary(form),
            "language": language,
            "steps": STEPS,
            "step": STEPS[0],
        },
        status=400 if form.errors else 200,
    )


@never_cache
@require_GET
def submission_access(request, token):
    """Open a private link: remember it in this browser, then show the submission."""
    link = access_link_use(token=token)
    if link is None:
        return render(
            request, "submissions/link_invalid.html", {"form": LinkRequestForm()}, status=404
        )
    remember_link(request, link)
    return redirect("submissions:submission_detail", pk=link.practice_id)


def _detail(request, practice, *, message_form=None, status=200):
    missing = missing_for_submission(practice)
    changes_request = next(
        (
            event
            for event in reversed(practice.transitions)
            if event.action == EventAction.CHANGES_REQUESTED
        ),
        None,
    )
    return render(
        request,
        "submissions/submission_detail.html",
        {
            "practice": practice,
            "statuses": PracticeStatus,
            "status_help": STATUS_HELP[practice.status],
            "changes_request": (
                changes_request if practice.status == PracticeStatus.CHANGES_REQUESTED else None
            ),
            "timeline": submitter_timeline(practice),
            "can_edit": can_edit(None, practice),
            "missing": missing_by_step(missing),
            "message_form": message_form or MessageForm(),
            "steps": STEPS,
        },
        status=status,
    )


@require_safe
@submitter_required
def submission_detail(request, practice):
    """The submitter's view: status, what to do next, messages, the whole submission."""
    return _detail(request, practice)


@submitter_required
def submission_step(request, practice, step):
    step = STEPS_BY_SLUG.get(step)
    if step is None:
        raise Http404
    if not can_edit(None, practice):
        messages.info(
            request,
            _(
                "Your submission is with Efus staff, so it cannot be changed now. You can "
                "edit it again if they request changes."
            ),
        )
        return redirect("submissions:submission_detail", pk=practice.pk)
    if request.method != "POST":
        forms = step.build(practice=practice)
        version = VersionForm(initial={"version": practice.version})
        return _render_step(request, practice, step, forms, version)

    forms = step.build(practice=practice, data=request.POST, files=request.FILES)
    version = VersionForm(request.POST)
    if not (version.is_valid() and all(form.is_valid() for form in forms.values())):
        return _refuse_step(request, practice, step, forms, version, status=400)
    try:
        step.save(practice=practice, forms=forms, expected_version=version.cleaned_data["version"])
    except StaleVersionError as error:
        return _refuse_step(request, practice, step, forms, version, error=error, status=409)
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect("submissions:submission_detail", pk=practice.pk)
    messages.success(request, _("Saved."))
    following = step_after(step)
    if request.POST.get("action") == "continue":
        if following:
            return redirect("submissions:submission_step", pk=practice.pk, step=following)
        return redirect("submissions:submission_submit", pk=practice.pk)
    return redirect("submissions:submission_step", pk=practice.pk, step=step.slug)


def _refuse_step(request, practice, step, forms, version, *, error=None, status):
    """Show the step again as posted (invalid, or ``error``: saved by someone else since);
    the uploads that passed their own checks are stored all the same, and listed."""
    kept = []
    try:
        kept = step.keep_uploads(practice=practice, forms=forms)
    except WorkflowError as refusal:
        messages.error(request, refusal.message)
    for name in kept:
        kept_message = (
            _("“{name}” is uploaded; correct the errors below.")
            if error is None
            else _("“{name}” is uploaded; the other changes on this page are not saved.")
        )
        messages.success(request, kept_message.format(name=name))
    if kept:
        practice = submission_for_submitter(pk=practice.pk)  # with the report just stored
    return _render_step(request, practice, step, forms, version, error=error, status=status)


def _render_step(request, practice, step, forms, version, *, error=None, status=200):
    return render(
        request,
        step.template_name,
        {
            "practice": practice,
            "step": step,
            "steps": STEPS,
            "next_step": step_after(step),
            "version_form": version,
            "stale_error": error and error.message,
            "errors": error_summary(*forms.values(), version),
            **forms,
        },
        status=status,
    )


@submitter_required
def submission_submit(request, practice):
    """The last step: what is still missing, consent, and the button that submits."""
    if not can_edit(None, practice):
        return redirect("submissions:submission_detail", pk=practice.pk)
    form = ConsentForm(request.POST or None)
    missing = missing_for_submission(practice)
    if request.method == "POST" and form.is_valid() and not missing:
        try:
            practice_submit(practice=practice, contact_language=get_language())
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            if notifications.all_delivered():
                submitted = _(
                    "Thank you: your practice is submitted. We sent you a confirmation by "
                    "e-mail; Efus staff will now review it."
                )
            else:
                submitted = _(
                    "Thank you: your practice is submitted. Efus staff will now review it."
                )
            messages.success(request, submitted)
            return redirect("submissions:submission_detail", pk=practice.pk)
    return render(
        request,
        "submissions/submission_submit.html",
        {
            "practice": practice,
            "form": form,
            "errors": error_summary(form),
            "missing": missing_by_step(missing),
            "steps": STEPS,
            "step": None,
            "statuses": PracticeStatus,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@submitter_required
def submission_message(request, practice):
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _detail(request, practice, message_form=form, status=400)
    try:
        message_send(practice=practice, by=None, body=form.cleaned_data["body"])
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your message is sent to Efus staff."))
    return redirect("submissions:submission_detail", pk=practice.pk)


@require_POST
@submitter_required
def submission_attachment_remove(request, practice, attachment_pk):
    attachment = get_object_or_404(practice.attachments.all(), pk=attachment_pk)
    try:
        attachment_remove(attachment=attachment, by=None)
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("“{name}” is removed.").format(name=attachment.original_name))
    return redirect("submissions:submission_step", pk=practice.pk, step="evidence")


@never_cache
def link_request(request):
    """ "I lost my link": e-mail new links to the address given, if it submitted anything.

    The answer is the same either way, so nobody learns who has submitted.
    """
    form = LinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        usage = ratelimit.usage(request, ratelimit.LINKS)
        if usage.reached:
            form.add_error(None, usage.message)
        else:
            access_links_request(email=form.cleaned_data["email"], language=get_language())
            ratelimit.count(request, ratelimit.LINKS)
            return render(
                request,
                "submissions/link_request_sent.html",
                {"email": form.cleaned_data["email"]},
            )
    return render(request, "submissions/link_request.html", {"form": form})


@require_GET
def organisation_suggest(request):
    """Known organisations matching ``?q=``, for the partner step's suggestions (JSON).

    Only organisations already public (partners in a published practice) are offered.
    """
    organisations = organisation_suggestions(name=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": organisation.pk,
                    "name": organisation.name,
                    "kind": organisation.get_kind_display(),
                    "country": organisation.country.name,
                }
                for organisation in organisations
            ]
        }
    )
