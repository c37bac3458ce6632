"""The database side of the text: what detection derives from the articles and writes.

archive.linking owns the links between articles and the sessions and people they name
(detection: ArticleSession, ArticlePerson, SuppressedLink as editors leave them), the quote
suggestions (unreviewed Quote rows), the unmatched-names queue as detection fills it
(UnmatchedName, UnmatchedMention: archive.linking.unmatched), and the article body with its
first mentions linked (archive.linking.bodies), and what follows the links for the public
pages: each session's, person's and topic's stored number of published articles and each
article's related articles (archive.linking.derived). It may import archive.text, archive.search,
archive.models, archive.db and archive.caching, never archive.names or the parts above it;
the editors' decisions on the queue are archive.names.
"""
