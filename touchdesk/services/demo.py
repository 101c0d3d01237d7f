"""Deterministic sample data: prospects in five countries with six months of real follow-up."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import accumulate
from random import Random
from typing import NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from touchdesk.domain.attempts import TouchFacts, attempts_after, next_attempt, resets_attempts
from touchdesk.domain.today import end_of_day, zone_or
from touchdesk.domain.vocabulary import (
    Channel,
    Direction,
    EventKind,
    MailKind,
    MailStatus,
    NextStepStatus,
    Outcome,
    ProspectStatus,
    StageOutcome,
)
from touchdesk.services import settings
from touchdesk.services.changes import Change
from touchdesk.services.stages import ensure_default_stages
from touchdesk.store import bulk
from touchdesk.store.db import database, utc_now
from touchdesk.store.models import (
    ContactPoint,
    MailTask,
    NextStep,
    Prospect,
    ProspectEvent,
    ProspectTag,
    Stage,
    Touch,
)

T = TypeVar("T")


class DemoError(ValueError):
    """Sample data cannot be added here; the message is for the seller."""


@dataclass(frozen=True)
class DemoSummary:
    """How much fill_demo() wrote, for the CLI to print and the GUI to announce."""

    prospects: int
    active: int
    won: int
    lost: int
    dormant: int
    do_not_contact: int
    touches: int
    next_steps: int
    overdue: int
    due_today: int
    without_next_step: int  # active prospects nobody planned anything for
    mail_queued: int
    events: int

    @property
    def change(self) -> Change:
        return Change.PROSPECTS | Change.TOUCHES | Change.NEXT_STEPS | Change.MAIL


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

# -- what happens on the timeline ------------------------------------------------------


class _Kind(NamedTuple):
    channel: str
    direction: str
    outcome: str
    facts: TouchFacts
    notes: tuple[str, ...]  # one is picked; "" means no note


def _kind(channel: Channel, direction: Direction, outcome: Outcome, *notes: str) -> _Kind:
    return _Kind(
        channel.value,
        direction.value,
        outcome.value,
        TouchFacts(direction, outcome, channel),
        notes or ("",),
    )


# Tables of sample content, laid out by hand for reading.
# fmt: off
OUT, IN = Direction.OUT, Direction.IN
NO_ANSWER = _kind(Channel.CALL, OUT, Outcome.NO_ANSWER, "", "", "Rang out; no voicemail box.")
VOICEMAIL = _kind(
    Channel.CALL, OUT, Outcome.LEFT_VOICEMAIL,
    "Left voicemail: I'll try you again tomorrow at 8:30.",
    "Left voicemail naming Thursday at noon for the next call.",
    "Left voicemail: will call back on Monday at 9:00.",
)
TEXT = _kind(Channel.SMS, OUT, Outcome.SENT,
             "Text: tried to reach you; I'll call tomorrow morning.")
TRYING = _kind(Channel.EMAIL, OUT, Outcome.SENT,
               "Email: I have been trying to reach you. Is there a better time?")
CHASER = _kind(Channel.EMAIL, OUT, Outcome.SENT, "Email: following up on the proposal.",
               "Email: any progress?", "Email: sent the customer story from a similar firm.",
               "Email: pricing update for next year.",
               "Email: an article on cutting freight costs that fits their problem.")
SOCIAL = _kind(Channel.SOCIAL, OUT, Outcome.SENT,
               "LinkedIn message: congratulated them on the new role.")
TALKED = _kind(
    Channel.CALL, OUT, Outcome.TALKED,
    "Talked 10 min: the budget is there, wants numbers by Friday.",
    "Good call: they are comparing two suppliers.",
    "Caught her between meetings; asked me to send the case study.",
    "Discussed the pilot scope; the decision maker is the CFO.",
    "Quick chat: still interested, timing is next quarter.",
    "Asked for references in their industry.",
)
CALLED_BACK = _kind(Channel.CALL, IN, Outcome.TALKED, "Called back after the voicemail.",
                    "Returned my call: sorry for the silence, year-end rush.")
BOOKED = _kind(Channel.CALL, OUT, Outcome.MEETING_BOOKED, "Booked a meeting at their office.",
               "Agreed a video call to walk through the demo.")
REPLIED = _kind(
    Channel.EMAIL, IN, Outcome.REPLIED,
    'Replied: "Thanks for your patience. Can we talk Thursday?"',
    "Replied: busy with year-end, asked to reconnect next week.",
    "Replied with questions about delivery times.",
    'Replied: "Yes, please send the proposal."',
)
TEXTED_BACK = _kind(Channel.SMS, IN, Outcome.REPLIED, "Texted back: call me after 4.")
MET = _kind(
    Channel.MEETING, OUT, Outcome.MET,
    "First meeting: toured the warehouse, met the operations team.",
    "Went through the proposal line by line.",
    "Negotiated payment terms; legal review next.",
    "Lunch meeting; they want a pilot at one site.",
)
VIDEO = _kind(Channel.VIDEO_CALL, OUT, Outcome.MET, "Demo went well; three people attended.",
              "Video call: walked through the rollout plan.")
NOTE = _kind(Channel.NOTE, OUT, Outcome.SENT, "Handwritten thank-you note after our meeting.")
# Mailed notes and cards say what they were for; the mail desk keeps the same occasion.
OCCASIONS = (
    "Thank you for the meeting",
    "Thinking of you",
    "Congratulations on the new office",
    "Thank you for your order",
)
OCCASION_OF_NOTE = {
    "Handwritten thank-you note after our meeting.": OCCASIONS[0],
    "Thinking-of-you card with an article clipping.": OCCASIONS[1],
    "Card congratulating them on the new office.": OCCASIONS[2],
    "Thank-you card for the order.": OCCASIONS[3],
}
CARD = _kind(Channel.CARD, OUT, Outcome.SENT, *tuple(OCCASION_OF_NOTE)[1:3])
WON = _kind(Channel.MEETING, OUT, Outcome.MET, "Signed the agreement at the meeting.",
            "Final meeting: order signed, start date agreed.")
THANKS_CARD = _kind(Channel.CARD, OUT, Outcome.SENT, "Thank-you card for the order.")
BREAK_UP = _kind(
    Channel.EMAIL, OUT, Outcome.SENT,
    "Break-up email: I'll stop here; if it becomes important, I'm glad to pick it up again.",
)
NOT_NOW = _kind(Channel.EMAIL, IN, Outcome.NOT_INTERESTED, "Replied: {reason}.")
STOP = _kind(Channel.EMAIL, IN, Outcome.NOT_INTERESTED, "Replied: please take me off your list.")

OPENINGS = {
    "Trade show": _kind(Channel.MEETING, OUT, Outcome.MET,
                        "Met at the trade show stand; swapped cards."),
    "Website form": _kind(Channel.EMAIL, IN, Outcome.REPLIED, "Website form: asked for pricing."),
    "LinkedIn": _kind(Channel.SOCIAL, OUT, Outcome.SENT, "Connection request with a short note."),
    "Cold outreach": NO_ANSWER,
    "Webinar": _kind(Channel.EMAIL, IN, Outcome.REPLIED,
                     "Attended the webinar; asked for the slides."),
    "Networking event": _kind(Channel.MEETING, OUT, Outcome.MET,
                              "Met at the chamber of commerce breakfast."),
    "Existing customer": TALKED,
    REFERRAL: _kind(Channel.EMAIL, OUT, Outcome.SENT, "Intro email, referred by {referrer}."),
}

# The no-answer program of the playbook, in order; email chasers stop after three.
NO_ANSWER_PROGRAM = ((NO_ANSWER, "early"), (VOICEMAIL, "early"), (TEXT, "day"),
                     (TRYING, "email"), (NO_ANSWER, "noon"), (NO_ANSWER, "late"),
                     (VOICEMAIL, "late"))
EMAIL_CHASERS = ((CHASER, "email"), (CHASER, "email"), (CHASER, "email"))
MIXED = ((NO_ANSWER, "early"), (CHASER, "email"), (SOCIAL, "day"), (VOICEMAIL, "noon"),
         (NO_ANSWER, "late"))
REACHES = ((TALKED, "early"), (BOOKED, "noon"), (REPLIED, "reply"), (CALLED_BACK, "reply"),
           (TEXTED_BACK, "reply"))
REACH_WEIGHTS = (30, 22, 30, 10, 8)
CHASE_LENGTHS = (0, 1, 2, 3, 4, 5, 6, 7)
CHASE_WEIGHTS = (12, 24, 20, 15, 10, 8, 6, 5)

# Touch counts and first-contact ages (days) by where the prospect stands.
TOUCH_RANGE_BY_RANK = ((1, 4), (7, 18), (14, 30), (20, 36), (24, 42))
TOUCH_RANGE = {"won": (20, 40), "lost": (10, 28), "dormant": (12, 24), "do_not_contact": (2, 10)}
AGE_BY_RANK = ((2, 25), (15, 120), (30, 170), (45, 180), (45, 180))
AGE = {"won": (40, 180), "lost": (40, 180), "dormant": (60, 180), "do_not_contact": (10, 150)}

STATUS_SHARE = {"active": 72, "won": 9, "lost": 7, "dormant": 8, "do_not_contact": 4}
OPEN_STAGE_WEIGHTS = (18, 26, 20, 20, 16)
# What active prospects look like on Today: a late step, one for today, one later, none.
STEP_SHARE = {"overdue": 22, "today": 14, "later": 52, "none": 12}
# Days since the latest touch: a prospect nobody planned for has been quiet longest.
LAST_TOUCH_AGE = {"overdue": (2, 12), "today": (1, 7), "later": (0.2, 8), "none": (5, 45)}

PURPOSES_BY_RANK = (
    ("Introduction call", "Qualify: who decides, and when"),
    ("Discovery call", "Send the customer story"),
    ("Walk through their process", "Demo for the operations team"),
    ("Go through the proposal", "Answer the pricing questions"),
    ("Agree the terms", "Check on the legal review"),
)
# (channel, purpose, slot): the time of day fits what the step says.
CHASE_PURPOSES = (
    (Channel.CALL, "Ask for Sally, after 3 pm", "late"),
    (Channel.CALL, "Early call, before their meetings", "early"),
    (Channel.CALL, "Noon call", "noon"),
    (Channel.CALL, "If no answer, leave a voicemail naming the next call", "early"),
    (Channel.EMAIL, "Any progress? (short chaser quoting the last email)", "email"),
    (Channel.EMAIL, "I have been trying to reach you", "email"),
    (Channel.SMS, "Text: I'll call tomorrow morning", "day"),
)
STEP_CHANNELS_BY_RANK = (
    (Channel.CALL, Channel.EMAIL),
    (Channel.CALL, Channel.EMAIL, Channel.VIDEO_CALL),
    (Channel.MEETING, Channel.VIDEO_CALL, Channel.CALL),
    (Channel.VIDEO_CALL, Channel.CALL, Channel.MEETING),
    (Channel.CALL, Channel.MEETING, Channel.EMAIL),
)
DURATIONS = {Channel.MEETING: 60, Channel.VIDEO_CALL: 45, Channel.EMAIL: 15, Channel.SMS: 5}
VIDEO_LOCATION = "Video call (link in the invite)"
SLOT_FOR_STEP = {Channel.CALL: "early", Channel.EMAIL: "email", Channel.SMS: "day",
                 Channel.MEETING: "meeting", Channel.VIDEO_CALL: "meeting"}

CHUNK = 250  # prospects generated and inserted per batch: bounded memory, honest progress


# fmt: on


# -- the generated rows, in the tables' column names -----------------------------------


class _ProspectRow(NamedTuple):
    id: int
    first_name: str
    last_name: str
    company: str
    role: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    time_zone: str
    source: str
    referrer_id: int | None
    stage_id: int
    status: str
    dormant_until: str | None
    lost_reason: str
    notes: str
    created_at: str
    updated_at: str
    deleted_at: str | None
    touch_count: int
    attempts: int
    last_touch_at: str
    last_reached_at: str | None


class _StepRow(NamedTuple):
    prospect_id: int
    due_at: str
    duration_minutes: int
    channel: str
    purpose: str
    location: str
    uid: str
    sequence: int
    status: str
    created_at: str
    updated_at: str
    closed_at: str | None


class _Envelope(NamedTuple):
    """The address snapshot a mail task keeps."""

    recipient_name: str
    company: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str


class _MailRow(NamedTuple):
    prospect_id: int
    kind: str
    occasion: str
    message: str
    envelope: str
    due_on: str
    status: str
    recipient_name: str
    company: str
    street: str
    street2: str
    city: str
    region: str
    postal_code: str
    country_code: str
    created_at: str
    written_at: str | None
    mailed_at: str | None
    touch_id: int | None


# Touches are the bulk of the data: plain tuples, in this column order.
TOUCH_COLUMNS = (
    "id",
    "prospect_id",
    "channel",
    "direction",
    "outcome",
    "occurred_at",
    "attempt",
    "note",
    "created_at",
    "deleted_at",
)
CONTACT_COLUMNS = ("prospect_id", "kind", "label", "value", "position")
TAG_COLUMNS = ("prospect_id", "tag")
EVENT_COLUMNS = ("prospect_id", "kind", "occurred_at", "detail")


@dataclass
class _Rows:
    prospects: list[_ProspectRow] = field(default_factory=list)
    contacts: list[tuple] = field(default_factory=list)
    tags: list[tuple] = field(default_factory=list)
    touches: list[tuple] = field(default_factory=list)
    events: list[tuple] = field(default_factory=list)
    steps: list[_StepRow] = field(default_factory=list)
    mail: list[_MailRow] = field(default_factory=list)

    def insert(self) -> None:
        """Parents first, so every foreign key already points at a row."""
        bulk.insert_rows(Prospect, _ProspectRow._fields, self.prospects)
        bulk.insert_rows(ContactPoint, CONTACT_COLUMNS, self.contacts)
        bulk.insert_rows(ProspectTag, TAG_COLUMNS, self.tags)
        bulk.insert_rows(Touch, TOUCH_COLUMNS, self.touches)
        bulk.insert_rows(ProspectEvent, EVENT_COLUMNS, self.events)
        bulk.insert_rows(NextStep, _StepRow._fields, self.steps)
        bulk.insert_rows(MailTask, _MailRow._fields, self.mail)


@dataclass(frozen=True)
class _Skeleton:
    """What is decided for every prospect up front, so ids can follow creation time."""

    created_at: datetime
    last_at: datetime  # roughly when the latest touch happened
    status: str
    rank: int  # how far along the open stages it got
    country: _Country
    step: str  # "overdue", "today", "later", "none"; "" for inactive prospects
    queue_mail: bool


@dataclass(frozen=True)
class _Stages:
    open_ids: tuple[int, ...]
    names: dict[int, str]
    won: int
    lost: int


# -- generation ------------------------------------------------------------------------


def _deck(rng: Random, n: int, shares: dict[str, int]) -> list[str]:
    """n labels in the given proportions, each at least once when n allows, shuffled."""
    total = sum(shares.values())
    counts = {label: n * share // total for label, share in shares.items()}
    if n >= len(shares):
        for label in counts:
            counts[label] = max(counts[label], 1)
    by_share = sorted(shares, key=lambda label: -shares[label])
    i = 0
    while sum(counts.values()) < n:
        counts[by_share[i % len(by_share)]] += 1
        i += 1
    while sum(counts.values()) > n:
        label = by_share[i % len(by_share)]
        if counts[label] > 1:
            counts[label] -= 1
        i += 1
    deck = [label for label, count in counts.items() for _ in range(count)]
    rng.shuffle(deck)
    return deck


def _days(rng: Random, low: float, high: float) -> timedelta:
    return timedelta(seconds=int(rng.uniform(low, high) * 86400))


def _skeletons(rng: Random, n: int, now: datetime, ranks: int) -> list[_Skeleton]:
    statuses = _deck(rng, n, STATUS_SHARE)
    steps = iter(_deck(rng, statuses.count("active"), STEP_SHARE))
    countries = _deck(rng, n, {c.code: c.weight for c in COUNTRIES})
    by_code = {c.code: c for c in COUNTRIES}
    mail = iter(_deck(rng, n, {"yes": 8, "no": 92}))
    weights = [OPEN_STAGE_WEIGHTS[min(i, len(OPEN_STAGE_WEIGHTS) - 1)] for i in range(ranks)]
    result = []
    for status, code in zip(statuses, countries, strict=True):
        step = ""
        if status == "active":
            rank = rng.choices(range(ranks), weights)[0]
            step = next(steps)
            age = AGE_BY_RANK[min(rank, len(AGE_BY_RANK) - 1)]
            last_at = now - _days(rng, *LAST_TOUCH_AGE[step])
        else:
            top = ranks - 1
            low = {"won": min(3, top), "lost": min(1, top)}.get(status, 0)
            high = {"dormant": min(3, top), "do_not_contact": min(2, top)}.get(status, top)
            rank = rng.randint(low, high)
            age = AGE[status]
            last_at = now - _days(rng, 1, 45 if status == "dormant" else 60)
        created_at = now - _days(rng, *age)
        if created_at > last_at - timedelta(days=1):
            created_at = last_at - _days(rng, 1, 5)
        queue = next(mail) == "yes" and status in ("active", "won")
        result.append(_Skeleton(created_at, last_at, status, rank, by_code[code], step, queue))
    result.sort(key=lambda s: s.created_at)  # ids in creation order: referrers come first
    return result


def _slot(rng: Random, slot: str) -> time:
    """A time of day in the prospect's day that fits the channel (playbook timing)."""
    if slot == "early":
        return time(8, rng.randrange(0, 60, 5)) if rng.random() < 0.8 else time(9, 0)
    if slot == "noon":
        return time(12, rng.randrange(0, 35, 5))
    if slot == "late":
        return (
            time(16, rng.randrange(20, 60, 5))
            if rng.random() < 0.6
            else time(17, rng.randrange(0, 15, 5))
        )
    if slot == "email":
        return rng.choice((time(8, 30), time(8, 25), time(8, 35), time(13, 0), time(12, 55)))
    if slot == "meeting":
        return rng.choice((time(9, 30), time(10, 0), time(11, 0), time(14, 0), time(15, 30)))
    if slot == "reply":
        return time(rng.randint(7, 18), rng.randrange(60))
    return time(rng.randint(9, 15), rng.randrange(0, 60, 5))


def _on_weekday(day: date) -> date:
    return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day


def _pick(rng: Random, options: Sequence[T]) -> T:
    return options[int(rng.random() * len(options))]


class _Step(NamedTuple):
    kind: _Kind
    slot: str
    gap: float  # days after the previous touch, before the history is fitted to its window


def _chase(rng: Random, length: int, first_gap: float) -> list[_Step]:
    style = rng.random()
    program = NO_ANSWER_PROGRAM if style < 0.55 else EMAIL_CHASERS if style < 0.8 else MIXED
    steps = []
    for i in range(length):
        # Past the end of a program: calls only, as email chasers stop after three.
        kind, slot = program[i] if i < len(program) else (VOICEMAIL if i % 2 else NO_ANSWER, "noon")
        steps.append(_Step(kind, slot, first_gap if i == 0 else rng.uniform(1, 3)))
    return steps


def _history(rng: Random, sk: _Skeleton, source: str) -> list[_Step]:
    """The touches in time order: runs of unanswered tries, an answer, meetings, notes."""
    if sk.status == "active":
        low, high = TOUCH_RANGE_BY_RANK[min(sk.rank, len(TOUCH_RANGE_BY_RANK) - 1)]
    else:
        low, high = TOUCH_RANGE[sk.status]
    target = rng.randint(low, high)
    opening = OPENINGS[source]
    steps = [_Step(opening, "reply" if opening.direction == "in" else "day", 0.0)]
    met = opening.outcome == Outcome.MET.value
    ends_chasing = sk.status == "active" and (sk.step == "none" or rng.random() < 0.45)
    tail = 3 if sk.status in ("dormant", "won") or ends_chasing else 1
    while len(steps) < target - tail and sk.rank > 0:
        steps += _chase(rng, rng.choices(CHASE_LENGTHS, CHASE_WEIGHTS)[0], rng.uniform(4, 16))
        reach, slot = rng.choices(REACHES, REACH_WEIGHTS)[0]
        steps.append(_Step(reach, slot, rng.uniform(0.5, 3)))
        if reach is BOOKED or (sk.rank >= 2 and rng.random() < 0.3):
            meeting = VIDEO if rng.random() < 0.4 else MET
            steps.append(_Step(meeting, "meeting", rng.uniform(2, 8)))
            if not met and rng.random() < 0.7:
                steps.append(_Step(NOTE, "day", rng.uniform(0.3, 1.2)))
            met = True
        if rng.random() < 0.02:
            steps.append(_Step(CARD, "day", rng.uniform(3, 10)))
    if sk.status == "won":
        steps.append(_Step(WON, "meeting", rng.uniform(3, 10)))
        if rng.random() < 0.4:
            steps.append(_Step(THANKS_CARD, "day", rng.uniform(0.5, 2)))
    elif sk.status == "lost":
        steps += _chase(rng, rng.randint(0, 2), rng.uniform(4, 12))
        steps.append(_Step(NOT_NOW, "reply", rng.uniform(1, 4)))
    elif sk.status == "dormant":
        steps += _chase(rng, rng.randint(3, 6), rng.uniform(4, 12))
        steps.append(_Step(BREAK_UP, "email", rng.uniform(3, 7)))
    elif sk.status == "do_not_contact":
        steps += _chase(rng, rng.randint(0, 3), rng.uniform(2, 8))
        steps.append(_Step(STOP, "reply", rng.uniform(0.5, 3)))
    elif ends_chasing:
        steps += _chase(rng, rng.randint(1, 5), rng.uniform(3, 10))
    return steps


def _lay_out(
    rng: Random, steps: list[_Step], start: datetime, end: datetime, zone: tzinfo, now: datetime
) -> list[datetime]:
    """Fit the gaps between start and end, at channel-fitting times of the prospect's day.

    Strictly increasing and all before `now`, so the stored order is the numbering order.
    """
    marks = list(accumulate(step.gap for step in steps))
    total = marks[-1] or 1.0
    span = (end - start).total_seconds()
    n = len(steps)
    times: list[datetime] = []
    previous: datetime | None = None
    for i, step in enumerate(steps):
        at = start + timedelta(seconds=span * marks[i] / total)
        local_day = at.astimezone(zone).date()
        if step.kind.direction == "out":
            local_day = _on_weekday(local_day)
        moment = datetime.combine(local_day, _slot(rng, step.slot), zone).astimezone(UTC)
        if previous is not None and moment <= previous:
            moment = previous + timedelta(minutes=rng.randint(7, 90))
        # Leave room before now for the touches still to come and the events after them.
        limit = now - timedelta(minutes=10 + n - i)
        moment = min(moment, limit)
        times.append(moment)
        previous = moment
    return times


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


@dataclass
class _Generator:
    rng: Random
    now: datetime
    seller_zone: tzinfo
    stages: _Stages
    next_touch_id: int
    names: dict[int, str] = field(default_factory=dict)
    used_emails: set[str] = field(default_factory=set)
    zones: dict[str, ZoneInfo] = field(default_factory=dict)

    def prospect(self, pid: int, first_id: int, sk: _Skeleton, rows: _Rows) -> None:
        """One prospect with its contacts, tags, touches, events, next step and mail."""
        rng, country = self.rng, sk.country
        city = _pick(rng, country.cities)
        zone = self.zones.setdefault(city.time_zone, ZoneInfo(city.time_zone))
        first, last = _pick(rng, country.first_names), _pick(rng, country.last_names)
        company, slug = _company(rng, country, last)
        street, street2 = _address(rng, country, city)
        source, referrer = _pick(rng, SOURCES), None
        if pid > first_id and rng.random() < 0.12:
            source, referrer = REFERRAL, rng.randrange(first_id, pid)
        self.names[pid] = f"{first[0]} {last[0]}"

        local = f"{last[1]}.{first[1]}" if country.code == "JP" else f"{first[1]}.{last[1]}"
        rows.contacts.append((pid, "email", "work", _email(local, slug, self.used_emails), 0))
        rows.contacts.append((pid, "phone", "office", _phone(rng, city), 0))
        if rng.random() < 0.35:
            rows.contacts.append((pid, "phone", "direct", _phone(rng, city), 1))
        rows.tags += [(pid, tag) for tag in sorted(rng.sample(TAGS, _pick(rng, (0, 0, 1, 2, 3))))]

        lost_reason = _pick(rng, LOST_REASONS) if sk.status == "lost" else ""
        steps = _history(rng, sk, source)
        times = _lay_out(rng, steps, sk.created_at, sk.last_at, zone, self.now)
        created = times[0] - timedelta(minutes=rng.randint(0, 30))
        running, reached = 0, None
        mailed: list[tuple[int, datetime, str]] = []
        for step, at in zip(steps, times, strict=True):
            kind = step.kind
            attempt = next_attempt(running, kind.facts)
            running = attempts_after(running, kind.facts)
            if attempt is None:
                reached = at
            note = _pick(rng, kind.notes)
            if "{" in note:  # the referral intro names the referrer; the loss, its reason
                referrer_name = self.names[referrer] if referrer is not None else ""
                note = note.format(referrer=referrer_name, reason=lost_reason.lower())
            tid, text = self.next_touch_id, bulk.instant(at)
            self.next_touch_id += 1
            rows.touches.append(
                (
                    tid,
                    pid,
                    kind.channel,
                    kind.direction,
                    kind.outcome,
                    text,
                    attempt,
                    note,
                    text,
                    None,
                )
            )
            if note in OCCASION_OF_NOTE:
                mailed.append((tid, at, note))

        stage_id = self.stages.open_ids[sk.rank]
        self._stage_events(pid, sk, stage_id, created, times, rows)
        stage_id = {"won": self.stages.won, "lost": self.stages.lost}.get(sk.status, stage_id)
        if sk.step and sk.step != "none":
            where = f"{street}, {city.city or city.region}"
            self._next_step(pid, sk, steps[-1].kind, times[-1], zone, where, rows)
        # A Japanese envelope puts the family name first, with the honorific.
        recipient = f"{last[0]} {first[0]} 様" if country.code == "JP" else f"{first[0]} {last[0]}"
        postal_code = _pick(rng, city.postal_codes)
        envelope = _Envelope(
            recipient, company, street, street2, city.city, city.region, postal_code, country.code
        )
        greet = {"first": first[0], "last": last[0]}
        self._mail(pid, sk, envelope, greet, mailed, steps[-1].kind, times[-1], rows)

        rows.prospects.append(
            _ProspectRow(
                id=pid,
                first_name=first[0],
                last_name=last[0],
                company=company,
                role=_pick(rng, country.roles),
                street=street,
                street2=street2,
                city=city.city,
                region=city.region,
                postal_code=postal_code,
                country_code=country.code,
                time_zone=city.time_zone,
                source=source,
                referrer_id=referrer,
                stage_id=stage_id,
                status=sk.status,
                dormant_until=self._dormant_until(sk, times[-1], zone),
                lost_reason=lost_reason,
                notes=_pick(rng, PROSPECT_NOTES) if rng.random() < 0.2 else "",
                created_at=bulk.instant(created),
                updated_at=bulk.instant(times[-1] + timedelta(minutes=5)),
                deleted_at=None,
                touch_count=len(steps),
                attempts=running,
                last_touch_at=bulk.instant(times[-1]),
                last_reached_at=bulk.instant(reached) if reached else None,
            )
        )
        rows.events.append((pid, EventKind.CREATED.value, bulk.instant(created), "Added"))

    def _dormant_until(self, sk: _Skeleton, break_up: datetime, zone: tzinfo) -> str | None:
        """Let go with a date to revisit, 60 or 90 days after the break-up, still ahead."""
        if sk.status != "dormant":
            return None
        revisit = break_up.astimezone(zone).date() + timedelta(days=self.rng.choice((60, 90)))
        today = self.now.astimezone(self.seller_zone).date()
        if revisit <= today:
            revisit = today + timedelta(days=self.rng.randint(7, 30))
        return bulk.day(revisit)

    def _stage_events(
        self,
        pid: int,
        sk: _Skeleton,
        stage_id: int,
        created: datetime,
        times: list[datetime],
        rows: _Rows,
    ) -> None:
        """Moves across the board as the history went on, then the final status change."""
        names, open_ids = self.stages.names, self.stages.open_ids
        for j in range(1, sk.rank + 1):
            at = max(times[min(len(times) - 1, j * len(times) // (sk.rank + 1))], created)
            detail = f"{names[open_ids[j - 1]]} → {names[open_ids[j]]}"
            moved = bulk.instant(at + timedelta(minutes=1))
            rows.events.append((pid, EventKind.STAGE_CHANGED.value, moved, detail))
        if sk.status == "active":
            return
        at = bulk.instant(times[-1] + timedelta(minutes=1))
        outcome = {"won": self.stages.won, "lost": self.stages.lost}.get(sk.status)
        if outcome is not None and outcome != stage_id:
            detail = f"{names[stage_id]} → {names[outcome]}"
            rows.events.append((pid, EventKind.STAGE_CHANGED.value, at, detail))
        label = ProspectStatus(sk.status).label
        rows.events.append((pid, EventKind.STATUS_CHANGED.value, at, f"Active → {label}"))

    def _next_step(
        self,
        pid: int,
        sk: _Skeleton,
        last: _Kind,
        last_touch: datetime,
        zone: ZoneInfo,
        where: str,
        rows: _Rows,
    ) -> None:
        """Every interaction closes with the next step: set just after the latest touch."""
        rng, now = self.rng, self.now
        if resets_attempts(last.facts):
            rank = min(sk.rank, len(STEP_CHANNELS_BY_RANK) - 1)
            channel = _pick(rng, STEP_CHANNELS_BY_RANK[rank])
            purpose = _pick(rng, PURPOSES_BY_RANK[rank])
            slot_name = SLOT_FOR_STEP[channel]
        else:  # still chasing: the next try of the no-answer program
            channel, purpose, slot_name = _pick(rng, CHASE_PURPOSES)
        end_today = end_of_day(now, self.seller_zone)
        if sk.step == "overdue":
            raw = last_touch + (now - last_touch) * rng.uniform(0.3, 0.9)
            day = _on_weekday(raw.astimezone(zone).date())
            due = datetime.combine(day, _slot(rng, slot_name), zone).astimezone(UTC)
            if not last_touch < due < now:
                due = raw.replace(microsecond=0)
        elif sk.step == "today":
            due = (now + (end_today - now) * rng.uniform(0.1, 0.9)).replace(microsecond=0)
        else:
            day = _on_weekday(now.astimezone(zone).date() + timedelta(days=rng.randint(1, 21)))
            due = datetime.combine(day, _slot(rng, slot_name), zone).astimezone(UTC)
            while due < end_today:  # "later" means after the seller's today, whatever the zones
                due += timedelta(days=1)
        location = {Channel.MEETING: where, Channel.VIDEO_CALL: VIDEO_LOCATION}.get(channel, "")
        set_at = bulk.instant(last_touch + timedelta(minutes=2))
        rows.steps.append(
            _StepRow(
                prospect_id=pid,
                due_at=bulk.instant(due),
                duration_minutes=DURATIONS.get(channel, 30),
                channel=channel.value,
                purpose=purpose,
                location=location,
                uid=f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@touchdesk",
                sequence=0,
                status=NextStepStatus.OPEN.value,
                created_at=set_at,
                updated_at=set_at,
                closed_at=None,
            )
        )
        detail = f"{channel.label}: {purpose}"
        rows.events.append((pid, EventKind.NEXT_STEP_SET.value, set_at, detail))

    def _mail(
        self,
        pid: int,
        sk: _Skeleton,
        envelope: _Envelope,
        greet: dict[str, str],
        mailed: list[tuple[int, datetime, str]],
        last: _Kind,
        last_touch: datetime,
        rows: _Rows,
    ) -> None:
        """Mailed notes and cards behind their touches, and the queue still to write."""
        country = sk.country
        for tid, at, note in mailed:
            occasion = OCCASION_OF_NOTE[note]
            kind = MailKind.NOTE if occasion == OCCASIONS[0] else MailKind.CARD
            rows.mail.append(
                _MailRow(
                    pid,
                    kind.value,
                    occasion,
                    country.messages[OCCASIONS.index(occasion)].format(**greet),
                    country.envelope,
                    bulk.day(at.astimezone(self.seller_zone).date()),
                    MailStatus.MAILED.value,
                    *envelope,
                    created_at=bulk.instant(at - timedelta(hours=3)),
                    written_at=bulk.instant(at - timedelta(hours=1)),
                    mailed_at=bulk.instant(at),
                    touch_id=tid,
                )
            )
        if not sk.queue_mail:
            return
        if sk.status == "won":
            kind, occasion = MailKind.CARD, OCCASIONS[3]
        elif last.channel in (Channel.MEETING.value, Channel.VIDEO_CALL.value):
            kind, occasion = MailKind.NOTE, OCCASIONS[0]
        else:
            kind, occasion = MailKind.CARD, _pick(self.rng, OCCASIONS[1:3])
        queued = bulk.instant(last_touch + timedelta(minutes=5))
        seller_today = self.now.astimezone(self.seller_zone).date()
        rows.mail.append(
            _MailRow(
                pid,
                kind.value,
                occasion,
                country.messages[OCCASIONS.index(occasion)].format(**greet),
                country.envelope,
                bulk.day(seller_today + timedelta(days=self.rng.randint(0, 3))),
                MailStatus.QUEUED.value,
                *envelope,
                created_at=queued,
                written_at=None,
                mailed_at=None,
                touch_id=None,
            )
        )
        rows.events.append((pid, EventKind.MAIL_QUEUED.value, queued, f"{kind.label}: {occasion}"))


def _stages() -> _Stages:
    rows = list(Stage.select().order_by(Stage.position, Stage.id))
    open_ids = tuple(r.id for r in rows if r.outcome == StageOutcome.OPEN.value)
    if not open_ids:
        raise DemoError("The board has no open stage to put sample prospects in.")
    won = next((r.id for r in rows if r.outcome == StageOutcome.WON.value), open_ids[-1])
    lost = next((r.id for r in rows if r.outcome == StageOutcome.LOST.value), open_ids[-1])
    return _Stages(open_ids, {r.id: r.name for r in rows}, won, lost)


def fill_demo(
    prospects: int = 60,
    seed: int = 7,
    now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with sample prospects; same seed and `now`, same data.

    Refuses a database that already has prospects (even in the trash): sample data
    never mixes with the seller's own.
    """
    if prospects < 1:
        raise DemoError("Ask for at least one sample prospect.")
    if now is None:
        now = utc_now()
    elif now.tzinfo is None:
        raise DemoError("The sample data's 'now' needs a time zone.")
    now = now.astimezone(UTC).replace(microsecond=0)
    rng = Random(seed)
    with database.atomic():
        if Prospect.select().exists():
            raise DemoError(
                "This database already has prospects. Sample data only goes into an empty "
                "database: open the separate sample database or a new file instead."
            )
        ensure_default_stages()
        stages = _stages()
        seller_zone = zone_or(str(settings.get("time_zone")), UTC)
        skeletons = _skeletons(rng, prospects, now, len(stages.open_ids))
        first_id = bulk.next_id(Prospect)
        generator = _Generator(rng, now, seller_zone, stages, bulk.next_id(Touch))
        counts = {"touches": 0, "events": 0, "steps": 0, "mail": 0}
        due_kinds: list[str] = []
        for start in range(0, prospects, CHUNK):
            rows = _Rows()
            for offset, sk in enumerate(skeletons[start : start + CHUNK]):
                generator.prospect(first_id + start + offset, first_id, sk, rows)
                due_kinds.append(sk.step)
            rows.insert()
            counts["touches"] += len(rows.touches)
            counts["events"] += len(rows.events)
            counts["steps"] += len(rows.steps)
            counts["mail"] += sum(1 for row in rows.mail if row.status == MailStatus.QUEUED.value)
            if progress is not None:
                progress(min(start + CHUNK, prospects), prospects)
    bulk.checkpoint()  # one large write: fold the log in now rather than on the next open
    statuses = [sk.status for sk in skeletons]
    return DemoSummary(
        prospects=prospects,
        active=statuses.count("active"),
        won=statuses.count("won"),
        lost=statuses.count("lost"),
        dormant=statuses.count("dormant"),
        do_not_contact=statuses.count("do_not_contact"),
        touches=counts["touches"],
        next_steps=counts["steps"],
        overdue=due_kinds.count("overdue"),
        due_today=due_kinds.count("today"),
        without_next_step=due_kinds.count("none"),
        mail_queued=counts["mail"],
        events=counts["events"],
    )
