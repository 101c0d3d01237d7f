"""Envelope and label geometry checked against the published numbers (in points)."""

import pytest

from touchdesk.domain.mail_layout import (
    ENVELOPES,
    SHEETS,
    custom_sheet,
    inch,
    mm,
    place_labels,
)


def test_envelope_sizes_landscape():
    sizes = {key: (round(e.width, 1), round(e.height, 1)) for key, e in ENVELOPES.items()}
    assert sizes == {
        "us10": (684.0, 297.0),
        "us9": (639.0, 279.0),
        "a2": (414.0, 315.0),
        "a7": (522.0, 378.0),
        "dl": (623.6, 311.8),
        "c5": (649.1, 459.2),
        "c6": (459.2, 323.1),
    }


def test_number_10_delivery_block_sits_in_the_usps_band():
    box = ENVELOPES["us10"].delivery_box
    assert (box.x, box.y) == pytest.approx((inch(4.0), inch(2.0)))
    assert box.y + box.height == pytest.approx(inch(4.125 - 5 / 8))  # barcode band stays clear
    assert box.x + box.width == pytest.approx(inch(9.5 - 0.5))


@pytest.mark.parametrize("key", sorted(ENVELOPES))
def test_every_envelope_keeps_return_and_delivery_apart_and_on_the_paper(key):
    envelope = ENVELOPES[key]
    ret, delivery = envelope.return_box, envelope.delivery_box
    assert ret.x + ret.width <= delivery.x or ret.y + ret.height <= delivery.y
    assert delivery.height >= 4 * 10  # room for four lines at 8 pt or more
    assert delivery.x + delivery.width <= envelope.width - inch(0.5) + 0.01
    assert delivery.y + delivery.height <= envelope.height - inch(5 / 8) + 0.01


@pytest.mark.parametrize(
    "key, grid, label, first, pitch",
    [
        (
            "avery-5160",
            (3, 10),
            (inch(2.625), inch(1)),
            (inch(0.1875), inch(0.5)),
            (inch(2.75), inch(1)),
        ),
        ("avery-5163", (2, 5), (inch(4), inch(2)), (inch(0.17), inch(0.5)), (inch(4.16), inch(2))),
        ("avery-l7160", (3, 7), (mm(63.5), mm(38.1)), (mm(7.25), mm(15.15)), (mm(66.0), mm(38.1))),
        ("avery-l7163", (2, 7), (mm(99.1), mm(38.1)), (mm(4.65), mm(15.15)), (mm(101.6), mm(38.1))),
    ],
)
def test_sheet_geometry_matches_the_specification(key, grid, label, first, pitch):
    sheet = SHEETS[key]
    columns, rows = grid
    assert sheet.per_sheet == columns * rows
    top_left = sheet.slot(0)
    assert (top_left.x, top_left.y) == pytest.approx(first)
    assert (top_left.width, top_left.height) == pytest.approx(label)
    second, below = sheet.slot(1), sheet.slot(columns)
    assert second.x - top_left.x == pytest.approx(pitch[0])
    assert below.y - top_left.y == pytest.approx(pitch[1])
    last = sheet.slot(sheet.per_sheet - 1)
    assert last.x + last.width <= sheet.page_width
    assert last.y + last.height <= sheet.page_height
    assert sheet.problems() == []


def test_starting_at_label_n_on_a_part_used_sheet_then_a_new_sheet():
    sheet = SHEETS["avery-5163"]  # 10 per sheet
    placed = place_labels(sheet, 4, start=9)
    assert [(p.page, p.item) for p in placed] == [(0, 0), (0, 1), (1, 2), (1, 3)]
    assert placed[0].box == sheet.slot(8)
    assert placed[2].box == sheet.slot(0)


def test_nudge_moves_every_label():
    sheet = SHEETS["avery-5160"]
    [plain] = place_labels(sheet, 1)
    [nudged] = place_labels(sheet, 1, nudge=(mm(1), mm(-2)))
    assert nudged.box.x - plain.box.x == pytest.approx(mm(1))
    assert nudged.box.y - plain.box.y == pytest.approx(mm(-2))


def test_start_outside_the_sheet_is_refused():
    with pytest.raises(ValueError, match="between 1 and 30"):
        place_labels(SHEETS["avery-5160"], 1, start=31)


def test_custom_grid_checks():
    good = custom_sheet(
        page="a4",
        columns=2,
        rows=8,
        label_width_mm=99,
        label_height_mm=34,
        top_mm=12,
        left_mm=5,
        pitch_across_mm=101,
        pitch_down_mm=34,
    )
    assert good.problems() == [] and good.per_sheet == 16
    overlapping = custom_sheet(
        page="letter",
        columns=3,
        rows=10,
        label_width_mm=70,
        label_height_mm=25,
        top_mm=12,
        left_mm=5,
        pitch_across_mm=60,
        pitch_down_mm=25,
    )
    assert "overlap" in " ".join(overlapping.problems())
    too_big = custom_sheet(
        page="a4",
        columns=3,
        rows=10,
        label_width_mm=70,
        label_height_mm=30,
        top_mm=12,
        left_mm=5,
        pitch_across_mm=70,
        pitch_down_mm=30,
    )
    assert "off the page" in " ".join(too_big.problems())
