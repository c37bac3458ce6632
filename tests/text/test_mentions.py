"""Finding sessions, people and quotations in text, and linking first mentions in HTML.

Pure functions: no database. The labelled articles of bench/data/linking (and the five seeds,
when they are there) are checked too, so the benchmark's "no misses, no false links" holds.
"""

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest

from archive.text.articles import parse_article
from archive.text.html_links import LinkTarget, link_first_mentions
from archive.text.people import NameMatcher, PersonInfo, find_links
from archive.text.quotes import find_quotes, quotation_spans, quote_key, role_fits
from archive.text.rendering import render_markdown
from archive.text.sessions import find_sessions, parse_ordinal

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "bench" / "data" / "linking" / "labels.json"
SEED_DIRS = [REPO / "fixtures" / "seeds"]

TOKAYEV, NAZARBAYEV, DEMENTIEVA, TEN, BELGER, BOLGERT, STOEL, KHAN = 1, 2, 3, 4, 5, 6, 7, 8
PEOPLE = [
    PersonInfo(
        TOKAYEV,
        "Kassym-Jomart Tokayev",
        ("Kassym-Zhomart Tokayev", "K. Tokayev", "K.K. Tokayev"),
        "President of Kazakhstan",
    ),
    PersonInfo(
        NAZARBAYEV,
        "Nursultan Nazarbayev",
        ("N.A. Nazarbayev", "Nursultan A. Nazarbayev", "Yelbasy", "Yelbassy"),
        "First President of Kazakhstan",
    ),
    PersonInfo(DEMENTIEVA, "Natalia Dementieva", (), "Member of the Mazhilis"),
    PersonInfo(TEN, "Denis Ten", (), "Figure skater"),
    PersonInfo(BELGER, "Herold Belger", ("Geraga",), "Writer"),
    PersonInfo(BOLGERT, "Evgeny Bolgert", (), "Member of the Senate"),
    PersonInfo(STOEL, "Max van der Stoel", ("Max Van Der Stool",), "OSCE High Commissioner"),
    PersonInfo(KHAN, "Jochi Khan", (), "Historical ruler"),
]


@pytest.fixture(scope="module")
def matcher():
    return NameMatcher(PEOPLE)


def sessions_in(text):
    return [m.number for m in find_sessions(text)]


def people_in(text, matcher):
    return find_links(text, matcher).people


# --- Sessions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("In his address to the 33rd Session of the Assembly", 33),
        ("The XXVII session of the Assembly of People of Kazakhstan was held", 27),
        ("at the XXXII session", 32),
        ("The tenth session (December of 2003)", 10),
        ("The first constituent session (March of 1995)", 1),
        ("The APK held its 32nd session of the APK on April 26-27", 32),
        ("The Assembly, unlike the Senate, held its 27th session in Astana.", 27),
        ("The 34th plenary session of the APK", 34),
        ("the twenty-seventh session", 27),
        ("the twenty seventh session", 27),
        ("the 33rd Assembly session", 33),
        ("THE TENTH SESSION", 10),
        ("approved at the I session of the Assembly", 1),
        ("Session No. 27 of the Assembly", 27),
        ("the session of the Assembly, the 34th in its history, ended", 34),
        ("Speaking at the session of the Assembly (31st), she said", 31),
        ("В Астане прошла XXXIII сессия Ассамблеи", 33),
        ("На 32-й сессии АНК", 32),
    ],
)
def test_session_references_in_the_forms_articles_use(text, number):
    assert sessions_in(text) == [number]


@pytest.mark.parametrize(
    "text",
    [
        "plans for the 30th anniversary of the Assembly",
        "the 30th anniversary session will set new tasks",
        "The 33rd was not the last word.",
        "The third meeting of the National Kurultai took place in Atyrau.",
        "The second session of the National Kurultai had been held a year earlier.",
        "Parliament's eighth session opened in September.",
        "the 78th session of the UN General Assembly",
        "the first session of the newly elected Mazhilis",
        "voiced at the 1st Forum of the People of Kazakhstan in 1992",
        "Since its establishment, the Assembly has held 10 sessions",
        "The April 27th session was short.",
        "the first session of the day",
        "On the 27th of April, the session opened",
        "at the session 27 deputies were elected",
        "his first session as chairman",
        "The newly elected Mazhilis held its first session in March.",
        "a mix session and a civil session",
        "Then I session-hopped between panels",
    ],
)
def test_things_that_are_not_a_session_of_the_assembly(text):
    assert sessions_in(text) == []


def test_a_list_of_sessions_names_each_one():
    assert sessions_in("the 27th and 28th sessions") == [27, 28]
    assert sessions_in("The XXIX and XXX sessions were held online") == [29, 30]


def test_the_ten_sessions_listed_in_the_tenth_anniversary_article():
    text = "\n".join(
        f"- The {word} session ({when}) – “Motto”;"
        for word, when in [
            ("first constituent", "March of 1995"),
            ("second", "June 1995"),
            ("third", "April of 1996"),
            ("fourth", "June of 1997"),
            ("fifth", "January 1999"),
            ("sixth", "December of 1999"),
            ("seventh", "December of 2000"),
            ("eighth", "October of 2001"),
            ("ninth", "November of 2002"),
            ("tenth", "December of 2003"),
        ]
    )
    assert sessions_in("Since its establishment, the Assembly has held 10 sessions:\n" + text) == [
        *range(1, 11)
    ]


def test_a_session_mention_covers_the_words_that_name_it():
    (mention,) = find_sessions("He spoke at the 34th plenary session of the APK.")
    assert mention.text == "34th plenary session"


@pytest.mark.parametrize(
    ("text", "number"),
    [("27th", 27), ("33-й", 33), ("XXVII", 27), ("twenty-seventh", 27), ("Tenth", 10)],
)
def test_ordinals_are_read_in_every_notation(text, number):
    assert parse_ordinal(text) == number


@pytest.mark.parametrize("text", ["I", "0th", "999th", "CD", "firstly"])
def test_what_is_not_a_session_number(text):
    assert parse_ordinal(text) is None


# --- People ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "person", "matched"),
    [
        ("President Kassym-Jomart Tokayev said", TOKAYEV, "Kassym-Jomart Tokayev"),
        ("President Kassym-Zhomart Tokayev awarded", TOKAYEV, "Kassym-Zhomart Tokayev"),
        ("current President K.K.Tokayev. At the", TOKAYEV, "K.K.Tokayev"),
        ("said K. Tokayev.", TOKAYEV, "K. Tokayev"),
        ("KASSYM-JOMART TOKAYEV’S VISIT", TOKAYEV, "KASSYM-JOMART TOKAYEV"),
        ("kassym jomart tokayev wrote", TOKAYEV, "kassym jomart tokayev"),
        ("Tokayev's speech", TOKAYEV, "Tokayev"),
        ("Tokayev’s speech", TOKAYEV, "Tokayev"),
        ("Yelbasy N.A. Nazarbayev.", NAZARBAYEV, "N.A. Nazarbayev"),
        ("by N.A.Nazarbayev at", NAZARBAYEV, "N.A.Nazarbayev"),
        ("thanks to Yelbassy, real", NAZARBAYEV, "Yelbassy"),
        ("Yelbasy noted", NAZARBAYEV, "Yelbasy"),
        ("Max Van Der Stool, the former", STOEL, "Max Van Der Stool"),
        ("Max van der Stoel's reports", STOEL, "Max van der Stoel"),
        ("Dementieva also highlighted", DEMENTIEVA, "Dementieva"),
        ("Mr. Bolgert told them", BOLGERT, "Bolgert"),
        ("the late Denis Ten, a bronze medalist", TEN, "Denis Ten"),
        ("referred to as the Geraga of Kazakh", BELGER, "Geraga"),
    ],
)
def test_people_by_name_alias_or_surname(text, person, matched, matcher):
    assert people_in(text, matcher) == {person: matched}


@pytest.mark.parametrize(
    "text",
    [
        "Ten Years of Independence: Peace, Progress and Accord",
        "Ten thousand tenge were raised",
        "the Osmanli traders and the Tokayevsky district",
        "the old Khanate capital",
        "a Belgerian translation prize",
        "Kairat Tokayev, a schoolteacher from Taraz",
        "A. Tokayev, his cousin, runs the library",
        "students of Nazarbayev University and Nazarbayev Intellectual Schools",
        "said the Head of State. The President stressed",
        "tokayev in lower case is not a name",
        "[the speech](https://akorda.kz/en/kassym-jomart-tokayev-speech)",
    ],
)
def test_no_link_inside_other_words_or_to_someone_else(text, matcher):
    assert people_in(text, matcher) == {}


def test_a_surname_two_people_share_is_not_guessed():
    matcher = NameMatcher(
        [PersonInfo(1, "Nursultan Nazarbayev"), PersonInfo(2, "Bolat Nazarbayev")]
    )
    assert people_in("Nazarbayev has often been asked about it.", matcher) == {}
    assert people_in("Nazarbayev's brother sent a letter.", matcher) == {}
    # Initials or a given name decide between them.
    assert people_in("B. Nazarbayev rarely speaks.", matcher) == {2: "B. Nazarbayev"}
    assert people_in("as N. Nazarbayev said", matcher) == {1: "N. Nazarbayev"}
    assert people_in("Nursultan A. Nazarbayev", matcher) == {1: "Nursultan A. Nazarbayev"}


def test_a_surname_is_linked_alone_only_when_it_is_long_and_uncommon():
    matcher = NameMatcher([PersonInfo(1, "Ban Ki-moon"), PersonInfo(2, "Aigul Long")])
    assert people_in("Ban said the ban was lifted. Long live Long.", matcher) == {}
    assert people_in("Ki-moon said", matcher) == {1: "Ki-moon"}


def test_an_alias_is_one_persons_even_when_others_share_the_surname():
    matcher = NameMatcher(
        [PersonInfo(1, "Kassym-Jomart Tokayev", ("Tokayev",)), PersonInfo(2, "Kairat Tokayev")]
    )
    assert people_in("Tokayev stressed", matcher) == {1: "Tokayev"}
    assert people_in("Kairat Tokayev stressed", matcher) == {2: "Kairat Tokayev"}


def test_a_name_shared_by_two_people_links_neither():
    matcher = NameMatcher([PersonInfo(1, "Aliya Serik"), PersonInfo(2, "Aliya Serik")])
    assert people_in("Aliya Serik spoke.", matcher) == {}


def test_accents_are_ignored():
    matcher = NameMatcher([PersonInfo(1, "Ruslanas Iržikevičius")])
    assert people_in("Credit: Ruslanas Irzikevicius.", matcher) == {1: "Ruslanas Irzikevicius"}
    assert people_in("Credit: Ruslanas Iržikevičius.jpg", matcher) == {1: "Ruslanas Iržikevičius"}


def test_the_matched_text_is_the_first_full_mention(matcher):
    text = "Tokayev highlights unity\n\nPresident K. Tokayev spoke. Kassym-Jomart Tokayev added."
    assert people_in(text, matcher) == {TOKAYEV: "K. Tokayev"}
    assert people_in("Tokayev spoke. Tokayev added.", matcher) == {TOKAYEV: "Tokayev"}


def test_every_mention_is_found_in_order(matcher):
    mentions = matcher.find_people("Yelbasy N.A. Nazarbayev and K. Tokayev. Tokayev again.")
    assert [(m.person_id, m.text) for m in mentions] == [
        (NAZARBAYEV, "Yelbasy"),
        (NAZARBAYEV, "N.A. Nazarbayev"),
        (TOKAYEV, "K. Tokayev"),
        (TOKAYEV, "Tokayev"),
    ]


# --- The labelled articles and the seeds ---------------------------------------------------------


def _labels():
    return json.loads(LABELS.read_text(encoding="utf-8"))


def _labelled_matcher(labels):
    people = [
        PersonInfo(i, p["name"], tuple(p["aliases"]), p["role"])
        for i, p in enumerate(labels["people"])
    ]
    return NameMatcher(people), {i: p["slug"] for i, p in enumerate(labels["people"])}


def _seed_text(prefix):
    for folder in SEED_DIRS:
        files = list(folder.glob(f"{prefix}_*.txt"))
        if files:
            return parse_article(files[0].read_text(encoding="utf-8")).text_for_linking
    pytest.fail("the seed articles are not here")


def _cases():
    return [
        pytest.param(item, id=item["file"])
        for item in _labels()["articles"]
        if not item.get("heldout")  # measured by bench/linking.py, not a test
    ]


@pytest.mark.parametrize("item", _cases())
def test_labelled_articles_get_exactly_their_links(item):
    labels = _labels()
    matcher, slugs = _labelled_matcher(labels)
    name = item["file"]
    if name.startswith("seed:"):
        text = _seed_text(name[5:])
    else:
        text = (LABELS.parent / name).read_text(encoding="utf-8")
        if "language" in item:  # read as the importer reads it (the byline is not text)
            text = parse_article(text).text_for_linking
    links = find_links(text, matcher)
    known = labels["known_sessions"]
    assert sorted(n for n in links.sessions if known["from"] <= n <= known["to"]) == sorted(
        item["sessions"]
    )
    assert sorted(slugs[p] for p in links.people) == sorted(item["people"])


# --- Quotations ----------------------------------------------------------------------------------


def quotes_in(text, matcher):
    return [(q.speaker_id, q.text) for q in find_quotes(text, matcher)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("“Unity is our strength,” said Tokayev.", "Unity is our strength"),
        ("“Unity is our strength”, said Tokayev.", "Unity is our strength"),
        ('"Unity is our strength," said K. Tokayev.', "Unity is our strength"),
        ("“Unity is our strength,” Tokayev said.", "Unity is our strength"),
        ("“Unity is our strength,” Tokayev also said.", "Unity is our strength"),
        ("Tokayev said: “Unity is our strength.”", "Unity is our strength."),
        ('Kassym-Jomart Tokayev once stated, "Unity is our strength!"', "Unity is our strength!"),
        (
            "Tokayev stressed the point, noting that “unity is our strength.”",
            "unity is our strength.",
        ),
        ("“Unity is our strength,” said President Tokayev.", "Unity is our strength"),
        ("According to Tokayev, “unity is our strength.”", "unity is our strength."),
    ],
)
def test_quotations_with_their_speaker(text, words, matcher):
    assert quotes_in(text, matcher) == [(TOKAYEV, words)]


def test_he_and_she_are_the_last_person_named(matcher):
    text = (
        "Natalia Dementieva spoke first. She said, “Foreign journalists are amazed.”\n\n"
        "Tokayev took the floor. “Patriotism is not arrogance,” he said. Past campaigns, he "
        "noted, were “free of ethnic preferences.”"
    )
    assert quotes_in(text, matcher) == [
        (DEMENTIEVA, "Foreign journalists are amazed."),
        (TOKAYEV, "Patriotism is not arrogance"),
        (TOKAYEV, "free of ethnic preferences."),
    ]


def test_a_title_is_the_person_whose_role_it_is(matcher):
    text = (
        "Yelbasy Nursultan Nazarbayev and K. Tokayev attended. Natalia Dementieva spoke. "
        "“Organised unity leads to victories,” said the Head of State."
    )
    # The last person named is Dementieva, but the President of the two is Tokayev, the
    # more recently named.
    assert quotes_in(text, matcher) == [(TOKAYEV, "Organised unity leads to victories")]


def test_a_title_nobody_holds_falls_back_to_the_last_person_named(matcher):
    text = "Evgeny Bolgert opened. “We will keep working together,” said the Minister."
    assert quotes_in(text, matcher) == [(BOLGERT, "We will keep working together")]


def test_nested_quotes_stay_inside_the_quotation(matcher):
    text = (
        "“The principles of “We are different, but we are equal” and ‘One nation’ should "
        "resonate,” said Tokayev."
    )
    assert quotes_in(text, matcher) == [
        (
            TOKAYEV,
            "The principles of “We are different, but we are equal” and ‘One nation’ should "
            "resonate",
        )
    ]


def test_a_quotation_spanning_paragraphs(matcher):
    text = (
        "K. Tokayev addressed the hall.\n\n"
        "“Our people understand the meaning of unity.\n\n"
        "“These are lasting values,” he said."
    )
    assert quotes_in(text, matcher) == [
        (TOKAYEV, "Our people understand the meaning of unity.\n\nThese are lasting values")
    ]


def test_a_quotation_left_open_is_dropped(matcher):
    text = "“Our people understand the meaning of unity.\n\nTokayev said nothing more."
    assert quotation_spans(text) == []
    assert quotes_in(text, matcher) == []


@pytest.mark.parametrize(
    "text",
    [
        'a campaign called "Heart to Heart" was organised by Tokayev',
        "under the banner of “one people” to build a nation, Tokayev said.",
        'As stated by K. Tokayev, it promotes "different views, one nation" and more.',
        "“Unity is our strength.” Tokayev then left the hall.",
        "“Unity is our strength,” said the newspaper.",
        'Tokayev said it was known as "Kazakhs."',
    ],
)
def test_quotation_marks_that_are_not_a_quotation_of_someone(text, matcher):
    assert quotes_in(text, matcher) == []


def test_straight_and_curly_quotes_mixed(matcher):
    text = 'Tokayev said: "Social accord is the foundation of development”.'
    assert quotes_in(text, matcher) == [(TOKAYEV, "Social accord is the foundation of development")]


def test_quote_key_ignores_spacing_quote_marks_and_end_punctuation():
    assert quote_key("“Patriotism  should never be confused with national arrogance.”") == (
        quote_key("patriotism should never be confused with national arrogance,")
    )
    assert quote_key("Kazakhstan’s passport") == quote_key("Kazakhstan's passport")
    assert quote_key("Unity first") != quote_key("Unity last")


@pytest.mark.parametrize(
    ("role", "title", "fits"),
    [
        ("President of Kazakhstan", "president", True),
        ("First President of Kazakhstan", "president", True),
        ("First President of Kazakhstan", "first president", True),
        ("Deputy Chief of Staff of the President", "president", False),
        ("Vice President", "president", False),
        ("UN Secretary-General", "secretary general", True),
        ("Deputy Chairman of the Assembly", "chairman", False),
        ("Deputy Chairman of the Assembly", "deputy chairman", True),
        ("", "president", False),
    ],
)
def test_roles_and_the_titles_that_stand_for_them(role, title, fits):
    assert role_fits(role, title) is fits


# --- First mentions as links ----------------------------------------------------------------------

TARGETS = [
    LinkTarget("person", TOKAYEV, "/people/tokayev/", ("Kassym-Jomart Tokayev", "K. Tokayev")),
    LinkTarget("session", 33, "/sessions/33/", title="33rd session"),
]


class Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.anchors, self._href, self._text = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href, self._text = dict(attrs)["href"], []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a":
            self.anchors.append((self._href, "".join(self._text)))
            self._href = None


def anchors(html):
    parser = Anchors()
    parser.feed(html)
    return parser.anchors


def test_the_first_mention_of_each_target_becomes_a_link():
    html = render_markdown(
        "K. Tokayev opened the 33rd session.\n\nKassym-Jomart Tokayev closed the 33rd session."
    )
    linked = link_first_mentions(html, TARGETS)
    assert anchors(linked) == [
        ("/people/tokayev/", "K. Tokayev"),
        ("/sessions/33/", "33rd session"),
    ]
    assert linked.count("Kassym-Jomart Tokayev closed the 33rd session.") == 1


def test_no_link_inside_headings_links_or_code():
    html = render_markdown(
        "## Tokayev at the 33rd session\n\n"
        "See [Tokayev at the 33rd session](https://example.com/a).\n\n"
        "`K. Tokayev, 33rd session`\n\n"
        "    K. Tokayev 33rd session\n\n"
        "Then K. Tokayev spoke at the 33rd session."
    )
    linked = link_first_mentions(html, TARGETS)
    assert anchors(linked) == [
        ("https://example.com/a", "Tokayev at the 33rd session"),
        ("/people/tokayev/", "K. Tokayev"),
        ("/sessions/33/", "33rd session"),
    ]
    assert "<h2>Tokayev at the 33rd session</h2>" in linked


def test_linking_keeps_the_html_and_its_escaping():
    html = render_markdown(
        "Tokayev & <b>friends</b> say 1 < 2 at the *33rd session*.\n\n<script>alert(1)</script>"
    )
    linked = link_first_mentions(html, TARGETS)
    assert "&amp;" in linked and "1 &lt; 2" in linked
    assert "<script" not in linked
    assert '<em><a href="/sessions/33/"' in linked
    assert link_first_mentions(html, []) == html


def test_link_targets_are_escaped():
    target = LinkTarget("person", 1, '/people/x"onmouseover="alert(1)/', ("Tokayev Person",))
    linked = link_first_mentions("<p>Tokayev Person</p>", [target])
    assert 'onmouseover="' not in linked
    assert "&quot;onmouseover=&quot;" in linked


def test_a_name_split_by_markup_is_found_only_by_what_names_the_person_alone():
    denis = render_markdown("*Denis* Ten and ten others.")
    assert link_first_mentions(denis, [LinkTarget("person", 1, "/p/", ("Denis Ten",))]) == denis
    tokayev = render_markdown("*Kassym-Jomart* Tokayev spoke.")
    linked = link_first_mentions(
        tokayev, [LinkTarget("person", 2, "/t/", ("Kassym-Jomart Tokayev",))]
    )
    assert anchors(linked) == [("/t/", "Tokayev")]
