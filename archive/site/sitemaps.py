"""sitemap.xml: an index of one sitemap per kind of page, every public page and no draft.

Articles are published ones only; sessions, people and topics have public pages whatever
they are linked to, and their `lastmod` is the last change to a published article about them.
Each section is split into pages of SECTION_SIZE URLs (?p=2 ...) so a large archive never
makes one slow, huge response. Every page is listed in each language (English unprefixed,
/ru/, /kk/) with its alternates in the others and x-default, English (`LanguageSitemap`).
"""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.db.models import F, Max, Q
from django.urls import reverse

from archive.models import Article, Person, Quote, Session, Topic
from archive.site.feeds import document_policy

SECTION_SIZE = 5000
PUBLISHED = Q(articles__status=Article.Status.PUBLISHED)


class LanguageSitemap(Sitemap):
    """A URL per language of settings.LANGUAGES, each with <xhtml:link> alternates."""

    i18n = True
    alternates = True
    x_default = True


class ArticleSitemap(LanguageSitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = SECTION_SIZE

    def items(self):
        return Article.objects.published().order_by("pk").only("slug", "updated_at")

    def lastmod(self, article):
        return article.updated_at

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class QuoteSitemap(LanguageSitemap):
    """Every public quote's own page (reviewed, from a published article)."""

    changefreq = "monthly"
    priority = 0.4
    limit = SECTION_SIZE

    def items(self):
        return (
            Quote.objects.public()
            .order_by("pk")
            .annotate(last_change=F("article__updated_at"))
            .only("pk")
        )

    def lastmod(self, quote):
        return quote.last_change

    def get_latest_lastmod(self):
        return Quote.objects.public().aggregate(latest=Max("article__updated_at"))["latest"]


class LinkedSitemap(LanguageSitemap):
    """Pages whose content is the published articles linked to them."""

    model = None
    order = "pk"
    changefreq = "weekly"
    limit = SECTION_SIZE

    def items(self):
        return self.model.objects.annotate(
            last_change=Max("articles__updated_at", filter=PUBLISHED)
        ).order_by(self.order)

    def lastmod(self, obj):
        return obj.last_change

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class SessionSitemap(LinkedSitemap):
    model = Session
    order = "number"
    priority = 0.7


class PersonSitemap(LinkedSitemap):
    model = Person
    order = "slug"
    priority = 0.6


class TopicSitemap(LinkedSitemap):
    model = Topic
    order = "slug"
    priority = 0.5


class PageSitemap(LanguageSitemap):
    """The lists and the other fixed pages."""

    changefreq = "daily"
    priority = 0.5
    pages = [
        "archive:home",
        "archive:article-list",
        "archive:session-list",
        "archive:timeline",
        "archive:person-list",
        "archive:topic-list",
        "archive:downloads",
    ]

    def items(self):
        return self.pages

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "sessions": SessionSitemap,
    "people": PersonSitemap,
    "topics": TopicSitemap,
    "quotes": QuoteSitemap,
}

index = document_policy(sitemap_views.index)
section = document_policy(sitemap_views.sitemap)
