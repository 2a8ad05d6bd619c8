from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from practices.models import Practice

from .choices import MoveDirection
from .models import Chapter, Guide


def _bilingual(*fields):
    """``title`` → ``title_en``, ``title_fr``… (the builder edits both languages on purpose)."""
    return [f"{field}_{code}" for field in fields for code, _name in settings.LANGUAGES]


class GuideForm(forms.ModelForm):
    """A guide's details in both languages; the slug may be left blank."""

    class Meta:
        model = Guide
        fields = [*_bilingual("title", "subtitle"), "slug", *_bilingual("foreword", "introduction")]
        widgets = {
            name: forms.Textarea(attrs={"rows": 6})
            for name in _bilingual("foreword", "introduction")
        }
        help_texts = {"slug": _("Leave blank to make one from the title.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False


class ChapterForm(forms.ModelForm):
    class Meta:
        model = Chapter
        fields = _bilingual("title", "introduction")
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in _bilingual("introduction")}


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=MoveDirection.choices)


class AddPracticeForm(forms.Form):
    """Add one published practice to one of the guide's chapters."""

    chapter = forms.ModelChoiceField(queryset=Chapter.objects.none(), label=_("Chapter"))
    practice = forms.ModelChoiceField(
        queryset=Practice.objects.none(),
        label=_("Practice"),
        error_messages={
            "invalid_choice": _("This practice is not published, so it cannot be added.")
        },
    )

    def __init__(self, *args, guide, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chapter"].queryset = guide.chapters.all()
        self.fields["practice"].queryset = Practice.objects.published()


class PracticeSearchForm(forms.Form):
    """The builder's search for practices to add (``?q=``); a blank search finds none."""

    q = forms.CharField(
        required=False,
        max_length=200,
        label=_("Find published practices by title, city or slug"),
    )

    @property
    def query(self):
        """The search to run: empty if what was sent is not a valid search (e.g. it holds
        a NUL byte, which PostgreSQL refuses in a query)."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class BuildForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES, label=_("Language"))
