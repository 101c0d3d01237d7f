"""The board filter's search texts and names, made in one fast pass, say exactly what the
plain per-card code said, for arbitrary Unicode (hypothesis); and the filter keeps the
cards holding every word typed."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from touchdesk.domain.board import TAG_SEPARATOR, Card, filter_words, matching, search_texts
from touchdesk.domain.names import person_name

# The plain code these replace, kept as the reference.
_EAST_ASIAN_RANGES = (
    (0x3040, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
)


def reference_person_name(first_name: str, last_name: str) -> str:
    first, last = first_name.strip(), last_name.strip()
    east = any(lo <= ord(ch) <= hi for ch in first + last for lo, hi in _EAST_ASIAN_RANGES)
    parts = (last, first) if east else (first, last)
    return " ".join(part for part in parts if part)


def reference_search_text(card: Card) -> str:
    digits = "".join(ch for ch in card.phone if ch.isdigit())
    parts = (card.name, card.company, card.email, card.phone, digits, *card.tags)
    return "\n".join(parts).casefold()


def card(first: str, last: str, company: str, email, phone, tags) -> Card:
    return Card(
        1, first, last, company, 1, "active", 0, 0, None, "UTC",
        None, None, None, None, email, phone, tags,
    )  # fmt: skip


names = st.text(st.characters(blacklist_categories=("Cs",)), max_size=12)
maybe = st.none() | names


@given(names, names)
@example("太郎", "山田")
@example(" Ada ", "")
@example("", "김")
@example("\u3000", "x")
def test_a_name_reads_as_the_plain_code_read_it(first: str, last: str):
    assert person_name(first, last) == reference_person_name(first, last)


@given(names, names, names, maybe, maybe | st.sampled_from(["+1 (512) 555-0143", "٠١٢ ²3"]))
@example("Ada", "", "", None, "+44 20 7946 0018")
@example("", "", "", None, None)
def test_a_search_text_reads_as_the_plain_code_made_it(first, last, company, email, phone):
    for tags in (None, "", "vip", f"vip{TAG_SEPARATOR}Straße{TAG_SEPARATOR}"):
        each = card(first, last, company, email, phone, tags)
        assert search_texts([each]) == [reference_search_text(each)]
        assert each.search_text() == reference_search_text(each)


def test_the_filter_keeps_the_cards_holding_every_word():
    cards = [
        card("Ada", "Lovelace", "Analytical", "ada@example.com", "+1 512 555 0143", "vip"),
        card("Grace", "Hopper", "Navy", None, None, None),
        card("Ada", "Byron", "", None, "020 7946", f"poet{TAG_SEPARATOR}vip"),
    ]
    texts = search_texts(cards)
    assert matching(cards, texts, filter_words("ADA")) == [cards[0], cards[2]]
    assert matching(cards, texts, filter_words("ada vip byron")) == [cards[2]]
    assert matching(cards, texts, filter_words("5125550143")) == [cards[0]]
    assert matching(cards, texts, filter_words("nobody")) == []
