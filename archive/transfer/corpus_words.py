"""The vocabulary of the synthetic corpus (archive.transfer.corpus): names, places,
sources, topics and the sentences articles are made of."""

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
