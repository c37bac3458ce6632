"""Reading plain-text articles: each seed's quirks and each date form. No database."""

import datetime
from pathlib import Path

import pytest

from archive.text.articles import (
    CAPTION_PREFIX,
    NotAnArticle,
    ParseError,
    escape_markdown,
    parse_article,
    parse_caption,
)
from archive.text.dates import InvalidDate, parse_date_line
from archive.text.rendering import render_markdown

TODAY = datetime.date(2026, 1, 15)
SEED_DIRS = [
    Path(__file__).resolve().parents[2] / "fixtures" / "seeds",
]


def seed(prefix):
    for folder in SEED_DIRS:
        found = sorted(folder.glob(f"{prefix}_*.txt"))
        if found:
            return parse_article(found[0].read_text(encoding="utf-8"), today=TODAY)
    pytest.fail(f"seed {prefix} not found in {SEED_DIRS}")


# --- Dates -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("02.05.2019 2066", (datetime.date(2019, 5, 2), "day", "02.05.2019")),
        ("29.04.2022", (datetime.date(2022, 4, 29), "day", "29.04.2022")),
        ("April 27, 2023", (datetime.date(2023, 4, 27), "day", "April 27, 2023")),
        ("2025-03-20", (datetime.date(2025, 3, 20), "day", "2025-03-20")),
        ("27 April 2023", (datetime.date(2023, 4, 27), "day", "27 April 2023")),
        ("Thursday, April 27, 2023 15:38", (datetime.date(2023, 4, 27), "day", None)),
        ("27 апреля 2023", (datetime.date(2023, 4, 27), "day", "27 апреля 2023")),
        ("27 сәуір 2023", (datetime.date(2023, 4, 27), "day", "27 сәуір 2023")),
        ("June 1995", (datetime.date(1995, 6, 1), "month", "June 1995")),
        ("1995", (datetime.date(1995, 1, 1), "year", "1995")),
        ("Published: 29.04.2022 10:15 1 234 views", (datetime.date(2022, 4, 29), "day", None)),
    ],
)
def test_full_dates_are_read_and_view_counters_ignored(line, expected):
    value, precision, printed = parse_date_line(line, today=TODAY)
    assert (value, precision) == expected[:2]
    if expected[2] is not None:
        assert printed == expected[2]
    assert "views" not in printed


@pytest.mark.parametrize(
    ("line", "printed"),
    [
        # The counter after the time is not a year: the year is unknown, nothing is invented.
        ("7 June, 15:38 2250", "7 June, 15:38"),
        ("June 7", "June 7"),
        ("7 June 2250", "7 June"),  # no article was published in 2250: a counter
        ("02.05.19", "02.05.19"),  # two-digit year: left for an editor
    ],
)
def test_dates_without_a_readable_year_are_kept_as_printed(line, printed):
    assert parse_date_line(line, today=TODAY) == (None, None, printed)


@pytest.mark.parametrize(
    "line",
    [
        "Varied background",
        "1. The country has established a legal framework.",
        "2066",  # a lone counter, not a plausible year
        "In 2009, on behalf of Yelbasy, the Council was established.",
        "",
        "Photo credit: Akorda.",
    ],
)
def test_other_lines_are_not_date_lines(line):
    assert parse_date_line(line, today=TODAY) == (None, None, "")


@pytest.mark.parametrize("line", ["31.02.2019", "2019-13-01", "April 31, 2023"])
def test_impossible_dates_are_errors(line):
    with pytest.raises(InvalidDate, match="not a real date"):
        parse_date_line(line, today=TODAY)


def test_impossible_date_line_names_its_line():
    with pytest.raises(ParseError) as error:
        parse_article("A title\n\n\n31.02.2019 17\n\nText.", today=TODAY)
    assert error.value.line == 4
    assert not isinstance(error.value, NotAnArticle)


# --- The seeds ---------------------------------------------------------------------------------


def test_seed_000_yearless_date_headings_byline_and_share_debris():
    article = seed("000")
    assert article.title == "Assembly of the People of Kazakhstan: A Model of Unity and Harmony"
    assert article.date is None
    assert article.date_text == "7 June, 15:38"
    assert "2250" not in article.body_markdown
    assert article.byline == "Alikhan Assangeldi"
    assert "Alikhan Assangeldi" not in article.body_markdown
    assert "Share:" not in article.body_markdown
    assert [d.text for d in article.dropped] == ["Share:"]
    assert "## Strengthening Unity, Building Progress" in article.body_markdown.splitlines()
    assert article.headings[-1] == "A New Era for the Kazakh Language"
    assert len(article.headings) == 10
    # The no-break-space lines between sections are paragraph breaks, not text.
    assert "\u00a0" not in article.body_markdown
    assert "\n\n\n" not in article.body_markdown


def test_seed_001_captions_and_comment_form_debris():
    article = seed("001")
    assert article.title.startswith("Kazakhstan’s Assembly of the People: A Model")
    assert article.date is None and article.date_text == ""
    assert [(c.text, c.credit) for c in article.captions] == [
        ("At the second day of the Assembly of the People of Kazakhstan", "Akorda"),
        (
            "President Kassym-Jomart Tokayev delivering his speech at the Assembly of the "
            "People of Kazakhstan",
            "Acorda",
        ),
        ("Buginas Bronislavas.", "Ruslanas Iržikevičius"),
    ]
    body = article.body_markdown
    assert ".jpg" not in body and "@" not in body
    for debris in ("You may like", "Be the first to comment", "Leave a Reply", "Your email"):
        assert debris not in body
    assert body.rstrip().endswith("a shining example for the rest of the world.")
    html = render_markdown(body)
    assert (
        '<figure class="photo-caption"><figcaption><em>Photo:</em> Buginas Bronislavas. '
        "Credit: Ruslanas Iržikevičius.</figcaption></figure>"
    ) in html
    assert article.byline == ""
    assert article.headings == []


def test_seed_002_dotted_date_with_view_counter_and_subheadings():
    article = seed("002")
    assert article.title == "Repatriates Assembly"
    assert (article.date, article.date_precision) == (datetime.date(2019, 5, 2), "day")
    assert article.date_text == ""
    assert "2066" not in article.body_markdown
    assert article.headings == [
        "Varied background",
        "A lot has been done in different directions",
        "Evolution is there.",  # three words and a full stop: a heading, not a paragraph
        "There is a bunch of plans",
    ]
    # A short line that is a sentence stays a paragraph.
    assert (
        "The 2007 constitutional reform consolidated the Assembly as an institution with "
        "constitutional status." in article.body_markdown.split("\n\n")
    )
    assert article.lead.startswith("Zhanseit Tuimebayev, Deputy Chairman")
    assert article.body_markdown.startswith("The XXVII session of the Assembly")


def test_seed_003_title_wrapped_after_a_blank_line_and_numbered_list():
    article = seed("003")
    assert article.title == (
        "The 10th anniversary of the Assembly of the Peoples of Kazakhstan, a unique institution "
        "promoting harmonization of interethnic relations in the Republic of Kazakhstan"
    )
    assert not article.body_markdown.startswith("in the Republic")
    assert article.date is None and article.date_text == ""
    assert article.headings == ["Sessions of the Assembly", "International ties"]
    assert article.lead.startswith("The Assembly of the Peoples of Kazakhstan celebrates its 10th")
    html = render_markdown(article.body_markdown)
    assert html.count("<ol>") == 1
    assert "<li>The country has established a legal framework" in html
    # The mottos of the ten sessions, one per line ending in ";", after "... mottos:".
    assert html.count("<ul>") == 1
    assert html.count("<li>") == 5 + 10
    assert "<li>The first constituent session (March of 1995)" in html
    assert "Practice and Prospects”.</li>\n</ul>" in html


def test_seed_004_credit_lines_and_astana_times_newsletter():
    article = seed("004")
    assert article.title.startswith("President Tokayev Highlights Assembly")
    assert [(c.text, c.credit) for c in article.captions] == [
        ("Kassym-Jomart Tokayev at the APK plenary session on April 27.", "Akorda"),
        ("", "Akorda"),
        ("", "Akorda"),
    ]
    assert article.lead.startswith("ASTANA – The Assembly of People of Kazakhstan (APK)")
    paragraphs = article.body_markdown.split("\n\n")
    assert paragraphs[0] == (
        "*Photo:* Kassym-Jomart Tokayev at the APK plenary session on April 27. Credit: Akorda."
    )
    assert paragraphs.count("*Photo:* Credit: Akorda.") == 2
    assert "Photo credit" not in article.body_markdown
    assert "Sign up" not in article.body_markdown
    # The newsletter line names the publisher; the dateline only names who it quotes.
    assert article.source_hint == "The Astana Times"


def test_every_seed_body_renders_without_markup_leaks():
    for prefix in ("000", "001", "002", "003", "004"):
        html = render_markdown(seed(prefix).body_markdown)
        assert "\\" not in html
        assert "**" not in html


# --- Lines and blocks --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("  \n\u00a0\n\t\n", "empty"),
        ("02.05.2019 2066\n\nText.", "starts with a date"),
        ("x" * 400 + ".", "paragraph"),
        ("Share:\n\nText.", "not a headline"),
        ("Just A Title\n\n29.04.2022\n\nShare:", "no text after the title"),
    ],
)
def test_files_without_an_article_are_not_articles(text, reason):
    with pytest.raises(NotAnArticle, match=reason):
        parse_article(text, today=TODAY)


def test_hard_wrapped_paragraphs_are_joined_and_one_line_paragraphs_kept_apart():
    text = (
        "Title\n\nThe Assembly held its session in Astana and the\n"
        "President spoke about unity.\nA second paragraph on its own line.\n"
    )
    article = parse_article(text, today=TODAY)
    assert article.lead == (
        "The Assembly held its session in Astana and the President spoke about unity."
    )
    assert article.body_markdown == "A second paragraph on its own line.\n"


def test_first_paragraph_is_the_lead_when_more_text_follows():
    article = parse_article("Title\n\nDelegates @ Akorda\n\nFirst one.\n\nSecond one.")
    assert article.lead == "First one."
    assert article.body_markdown.startswith(CAPTION_PREFIX)
    assert article.body_markdown.endswith("\n\nSecond one.\n")
    only = parse_article("Title\n\nThe only paragraph.")
    assert (only.lead, only.body_markdown) == ("", "The only paragraph.\n")


def test_windows_line_ends_and_byte_order_mark():
    article = parse_article("\ufeffTitle here\r\n\r\n29.04.2022\r\n\r\nBody text.\r\n")
    assert article.title == "Title here"
    assert article.date == datetime.date(2022, 4, 29)
    assert article.body_markdown == "Body text.\n"


def test_byline_after_date_line_with_by():
    article = parse_article("Title\n\nApril 27, 2023\nBy Aigerim Seisembayeva\n\nText one.")
    assert article.byline == "Aigerim Seisembayeva"
    assert article.body_markdown == "Text one.\n"


def test_a_short_last_paragraph_that_is_not_a_name_is_not_a_byline():
    article = parse_article("Title\n\nText one.\n\nThank you for reading")
    assert article.byline == ""
    assert article.body_markdown.endswith("Thank you for reading\n")


def test_heading_needs_text_on_both_sides():
    article = parse_article("Title\n\nIntro paragraph.\n\nMiddle heading\n\nMore text.")
    assert article.headings == ["Middle heading"]
    assert article.body_markdown.startswith("## Middle heading\n\n")
    article = parse_article("Title\n\nNot A Heading Here\n\nText.")
    assert article.headings == []


@pytest.mark.parametrize(
    ("line", "is_heading"),
    [
        ("Evolution is there.", True),
        ("Sessions of the Assembly", True),
        ("“Thank you,” he said.", False),
        ("It was, in fact, there.", False),
        ("The reform consolidated the Assembly as an institution.", False),
        ("Why it matters?", False),
    ],
)
def test_which_short_lines_are_subheadings(line, is_heading):
    before = "The Assembly met in Astana on Monday."
    after = "Delegates discussed the language policy."
    article = parse_article(f"Title\n\n{before}\n\n{before}\n\n{line}\n\n{after}")
    assert (article.headings == [line]) is is_heading


def test_semicolon_lines_after_a_colon_are_a_list_only_when_two_or_more():
    listed = parse_article("T\n\nLead.\n\nThe mottos:\n\nPeace;\n\nAccord.\n\nAfter.")
    assert listed.body_markdown == "The mottos:\n\n- Peace;\n- Accord.\n\nAfter.\n"
    single = parse_article("T\n\nLead.\n\nAs follows:\n\nOne thing.\n\nAfter.")
    assert "- " not in single.body_markdown


def test_bullet_list_stays_a_list():
    article = parse_article("Title\n\nIntro:\n\n- one thing;\n\n- another thing.\n\nEnd.")
    html = render_markdown(article.body_markdown)
    assert html.count("<li>") == 2 and "<ul>" in html


def test_text_is_escaped_not_trusted_as_markdown_or_html():
    article = parse_article(
        "Title\n\nLead.\n\nA <script>alert(1)</script> and *stars* and [link](javascript:x).\n\n"
        "# not a heading\n\n1995. A year, not a list item number."
    )
    html = render_markdown(article.body_markdown)
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "<em>" not in html and "<a" not in html
    assert "<h1" not in html and "<h2" not in html and "# not a heading" in html
    assert "<ol" not in html


@pytest.mark.parametrize(
    "line",
    [
        "Write to info@astanatimes.com for more.",
        "Credit rating agencies upgraded Kazakhstan.",
        "The photo exhibition opened in Astana on Monday, showing the work of 40 artists.",
    ],
)
def test_ordinary_sentences_are_not_captions(line):
    assert parse_caption(line) is None


def test_long_photo_description_is_caption_text_not_credit():
    caption = parse_caption("Photo: the President with members of the Assembly in Astana")
    assert caption.credit == ""
    assert caption.text == "the President with members of the Assembly in Astana"
    assert caption.markdown.startswith(CAPTION_PREFIX)


def test_source_from_press_service_dateline_when_no_publisher_line():
    article = parse_article(
        "Title\n\nASTANA – The President spoke, reported the Akorda press service.\n\nMore."
    )
    assert article.source_hint == "Akorda press service"


def test_two_different_publishers_give_no_source():
    article = parse_article(
        "Title\n\nText.\n\nGet The Astana Times stories sent directly to you!\n"
        "Get Kazinform stories sent directly to you!"
    )
    assert article.source_hint == ""


def test_page_tail_drops_everything_after_it():
    article = parse_article("Title\n\nText.\n\nYou may like\n\nAnother Headline Entirely\n\nMore.")
    assert article.body_markdown == "Text.\n"
    assert [d.line for d in article.dropped] == [5, 7, 9]


def test_escape_markdown_keeps_ordinary_text():
    assert escape_markdown("Kazakhstan’s 32nd session – “Fair Kazakhstan”.") == (
        "Kazakhstan’s 32nd session – “Fair Kazakhstan”."
    )
