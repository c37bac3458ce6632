"""RSS and Atom feeds of published articles: the latest, and per session, person and topic.

Every page that has a feed offers it at its own URL plus `feed/rss/` or `feed/atom/`
(/articles/feed/atom/, /sessions/27/feed/rss/, /people/<slug>/feed/atom/ ...) and names it in
its <head> with <link rel="alternate">. Drafts never appear: items come from published()
only. Each feed runs a fixed number of queries, like the pages.
"""

import datetime
from functools import wraps

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import Article, Person, Session, Topic
from archive.text.rendering import render_markdown

FEED_SIZE = 30
SITE_NAME = gettext_lazy("APK Archive")


# Feeds, sitemaps and robots.txt are data, shown by the browser's own viewer when opened in a
# tab: it styles them inline, which the pages' policy (style-src 'self') would refuse, filling
# the console with errors. Their policy allows nothing else at all: no script, no resource.
DOCUMENT_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def document_policy(view):
    """Gives a non-HTML response its own Content Security Policy (kept by the page cache)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCUMENT_POLICY
        return response

    return wrapped


def summary(article, words=60):
    """The lead, or the beginning of the body as plain text: never the editor's HTML."""
    if article.lead:
        return article.lead
    return Truncator(strip_tags(render_markdown(article.body))).words(words)


class ArticleFeed(Feed):
    """The latest published articles; subclasses narrow them to one session, person or topic.

    Readers show every text of a feed as HTML (the channel's title and description as much as
    the items'), so every text is escaped before the XML escapes it once more: an editor's
    "<b>" in a name, a title or an author arrives as the text "<b>". get_feed escapes the
    channel's texts, the item_ methods the items'.
    """

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        return document_policy(super().__call__)(request, *args, **kwargs)

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        for key in ("title", "description", "subtitle"):
            if feed.feed.get(key):
                feed.feed[key] = escape(feed.feed[key])
        return feed

    def get_object(self, request, *args, **kwargs):
        return None

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).newest_first().for_listing()[:FEED_SIZE]

    def title(self, obj):
        return _("%(site)s: latest articles") % {"site": SITE_NAME}

    def link(self, obj):
        return reverse("archive:article-list")

    def description(self, obj):
        return _("The newest articles about the Assembly of the People of Kazakhstan.")

    def subtitle(self, obj):  # Atom's name for the description
        return self.description(obj)

    # Readers show titles and descriptions as HTML: escaped, an editor's "<b>" stays text.
    def item_title(self, item):
        return escape(item.title)

    def item_description(self, item):
        return escape(summary(item))

    def item_pubdate(self, item):
        if item.published_on is None:
            return item.created_at
        midnight = datetime.datetime.combine(item.published_on, datetime.time())
        return timezone.make_aware(midnight)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        author = item.author or (item.source.name if item.source else None)
        return escape(author) if author else None

    def item_categories(self, item):
        sessions = [session.label for session in item.sessions.all()]
        return [
            escape(name) for name in sessions + [topic.local_name for topic in item.topics.all()]
        ]


class SessionFeed(ArticleFeed):
    def get_object(self, request, number):
        return get_object_or_404(Session, number=number)

    def articles(self, obj):
        return Article.objects.published().filter(sessions=obj)

    def title(self, obj):
        return f"{SITE_NAME}: {obj.label} ({obj.roman_label})"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Articles about the %(session)s of the Assembly.") % {"session": obj.label}


class PersonFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Person, slug=slug)

    def articles(self, obj):
        return Article.objects.published().filter(people=obj)

    def title(self, obj):
        return f"{SITE_NAME}: {obj.local_name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Articles mentioning %(name)s.") % {"name": obj.local_name}


class TopicFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def articles(self, obj):
        return Article.objects.published().filter(topics=obj)

    def title(self, obj):
        return f"{SITE_NAME}: {obj.local_name}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return _("Articles on the topic “%(topic)s”.") % {"topic": obj.local_name}


class HtmlTitleAtom1Feed(Atom1Feed):
    """Atom whose titles and subtitle say type="html": they are escaped HTML like RSS's, so a
    reader that follows the Atom spec unescapes them once, as RSS readers do, and shows the
    editor's "<b>" as text, not as "&lt;b&gt;"."""

    def add_root_elements(self, handler):
        super().add_root_elements(HtmlTitles(handler, ("title", "subtitle")))

    def add_item_elements(self, handler, item):
        super().add_item_elements(HtmlTitles(handler, ("title",)), item)


class HtmlTitles:
    def __init__(self, handler, names):
        self.handler, self.names = handler, names

    def addQuickElement(self, name, contents=None, attrs=None):  # SAX's name
        if name in self.names:
            attrs = {"type": "html", **(attrs or {})}
        return self.handler.addQuickElement(name, contents, attrs)

    def __getattr__(self, name):
        return getattr(self.handler, name)


def atom(feed_class):
    """The same feed in Atom."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": HtmlTitleAtom1Feed})


latest_rss, latest_atom = ArticleFeed(), atom(ArticleFeed)()
session_rss, session_atom = SessionFeed(), atom(SessionFeed)()
person_rss, person_atom = PersonFeed(), atom(PersonFeed)()
topic_rss, topic_atom = TopicFeed(), atom(TopicFeed)()
