"""An article's body as the site shows it: sanitised HTML with first mentions linked.

The text work is archive.text.rendering (Markdown) and archive.text.html_links (the links);
this module reads the article's linked people (with their aliases) and sessions.
"""

from archive.models import Alias
from archive.text.html_links import LinkTarget, link_first_mentions
from archive.text.rendering import render_markdown


def linked_body_html(article) -> str:
    """The article's body as sanitised HTML, with the first mention of each person and
    session linked to the article turned into a link to their page. One query (the linked
    people's aliases) when the view prefetched the links, three otherwise."""
    html = render_markdown(article.body)
    return link_first_mentions(html, link_targets(article))


def link_targets(article) -> list[LinkTarget]:
    cached = getattr(article, "_prefetched_objects_cache", {})
    person_links = article.person_links.all()
    if "person_links" not in cached:
        person_links = person_links.select_related("person")
    people = [link.person for link in person_links]
    spellings = {person.pk: [person.name] for person in people}
    if spellings:
        for person_id, name in (
            Alias.objects.filter(person_id__in=spellings)
            .order_by("pk")
            .values_list("person_id", "name")
        ):
            spellings[person_id].append(name)
    targets = [
        LinkTarget("person", p.pk, p.get_absolute_url(), tuple(spellings[p.pk]), p.local_name)
        for p in people
    ]
    targets += [
        LinkTarget("session", s.number, s.get_absolute_url(), title=_session_title(s))
        for s in article.sessions.all()
    ]
    return targets


def _session_title(session):
    motto = session.local_title
    return f"{session.label}: {motto}" if motto else str(session.label)
