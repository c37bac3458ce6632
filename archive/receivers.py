"""Receivers of the app's own modules: the page cache, old URLs and deleted records.

What every save and delete of archive content sets off beyond the parts' own receivers
(archive/search, archive/linking, archive/names, archive/transfer each have a receivers.py):

- the page cache forgets every page (archive.caching.content_changed);
- a changed slug (or session number) is kept, so its old URL answers 301 (archive.redirects);
- a deleted article, person, session, source or topic is kept by django-reversion first, so
  an editor can recover it (archive.history).

The bulk paths send no signals and call content_changed() themselves. docs/architecture.md
has the whole table.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from archive import caching, history, redirects
from archive.models import SlugHistory


def content_saved_or_deleted(sender, using="default", **kwargs):
    caching.content_changed(using)


def relations_changed(sender, action, using="default", **kwargs):
    if sender._meta.app_label == "archive" and action.startswith("post_"):
        caching.content_changed(using)


def remember_url_value_before_save(sender, instance, raw=False, **kwargs):
    field = redirects.URL_FIELDS[sender]
    instance._url_value_before = None
    if instance.pk and not raw:
        instance._url_value_before = (
            sender._default_manager.filter(pk=instance.pk).values_list(field, flat=True).first()
        )


def record_url_change_after_save(sender, instance, raw=False, **kwargs):
    value = getattr(instance, redirects.URL_FIELDS[sender])
    before = getattr(instance, "_url_value_before", None)
    if before is not None and before != value:
        redirects.record_old_slug(instance, before)
    redirects.forget_slug(sender, value)


def forget_old_urls_of_deleted(sender, instance, **kwargs):
    content_type = ContentType.objects.get_for_model(sender)
    SlugHistory.objects.filter(content_type=content_type, object_id=instance.pk).delete()


def _connections():
    for model in apps.get_app_config("archive").get_models():
        yield post_save, model, content_saved_or_deleted
        yield post_delete, model, content_saved_or_deleted
    yield m2m_changed, None, relations_changed
    for model in redirects.URL_FIELDS:
        yield pre_save, model, remember_url_value_before_save
        yield post_save, model, record_url_change_after_save
        yield post_delete, model, forget_old_urls_of_deleted
    for model in history.RECOVERABLE:
        yield pre_delete, model, history.keep_before_delete


def connect():
    """Connect the receivers above; ArchiveConfig.ready() calls this once."""
    for signal, sender, receiver in _connections():
        signal.connect(receiver, sender=sender, dispatch_uid=f"archive.{receiver.__name__}")
