"""The public site: what visitors see.

Views (views.py: home, lists, article, person, session, topic, timeline pages;
search_views.py: /search/; person_search_views.py: searching one person's words), feeds,
sitemaps, the SVG charts (charts.py builds them from plain data, svg.py draws), /healthz and
the context processor of every page's <head>. Views stay thin: the QuerySets of
archive.models and the services of the other parts do the work.

May import any part but api; nothing but apksite.urls and apksite.settings imports it.
"""
