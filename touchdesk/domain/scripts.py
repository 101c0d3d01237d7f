"""How natural a piece of text's letters look: one script per word, a real alphabet's letters.

Used to choose between legacy code pages (the same bytes read as cp1252, cp1250, cp1251…)
and to flag names whose letters could not come from one writing system.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The non-ASCII lowercase letters of the alphabets written with legacy code pages, with how
# much a fit counts: small alphabets that share letters with big ones count less, so that
# Czech 'Dvořák' beats Faroese 'Dvoøák' for the same bytes.
_ALPHABETS: tuple[tuple[str, int], ...] = (
    ("äöüß", 3),  # German
    ("àâæçéèêëîïôœùûüÿ", 3),  # French
    ("áéíóúñü", 3),  # Spanish
    ("áâãàçéêíóôõú", 3),  # Portuguese
    ("àèéìíîòóùú", 3),  # Italian
    ("áéíïóöüèêë", 2),  # Dutch
    ("àçèéíïòóúü", 2),  # Catalan
    ("æøåéó", 3),  # Danish, Norwegian
    ("åäöé", 3),  # Swedish
    ("åäöšž", 2),  # Finnish
    ("áðéíóúýþæö", 1),  # Icelandic
    ("áðíóúýæø", 1),  # Faroese
    ("ąćęłńóśźż", 3),  # Polish
    ("áčďéěíňóřšťúůýž", 3),  # Czech
    ("áäčďéíĺľňóôŕšťúýž", 3),  # Slovak
    ("áéíóöőúüű", 3),  # Hungarian
    ("ăâîșțşţ", 3),  # Romanian (cp1250 has only the cedilla forms)
    ("čćđšž", 3),  # Croatian, Slovenian, Bosnian, Serbian in Latin letters
    ("çğıöşüi̇", 3),  # Turkish
    ("āčēģīķļņšūž", 2),  # Latvian
    ("ąčęėįšųūž", 2),  # Lithuanian
    ("äöõüšž", 2),  # Estonian
    ("çë", 2),  # Albanian
)

# Letters that only come before a vowel in the languages that have them: Spanish 'Peña',
# French 'cœur'. The same byte is Polish ń and ś in 'Kamiński', 'Wiśniewski'.
_BEFORE_VOWEL = {"ñ": "aeiouáéíóú", "œ": "uie"}

# A word of three letters or more in these scripts has one of these vowels.
_VOWELS = {
    "Cyrillic": set("аеёиоуыэюяіїєў"),
    "Greek": set("αεηιουωάέήίόύώϊϋΐΰ"),
}

_AFTER_VOWEL = {"ï": "aeiouy"}  # 'naïve', 'Anaïs'; Ď reads as Ï in 'Ďurica'
_NOT_LAST = set("æ")  # 'Sæther'; ć reads as æ in 'Jovanović'


def _misplaced(word: str) -> int:
    """How many letters stand where their languages never put them."""
    count = 0
    for index, char in enumerate(word):
        after, before = word[index + 1 : index + 2], word[index - 1 : index] if index else ""
        if (
            (char in _BEFORE_VOWEL and (not after or after not in _BEFORE_VOWEL[char]))
            or (char in _AFTER_VOWEL and (not before or before not in _AFTER_VOWEL[char]))
            or (char in _NOT_LAST and not after)
        ):
            count += 1
    return count


# Script of a letter by code point range; Han, kana and Hangul are one group (Japanese
# mixes them within a word).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x024F, "Latin"),
    (0x1E00, 0x1EFF, "Latin"),
    (0x0370, 0x03FF, "Greek"),
    (0x1F00, 0x1FFF, "Greek"),
    (0x0400, 0x052F, "Cyrillic"),
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x1100, 0x11FF, "CJK"),
    (0x3040, 0x30FF, "CJK"),
    (0x3130, 0x318F, "CJK"),
    (0x3400, 0x4DBF, "CJK"),
    (0x4E00, 0x9FFF, "CJK"),
    (0xAC00, 0xD7AF, "CJK"),
    (0xF900, 0xFAFF, "CJK"),
    (0xFF00, 0xFFEF, "CJK"),
)

# Between words: spaces, ASCII punctuation and digits, typographic quotes and dashes.
_SEPARATORS = re.compile(r"[\s!-@\[-`{-~\u00a0\u2010-\u2027\u2030-\u205e\u00ab\u00bb\u00b7]+")
# Symbols that stand alone in contact data (prices, degrees, marks, fractions).
_ALONE = set("€£¥¢°§©®™×÷±½¼¾¹²³º ª¿¡")

BAD_SYMBOL, MIXED, NO_ALPHABET, CASE = -10, -10, -4, -3


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """'Latin', 'Cyrillic', 'Greek', 'CJK'… for a letter; '' for anything else."""
    if not unicodedata.category(char).startswith("L"):
        return ""
    code = ord(char)
    for low, high, name in _RANGES:
        if low <= code <= high:
            return name
    return "Other"


def _is_emoji(char: str) -> bool:
    return ord(char) >= 0x1F000 or 0x2600 <= ord(char) <= 0x27BF


def words(text: str) -> list[str]:
    """The words of a text as this module judges them: runs between spaces, ASCII
    punctuation, digits and typographic marks (a symbol inside a word stays in it)."""
    return [word for word in _SEPARATORS.split(text) if word]


def _alphabet_fit(letters: set[str]) -> int:
    best = 0
    for alphabet, weight in _ALPHABETS:
        if weight > best and letters <= set(alphabet):
            best = weight
    return best


def word_score(word: str) -> int:
    """Positive for a word whose non-ASCII letters look like a real language's, negative
    for symbols inside it, scripts mixed in it, or accents no alphabet puts together."""
    if word.isascii():
        return 0
    symbols = [c for c in word if not script_of(c) and not unicodedata.category(c).startswith("M")]
    if symbols and all(c in _ALONE or _is_emoji(c) for c in symbols) and len(symbols) == len(word):
        return 2  # '€', '°' or an emoji on its own: what such a byte usually is
    score = BAD_SYMBOL * sum(1 for c in symbols if not _is_emoji(c))
    letters = [c for c in word if script_of(c)]
    scripts = {script_of(c) for c in letters}
    if len(scripts) > 1:
        ascii_latin = all(c.isascii() for c in letters if script_of(c) == "Latin")
        # 'ABC公司' is how CJK text names a company; Latin accents beside Han are not.
        score += CASE if scripts == {"CJK", "Latin"} and ascii_latin else MIXED
    high = [c for c in letters if not c.isascii()]
    if len(letters) == 1 and high and not symbols:
        return 1  # one letter alone says little about its alphabet
    if scripts == {"Latin"} and high:
        # İ lowers to i and a combining dot: the dot is in the Turkish alphabet.
        weight = _alphabet_fit({low for c in high for low in c.lower() if not low.isascii()})
        score += weight * len(high) if weight else NO_ALPHABET * len(high)
        score += 2 * NO_ALPHABET * _misplaced(word.lower())
        if len(letters) >= 3 and len(high) * 5 > len(letters) * 3:
            score += NO_ALPHABET  # 'Èâàí': Latin words are mostly unaccented
    elif scripts == {"Other"}:
        score += NO_ALPHABET * len(high)  # presentation forms, runes: not how names are typed
    elif len(scripts) == 1 and high:
        script = next(iter(scripts))
        vowels = _VOWELS.get(script)
        if vowels and len(letters) >= 3 and not vowels & {c.lower() for c in letters}:
            score += NO_ALPHABET * len(high)  # 'йбй' is Greek 'ιαι' in the wrong page
        else:
            # One Cyrillic, Greek or CJK word fits as a whole; Thai, Hebrew and Arabic count
            # less, as they are also what a short Cyrillic file looks like in their pages.
            score += (3 if script in ("Cyrillic", "Greek", "CJK") else 2) * len(high)
    # 'хБЮН': a capital after a small letter is how a wrong Cyrillic page reads.
    cased = [c for c in letters if c.isupper() or c.islower()]
    if any(a.islower() and b.isupper() for a, b in zip(cased, cased[1:], strict=False)):
        if any(not c.isascii() for c in cased):
            score += CASE
    return score


def naturalness(text: str) -> int:
    """The sum of word_score over a text: higher reads more like people's names."""
    return sum(word_score(word) for word in words(text))


def unnatural_word(text: str) -> str:
    """The first word of a name that mixes scripts or has a symbol between its letters ('M³ller',
    'Pаul' with a Cyrillic а); '' when every word could be written by someone."""
    if text.isascii():  # every word of it is ASCII: nothing to mix (most names of a file)
        return ""
    for word in words(text):
        if word.isascii():
            continue
        letters = [c for c in word if script_of(c)]
        scripts = {script_of(c) for c in letters}
        ascii_latin = all(c.isascii() for c in letters if script_of(c) == "Latin")
        if len(scripts) > 1 and not (scripts == {"CJK", "Latin"} and ascii_latin):
            return word
        if letters and any(
            not script_of(c) and not unicodedata.category(c).startswith("M") and not _is_emoji(c)
            for c in word
        ):
            return word
    return ""
