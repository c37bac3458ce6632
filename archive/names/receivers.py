"""The signal receivers of archive.names, connected by connect() (from ArchiveConfig.ready()).

- pre_save of an Alias: remember its name and person before the change;
- post_save of an Alias: a new alias, or one renamed or given to another person, re-runs
  detection (after the commit) on the articles the old and new spellings concern;
- post_delete of an Alias: the same for the removed spelling.

Fixture loading (raw saves) changes nothing.
"""

from django.db.models.signals import post_delete, post_save, pre_save

from archive.models import Alias
from archive.names.redetection import schedule_redetection


def alias_before_save(sender, instance, raw=False, **kwargs):
    instance._before = None
    if instance.pk and not raw:
        instance._before = Alias.objects.filter(pk=instance.pk).values("name", "person_id").first()


def alias_after_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_before", None)
    if created:
        schedule_redetection([instance.name])
    elif before and (before["name"], before["person_id"]) != (instance.name, instance.person_id):
        schedule_redetection([before["name"], instance.name])


def alias_after_delete(sender, instance, **kwargs):
    schedule_redetection([instance.name])


def connect():
    """Connect the receivers (idempotent: each has a dispatch_uid)."""
    pre_save.connect(alias_before_save, sender=Alias, dispatch_uid="names-alias-before")
    post_save.connect(alias_after_save, sender=Alias, dispatch_uid="names-alias-after")
    post_delete.connect(alias_after_delete, sender=Alias, dispatch_uid="names-alias-delete")
