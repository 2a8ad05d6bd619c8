from modeltranslation.translator import TranslationOptions, register

from .models import (
    Domain,
    InterventionPoint,
    Level,
    Practice,
    PracticeType,
    Recommendation,
    ReferenceFramework,
    TargetAudience,
    UsefulLink,
)


@register([Level, Domain, TargetAudience, PracticeType, InterventionPoint])
class VocabularyTranslationOptions(TranslationOptions):
    fields = ("name",)
    required_languages = ("en", "fr")


@register(ReferenceFramework)
class ReferenceFrameworkTranslationOptions(TranslationOptions):
    fields = ("title", "summary")
    required_languages = ("en",)


@register(Recommendation)
class RecommendationTranslationOptions(TranslationOptions):
    fields = ("summary",)
    required_languages = ("en",)


# The practice's texts, in reading order (modeltranslation reorders ``fields``). The
# city is among them: its name differs between languages ("London", "Londres").
PRACTICE_TEXT_FIELDS = (
    "title",
    "city",
    "summary",
    "description",
    "objectives",
    "sustainability",
    "transferability",
    "evidence",
    "cost_description",
)


@register(Practice)
class PracticeTranslationOptions(TranslationOptions):
    # Either language may be the original one: Practice.clean() requires the title
    # in the practice's original language rather than in English.
    fields = PRACTICE_TEXT_FIELDS
    required_languages = ()


@register(UsefulLink)
class UsefulLinkTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ()
