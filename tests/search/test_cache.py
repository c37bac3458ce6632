"""The search results cache: with page caching on, a repeated search is served from the
cache, and any change to the archive (publishing, unpublishing, editing) shows at once."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from archive import search
from archive.models import Article
from tests.factories import make_article, make_draft


@pytest.fixture
def results_cache(settings, db):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def titles(results):
    return [article.title for article in results.articles]


def test_a_repeated_search_is_served_from_the_cache(results_cache, django_assert_num_queries):
    make_article(
        "Steppe wind", body="The steppe wind blows.", published_on=datetime.date(2020, 1, 1)
    )
    first = search.search("steppe", filters={"language": "en"})
    with django_assert_num_queries(0):
        again = search.search("steppe", filters={"language": "en"})
    assert titles(again) == titles(first) == ["Steppe wind"]
    assert again.counts == first.counts and again.articles.paginator.count == 1
    assert "<mark>" in str(again.articles[0].search_snippet)
    assert [f.name for f in again.facets] == [f.name for f in first.facets]


def test_publishing_unpublishing_and_editing_show_at_once(results_cache, client):
    wind = make_article("Steppe wind", body="Wind over the steppe.")
    make_draft("Steppe secrets", body="A draft about the steppe.")
    assert titles(search.search("steppe")) == ["Steppe wind"]
    road = make_article("Steppe road", body="A road across the steppe.")
    assert set(titles(search.search("steppe"))) == {"Steppe wind", "Steppe road"}
    wind.status = Article.Status.DRAFT
    wind.save()
    assert titles(search.search("steppe")) == ["Steppe road"]
    road.title = "Mountain road"
    road.save()
    assert titles(search.search("steppe")) == ["Mountain road"]
    page = client.get(reverse("archive:search"), {"q": "steppe"}).content.decode()
    assert "Mountain road" in page and "secrets" not in page and "Steppe wind" not in page


def test_without_page_caching_every_search_is_computed(settings, db):
    settings.ARCHIVE_PAGE_CACHE_SECONDS = 0
    make_article("Steppe wind", body="Wind over the steppe.")
    assert titles(search.search("steppe")) == ["Steppe wind"]
    Article.objects.filter(title="Steppe wind").delete()
    assert titles(search.search("steppe")) == []
