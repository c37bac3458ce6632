from django.urls import path

from archive.site import feeds, quote_feeds, sitemaps, views
from archive.site import person_search_views as views_names
from archive.site import search_views as views_search
from archive.transfer import downloads

app_name = "archive"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("articles/", views.ArticleListView.as_view(), name="article-list"),
    path("articles/feed/rss/", feeds.latest_rss, name="feed-rss"),
    path("articles/feed/atom/", feeds.latest_atom, name="feed-atom"),
    # Before the articles' own pages (a slug "by-date" is taken by these).
    path("articles/by-date/", views.ArticleDatesView.as_view(), name="article-dates"),
    path(
        "articles/by-date/<int:year>/",
        views.ArticleDatesView.as_view(),
        name="article-dates-year",
    ),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="article-detail"),
    path("sessions/", views.SessionListView.as_view(), name="session-list"),
    path("sessions/<int:number>/", views.SessionDetailView.as_view(), name="session-detail"),
    path(
        "sessions/<int:number>/feed/rss/",
        feeds.session_rss,
        name="session-feed-rss",
    ),
    path(
        "sessions/<int:number>/feed/atom/",
        feeds.session_atom,
        name="session-feed-atom",
    ),
    path(
        "sessions/<int:number>/quotes/feed/rss/",
        quote_feeds.session_quotes_rss,
        name="session-quotes-feed-rss",
    ),
    path(
        "sessions/<int:number>/quotes/feed/atom/",
        quote_feeds.session_quotes_atom,
        name="session-quotes-feed-atom",
    ),
    path("timeline/", views.TimelineView.as_view(), name="timeline"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path(
        "people/<slug:slug>/feed/rss/",
        feeds.person_rss,
        name="person-feed-rss",
    ),
    path(
        "people/<slug:slug>/feed/atom/",
        feeds.person_atom,
        name="person-feed-atom",
    ),
    path(
        "people/<slug:slug>/quotes/feed/rss/",
        quote_feeds.person_quotes_rss,
        name="person-quotes-feed-rss",
    ),
    path(
        "people/<slug:slug>/quotes/feed/atom/",
        quote_feeds.person_quotes_atom,
        name="person-quotes-feed-atom",
    ),
    path(
        "people/<slug:slug>/search/",
        views_names.PersonSearchView.as_view(),
        name="person-search",
    ),
    path("topics/", views.TopicListView.as_view(), name="topic-list"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic-detail"),
    path(
        "topics/<slug:slug>/feed/rss/",
        feeds.topic_rss,
        name="topic-feed-rss",
    ),
    path(
        "topics/<slug:slug>/feed/atom/",
        feeds.topic_atom,
        name="topic-feed-atom",
    ),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote-detail"),
    path("search/", views_search.SearchView.as_view(), name="search"),
    path("search/quotes/", views_search.QuoteSearchView.as_view(), name="search-quotes"),
    path("downloads/", downloads.DownloadsView.as_view(), name="downloads"),
    path("downloads/archive-<str:format>.zip", downloads.download_zip, name="download-zip"),
    path(
        "downloads/archive-<str:kind>.<str:format>",
        downloads.download_file,
        name="download-file",
    ),
    path(
        "sitemap.xml",
        sitemaps.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "archive:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemaps.section,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
]
