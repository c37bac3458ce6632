"""What a query names: sessions (in any notation) and people (by name or any alias).

Both feed the "best match" card and widen the article search: "XXVII" also finds "27th"
and "twenty-seventh", "Kassym-Zhomart" also finds every other spelling of Tokayev's name;
"Tokaev", "Токаев" and "Тоқаевтың" name him too (match keys and case forms, found through the
index of people: archive.text.name_keys).
exact_match() says whether the whole query is one session or one person (then /search/
goes straight to its page).
"""

import re

from django.db.models import Q

from archive.models import Alias, Person, Session
from archive.search.engines import get_engine
from archive.search.query import ParsedQuery, Term, _words
from archive.text import numerals
from archive.text.inflection import case_forms
from archive.text.name_keys import NameKeys, lookup_words, query_keys
from archive.text.normalise import name_key

MAX_SESSION_NUMBER = 200
MAX_PEOPLE_PER_TERM = 3  # a name shared by more people is too vague to widen the search
MAX_SPELLINGS = 12
MAX_EXACT_CHARS = 200
_SESSION_WORDS = re.compile(r"^(?:the\s+)?(.+?)(?:\s+session)?$", re.IGNORECASE)


def exact_match(q):
    """The session or person a search query names exactly, or None: "27", "XXVII",
    "27th session", "twenty-seventh", "Session No. 27", "XXVII сессия", "27-я сессия" are the
    27th session (when it exists); "K. Tokayev" or
    "kassym-jomart tokayev" is the one person with that name or alias (case, accents and
    punctuation ignored), and so is a full name, alias or surname in another script or
    spelling or in a Russian or Kazakh case form ("Назарбаев", "Tokaev", "Тоқаевтың") that
    one person has. Anything else, a part of a name ("Kassym-Zhomart") or a name two
    people share, is None: then it is a search."""
    text = " ".join(str(q or "").strip().strip("\"“”'").split())
    if not text or len(text) > MAX_EXACT_CHARS:
        return None
    match = _SESSION_WORDS.match(text)
    number = numerals.parse_number(match.group(1)) if match else None
    number = number or _session_named_by(text)
    if number:
        if number > MAX_SESSION_NUMBER:
            return None
        return Session.objects.filter(number=number).first()
    people = list(Person.objects.by_name(text)[:2]) if name_key(text) else []
    if people:
        return people[0] if len(people) == 1 else None
    return _one_person_named(name_key(text).split())


MAX_NAME_WORDS = 6


def _one_person_named(words):
    """The one person whose full name, alias or surname `words` are in any script or
    spelling, or in a Russian or Kazakh case form (archive.text.name_keys): "Назарбаев",
    "Tokaev", "Тоқаевтың"; None when no one or several have it. A name as typed wins over
    a case form: "Назарбаева" is Dariga Nazarbayeva when she is known."""
    if not 0 < len(words) <= MAX_NAME_WORDS:
        return None
    people, keys, forms = _people_with_words(words)
    for typed in query_keys(words, forms):
        owners = [p for p in people if keys[p.pk].named_by(typed)]
        if owners:
            return owners[0] if len(owners) == 1 else None
    return None


def _people_with_words(words, also=()):
    """(the people with a name word that `words` may be, and any whose ids are in `also`,
    aliases loaded; {pk: NameKeys}; the case forms of all their names' words)."""
    ids = {*get_engine().people_named(*lookup_words(words)), *also}
    if not ids:
        return [], {}, {}
    people = list(Person.objects.filter(pk__in=ids).prefetch_related("aliases"))
    keys = {p.pk: NameKeys.of(_names(p), p.sort_name) for p in people}
    forms = case_forms({w for k in keys.values() for w in k.words})
    return people, keys, forms


def _names(person) -> list[str]:
    return [person.name, person.name_ru, person.name_kk, *(a.name for a in person.aliases.all())]


# Words that may stand around a session's name in a query that is nothing but that name:
# "the 27th session of the Assembly", "XXVII сессия АНК", "27-ші сессиясы ҚХА".
_SESSION_FILLER = {
    *"the of assembly apk people peoples kazakhstan".split(),
    *"анк ассамблеи ассамблея народа казахстана".split(),
    *"қха қазақстан халқы ассамблеясы ассамблеясының".split(),
}


def _session_named_by(text):
    """The number of the one session `text` names in a notation the linker reads
    (archive.text.sessions.find_sessions: "Session No. 27", "session XXVII", "XXVII сессия",
    "27-я сессия", "27-ші сессиясы"), when nothing else is in it; else None."""
    from archive.text.sessions import find_sessions

    mentions = find_sessions(text)
    if len(mentions) != 1:
        return None
    mention = mentions[0]
    rest = f"{text[: mention.start]} {text[mention.end :]}".lower()
    return mention.number if set(re.findall(r"\w+", rest)) <= _SESSION_FILLER else None


def _is_alphabetic(term: Term) -> bool:
    return all(w.isalpha() for w in term.words)


def _numbers_in(query: ParsedQuery) -> dict[int, list[Term]]:
    """Session numbers the terms spell, with the terms that spell them."""
    terms = list(query.terms)
    found: dict[int, list[Term]] = {}

    def note(number, spelled_by):
        if number and number <= MAX_SESSION_NUMBER:
            found.setdefault(number, []).extend(spelled_by)

    for index, term in enumerate(terms):
        # A lone letter is a Roman numeral only when it is the whole query ("V", not "I said").
        if len(term.text) == 1 and term.text.isalpha() and len(terms) > 1:
            continue
        note(numerals.parse_number(term.text), [term])
        if index + 1 < len(terms) and not term.is_phrase:
            pair = f"{term.text} {terms[index + 1].text}"  # "twenty seventh"
            note(numerals.parse_number(pair), [term, terms[index + 1]])
    return found


def named_sessions(query: ParsedQuery) -> tuple[list[Session], dict[Term, list[Term]]]:
    """Sessions the query names, and other spellings of the terms that name them."""
    numbers = _numbers_in(query)
    if not numbers:
        return [], {}
    sessions = list(Session.objects.filter(number__in=numbers).order_by("number"))
    alternatives: dict[Term, list[Term]] = {}
    for session in sessions:
        n = session.number
        spellings = [numerals.ordinal(n), numerals.to_roman(n), numerals.ordinal_words(n)]
        for term in numbers[n]:
            alternatives.setdefault(term, []).extend(
                Term(tuple(_words(s)), added=True) for s in spellings if _words(s) != [term.text]
            )
    return sessions, alternatives


def named_people(query: ParsedQuery) -> tuple[list[Person], dict[Term, list[Term]]]:
    """People whose name or an alias contains a term as whole words, best named first, and
    the other spellings of their names for terms that name at most a few people."""
    keys = {}
    for term in query.terms:
        key = name_key(term.text)
        if _is_alphabetic(term) and len(key) >= 3:
            keys[term] = f" {key} "
    if not keys:
        return [], {}
    # contains (LIKE '%...%', trigram-indexed on PostgreSQL), then whole words in Python.
    by_name, by_alias = Q(), Q()
    for key in set(keys.values()):
        by_name |= Q(name_key__contains=key.strip())
        by_alias |= Q(key__contains=key.strip())
    spellings: dict[int, set[str]] = {}
    rows = [
        *Person.objects.filter(by_name).values_list("pk", "name_key")[:500],
        *Alias.objects.filter(by_alias).values_list("person_id", "key")[:500],
    ]
    for pk, key in rows:
        spellings.setdefault(pk, set()).add(f" {key} ")
    named_by = {
        pk: [t for t, key in keys.items() if any(key in s for s in found)]
        for pk, found in spellings.items()
    }
    named_by = {pk: found for pk, found in named_by.items() if found}
    # In another script or spelling, or a case form ("Tokaev", "Тоқаевтың"): whole words
    # compared as match keys, the people found through the index of their names.
    terms = [t for t in keys if len(t.words) <= MAX_NAME_WORDS]
    people, name_keys, forms = _people_with_words([w for t in terms for w in t.words], named_by)
    for person in people:
        for term in terms:
            if term not in named_by.get(person.pk, ()) and any(
                set(typed) <= name_keys[person.pk].words
                for typed in query_keys(list(term.words), forms)
            ):
                named_by.setdefault(person.pk, []).append(term)
    people = [p for p in people if named_by.get(p.pk)]
    if not people:
        return [], {}
    people.sort(key=lambda p: (-len(named_by[p.pk]), not p.featured, p.sort_name))
    alternatives: dict[Term, list[Term]] = {}
    for term in keys:
        owners = [p for p in people if term in named_by[p.pk]]
        if not 0 < len(owners) <= MAX_PEOPLE_PER_TERM:
            continue
        spellings = {
            tuple(_words(spelling))
            for person in owners
            for spelling in _spellings(person)[:MAX_SPELLINGS]
        }
        extra = _shortest(spellings | {term.words}) - {term.words}
        if extra:
            alternatives[term] = [Term(words, added=True) for words in sorted(extra)]
    return people, alternatives


def _contains(words: tuple, part: tuple) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _shortest(spellings: set[tuple]) -> set[tuple]:
    """Spellings no other one is part of: with "tokayev" among them, "k tokayev" adds
    nothing but work for the engine."""
    spellings = {s for s in spellings if s}
    return {s for s in spellings if not any(o != s and _contains(s, o) for o in spellings)}


def _spellings(person) -> list[str]:
    """The names to look for in text, those in each language and their surnames first
    (so that "Tokaev" also finds "Токаев" and "Тоқаев"), then the aliases."""
    local = [n for n in (person.name, person.name_ru, person.name_kk) if n]
    surnames = [name_key(n).split()[-1] for n in local if len(name_key(n).split()) > 1]
    sort_surname = person.sort_name.split(" ")[0] if person.sort_name else ""
    names = [*local, *(s for s in [*surnames, sort_surname] if len(s) >= 4)]
    return list(dict.fromkeys([*names, *(a.name for a in person.aliases.all())]))
