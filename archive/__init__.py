"""The APK Archive app: one Django app (label `archive`), organised in parts.

    text/      reading text, no database: numerals, sessions, people, quotes, dates, Markdown
    search/    the search index and search itself (FTS5 on SQLite, tsvector on PostgreSQL)
    linking/   the database side of text: detected links, quote suggestions, the names queue
    names/     editors' work on names: the unmatched-names queue, merging people, aliases
    transfer/  import and export: cells, columns, resources, the pipeline, downloads
    jobs/      background jobs: the task queue, progress the editors watch, the long work
    site/      the public pages, feeds, sitemaps, charts
    api/       the read-only JSON API

At the top: models (the content), admin (the content models' admin), apps, caching (the page
cache), redirects (old URLs), history (deleted records), filters (shared by site, search and
api), db (batches), receivers (the app's own signal receivers), clients (a client's address
behind proxies, the admin's lock-out page). docs/architecture.md says who
may import whom and what happens when something is saved.
"""
