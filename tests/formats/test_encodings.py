"""Short files in legacy code pages read as the names they hold, and an encoding can be chosen."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchdesk.domain.scripts import naturalness, unnatural_word
from touchdesk.formats.contact_rows import ImportProblem
from touchdesk.formats.csv_import import open_csv

# Each as a seller's spreadsheet saves it on a Windows set to that language.
SHORT_FILES = [
    ("cp1252", "First Name,Last Name,Company\nJosé,Müller,Café GmbH\n"),
    ("cp1252", "Name,Company\nSøren Kierkegaard,København\n"),
    ("cp1252", "Name,Company\nJoão Gonçalves,São Paulo\n"),
    ("cp1252", "Name,Price\nAnn,5 €\n"),
    ("cp1250", "First Name,Last Name\nŁukasz,Kowalczyk\n"),
    ("cp1250", "First Name,Last Name\nJózef,Wiśniewski\n"),
    ("cp1250", "First Name,Last Name\nGrażyna,Kamiński\n"),
    ("cp1250", "Name,Company\nJiří Dvořák,Škoda\n"),
    ("cp1250", "Name,Company\nTomáš Jovanović,Ďurica\n"),
    ("cp1250", "Name,Company\nĽubomír Štúr,Žilina\n"),
    ("cp1251", "Name,Company\nИван Петров,ООО Ромашка\n"),
    ("cp1251", "First Name,Last Name\nИван,Иванов\n"),
    ("cp1251", "Name,Company\nТарас Шевченко,Київ\n"),
    ("cp1253", "Name,Company\nΓιάννης Παπαδόπουλος,Αθήνα\n"),
    ("cp1254", "Name,Company\nŞükrü Öztürk,Ağaç\n"),
    ("cp1257", "Name,Company\nJānis Bērziņš,Rīga\n"),
    ("koi8-r", "Name,Company\nИван Петров,ООО Ромашка\n"),
    ("cp866", "Name,Company\nИван Петров,ООО Ромашка\n"),
]


@pytest.mark.parametrize("encoding, text", SHORT_FILES)
def test_short_legacy_files_read_as_their_language(encoding: str, text: str) -> None:
    opened = open_csv(text.encode(encoding))
    assert opened.text == text
    assert opened.guessed
    (row,) = opened.rows()
    assert not row.problems


def test_many_short_polish_and_russian_names_read_right() -> None:
    firsts = ["Łukasz", "Paweł", "Małgorzata", "Józef", "Grażyna", "Wojciech", "Żaneta"]
    lasts = ["Wiśniewski", "Dąbrowski", "Woźniak", "Kamiński", "Jabłoński", "Król", "Stępień"]
    for first, last in itertools.product(firsts, lasts):
        text = f"First Name,Last Name\n{first},{last}\n"
        assert open_csv(text.encode("cp1250")).text == text
    for first, last in itertools.product(["Иван", "Ольга", "Юрий"], ["Петров", "Смирнова"]):
        text = f"First Name,Last Name\n{first},{last}\n"
        assert open_csv(text.encode("cp1251")).text == text


def test_the_seller_can_choose_the_encoding() -> None:
    data = "First Name,Last Name,Company\nJosé,Müller,Café GmbH\n".encode("cp1252")
    opened = open_csv(data)
    # The other readings are offered, likeliest first, the chosen one at the head.
    assert opened.encodings[0] == "cp1252"
    assert {"cp1250", "cp1251"} <= set(opened.encodings)
    assert opened.sample_lines()[1] == "José,Müller,Café GmbH"
    baltic = open_csv(data, "windows-1257")
    assert baltic.encoding == "cp1257" and not baltic.guessed
    assert open_csv(data, "CP775").sample_lines()[1] == "Josķ,M³ller,Cafķ GmbH"


def test_a_wrong_or_unknown_encoding_is_explained() -> None:
    data = "Name,Company\nAnn,Acme\nJosé,Café\n".encode("cp1252")
    with pytest.raises(ImportProblem, match="cannot be read as Unicode \\(UTF-8\\)") as caught:
        open_csv(data, "utf-8")
    assert caught.value.line_number == 3
    with pytest.raises(ImportProblem, match="'klingon' is not an encoding"):
        open_csv(data, "klingon")


def test_names_mixing_scripts_or_symbols_are_flagged() -> None:
    data = "First Name,Last Name,Company\nJosé,Müller,Café GmbH\n".encode("cp1252")
    (row,) = open_csv(data, "cp775").rows()  # read with the wrong page, as before
    assert any("'M³ller' mixes letters" in problem for problem in row.problems)
    text = "First Name,Last Name,Company\nPаul,Smith,Acme\nAnn,Lee,ABC公司\n🚀 Sam,Okafor,\n"
    paul, ann, sam = open_csv(text.encode()).rows()  # the а in 'Pаul' is Cyrillic
    assert any("Name 'Pаul Smith' looks garbled" in problem for problem in paul.problems)
    assert not ann.problems and not sam.problems


LATIN = st.characters(
    codec="latin-1", categories=("Lu", "Ll"), exclude_characters="ªµº"
) | st.sampled_from("ąćęłńóśźżčďěňřšťůž")
CYRILLIC = st.characters(min_codepoint=0x0410, max_codepoint=0x044F)


@given(st.lists(st.text(LATIN, min_size=1) | st.text(CYRILLIC, min_size=1), max_size=6))
def test_words_of_one_alphabet_are_never_flagged(words: list[str]) -> None:
    assert unnatural_word(" ".join(words)) == ""


@given(st.text(max_size=40))
def test_naturalness_of_any_text_is_a_number(text: str) -> None:
    assert isinstance(naturalness(text), int)
