"""A template's placeholders, problems, filling and blanks read as when each text was parsed
afresh on every call, over any text, and asking again gives the same answer."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from touchdesk.domain.templates import (
    KNOWN_PLACEHOLDERS,
    TemplateError,
    placeholders,
    render,
    template_problems,
    unfilled,
)


def _placeholders_afresh(text: str) -> list[str]:
    names = []
    try:
        for _, field, _, _ in string.Formatter().parse(text):
            if field is not None:
                names.append(field)
    except ValueError:
        return names
    return names


def _problems_afresh(text: str) -> list[str]:
    try:
        list(string.Formatter().parse(text))
    except ValueError:
        return ["A '{' or '}' is not closed; write {{ or }} for a literal brace."]
    unknown = sorted({n for n in _placeholders_afresh(text) if n not in KNOWN_PLACEHOLDERS})
    return [f"Unknown placeholder {{{name}}}." for name in unknown]


# Template-like text: braces, known and unknown names, conversions and any Unicode.
_PIECES = st.sampled_from(
    ["{", "}", "{{", "}}", "{first_name}", "{my_name}", "{typo}", "{0}", "{a!r}", "{b:>3}", " "]
    + [f"{{{name}}}" for name in KNOWN_PLACEHOLDERS]
)
TEXTS = st.lists(_PIECES | st.text(max_size=8), max_size=12).map("".join) | st.text()
VALUES = st.dictionaries(st.sampled_from(sorted(KNOWN_PLACEHOLDERS)), st.text(max_size=6))


@settings(max_examples=500, deadline=None)
@given(text=TEXTS, values=VALUES)
def test_reading_a_template_twice_answers_as_reading_it_afresh(text, values):
    for _ in range(2):
        names = placeholders(text)
        assert names == _placeholders_afresh(text)
        names.append("changed by the caller")  # a caller's list is its own
        problems = template_problems(text)
        assert problems == _problems_afresh(text)
        problems.clear()
        assert unfilled(text, values) == [
            n
            for i, n in enumerate(_placeholders_afresh(text))
            if n in KNOWN_PLACEHOLDERS
            and values.get(n, "").strip() in ("", "—")
            and n not in _placeholders_afresh(text)[:i]
        ]
        if _problems_afresh(text):
            try:
                render(text, values)
            except TemplateError as error:
                assert str(error) == " ".join(_problems_afresh(text))
            else:
                raise AssertionError("a template with problems was filled")
        else:
            filled = {name: values.get(name, "") for name in KNOWN_PLACEHOLDERS}
            assert _outcome(render, text, values) == _outcome(str.format_map, text, filled)


def _outcome(fill, text: str, values: dict[str, str]) -> str | type:
    try:
        return fill(text, values)
    except (ValueError, KeyError, IndexError) as error:  # e.g. a conversion Python lacks
        return type(error)
