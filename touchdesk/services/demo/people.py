"""The sample people: names, companies, addresses, phones and emails in five countries."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from random import Random
from typing import TypeVar

T = TypeVar("T")


# -- the places and people -------------------------------------------------------------


@dataclass(frozen=True)
class _City:
    city: str  # "" in Japan, where the ward belongs to the street line (i18n address format)
    region: str
    postal_codes: tuple[str, ...]
    time_zone: str
    phone_prefix: str  # E.164 up to the digits that vary: fictional ranges where one exists
    phone_digits: int
    streets: tuple[str, ...] = ()  # overrides the country's streets ("{n}" is the number)


@dataclass(frozen=True)
class _Country:
    code: str
    weight: int
    first_names: tuple[tuple[str, str], ...]  # (as written, ASCII for the email address)
    last_names: tuple[tuple[str, str], ...]
    cities: tuple[_City, ...]
    streets: tuple[str, ...]
    second_lines: tuple[str, ...]
    roles: tuple[str, ...]
    companies: tuple[str, ...]  # patterns: {last} a surname, {word} and {trade} from below
    words: tuple[str, ...]
    trades: tuple[str, ...]
    envelope: str
    messages: tuple[str, str, str, str]  # per OCCASIONS, with {first} and {last}


def _ascii(text: str) -> str:
    """'Müller' -> 'mueller', 'Ó Briain' -> 'obriain': the part of an email address."""
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss"), ("ı", "i")):
        text = text.replace(umlaut, spelled).replace(umlaut.upper(), spelled.capitalize())
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalnum() or ch == "-")


def _latin(names: str) -> tuple[tuple[str, str], ...]:
    return tuple((name, _ascii(name)) for name in names.split(","))


def _pairs(text: str) -> tuple[tuple[str, str], ...]:
    """'山田:yamada,...': names whose ASCII form is a romanisation, not a transliteration."""
    return tuple((name, ascii_name) for name, ascii_name in (p.split(":") for p in text.split(",")))


# Tables of sample content, laid out by hand for reading.
# fmt: off
COUNTRIES: tuple[_Country, ...] = (
    _Country(
        "US",
        38,
        _latin(
            "James,Mary,Robert,Patricia,Michael,Jennifer,David,Linda,Carlos,Maria,Kevin,Aisha,"
            "Jamal,Emily,Daniel,Priya,Hannah,Tyler,Grace,Marcus,DeShawn,Sofia,Ethan,Olivia,Wei"
        ),
        _latin(
            "Smith,Johnson,Williams,Brown,Garcia,Martinez,Davis,Rodriguez,Nguyen,Patel,Kim,"
            "Thompson,Washington,O'Neill,Anderson,Hernandez,Cohen,Lee,Walker,Rivera"
        ),
        (
            _City("New York", "NY", ("10001", "10016", "10017", "10022", "10118"),
                  "America/New_York", "+121255501", 2),
            _City("Boston", "MA", ("02108", "02110", "02116"), "America/New_York",
                  "+161755501", 2),
            _City("Atlanta", "GA", ("30303", "30308", "30309"), "America/New_York",
                  "+140455501", 2),
            _City("Chicago", "IL", ("60601", "60602", "60606", "60611"), "America/Chicago",
                  "+131255501", 2),
            _City("Austin", "TX", ("78701", "78702", "78704"), "America/Chicago",
                  "+151255501", 2),
            _City("Denver", "CO", ("80202", "80203", "80205"), "America/Denver",
                  "+172055501", 2),
            _City("Salt Lake City", "UT", ("84101", "84111"), "America/Denver",
                  "+180155501", 2),
            _City("Phoenix", "AZ", ("85003", "85004", "85012"), "America/Phoenix",
                  "+160255501", 2),
            _City("Seattle", "WA", ("98101", "98104", "98121"), "America/Los_Angeles",
                  "+120655501", 2),
            _City("San Francisco", "CA", ("94105", "94107", "94111"), "America/Los_Angeles",
                  "+141555501", 2),
            _City("Los Angeles", "CA", ("90012", "90017", "90071"), "America/Los_Angeles",
                  "+121355501", 2),
        ),
        ("{n} Main Street", "{n} Market Street", "{n} Commerce Drive", "{n} Park Avenue",
         "{n} Elm Street", "{n} Washington Boulevard", "{n} Pine Street"),
        ("Suite {s}00", "Floor {s}", "Suite {s}10"),
        (
            "Head of Operations", "Procurement Manager", "Founder & CEO", "Office Manager",
            "VP Sales", "IT Director", "Facilities Manager", "CFO", "Marketing Lead",
        ),
        ("{word} {trade} Inc.", "{word} {trade} LLC", "{last} & {last2} LLP", "{last} {trade}"),
        ("Harbor", "Redwood", "Summit", "Blue Ridge", "Lakeshore", "Granite", "Cedar", "Beacon",
         "Prairie", "Keystone"),
        ("Logistics", "Analytics", "Dental Group", "Architects", "Supply Co.",
         "Property Management", "Software", "Manufacturing", "Insurance Agency"),
        "us10",
        (
            "Dear {first}, thank you for your time and the tour. It was a pleasure to meet you.",
            "Hi {first}, I came across this article and thought of you. All the best!",
            "Dear {first}, congratulations on the new office. Wishing you every success there.",
            "Dear {first}, thank you for your order. I'm looking forward to working together.",
        ),
    ),
    _Country(
        "GB",
        18,
        _latin(
            "Oliver,Amelia,Harry,Isla,George,Ava,Siobhán,Ciarán,Rhys,Catriona,Hamish,Aoife,"
            "Mohammed,Charlotte,Eilidh,Niamh,Dafydd,Priya"
        ),
        _latin(
            "Whitfield,Taylor,Evans,Wilson,Ó Briain,O'Connor,Macdonald,Hughes,Campbell,"
            "Fitzgerald,Khan,Llewellyn,Robertson,Clarke,Ahmed,McLaughlin"
        ),
        (
            _City("London", "", ("EC2A 4NE", "SE1 9SG", "W1D 3QF", "N1 9GU", "E14 5AB"),
                  "Europe/London", "+442079460", 3),
            _City("Manchester", "", ("M1 1AD", "M2 3HZ", "M4 1HN"), "Europe/London",
                  "+441614960", 3),
            _City("Bristol", "", ("BS1 4DJ", "BS1 5TR", "BS2 0JA"), "Europe/London",
                  "+441174960", 3),
            _City("Leeds", "", ("LS1 4AP", "LS1 5AB", "LS11 5QN"), "Europe/London",
                  "+441134960", 3),
            _City("Edinburgh", "", ("EH1 1YZ", "EH2 2ER", "EH3 9WJ"), "Europe/London",
                  "+441314960", 3),
            _City("Belfast", "", ("BT1 5GS", "BT2 8BG", "BT3 9DT"), "Europe/London",
                  "+442890180", 3),
        ),
        ("{n} High Street", "{n} Wharf Road", "{n} Queen Street", "{n} Victoria Road",
         "{n} Church Lane", "{n} Station Road"),
        ("Unit {s}", "Floor {s}", "Suite {s}"),
        (
            "Managing Director", "Operations Manager", "Head of Procurement", "Founder",
            "Finance Director", "Office Manager", "IT Manager", "Practice Manager",
        ),
        ("{last} & Sons Ltd", "{word} {trade} Ltd", "{last} Associates LLP", "{word} {trade}"),
        ("Thames", "Pennine", "Kestrel", "Harbourside", "Oakleaf", "Brunel", "Highland",
         "Lagan", "Clyde"),
        ("Engineering", "Logistics", "Surveyors", "Joinery", "Print", "Consulting",
         "Veterinary Practice", "Dental Care"),
        "dl",
        (
            "Dear {first}, thank you for your time on Tuesday. It was a pleasure to meet you.",
            "Dear {first}, this article made me think of our conversation. Warm regards.",
            "Dear {first}, congratulations on the new office, and good luck with the move.",
            "Dear {first}, thank you for your order. I look forward to working with you.",
        ),
    ),
    _Country(
        "DE",
        16,
        _latin(
            "Jürgen,Lukas,Anna,Sophie,Maximilian,Katrin,Jörg,Stefanie,Björn,Lena,Matthias,"
            "Sabine,Günter,Özlem,Felix,Hannah"
        ),
        _latin(
            "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schäfer,Koch,Hoffmann,"
            "Weiß,Krüger,Yılmaz,Groß,Bauer,Zimmermann"
        ),
        (
            _City("Berlin", "", ("10115", "10117", "10178", "10243"), "Europe/Berlin",
                  "+493023125", 3),
            _City("Frankfurt am Main", "", ("60311", "60313", "60329"), "Europe/Berlin",
                  "+496990009", 3),
            _City("Hamburg", "", ("20095", "20097", "20457"), "Europe/Berlin",
                  "+494066969", 3),
            _City("Köln", "", ("50667", "50668", "50672"), "Europe/Berlin",
                  "+492214710", 3),
            _City("München", "", ("80331", "80333", "80335"), "Europe/Berlin",
                  "+498999998", 3),
        ),
        ("Hauptstraße {n}", "Bahnhofstraße {n}", "Friedrichstraße {n}", "Schillerstraße {n}",
         "Industriestraße {n}", "Am Hafen {n}"),
        ("Gebäude B", "{s}. OG", "Hinterhaus"),
        ("Geschäftsführung", "Leitung Einkauf", "IT-Leitung", "Head of Operations",
         "Vertriebsleitung", "Prokurist"),
        ("{last} GmbH", "{last} & Söhne KG", "{word} {trade} GmbH", "{last} {trade} AG"),
        ("Nordlicht", "Alpen", "Rhein", "Elbe", "Spree", "Isar", "Taunus"),
        ("Logistik", "Software", "Maschinenbau", "Steuerberatung", "Immobilien",
         "Werkzeugbau", "Druck"),
        "dl",
        (
            "Guten Tag {first} {last}, vielen Dank für das gute Gespräch und Ihre Zeit.",
            "Guten Tag {first} {last}, dieser Artikel hat mich an unser Gespräch erinnert.",
            "Guten Tag {first} {last}, herzlichen Glückwunsch zu den neuen Räumen!",
            "Guten Tag {first} {last}, vielen Dank für Ihren Auftrag und Ihr Vertrauen.",
        ),
    ),
    _Country(
        "FR",
        14,
        _latin(
            "Jean-Luc,Marie,Élodie,François,Camille,Hélène,Benoît,Chloé,Théo,Manon,Jérôme,"
            "Inès,Loïc,Amélie,Grégoire,Océane"
        ),
        _latin(
            "Martin,Bernard,Dubois,Lefèvre,Moreau,Laurent,Girard,Rousseau,Fournier,Mercier,"
            "Bonnet,Lambert,Faure,Dupont,Chevalier,Benali"
        ),
        (
            _City("Paris", "", ("75002", "75008", "75009", "75011", "75015"), "Europe/Paris",
                  "+3319900", 4),
            _City("Lyon", "", ("69002", "69003", "69007"), "Europe/Paris", "+3346571", 4),
            _City("Marseille", "", ("13001", "13002", "13008"), "Europe/Paris",
                  "+3346571", 4),
            _City("Nantes", "", ("44000", "44100"), "Europe/Paris", "+3326191", 4),
            _City("Lille", "", ("59000", "59800"), "Europe/Paris", "+3335301", 4),
            _City("Bordeaux", "", ("33000", "33800"), "Europe/Paris", "+3353649", 4),
            _City("Toulouse", "", ("31000", "31400"), "Europe/Paris", "+3353649", 4),
        ),
        ("{n} rue de la République", "{n} avenue Jean Jaurès", "{n} boulevard Victor Hugo",
         "{n} rue Nationale", "{n} rue de la Paix", "{n} place de la Comédie"),
        ("Bâtiment B", "{s}e étage", "Escalier C"),
        ("Direction générale", "Responsable des achats", "Responsable informatique", "Gérant",
         "Directrice administrative et financière", "Responsable logistique"),
        ("{last} et Fils SARL", "{word} {trade} SAS", "Cabinet {last}", "Atelier {last}"),
        ("Lumière", "Rivage", "Horizon", "Bellevue", "Méditerranée", "Loire"),
        ("Conseil", "Logistique", "Informatique", "Immobilier", "Architecture", "Imprimerie"),
        "dl",
        (
            "Bonjour {first}, merci pour votre accueil et pour le temps que vous m'avez consacré.",
            "Bonjour {first}, cet article m'a fait penser à notre échange. Bien cordialement.",
            "Bonjour {first}, félicitations pour vos nouveaux locaux et bonne installation !",
            "Bonjour {first}, merci pour votre commande et pour votre confiance.",
        ),
    ),
    _Country(
        "JP",
        14,
        _pairs(
            "太郎:taro,花子:hanako,翔太:shota,美咲:misaki,健一:kenichi,由美:yumi,大輔:daisuke,"
            "陽子:yoko,拓也:takuya,恵:megumi,直樹:naoki,裕子:yuko,隆:takashi,さくら:sakura"
        ),
        _pairs(
            "山田:yamada,佐藤:sato,鈴木:suzuki,高橋:takahashi,田中:tanaka,伊藤:ito,"
            "渡辺:watanabe,中村:nakamura,小林:kobayashi,加藤:kato,吉田:yoshida,山本:yamamoto,"
            "松本:matsumoto,井上:inoue"
        ),
        (
            _City("", "東京都", ("100-0005",), "Asia/Tokyo", "+813", 8,
                  ("千代田区丸の内{c}-{b}-{g}",)),
            _City("", "東京都", ("150-0002",), "Asia/Tokyo", "+813", 8, ("渋谷区渋谷{c}-{b}-{g}",)),
            _City("", "東京都", ("160-0023",), "Asia/Tokyo", "+813", 8,
                  ("新宿区西新宿{c}-{b}-{g}",)),
            _City("", "大阪府", ("530-0001",), "Asia/Tokyo", "+816", 8,
                  ("大阪市北区梅田{c}-{b}-{g}",)),
            _City("", "愛知県", ("450-0002",), "Asia/Tokyo", "+8152", 7,
                  ("名古屋市中村区名駅{c}-{b}-{g}",)),
            _City("", "福岡県", ("812-0011",), "Asia/Tokyo", "+8192", 7,
                  ("福岡市博多区博多駅前{c}-{b}-{g}",)),
            _City("", "神奈川県", ("220-0012",), "Asia/Tokyo", "+8145", 7,
                  ("横浜市西区みなとみらい{c}-{b}-{g}",)),
        ),
        (),
        ("{word}ビル {s}階", "第{s}{word}ビル", "{word}タワー {s}階"),
        ("代表取締役", "営業部長", "購買課長", "総務部長", "情報システム部 課長", "工場長"),
        ("株式会社{word}{trade}", "{last}{trade}株式会社", "{word}{trade}株式会社"),
        ("さくら:sakura", "富士:fuji", "みどり:midori", "大和:yamato", "日の出:hinode",
         "青葉:aoba", "東海:tokai"),
        ("商事:shoji", "精機:seiki", "工業:kogyo", "物流:butsuryu", "電子:denshi",
         "建設:kensetsu"),
        "dl",
        (
            "{last}様、先日はお忙しいところお時間をいただき、誠にありがとうございました。",
            "{last}様、先日のお話を思い出し、参考になりそうな記事をお送りいたします。",
            "{last}様、新事務所へのご移転、誠におめでとうございます。",
            "{last}様、このたびはご注文を賜り、誠にありがとうございました。",
        ),
    ),
)

SOURCES = ("Trade show", "Website form", "LinkedIn", "Cold outreach", "Webinar",
           "Networking event", "Existing customer")
REFERRAL = "Referral"
TAGS = ("vip", "decision maker", "budget approved", "trade show", "needs demo",
        "price sensitive", "long cycle", "partner", "renewal", "warm intro")
PROSPECT_NOTES = (
    "Ask for Sally at reception, after 3 pm.",
    "Prefers an email before any call.",
    "Has two sites; the second one opens in spring.",
    "Budget is decided in the autumn.",
    "The assistant, Tom, is friendly: ask him for the best time.",
    "Mornings only; in meetings every afternoon.",
)
LOST_REASONS = ("Went with a cheaper supplier", "No budget this year", "Project cancelled",
                "Chose to build it in-house", "Went quiet after the proposal")

# fmt: on


def _pick(rng: Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]


def _phone(rng: Random, city: _City) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(city.phone_digits))
    if city.phone_prefix.startswith("+81"):  # Japanese subscriber numbers do not start with 0
        digits = str(rng.randint(2, 9)) + digits[1:]
    return city.phone_prefix + digits


def _company(rng: Random, country: _Country, last: tuple[str, str]) -> tuple[str, str]:
    """(name, ASCII slug for the email domain)."""
    pattern = _pick(rng, country.companies)
    word, trade = _pick(rng, country.words), _pick(rng, country.trades)
    other = _pick(rng, country.last_names)
    if ":" in word:  # Japanese entries carry their romanisation
        (word, word_ascii), (trade, trade_ascii) = word.split(":"), trade.split(":")
    else:
        word_ascii, trade_ascii = _ascii(word), _ascii(trade)
    if rng.random() < 0.6:  # most work for somebody else's firm, some for the family's
        last = _pick(rng, country.last_names)
    name = pattern.format(last=last[0], last2=other[0], word=word, trade=trade)
    slug_parts = []
    if "{last}" in pattern:
        slug_parts.append(last[1])
    if "{word}" in pattern:
        slug_parts.append(word_ascii)
    if "{trade}" in pattern:
        slug_parts.append(trade_ascii)
    if "{last2}" in pattern:
        slug_parts.append(other[1])
    return name, "-".join(part for part in slug_parts if part)


def _address(rng: Random, country: _Country, city: _City) -> tuple[str, str]:
    pattern = _pick(rng, city.streets or country.streets)
    street = pattern.format(
        n=rng.randint(1, 240), c=rng.randint(1, 4), b=rng.randint(1, 12), g=rng.randint(1, 30)
    )
    street2 = ""
    if rng.random() < 0.3:
        word = _pick(rng, country.words).split(":")[0]
        street2 = _pick(rng, country.second_lines).format(s=rng.randint(2, 9), word=word)
    return street, street2


def _email(local: str, slug: str, used: set[str]) -> str:
    """A work address on a reserved domain (.example), so sample data never reaches anyone."""
    email, counter = f"{local}@{slug}.example", 1
    while email in used:
        counter += 1
        email = f"{local}{counter}@{slug}.example"
    used.add(email)
    return email
