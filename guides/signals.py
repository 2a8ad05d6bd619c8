"""Keeping private storage in step with the PDF builds.

A build's file goes when its row goes, however the row goes: a newer build
replacing it, a guide deleted in the admin (the database cascades to its builds,
without calling any service) or a build deleted there. This is storage
housekeeping, not a rule of the site, hence a signal.
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import GuideBuild


@receiver(post_delete, sender=GuideBuild, dispatch_uid="guides.delete_build_file")
def delete_build_file(sender, instance, **kwargs):
    """Delete a deleted build's PDF once the deletion is committed (a rollback keeps it)."""
    if instance.file:
        transaction.on_commit(partial(instance.file.storage.delete, instance.file.name))
