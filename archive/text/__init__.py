"""Reading text, the bottom part of archive/: what an article, a name, a date or a session
number says, with no database and no framework. It owns plain-text article parsing (articles,
dates, and the language of a text: language), the forms of names and slugs (normalise), one
matching form of a name in Latin or Cyrillic letters and the case forms of names
(transliteration, inflection), session numerals (numerals), the words the readers share and how
text is cut into them (vocabulary, with russian and kazakh), sessions, people and quotations
found in text (sessions, people, quotes), names for the editors' queue (candidates),
Markdown and links turned into safe HTML (rendering, html_links), and two versions of a text
compared (diffing). Its modules import the standard library, markdown and nh3, and one another;
nothing else of archive/ (not archive.models, archive.db or any other part) and not django:
import-linter checks it (pyproject.toml).
"""
