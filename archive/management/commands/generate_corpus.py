"""Fill an empty archive with a deterministic, realistic synthetic corpus (for benchmarks).

    manage.py generate_corpus --articles 100000 --seed 1

34 sessions, about 2,000 people with aliases (initials, transliterations, Cyrillic), sources,
topics, articles of news length (mostly English, some Russian and Kazakh) in the seeds'
vocabulary that mention their sessions and people in every notation, quotes, a few drafts.
The same seed always gives the same archive. Everything is written with bulk_create in
batches and indexed once at the end, so 100,000 articles take a few minutes.
"""

import datetime
import itertools
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from archive.models import (
    Alias,
    Article,
    ArticlePerson,
    ArticleSession,
    LinkOrigin,
    Person,
    Quote,
    Session,
    Source,
    Topic,
)
from archive.search import optimize_index, rebuild_index
from archive.text import numerals
from archive.text.normalise import name_key, slugify, sort_key_for_name

FIRST_NAMES = (
    "Askar Aidos Aigerim Ainur Akmaral Alibek Almas Altynai Arman Aruzhan Asel Aslan Azamat "
    "Baurzhan Bolat Dana Daniyar Darkhan Dinara Erlan Gulnara Kairat Kanat Karlygash Madina "
    "Marat Meruert Murat Nurlan Nurlybek Olzhas Rustem Saule Serik Talgat Timur Yerbol Zarina "
    "Zhanna Zhanseit Zhomart Yuri Olga Irina Sergei Viktor Natalia Anna Pavel Igor Elena "
    "Hans Maria Li Kim Vladimir Svetlana Rashid Farida Gulzhan Yerlan Aliya Dauren Ruslan Aizhan"
).split()
SURNAME_ROOTS = (
    "Abdrakhman Abish Akhmet Alim Amanzhol Aubakir Baimukhan Baitursyn Bekmukhambet Dauletkhan "
    "Dzhaksybek Ermek Esim Ibrai Iskak Kaliev Kasym Kenzhe Kozhakhmet Kunanbai Kurmangazy "
    "Mambet Mukhamedzhan Musabai Nurpeis Omar Ospan Rakhim Sadyk Sarsen Seitkali Serikbai "
    "Shaimerden Suleimen Syzdyk Tazhi Temir Tokta Tulegen Turgan Umirzak Utemis Yesen Zhakyp "
    "Zhamanbai Zhaksylyk Zhumabai Zhunus Kovalenk Petrenk Ivan Smirn Kuznets Popov Lee Pak "
    "Schmidt Weber Yusup Ismail Khasan Aliyev Gasan Bagir Rahim Nazar Tuimebai"
).split()
SURNAME_ENDINGS = ["ov", "ev", "ova", "eva", "uly", "kyzy", "in", "ko", "bayev", "beková"]
ETHNIC_GROUPS = (
    "Kazakh Russian Uzbek Ukrainian Uighur Tatar German Korean Azerbaijani Turkish Polish "
    "Chechen Kurdish Belarusian Dungan Greek Jewish Armenian Bashkir Moldovan"
).split()
REGIONS = (
    "Astana Almaty Shymkent Karaganda Aktobe Pavlodar Semey Kostanay Atyrau Oral Taraz "
    "Turkistan Kyzylorda Petropavl Ust-Kamenogorsk Zhezkazgan Kokshetau Taldykorgan Aktau"
).split()
SOURCES = [
    "Kazinform",
    "The Astana Times",
    "Kazakhstanskaya Pravda",
    "Egemen Qazaqstan",
    "Akorda press service",
    "Tengrinews",
    "Khabar 24",
    "Aikyn",
    "Strategy2050",
    "Qazaqstan TV",
    "Vremya",
    "Ulys Media",
    "APK press service",
    "Liter",
    "Kursiv",
]
# Topics with their own words: topical words stay in topical articles, as in a real archive.
TOPICS = [
    ("Interethnic harmony", "harmony interethnic coexistence friendship neighbours"),
    ("State language", "Kazakh language state-language Latin alphabet courses"),
    ("Youth", "youth students young volunteers Zhangyru Zholy"),
    ("Education", "schools teachers universities textbooks pupils curriculum"),
    ("Ideology", "ideology values identity agenda principles"),
    ("Charity", "charity donors patrons Caravan Mercy donations"),
    ("Mediation", "mediation mediators disputes reconciliation offices"),
    ("Ethno-cultural associations", "ethno-cultural associations centres communities heads"),
    ("Constitution", "Constitution article amendments referendum norms"),
    ("Parliament", "Mazhilis deputies parliamentary group mandates bills"),
    ("Religion", "religion confessions faith mosques churches leaders"),
    ("Culture and traditions", "traditions customs Nauryz festival crafts dombra"),
    ("Flood relief", "flood floods relief evacuation rescuers sandbags meltwater victims"),
    ("Friendship Houses", "Friendship House halls premises clubs"),
    ("Public consent", "consent councils dialogue cohesion"),
    ("Repatriates", "repatriates kandas resettlement citizenship returnees"),
    ("Patriotism", "patriotism homeland flag anthem"),
    ("Family", "family mothers children grandparents households"),
    ("Sport", "sport tournament athletes football wrestling kokpar"),
    ("Theatre", "theatre stage premiere actors drama Uighur Korean"),
    ("Media", "journalists newspapers bloggers television media portal"),
    ("International cooperation", "OSCE UNESCO delegation ambassadors diplomats"),
    ("Economy", "economy investment growth enterprises tenge"),
    ("History", "history archives deportation repressions memory"),
    ("Languages", "languages multilingual trilingual Russian English"),
    ("Science", "scientists research institute expert council"),
    ("Women", "women female leaders equality"),
    ("Entrepreneurs", "entrepreneurs business association investors"),
    ("Civil society", "NGOs civil society activists grants"),
    ("Anniversaries", "anniversary jubilee celebration thirtieth"),
    ("Mothers' Councils", "Mothers Councils mothers upbringing"),
    ("Reforms", "reforms modernization transformation renewal"),
    ("Digitalisation", "digital online platform e-government"),
    ("Tolerance", "tolerance respect diversity acceptance"),
    ("Independence", "independence sovereignty Independence Day"),
    ("Security", "security extremism prevention stability"),
]
TOPIC_SENTENCES = [
    "The {kw} {kw2} in {region} {verb} the {adj} {noun} of the community.",
    "Questions of {kw} and {kw2} were discussed at a meeting in {village}.",
    "{person} said that {kw} {verb} the future of the country.",
    "In {region}, {number} people took part in events devoted to {kw}.",
    "A {adj} programme on {kw} was presented by the {ethnic} association.",
    "The round table on {kw} and {kw2} gathered experts from {number} regions.",
]
TOPIC_SPECIALS = {
    "Flood relief": [
        "During the recent floods the Assembly coordinated relief and helped {number} families.",
        "Volunteers of the Heart to Heart campaign delivered aid to flood victims in {village}.",
        "Ethno-cultural associations collected {number} tonnes of relief for the flooded areas.",
    ],
    "State language": [
        "The Kazakh language must become a language of unity, {person} noted.",
        "Free courses of the state language opened in {village} for {number} adults.",
    ],
    "Interethnic harmony": [
        "The principle \u201cWe are different, but we are equal\u201d guides the Assembly.",
        "Kazakhstan is home to representatives of more than 130 ethnic groups.",
    ],
}
SYLLABLES = "ak kara sary zhan tas bulak kol sai ter bay kum tobe su tau zhol kent or ash".split()
MOTTO_PARTS = [
    "Unity. Creativity. Rise.",
    "Formula of peace and accord: unity and modernization",
    "Peace and accord",
    "Unity in diversity",
    "Just Kazakhstan: unity, stability, development",
    "Kazakhstan's way: stability, unity, modernization",
    "Spiritual revival and national unity",
    "Strong state, strong society",
    "Tolerance and harmony",
    "One country, one destiny",
    "Independence and accord",
    "Towards a society of universal labour",
]
NOUNS = (
    "unity accord harmony peace stability consent dialogue tolerance friendship society state "
    "nation people country Assembly session forum council association centre community youth "
    "language culture tradition heritage identity policy principle value reform modernization "
    "development progress initiative campaign project programme strategy concept law "
    "representative assistance region village city citizen ethnicity future movement "
    "headquarters delegate chairman secretariat resolution cooperation solidarity trust"
).split()
ADJECTIVES = (
    "interethnic inter-confessional national public civil ethno-cultural multi-ethnic "
    "Kazakhstani regional republican international historic important effective unique strong "
    "new modern young diverse common spiritual cultural social political economic legal "
    "sustainable peaceful harmonious stable open inclusive fair responsible patriotic annual"
).split()
VERBS = (
    "strengthens promotes supports develops unites ensures preserves fosters encourages "
    "discusses highlights emphasizes addresses celebrates welcomes approves adopts launches "
    "coordinates improves protects respects consolidates implements"
).split()
SENTENCES = [
    "The {adj} {noun} of {country} {verb} the {adj2} {noun2} of all ethnic groups.",
    "{person} {verb} the role of the Assembly in {adj} {noun}.",
    "Speaking at the {session}, {person} said that {noun} and {noun2} remain the core of "
    "state policy.",
    "Representatives of the {ethnic} ethno-cultural association of {region} took part in "
    "the {noun} {noun2}.",
    "More than {number} volunteers joined the {adj} campaign in {region}.",
    "The {session} was held in {city} under the motto \u201c{motto}\u201d.",
    "According to {person}, the {adj} {noun} of the people of Kazakhstan is our main asset.",
    "The Assembly of People of Kazakhstan was established in 1995 as a {adj} and "
    "consultative body.",
    "Delegates discussed the {adj} {noun}, the {noun2} and the tasks set by the Head of State.",
    "In {year}, the Assembly {verb} {number} {adj} projects in the field of {noun}.",
    "Ethno-cultural centres in {region} organised a forum on {adj} {noun} and {noun2}.",
    "{person} thanked the {ethnic} community for its contribution to {noun} and {noun2}.",
    "The Friendship House in {city} hosted a {adj} meeting devoted to the {noun}.",
    "Young people from {number} regions presented their ideas on {adj} {noun}.",
    "Experts believe that the Kazakhstani model of {noun} is {adj} and {adj2}.",
    "The {adj} report on {noun} was approved at the {session}.",
    "A {adj} dialogue between cultures {verb} the {noun} of our {adj2} society.",
]
QUOTES = [
    "Unity is, in fact, the core line of state policy.",
    "Our main asset is the friendship between peoples.",
    "We are different, but we are equal.",
    "Concrete work should never be replaced by mere lip service.",
    "The Assembly has proven to be an essential social institution.",
    "Every ethnic group has to be heard every day.",
    "Peace and accord are the foundation of our independence.",
    "The Kazakh language must become a language of unity.",
    "Stability is the result of everyday work of the whole society.",
    "The voice of every people has to be heard.",
]
RU_SENTENCES = [
    "Ассамблея народа Казахстана провела {adj} сессию в городе {city}.",
    "Президент отметил роль Ассамблеи в укреплении единства и согласия.",
    "Представители этнокультурных объединений обсудили вопросы языка и культуры.",
    "Сессия Ассамблеи прошла под девизом «Единство. Созидание. Развитие».",
    "Волонтёры Ассамблеи помогли пострадавшим от паводков в регионе {city}.",
    "Елбасы Нурсултан Назарбаев предложил создать Ассамблею в 1992 году.",
]
KK_SENTENCES = [
    "Қазақстан халқы Ассамблеясының сессиясы {city} қаласында өтті.",
    "Мемлекет басшысы бірлік пен келісімнің маңызын атап өтті.",
    "Этномәдени бірлестіктер жастар мен тіл мәселелерін талқылады.",
    "Ассамблея еріктілері су тасқынынан зардап шеккендерге көмектесті.",
    "Бірлігі жарасқан халық қана биік белестерге жетеді.",
]
RU_ADJ = ["очередную", "юбилейную", "расширенную", "торжественную"]
TITLES = [
    "{person} on {adj} {noun}",
    "{session_title} of the Assembly of People of Kazakhstan",
    "The Assembly {verb} {adj} {noun}",
    "{adj_cap} {noun} in {region}",
    "{ethnic} community {verb} {noun}",
    "{person} {verb} the role of the Assembly",
    "Assembly of People of Kazakhstan: a model of {noun} and {noun2}",
    "Volunteers of the Assembly in {region}",
]
KEY_PEOPLE = [
    (
        "Kassym-Jomart Tokayev",
        "President of Kazakhstan",
        ["Kassym-Zhomart Tokayev", "K. Tokayev", "K.K. Tokayev", "Tokayev", "Тоқаев", "Токаев"],
    ),
    (
        "Nursultan Nazarbayev",
        "First President of Kazakhstan",
        ["N. Nazarbayev", "N.A. Nazarbayev", "Nazarbaev", "Yelbasy", "Назарбаев"],
    ),
    ("Zhanseit Tuimebayev", "Deputy Chairman of the Assembly", ["Zh. Tuimebayev", "Tuimebaev"]),
    ("Marat Azilkhanov", "Deputy Chairman of the Assembly", ["M. Azilkhanov"]),
    ("Yeraly Tugzhanov", "Deputy Chairman of the Assembly", ["Ye. Tugzhanov", "Tugzhanov"]),
    ("Dariga Nazarbayeva", "Chair of the Senate", ["D. Nazarbayeva"]),
    ("Kofi Annan", "Secretary-General of the United Nations", ["K. Annan"]),
]
TRANSLIT = [("zh", "j"), ("yev", "ev"), ("kh", "h"), ("yer", "er"), ("ai", "ay")]
CYRILLIC = dict(
    zip(
        "abvgdezijklmnoprstufhcyw",
        "абвгдезийклмнопрстуфхцыв",
        strict=True,
    )
)


def session_date(number: int) -> datetime.date:
    days = int((number - 1) * (30 * 365.25) / 33)
    return datetime.date(1995, 3, 24) + datetime.timedelta(days=days)


def to_cyrillic(name: str) -> str:
    text = name.lower().replace("zh", "ж").replace("kh", "х").replace("sh", "ш")
    text = text.replace("ch", "ч").replace("ya", "я").replace("yu", "ю").replace("ye", "е")
    return "".join(CYRILLIC.get(ch, ch) for ch in text).title()


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
        self._cumulative = {}
        # Thousands of village names: the long tail of a real archive's vocabulary.
        self.villages = sorted(
            {
                "".join(
                    self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 3))
                ).capitalize()
                for _ in range(4000)
            }
        )

    def zipf_pick(self, items, skew=1.1):
        """Few items are common, most are rare: like real mentions."""
        key = (len(items), skew)
        if key not in self._cumulative:
            weights = itertools.accumulate(1 / (rank + 1) ** skew for rank in range(len(items)))
            self._cumulative[key] = list(weights)
        return self.rng.choices(items, cum_weights=self._cumulative[key])[0]

    def people(self, count: int):
        rng, seen_names, seen_keys = self.rng, set(), set()
        people = []
        for name, role, aliases in KEY_PEOPLE:
            people.append((name, role, aliases))
            seen_names.add(name_key(name))
            seen_keys.update(name_key(a) for a in aliases)
        while len(people) < count:
            first = rng.choice(FIRST_NAMES)
            surname = rng.choice(SURNAME_ROOTS) + rng.choice(SURNAME_ENDINGS)
            name = f"{first} {surname.capitalize()}"
            if name_key(name) in seen_names:
                continue
            seen_names.add(name_key(name))
            aliases = []
            for candidate in (
                f"{first[0]}. {surname.capitalize()}",
                self.transliterated(name),
                to_cyrillic(name),
            ):
                key = name_key(candidate)
                if candidate and key not in seen_keys and key not in seen_names:
                    seen_keys.add(key)
                    aliases.append(candidate)
            role = rng.choice(
                [
                    "Member of the Assembly",
                    f"Head of the {rng.choice(ETHNIC_GROUPS)} ethno-cultural association",
                    f"Akim of {rng.choice(REGIONS)}",
                    "Deputy of the Mazhilis",
                    "Member of the Scientific and Expert Council",
                    "Volunteer",
                    "",
                ]
            )
            people.append((name, role, aliases))
        return people

    @staticmethod
    def slug(title: str, language: str, index: int) -> str:
        # ASCII slugs only: the article URL pattern takes no Cyrillic.
        slug = slugify(title, max_length=180)
        return f"{slug}-{index}" if slug.isascii() else f"{language}-article-{index}"

    def spelling(self, person, language: str) -> str:
        """How an article of this language writes the person's name: mostly in full."""
        latin = [a for a in person.alias_names if a.isascii()]
        cyrillic = [a for a in person.alias_names if not a.isascii()]
        if language != "en" and cyrillic:
            return self.rng.choice(cyrillic)
        if latin and self.rng.random() < 0.4:
            return self.rng.choice(latin)
        return person.name

    def transliterated(self, name: str) -> str:
        lowered = name.lower()
        for a, b in TRANSLIT:
            if a in lowered:
                return name.replace(a, b).replace(a.capitalize(), b.capitalize())
        return ""

    def fill(self, template: str, context: dict) -> str:
        rng = self.rng
        values = {
            "adj": rng.choice(ADJECTIVES),
            "adj2": rng.choice(ADJECTIVES),
            "noun": self.zipf_pick(NOUNS, 0.8),
            "noun2": self.zipf_pick(NOUNS, 0.8),
            "verb": rng.choice(VERBS),
            "ethnic": rng.choice(ETHNIC_GROUPS),
            "region": rng.choice(REGIONS),
            "city": rng.choice(REGIONS),
            "number": rng.choice([12, 30, 52, 130, 300, 470, 1025, 3014, 22000]),
            "year": context["year"],
            "country": "Kazakhstan",
            "motto": context["motto"],
            "village": self.zipf_pick(self.villages, 0.6),
            "kw": context.get("kw", ""),
            "kw2": context.get("kw2", ""),
        }
        values["person"] = (
            rng.choice(context["spellings"]) if context["spellings"] else "the Head of State"
        )
        values["session"] = context["session_text"] or "session of the Assembly"
        values["session_title"] = context["session_title"] or "Session"
        values["adj_cap"] = values["adj"].capitalize()
        return template.format(**values)

    def sentence(self, context) -> str:
        """Half the sentences are about the article's topics, in the topics' own words."""
        rng = self.rng
        if rng.random() < 0.5:
            name, keywords = rng.choice(context["topics"])
            specials = TOPIC_SPECIALS.get(name, [])
            if specials and rng.random() < 0.3:
                return self.fill(rng.choice(specials), context)
            words = keywords.split()
            context["kw"], context["kw2"] = rng.choice(words), rng.choice(words)
            return self.fill(rng.choice(TOPIC_SENTENCES), context)
        return self.fill(rng.choice(SENTENCES), context)

    def article(self, index, sessions, people, context_people):
        """Title, lead, body, language and the ids to link, for article number `index`."""
        rng = self.rng
        year = rng.choices(
            range(1995, 2026), weights=[1 + (y - 1995) / 3 for y in range(1995, 2026)]
        )[0]
        date = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        language = rng.choices(["en", "ru", "kk"], weights=[85, 10, 5])[0]
        session = None
        if rng.random() < 0.6:
            before = [s for s in sessions if s.start_date <= date] or sessions[:1]
            session = before[-1]
        linked = []
        if year >= 2019 and rng.random() < 0.35:
            linked.append(context_people["tokayev"])
        if year < 2019 and rng.random() < 0.35:
            linked.append(context_people["nazarbayev"])
        for _ in range(rng.randint(0, 3)):
            person = self.zipf_pick(people, 0.9)
            if person not in linked:
                linked.append(person)
        spellings = [self.spelling(p, language) for p in linked]
        session_text = session_title = ""
        if session:
            n = session.number
            session_text = rng.choice(
                [
                    f"{numerals.ordinal(n)} session of the Assembly",
                    f"{numerals.to_roman(n)} session of the Assembly",
                    f"{numerals.ordinal_words(n)} session",
                    f"session of the Assembly ({numerals.ordinal(n)})",
                ]
            )
            session_title = f"The {numerals.ordinal(n)} session"
        context = {
            "year": year,
            "motto": session.title if session else rng.choice(MOTTO_PARTS),
            "spellings": spellings,
            "session_text": session_text,
            "session_title": session_title,
        }
        topics = []
        for _ in range(rng.randint(1, 3)):
            topic = self.zipf_pick(range(len(TOPICS)), 0.7)
            if topic not in topics:
                topics.append(topic)
        context["topics"] = [TOPICS[t] for t in topics]
        if language == "en":
            title = self.fill(rng.choice(TITLES), context)
            lead = " ".join(self.sentence(context) for _ in range(2))
            paragraphs = []
            for p in range(rng.randint(4, 14)):
                sentences = [self.sentence(context) for _ in range(rng.randint(2, 6))]
                if p and rng.random() < 0.15:
                    paragraphs.append(f"## {self.fill(rng.choice(TITLES), context)}")
                paragraphs.append(" ".join(sentences))
            body = "\n\n".join(paragraphs)
        else:
            pool = RU_SENTENCES if language == "ru" else KK_SENTENCES
            context_city = {"city": rng.choice(REGIONS), "adj": rng.choice(RU_ADJ)}
            title = rng.choice(pool).format(**context_city).rstrip(".")
            lead = rng.choice(pool).format(**context_city)
            body = "\n\n".join(
                " ".join(rng.choice(pool).format(**context_city) for _ in range(rng.randint(3, 6)))
                + (" " + " ".join(spellings) if spellings else "")
                for _ in range(rng.randint(3, 8))
            )
        status = Article.Status.DRAFT if rng.random() < 0.03 else Article.Status.PUBLISHED
        quotes = []
        if linked and rng.random() < 0.3:
            quotes.append((linked[0], rng.choice(QUOTES)))
        return {
            "article": Article(
                title=title[:400],
                slug=self.slug(title, language, index),
                lead=lead,
                body=body,
                language=language,
                status=status,
                published_on=date,
                created_at=timezone.make_aware(datetime.datetime.combine(date, datetime.time(9))),
                author=rng.choice(
                    ["", "", "Staff correspondent", "Aigerim Sadykova", "Ivan Petrov"]
                ),
            ),
            "session": session,
            "people": linked,
            "topics": topics,
            "quotes": quotes,
        }


class Command(BaseCommand):
    help = "Fill an empty archive with a deterministic synthetic corpus (benchmarks, demos)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=10000)
        parser.add_argument("--people", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--batch", type=int, default=2000)
        parser.add_argument(
            "--no-index", action="store_true", help="Skip indexing (rebuild_search_index later)."
        )

    def handle(self, *args, articles, people, seed, batch, no_index, **options):
        if Article.objects.exists() or Person.objects.exists() or Session.objects.exists():
            raise CommandError("The archive is not empty: generate_corpus only fills an empty one.")
        if articles < 0 or people < len(KEY_PEOPLE):
            raise CommandError(f"--articles must be >= 0 and --people >= {len(KEY_PEOPLE)}.")
        started = time.perf_counter()
        gen = Generator(seed)
        with transaction.atomic():
            sessions, persons, sources, topics = self.make_reference_data(gen, people)
        key_people = {"tokayev": persons[0], "nazarbayev": persons[1]}
        for start in range(0, articles, batch):
            with transaction.atomic():
                self.make_articles(
                    gen,
                    range(start, min(start + batch, articles)),
                    sessions,
                    persons,
                    sources,
                    topics,
                    key_people,
                )
            done = min(start + batch, articles)
            if done % (batch * 5) == 0 or done == articles:
                self.stdout.write(f"  {done} articles ({time.perf_counter() - started:.0f}s)")
        generated = time.perf_counter() - started
        if not no_index:
            with transaction.atomic():
                rebuild_index(stdout=self.stdout)
            optimize_index()
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {articles} articles, {len(persons)} people, {len(sessions)} sessions "
                f"(seed {seed}) in {generated:.0f}s; indexed in "
                f"{time.perf_counter() - started - generated:.0f}s."
            )
        )

    def make_reference_data(self, gen, people_count):
        rng = gen.rng
        sessions = Session.objects.bulk_create(
            Session(
                number=n,
                title=MOTTO_PARTS[0]
                if n == 33
                else MOTTO_PARTS[1]
                if n == 27
                else rng.choice(MOTTO_PARTS),
                start_date=session_date(n),
                date_precision="day" if n > 10 else "month",
                location="Astana" if n > 14 else "Almaty",
            )
            for n in range(1, 35)
        )
        persons = []
        alias_rows = []
        for name, role, aliases in gen.people(people_count):
            person = Person(
                name=name,
                name_key=name_key(name),
                sort_name=sort_key_for_name(name),
                slug=f"{slugify(name, max_length=180)}-{len(persons) + 1}",
                role=role,
                featured=len(persons) < 8,
            )
            person.alias_names = aliases
            persons.append(person)
        Person.objects.bulk_create(persons)
        for person in persons:
            alias_rows += [
                Alias(person=person, name=a, key=name_key(a)) for a in person.alias_names
            ]
        Alias.objects.bulk_create(alias_rows)
        sources = Source.objects.bulk_create(Source(name=n, slug=slugify(n)) for n in SOURCES)
        topics = Topic.objects.bulk_create(Topic(name=n, slug=slugify(n)) for n, _ in TOPICS)
        return sessions, persons, sources, topics

    def make_articles(self, gen, indexes, sessions, persons, sources, topics, key_people):
        made = [gen.article(i, sessions, persons, key_people) for i in indexes]
        for item in made:
            item["article"].source = gen.zipf_pick(sources, 1.0)
        Article.objects.bulk_create([m["article"] for m in made])
        session_links, person_links, topic_links, quotes = [], [], [], []
        topic_through = Article.topics.through
        for m in made:
            article = m["article"]
            if m["session"]:
                session_links.append(
                    ArticleSession(
                        article=article, session=m["session"], origin=LinkOrigin.DETECTED
                    )
                )
            person_links += [
                ArticlePerson(
                    article=article, person=p, origin=LinkOrigin.DETECTED, matched_text=p.name
                )
                for p in m["people"]
            ]
            topic_links += [
                topic_through(article_id=article.pk, topic_id=topics[t].pk) for t in m["topics"]
            ]
            quotes += [
                Quote(text=text, speaker=speaker, article=article, session=m["session"], position=i)
                for i, (speaker, text) in enumerate(m["quotes"])
            ]
        ArticleSession.objects.bulk_create(session_links)
        ArticlePerson.objects.bulk_create(person_links)
        topic_through.objects.bulk_create(topic_links)
        Quote.objects.bulk_create(quotes)
