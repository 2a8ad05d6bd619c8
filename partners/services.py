"""Writes of partner organisations."""

from django.db import transaction

from practices.slugs import unique_slug

from .models import Organisation


@transaction.atomic
def organisation_create(*, name, kind, country=""):
    """A new organisation, named ``name`` in every language.

    Proper names usually stay as they are in French and English; staff translate
    generic ones ("Residents' representatives") in the admin.
    """
    organisation = Organisation(
        name_en=name,
        name_fr=name,
        kind=kind,
        country=country,
        slug=unique_slug(Organisation.objects.all(), name, max_length=255, fallback="organisation"),
    )
    organisation.save()
    return organisation
