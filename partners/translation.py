from modeltranslation.translator import TranslationOptions, register

from .models import Organisation, Partnership


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    # Proper names usually stay as they are; generic ones ("Residents'
    # representatives") read better translated.
    fields = ("name",)
    required_languages = ("en",)


@register(Partnership)
class PartnershipTranslationOptions(TranslationOptions):
    fields = ("role",)
    required_languages = ()
