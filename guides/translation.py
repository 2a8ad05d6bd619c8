from modeltranslation.translator import TranslationOptions, register

from .models import Chapter, Guide


@register(Guide)
class GuideTranslationOptions(TranslationOptions):
    # Either language may come first: Guide.clean() wants a title in one of them.
    fields = ("title", "subtitle", "foreword", "introduction")
    required_languages = ()


@register(Chapter)
class ChapterTranslationOptions(TranslationOptions):
    fields = ("title", "introduction")
    required_languages = ()
