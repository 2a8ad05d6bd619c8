from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    """What kind of body an organisation is."""

    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    REGIONAL_AUTHORITY = "regional_authority", _("Regional authority")
    NATIONAL_GOVERNMENT = "national_government", _("National government")
    POLICE = "police", _("Police")
    FIRE_SERVICE = "fire_service", _("Fire service")
    PROBATION = "probation", _("Probation")
    HEALTH = "health", _("Health")
    COURTS = "courts", _("Courts")
    TRANSPORT = "transport", _("Transport")
    CRIME_PREVENTION_ASSOCIATION = "crime_prevention_association", _("Crime-prevention association")
    RESIDENTS = "residents", _("Residents")
    BUSINESSES = "businesses", _("Businesses")
    VOLUNTARY_SECTOR = "voluntary_sector", _("Voluntary sector")
    FAITH_GROUP = "faith_group", _("Faith group")
    RESEARCH = "research", _("Research institute")
    NETWORK = "network", _("Network or forum")
    OTHER = "other", _("Other")
