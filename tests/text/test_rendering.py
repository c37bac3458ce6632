"""Article bodies as HTML: photo captions shown as figure captions, nothing unsafe let through."""

import pytest

from archive.text.articles import parse_article
from archive.text.rendering import render_markdown
from tests.factories import make_article, make_person

CAPTION = (
    '<figure class="photo-caption"><figcaption><em>Photo:</em> Kassym-Jomart Tokayev at the '
    "session. Credit: Akorda.</figcaption></figure>"
)


def test_a_caption_paragraph_becomes_a_figure_caption():
    html = render_markdown(
        "The session opened.\n\n*Photo:* Kassym-Jomart Tokayev at the session. Credit: Akorda."
        "\n\nThe delegates spoke."
    )
    assert html == f"<p>The session opened.</p>\n{CAPTION}\n<p>The delegates spoke.</p>"


def test_only_paragraphs_that_start_with_photo_are_captions():
    html = render_markdown(
        "A *Photo:* in the middle.\n\n*Photograph* of the hall.\n\n_Photo:_ Akorda"
    )
    assert html.count("<figure") == 1
    assert "<p>A <em>Photo:</em> in the middle.</p>" in html
    assert "<p><em>Photograph</em> of the hall.</p>" in html
    assert '<figure class="photo-caption"><figcaption><em>Photo:</em> Akorda</figcaption>' in html


def test_captions_the_plain_text_importer_writes_are_shown_as_captions():
    parsed = parse_article(
        "Unity in diversity\n\n27.04.2023\n\n"
        "The Assembly met in Astana on Thursday and heard the President.\n\n"
        "Kassym-Jomart Tokayev at the APK plenary session. Photo credit: Akorda.\n\n"
        "The delegates adopted a resolution.\n"
    )
    html = render_markdown(parsed.body_markdown)
    assert (
        '<figure class="photo-caption"><figcaption><em>Photo:</em> Kassym-Jomart Tokayev at '
        "the APK plenary session. Credit: Akorda.</figcaption></figure>"
    ) in html


def test_captions_stay_safe():
    html = render_markdown(
        '*Photo:* <img src=x onerror="alert(1)"><script>alert(2)</script> '
        "[Akorda](javascript:alert(3))\n\n"
        '<figure class="photo-caption evil" onclick="alert(4)"><figcaption>x</figcaption></figure>'
        '\n\n<p class="photo-caption">y</p>'
    )
    for unsafe in ("onerror", "<script", "javascript:", "onclick", "evil", "<img"):
        assert unsafe not in html
    assert html.count('class="photo-caption"') == 2  # only on figures
    assert '<p class="photo-caption">' not in html


@pytest.mark.django_db
def test_the_article_page_keeps_a_caption_without_its_photo_out_of_sight(client):
    # Issue 15: the archive holds no photos, so a caption is kept as data, not shown.
    make_person("Kassym-Jomart Tokayev")
    article = make_article(
        "Unity",
        body="*Photo:* Kassym-Jomart Tokayev at the session. Credit: Akorda.\n\nText.",
    )
    from archive.linking.detection import detect_links

    detect_links([article])
    page = client.get(article.get_absolute_url()).content.decode()
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    assert "photo-caption" not in page and "Credit: Akorda." not in body
    assert "Credit: Akorda." in type(article).objects.get(pk=article.pk).body
