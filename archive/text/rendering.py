"""Article bodies: Markdown written by editors or imports, turned into HTML that is safe to show.

Nothing an editor or an import supplies is trusted as HTML: whatever Markdown produces (it passes
raw HTML through) is cleaned by nh3 against a short allow-list, so no script, event handler,
style or javascript: URL reaches a visitor.

Photo captions and credits are paragraphs that start with `*Photo:*` (articles.CAPTION_PREFIX,
what the plain-text importer writes and editors may write too); they are shown as figure
captions: <figure class="photo-caption"><figcaption><em>Photo:</em> …</figcaption></figure>.
"""

import re

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "blockquote",
    "em",
    "strong",
    "a",
    "figure",
    "figcaption",
    "hr",
    "br",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan"}}
# The only class an article body may carry: the one render_markdown() gives caption figures.
ALLOWED_CLASSES = {"figure": {"photo-caption"}}
URL_SCHEMES = {"http", "https", "mailto"}
# A paragraph of Markdown's output that starts with *Photo:* (emphasis, then the words), with
# no other paragraph inside (raw HTML in it is left as a paragraph).
CAPTION_PARAGRAPH = re.compile(r"<p>(<em>Photo:</em>(?:(?!<p[\s>]|</p>).)*)</p>", re.DOTALL)


def sanitize_html(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow",
    )


def render_markdown(text: str) -> str:
    """Markdown -> sanitised HTML. A heading level 1 becomes level 2: the page owns <h1>."""
    html = markdown.markdown(text or "", extensions=["extra", "sane_lists"], output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    html = CAPTION_PARAGRAPH.sub(
        r'<figure class="photo-caption"><figcaption>\1</figcaption></figure>', html
    )
    return sanitize_html(html)
