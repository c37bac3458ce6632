"""Precision and recall of automatic linking (archive.text.people) on labelled articles.

    .venv/bin/python bench/linking.py            # figures, misses and false links
    .venv/bin/python bench/linking.py --verbose  # also what was found in each article

Reads the five seed articles (as the plain-text importer reads them) and the labelled articles
in bench/data/linking/ (tricky cases written alongside the rules, and a held-out set labelled by
reading and measured once), whose expected sessions and people are in labels.json, runs the
same pure functions detect_links() uses, and counts per kind (sessions, people):

    true positives  expected and found      false positives  found, not expected
    false negatives expected, not found     precision = TP / (TP + FP), recall = TP / (TP + FN)

When fixtures/demo.json is there, the quotations suggested for the seeds are also compared with
the demo's reviewed quotes (same speaker, same words). It also times detection per article.
No database: the known people and sessions come from labels.json.

    DJANGO_DEBUG=1 DATABASE_URL=... .venv/bin/python bench/linking.py --db

times the database side instead, on whatever archive DATABASE_URL holds (fill one with
`manage.py generate_corpus --articles 10000`): build_matcher(), detect_links() over every
article with the links they have, then detect_links() from no links at all and
suggest_quotes(), all inside a transaction that is rolled back: the archive is left as it
was. With --compare it first measures detection against the links the archive holds (a
generated corpus links each article to whom it names; English articles only).
"""

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from archive.text.articles import parse_article  # noqa: E402
from archive.text.people import NameMatcher, PersonInfo, find_links  # noqa: E402
from archive.text.quotes import find_quotes, quote_key  # noqa: E402

DATA = REPO / "bench" / "data" / "linking"
SEED_DIRS = [REPO / "fixtures" / "seeds"]
DEMO_FIXTURE = REPO / "fixtures" / "demo.json"


def load_labels(path=DATA / "labels.json"):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def seeds_dir():
    for folder in SEED_DIRS:
        if len(list(folder.glob("00?_*.txt"))) == 5:
            return folder
    return None


def read_article(name, parse=False):
    """(title, text detection reads, text quotes are read from) of a labelled article: a seed,
    or a file of DATA (read as the plain-text importer reads it when `parse`)."""
    if name.startswith("seed:"):
        folder = seeds_dir()
        if folder is None:
            return None
        path = next(folder.glob(f"{name[5:]}_*.txt"))
        return _parsed(path.read_text(encoding="utf-8"))
    text = (DATA / name).read_text(encoding="utf-8")
    if parse:
        return _parsed(text)
    return text.split("\n", 1)[0], text, text


def _parsed(text):
    parsed = parse_article(text)
    quotable = "\n\n".join(p for p in (parsed.lead, parsed.body_markdown) if p)
    return parsed.title, parsed.text_for_linking, quotable


def matcher_for(labels):
    """NameMatcher over the labelled people; ids are their positions in the list."""
    people = [
        PersonInfo(index, p["name"], tuple(p.get("aliases", ())), p.get("role", ""))
        for index, p in enumerate(labels["people"])
    ]
    slugs = {index: p["slug"] for index, p in enumerate(labels["people"])}
    return NameMatcher(people), slugs


def detect(labels, text, matcher, slugs):
    known = labels["known_sessions"]
    links = find_links(text, matcher)
    sessions = {n for n in links.sessions if known["from"] <= n <= known["to"]}
    return sessions, {slugs[p] for p in links.people}


class Score:
    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.misses, self.false = [], []

    def add(self, name, expected, found):
        self.tp += len(expected & found)
        self.fp += len(found - expected)
        self.fn += len(expected - found)
        self.misses += [f"{name}: {item}" for item in sorted(expected - found, key=str)]
        self.false += [f"{name}: {item}" for item in sorted(found - expected, key=str)]

    @staticmethod
    def ratio(a, b):
        return a / b if b else 1.0

    def row(self, label):
        precision = self.ratio(self.tp, self.tp + self.fp)
        recall = self.ratio(self.tp, self.tp + self.fn)
        return (
            f"| {label:<33} | {self.tp:>4} | {self.fp:>4} | {self.fn:>4} "
            f"| {precision:>9.3f} | {recall:>6.3f} |"
        )


GROUPS = {
    "seeds": "5 seeds",
    "labelled": "tricky cases",
    "heldout": "held out",
    "all": "all",
    "ru": "Russian",
    "ru-heldout": "Russian, held out",
    "kk": "Kazakh",
    "kk-heldout": "Kazakh, held out",
}
LANGUAGES = ("ru", "kk")  # the articles of the other groups are in English


def group_of(item):
    if item.get("language") in LANGUAGES:
        return item["language"]
    if item["file"].startswith("seed:"):
        return "seeds"
    return "heldout" if item.get("heldout") else "labelled"


def groups_of(item):
    group = group_of(item)
    if group in LANGUAGES:
        return (group, f"{group}-heldout") if item.get("heldout") else (group,)
    return (group, "all")


def heldout_file(labels, problem):
    """Whether a "file: item" problem is in a held-out article."""
    name = problem.split(": ", 1)[0]
    return any(a["file"] == name and a.get("heldout") for a in labels["articles"])


def run(labels, verbose=False):
    matcher, slugs = matcher_for(labels)
    scores = {(group, kind): Score() for group in GROUPS for kind in ("s", "p")}
    texts, skipped = {}, []
    for item in labels["articles"]:
        name = item["file"]
        article = read_article(name, parse="language" in item)
        if article is None:
            skipped.append(name)
            continue
        _title, text, _quotable = article
        texts.setdefault(item.get("language", "en"), []).append(text)
        sessions, people = detect(labels, text, matcher, slugs)
        for where in groups_of(item):
            scores[where, "s"].add(name, set(item["sessions"]), sessions)
            scores[where, "p"].add(name, set(item["people"]), people)
        if verbose:
            print(f"{name}: sessions {sorted(sessions)}; people {sorted(people)}")
    return scores, texts, skipped


def seconds_per_article(texts, matcher, rounds=20):
    """Best of `rounds` passes over every text (the machine may be busy with other work)."""
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for text in texts:
            find_links(text, matcher)
        best = min(best, time.perf_counter() - started)
    return best / len(texts)


def quote_scores(labels):
    """Quotations suggested for the seeds against the demo fixture's reviewed quotes."""
    if not DEMO_FIXTURE.exists() or seeds_dir() is None:
        return None
    matcher, slugs = matcher_for(labels)
    objects = json.loads(DEMO_FIXTURE.read_text(encoding="utf-8"))
    titles = {
        o["fields"]["slug"]: o["fields"]["title"]
        for o in objects
        if o["model"] == "archive.article"
    }
    expected = {}
    for o in objects:
        if o["model"] == "archive.quote" and o["fields"]["reviewed"]:
            title = titles[o["fields"]["article"][0]]
            key = (o["fields"]["speaker"][0], quote_key(o["fields"]["text"]))
            expected.setdefault(title, set()).add(key)
    score = Score()
    for item in labels["articles"]:
        if not item["file"].startswith("seed:"):
            continue
        title, _text, quotable = read_article(item["file"])
        found = {(slugs[q.speaker_id], quote_key(q.text)) for q in find_quotes(quotable, matcher)}
        score.add(item["file"], expected.get(title, set()), found)
    return score


def labelled_quote_scores(labels, language):
    """Quotations found in the articles of `language` against their labels' "quotes"."""
    matcher, slugs = matcher_for(labels)
    score = Score()
    for item in labels["articles"]:
        if item.get("language") != language:
            continue
        _title, _text, quotable = read_article(item["file"], parse=True)
        found = {(slugs[q.speaker_id], quote_key(q.text)) for q in find_quotes(quotable, matcher)}
        expected = {(speaker, quote_key(words)) for speaker, words in item.get("quotes", ())}
        score.add(item["file"], expected, found)
    return score


def compare_with_stored_links(matcher):
    """Detection (nothing written) against the links the archive holds, English articles only:
    for a corpus made by generate_corpus, whose links say whom each article names."""
    from archive.linking.texts import article_text
    from archive.models import Article, ArticlePerson, ArticleSession

    stored = {"s": set(), "p": set()}
    stored["s"] = set(ArticleSession.objects.values_list("article_id", "session_id"))
    stored["p"] = set(ArticlePerson.objects.values_list("article_id", "person_id"))
    found = {"s": set(), "p": set()}
    for article in Article.objects.filter(language="en").only("pk", "title", "lead", "body"):
        sessions, people, _unknown = matcher.links(article_text(article))
        found["s"].update((article.pk, s) for s in sessions)
        found["p"].update((article.pk, p) for p in people)
    english = set(Article.objects.filter(language="en").values_list("pk", flat=True))
    for kind, label in (("s", "sessions"), ("p", "people")):
        score = Score()
        score.add("", {x for x in stored[kind] if x[0] in english}, found[kind])
        print(score.row(f"{label}, stored links"))


def time_database(compare=False):
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "apksite.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from archive.linking import detection, quotes
    from archive.models import Article

    count = Article.objects.count()
    print(f"{connection.vendor}, {count:,} articles; load average {os.getloadavg()[0]:.1f}")

    def timed(label, work):
        started = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - started
        rate = (
            f", {count / seconds:,.0f} articles/s" if label.startswith(("detect", "sugg")) else ""
        )
        print(f"{label}: {seconds:.2f} s{rate}")
        return result

    matcher = timed("build_matcher()", detection.build_matcher)
    if compare:
        compare_with_stored_links(matcher)
    with transaction.atomic():  # rolled back below: the archive is left as it was
        report = timed(
            "detect_links(), links as they are",
            lambda: detection.detect_links(Article.objects.all(), matcher=matcher),
        )
        print("  " + report.summary())
        with connection.cursor() as cursor:  # no signals: as a fresh import would be
            cursor.execute("DELETE FROM archive_articlesession")
            cursor.execute("DELETE FROM archive_articleperson")
        report = timed(
            "detect_links(), from no links",
            lambda: detection.detect_links(Article.objects.all(), matcher=matcher),
        )
        print("  " + report.summary())
        timed(
            "suggest_quotes()",
            lambda: quotes.suggest_quotes(Article.objects.all(), matcher=matcher),
        )
        transaction.set_rollback(True)
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--labels", default=DATA / "labels.json", type=Path)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--db", action="store_true", help="time the database side instead")
    parser.add_argument(
        "--compare", action="store_true", help="with --db: detection against the stored links"
    )
    options = parser.parse_args(argv)
    if options.db:
        return time_database(options.compare)
    labels = load_labels(options.labels)
    scores, texts, skipped = run(labels, options.verbose)

    print("| articles                          |   TP |   FP |   FN | precision | recall |")
    print("|-----------------------------------|------|------|------|-----------|--------|")
    language_quotes = {}
    for group, title in GROUPS.items():
        count = sum(
            1 for a in labels["articles"] if group in groups_of(a) and a["file"] not in skipped
        )
        print(scores[group, "s"].row(f"sessions, {title} ({count})"))
        print(scores[group, "p"].row(f"people, {title} ({count})"))
        if group in LANGUAGES:
            language_quotes[group] = labelled_quote_scores(labels, group)
            print(language_quotes[group].row(f"quotes, {title} ({count})"))
    quotes = quote_scores(labels)
    if quotes is not None:
        print(quotes.row("quotes, 5 seeds (demo.json)"))
    problems, known = [], []
    for language, score in language_quotes.items():
        problems += [f"missed quote ({language}): {m}" for m in score.misses]
        problems += [f"false quote ({language}): {f}" for f in score.false]
    for kind, label in (("s", "session"), ("p", "person")):
        for group in ("seeds", "labelled", "heldout", *LANGUAGES):
            into = known if group == "heldout" else problems
            if group in LANGUAGES:  # a language's held-out articles are measured, not tuned for
                for miss in scores[group, kind].misses:
                    (known if heldout_file(labels, miss) else problems).append(
                        f"missed {label}: {miss}"
                    )
                for false in scores[group, kind].false:
                    (known if heldout_file(labels, false) else problems).append(
                        f"false {label} link: {false}"
                    )
                continue
            into += [f"missed {label}: {m}" for m in scores[group, kind].misses]
            into += [f"false {label} link: {f}" for f in scores[group, kind].false]
    if quotes is not None:
        problems += [f"missed quote: {m}" for m in quotes.misses]
        problems += [f"false quote: {f}" for f in quotes.false]
    print()
    print(
        "\n".join(problems)
        if problems
        else "No misses and no false links on the seeds and tricky cases."
    )
    if known:
        print("Held out (measured, not tuned for):\n" + "\n".join(known))
    if skipped:
        print(f"Skipped (seed files not found): {', '.join(skipped)}")
    for language, some in texts.items():
        each = seconds_per_article(some, matcher_for(labels)[0])
        chars = sum(map(len, some)) / len(some)
        print(
            f"Detection ({language}): {1000 * each:.2f} ms per article, best of 20 passes "
            f"({len(some)} articles of {chars:,.0f} characters on average, "
            f"{chars / each / 1e6:.1f} M characters/s)."
        )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
