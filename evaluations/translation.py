from modeltranslation.translator import TranslationOptions, register

from .models import Assessment, Criterion, OutcomeIndicator, RatingLevel


@register(Criterion)
class CriterionTranslationOptions(TranslationOptions):
    fields = ("name", "definition")
    required_languages = ("en", "fr")


@register(RatingLevel)
class RatingLevelTranslationOptions(TranslationOptions):
    fields = ("label",)
    required_languages = ("en", "fr")


@register(Assessment)
class AssessmentTranslationOptions(TranslationOptions):
    fields = ("text",)
    required_languages = ()


@register(OutcomeIndicator)
class OutcomeIndicatorTranslationOptions(TranslationOptions):
    fields = ("indicator", "result")
    required_languages = ()
