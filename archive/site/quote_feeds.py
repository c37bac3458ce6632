"""RSS and Atom feeds of the public quotes of one person or one session, newest first.

/people/<slug>/quotes/feed/rss/ (or atom/) and /sessions/<n>/quotes/feed/rss/ (or atom/):
the same kind of feed as archive.site.feeds, with its policy; only reviewed quotes from
published articles (Quote.objects.public()), every field escaped (an editor's "<b>" stays
text), a fixed number of queries.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from archive.models import Person, Quote, Session
from archive.site.feeds import FEED_SIZE, SITE_NAME, document_policy


class QuoteFeed(Feed):
    """The newest public quotes of `obj` (a person or a session, as subclasses say)."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        return document_policy(super().__call__)(request, *args, **kwargs)

    def quotes(self, obj):
        raise NotImplementedError

    def items(self, obj):
        return (
            self.quotes(obj)
            .select_related("speaker", "article", "session")
            .defer("article__body", "article__search_vector")
            .order_by("-article__published_on", "-pk")[:FEED_SIZE]
        )

    def link(self, obj):
        return obj.get_absolute_url()

    def subtitle(self, obj):
        return self.description(obj)

    def item_title(self, item):
        words = Truncator(item.text).words(12)
        return escape(f"{item.speaker.local_name}: “{words}”")

    def item_description(self, item):
        source = _("In “%(title)s”") % {"title": item.article.title}
        if item.session:
            source = f"{source}, {item.session.label}"
        return f"<p>{escape(item.text)}</p><p>{escape(source)}</p>"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        if item.article.published_on is None:
            return item.created_at
        midnight = datetime.datetime.combine(item.article.published_on, datetime.time())
        return timezone.make_aware(midnight)

    def item_author_name(self, item):
        return item.speaker.local_name


class PersonQuoteFeed(QuoteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def quotes(self, obj):
        return Quote.objects.public().filter(speaker=obj)

    def title(self, obj):
        return _("%(site)s: quotes of %(name)s") % {"site": SITE_NAME, "name": obj.local_name}

    def description(self, obj):
        return _("What %(name)s said, as the archive's articles quote it.") % {
            "name": obj.local_name
        }


class SessionQuoteFeed(QuoteFeed):
    def get_object(self, request, number):
        return get_object_or_404(Session, number=number)

    def quotes(self, obj):
        return Quote.objects.public().filter(session=obj)

    def title(self, obj):
        return _("%(site)s: quotes from the %(session)s") % {
            "site": SITE_NAME,
            "session": obj.label,
        }

    def description(self, obj):
        return _("What was said at the %(session)s of the Assembly.") % {"session": obj.label}


def atom(feed_class):
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})


person_quotes_rss, person_quotes_atom = PersonQuoteFeed(), atom(PersonQuoteFeed)()
session_quotes_rss, session_quotes_atom = SessionQuoteFeed(), atom(SessionQuoteFeed)()
