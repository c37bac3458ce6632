"""What the article page does to the body HTML it is given (already sanitised by
archive.text.rendering and linked by archive.linking): photo captions without their photo
are kept in the text, as data, but not shown; quoted passages get an anchor to jump to.

Only fixed markup of our own is added (an empty <span> with a numeric id): nothing of the
editor's text is ever read as HTML here.
"""

import html
import re

# What render_markdown() makes of a "*Photo:* ..." paragraph (archive.text.rendering).
CAPTION_FIGURE = re.compile(
    r'\s*<figure class="photo-caption"><figcaption>.*?</figcaption></figure>', re.DOTALL
)
BLOCK = re.compile(r"<(p|li|h[2-6]|td)\b[^>]*>(.*?)</\1>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")
QUOTE_WORDS = 8  # a passage is found by the first words of the quote


def without_photo_captions(body_html):
    """The body without the caption figures of photos the archive does not hold."""
    return CAPTION_FIGURE.sub("", body_html)


def _words(text):
    return WORD.findall(text.lower())


def anchor_quotes(body_html, quotes):
    """(body with `<span class="quote-anchor" id="quote-<pk>">` at the start of the paragraph
    where each quote's words begin, {pks of the quotes found}). A quote not found in the
    text (words quoted from elsewhere, a paraphrase) has no anchor."""
    blocks = []
    for match in BLOCK.finditer(body_html):
        text = " ".join(_words(html.unescape(TAG.sub(" ", match.group(2)))))
        blocks.append((match.start(2), f" {text} "))
    anchors, found = {}, set()
    for quote in quotes:
        words = _words(quote.text)[:QUOTE_WORDS]
        if not words:
            continue
        needle = f" {' '.join(words)} "
        for position, text in blocks:
            if needle in text:
                anchors.setdefault(position, []).append(quote.pk)
                found.add(quote.pk)
                break
    if not anchors:
        return body_html, found
    out, last = [], 0
    for position in sorted(anchors):
        out.append(body_html[last:position])
        out.extend(
            f'<span class="quote-anchor" id="quote-{int(pk)}"></span>' for pk in anchors[position]
        )
        last = position
    out.append(body_html[last:])
    return "".join(out), found
