"""Who changed what, and when; and a way back for anything deleted.

django-reversion keeps the versions: the admin (VersionAdmin) stores one, with the editor and
the change message, at every add, change and revert; the admin's History page lists them and
"Recover deleted …" on each list brings a deleted record back. Two paths bypass those forms
and are covered here:

- a deletion, by any path: the record (with what its admin form shows inline: an article's
  sessions, people and quotes, a person's aliases and positions) is stored just before it
  goes, so even an article imported in bulk and never edited can be recovered;
- a bulk action (publish / unpublish): record_change() stores the new state with the editor.

The admin's LogEntry (Django's "recent actions") names who deleted what.
"""

import reversion
from django.utils.translation import gettext as _

from archive.models import Article, Person, Session, Source, Topic

RECOVERABLE = (Article, Person, Session, Source, Topic)


def record_change(user, objects, comment):
    """One revision holding the current state of `objects`, by `user`, with `comment`."""
    with reversion.create_revision():
        if user is not None and user.is_authenticated:
            reversion.set_user(user)
        reversion.set_comment(comment)
        for obj in objects:
            if reversion.is_registered(type(obj)):
                reversion.add_to_revision(obj)


def keep_before_delete(sender, instance, using, **kwargs):
    if not reversion.is_registered(sender):
        return
    if reversion.is_active():
        reversion.add_to_revision(instance, model_db=using)
        return
    with reversion.create_revision(using=using):
        reversion.set_comment(_("Deleted"))
        reversion.add_to_revision(instance, model_db=using)
