"""The words every reader of article text agrees on, and how text is cut into words.

The linker (archive.text.people: who is named) and the unmatched-names queue
(archive.text.candidates: who looks like a person but is no one) read the same words the same
way: a word is a title, a title qualifier, a particle, a common word or an ordinary word that is
also a surname in both of them, and each set below says what that means to each reader. Words
are lower case and ASCII, as name_key() and str.lower() give them.
"""

from typing import Final

# Offices, ranks, forms of address and callings written before a name ("President Tokayev",
# "Mr Bolgert", "Secretary-General Kofi Annan", "Writer Herold Belger").
# Linker: a title just before a lone surname leaves it that person's, and ends a run of
# initials and given names ("Mr. K. Tokayev"). Queue: a name after a title is "named with a
# title"; a title in an apposition (", a member of the Senate,") or before a comma
# ("Secretary-General of the UN, Ban Ki-moon") does the same; a title is never part of a name.
TITLES: Final = frozenset(
    """
    president vice mr mrs ms miss dr prof professor senator deputy minister chairman chairwoman
    chair secretary secretary-general ambassador akim mayor governor speaker sir madam mister
    comrade academician rector director judge prime premier king queen prince princess sheikh
    emir sultan leader chief head member mp commissioner spokesman spokeswoman adviser advisor
    representative colonel captain lieutenant bishop patriarch pope imam mufti rabbi metropolitan
    saint st hon honourable excellency elbasy yelbasy yelbassy boxer skater writer poet scientist
    journalist
    """.split()
)
# Words that qualify a title but are not one on their own: "First President", "former
# Minister", "Secretary General", "the late Herold Belger", "High Commissioner".
# Linker and queue: the same as a title before a name; the queue does not take one alone, in
# an apposition or before a comma, for a title.
TITLE_QUALIFIERS: Final = frozenset(
    "first former current acting honorary high general late founding".split()
)
TITLE_WORDS: Final = TITLES | TITLE_QUALIFIERS

# What comes between a given name and a surname: "Max van der Stoel", "Mohammed bin Salman".
# Linker: a surname is also known with its particles ("van der Stoel"), and a particle before
# a lone surname is not another person's name. Queue: a particle between capitalised words
# belongs to the name.
PARTICLES: Final = frozenset("van der den de von al el ibn bin la le du di".split())

# Verbs that report speech. Queue: a name next to one ("said Evgeny Bolgert") looks like a
# person. Both: they are common words (below).
SAID_WORDS: Final = frozenset(
    "said says told stated noted added declared stressed emphasized".split()
)

# Words that are no part of a person's name: function words, months and weekdays, numbers,
# words of reporting and of page furniture, bodies, places, institutions and peoples.
# Linker: a capitalised one just before a surname does not make the surname someone else's
# ("Yesterday Tokayev", "Kazakh Tokayev"), and a surname that is one is never linked on its
# own. Queue: they come off the front of a run of capitalised words ("Meanwhile Kofi
# Annan"), and a run that still holds one is not a name ("United Nations").
COMMON_WORDS: Final = SAID_WORDS | frozenset(
    """
    a about above according across additionally after again against all also although always
    among an and another any are as asked at be because been before being below between both
    but by can could did do does during each earlier either even ever every few finally
    firstly for from further furthermore had has have he her here hers herself him himself his
    how however i if in indeed into is it its itself just last later like many may meanwhile
    might more moreover most much must my never new next no nor not notably now of often on
    once one only or other our out over own per recently same second secondly she should since
    so some still such than that the their them then there therefore these they third thirdly
    this those though through thus to today together tomorrow too under unlike until upon us
    very via was we were what when where whereas whether which while who whom whose why with
    within without would yes yesterday yet you your
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday
    two three four five six seven eight nine eleven twelve twenty hundred thousand
    speaking addressing welcoming dear photo credit source press service times news agency
    state time day year people peoples nation country world assembly session apk republic
    republican kazakhstan kazakh kazakhstani astana almaty akorda parliament senate mazhilis
    majilis government ministry committee council office nations united national association
    house congress kurultai union forum constitution law university institute center centre
    foundation organization party secretariat executive administration international osce
    ethnic armenian azeri belarusian chechen dungan german greek jewish korean kyrgyz
    lithuanian polish russian tajik tatar turkish turkmen uighur ukrainian uzbek
    """.split()
)

# Ordinary English words that are also names: "Rose", "White", "Bush", "Park", "Lee", "Will",
# "Ten" (Denis Ten), "Stool" (a misspelling of van der Stoel).
# Linker: as common words: never a lone surname ("Ten Years of Independence" is not Denis
# Ten; "the White House"), and not another person's name before a surname. Queue: they may be
# part of a name ("George Bush said"), so they are not taken off it.
NAME_LIKE_WORDS: Final = frozenset(
    """
    long young rose white black green brown gray grey grant bush baker park lee mark bill bank
    hall wood hill moon sun star stone field ford land rich hope joy faith grace love rice page
    cook hunter fisher miller price wolf fox bird bell cross gold silver north south east west
    summer winter spring autumn will son major stool ten
    """.split()
)

# A name followed by one of these is a place or an institution: "Nazarbayev University",
# "Abai Avenue". Linker: such a name is not linked. Queue: a run that ends in one is not a
# person's name.
ORG_WORDS: Final = frozenset(
    """
    university universities school schools intellectual center centre foundation fund library
    airport street avenue prospect square park museum institute prize award awards scholarship
    stadium arena palace hospital clinic academy college lyceum gymnasium cup trophy peak
    district region village station bridge boulevard lane road
    """.split()
)

# Words that are not someone else's name just before a surname (linker), and words that a
# lone surname never is.
NOT_ANOTHER_NAME: Final = TITLE_WORDS | COMMON_WORDS | NAME_LIKE_WORDS | PARTICLES
