"""Comparing names never crashes, whatever the letters: the rules at their edges and over
arbitrary Unicode (hypothesis)."""

from __future__ import annotations

from itertools import combinations

from hypothesis import example, given
from hypothesis import strategies as st

from touchdesk.domain.merge import PairKey, Person, find_pairs
from touchdesk.domain.prospects import DuplicateReason, _one_slip, name_match, similar_names

# Short words, spaces and a few look-alike letters, so that near misses are common.
words = st.text(alphabet=st.sampled_from("aeiLl1 éßİı田中"), max_size=8) | st.text(max_size=12)


def slips(a: str, b: str) -> int:
    """Edits between two words: letters added, dropped, changed, or neighbours swapped (the
    textbook optimal-string-alignment distance, written for clarity rather than speed)."""
    rows = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        rows[i][0] = i
    for j in range(len(b) + 1):
        rows[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[len(a)][len(b)]


def test_a_short_last_word_against_a_longer_one_no_longer_crashes():
    # 'lee' against 'li' read past the end of the shorter word.
    assert _one_slip("lee", "li") is False
    assert _one_slip("li", "lee") is False
    assert similar_names("anna maria lee", "anna maria li") is False
    assert name_match("Anna Maria", "Lee", "Acme", "Anna Maria", "Li", "Acme") is None
    # Numbered names from a generated database crashed the same way; one word each is
    # compared as a whole, so these two count as alike.
    assert _one_slip("12177", "1210") is False
    assert similar_names("bfirst12177 blast", "bfirst1210 blast") is True


def test_one_slip_at_its_edges():
    assert _one_slip("jon", "john") and _one_slip("john", "jon")  # added, dropped
    assert _one_slip("smith", "smyth")  # changed
    assert _one_slip("smtih", "smith")  # swapped
    assert _one_slip("", "a") and not _one_slip("", "ab")
    assert not _one_slip("smith", "smiht" + "x")  # a swap and an addition are two slips
    assert not _one_slip("ab", "c")


@given(words, words)
@example("ee", "i")
@example("i", "ee")
@example("12177", "1210")
def test_one_slip_is_at_most_one_edit_over_any_text(a, b):
    assert _one_slip(a, b) == (slips(a, b) <= 1)
    assert _one_slip(a, b) == _one_slip(b, a)


names = st.lists(words, min_size=1, max_size=4).map(" ".join)


@given(names, names)
@example("anna maria lee", "anna maria li")
@example("bfirst12177", "bfirst1210")
def test_similar_names_never_raises_and_a_name_is_like_itself(a, b):
    assert isinstance(similar_names(a, b), bool)
    if a:
        assert similar_names(a, a)


@given(words, words, words, words, words, words)
def test_name_match_never_raises(first, last, company, other_first, other_last, other_company):
    reason = name_match(first, last, company, other_first, other_last, other_company)
    assert reason is None or isinstance(reason, DuplicateReason)
    if first.strip() or last.strip():
        assert name_match(first, last, company, first, last, company) is not None


@given(st.lists(st.tuples(names, st.sampled_from(["", "acme", "Big Corp"])), max_size=12))
def test_finding_pairs_never_raises_over_any_names(rows):
    people = [
        Person(pid, name.casefold(), company, (), ()) for pid, (name, company) in enumerate(rows, 1)
    ]
    for key, reasons in find_pairs(people).items():
        assert key.low < key.high and reasons


def _compared(action) -> int:
    """How many times `action` compares two names (counted by the profiler hook: nothing in
    the comparison is replaced)."""
    import sys

    code = similar_names.__code__
    count = 0

    def hook(frame, event, arg) -> None:
        nonlocal count
        if event == "call" and frame.f_code is code:
            count += 1

    sys.setprofile(hook)
    try:
        action()
    finally:
        sys.setprofile(None)
    return count


def test_a_large_company_is_compared_by_distinct_name_not_every_contact_with_every_other():
    # 40 companies of 200 contacts sharing 12 names (a big desk repeats names): comparing
    # contacts pair by pair within the name blocks took ~9 s at 100,000 prospects.
    first = ["anna", "bernd", "carla", "dieter", "eva", "frank"]
    names = [f"{f} {last}" for f in first for last in ("becker", "schmidt")]
    people = [
        Person(company * 1000 + n, f"q{company}{names[n % len(names)]}", f"firm {company}", (), ())
        for company in range(40)
        for n in range(200)
    ]
    found: dict = {}
    comparisons = _compared(lambda: found.update(find_pairs(people)))
    distinct = len(names) * 40
    assert comparisons <= distinct * (distinct - 1) // 2 // 40  # each company's names, once
    # Every two contacts with one name at one company, and nobody across companies.
    same = 40 * len(names) * (200 // len(names)) * (200 // len(names) - 1) // 2
    assert len(found) >= same
    assert all(key.low // 1000 == key.high // 1000 for key in found)


def _pairs_one_by_one(people: list[Person]) -> dict:
    """The reference: every two colleagues whose first or last words start alike, compared."""
    found: dict = {}
    for a, b in combinations(people, 2):
        if not a.company or a.company != b.company or a.prospect_id == b.prospect_id:
            continue
        words_a, words_b = a.full_name.split(), b.full_name.split()
        if not words_a or not words_b:
            continue
        blocked = words_a[0][:2] == words_b[0][:2] or words_a[-1][:2] == words_b[-1][:2]
        if blocked and similar_names(a.full_name, b.full_name):
            found[PairKey.of(a.prospect_id, b.prospect_id)] = [DuplicateReason.NAME_AT_COMPANY]
    return found


@given(
    st.lists(
        st.tuples(st.sampled_from(["jon smith", "john smith", "jon smyth", "ann lee", "an lee",
                                   "anna lee", "lee", "", "j s"]) | names,
                  st.sampled_from(["acme", "big corp"])),
        max_size=14,
    )
)  # fmt: skip
def test_colleagues_paired_by_distinct_name_are_the_pairs_compared_one_by_one(rows):
    people = [Person(pid, name, company, (), ()) for pid, (name, company) in enumerate(rows, 1)]
    assert find_pairs(people) == _pairs_one_by_one(people)


# Long enough lists that a company reaches the size where names are paired through masks.
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["ann", "anne", "anna", "jon", "john", "joan", "lee", "li"]),
            st.sampled_from(["smith", "smyth", "smiths", "lee", "leigh", "ray", "rey", "o"]),
            st.sampled_from(["acme", "big corp"]),
        ),
        min_size=20,
        max_size=70,
    )
)
def test_large_companies_find_the_pairs_compared_one_by_one(rows):
    people = [
        Person(pid, f"{first} {last}", company, (), ())
        for pid, (first, last, company) in enumerate(rows, 1)
    ]
    assert find_pairs(people) == _pairs_one_by_one(people)


def _domain_lines(action) -> int:
    """Lines of the domain's code run by `action`: work counted, whatever the machine's load."""
    import sys

    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if "touchdesk/domain/" not in frame.f_code.co_filename.replace("\\", "/"):
            return None
        count += 1  # the call
        return local

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    sys.settrace(tracer)
    try:
        action()
    finally:
        sys.settrace(None)
    return count


def test_the_same_people_in_fewer_larger_companies_cost_about_the_same():
    # A large desk draws its people from a pool of names: as companies grow, one block (here
    # every name starts "an") holds more and more of them. Each two names are compared once
    # for the desk, and a company costs about its number of names, not the square of its
    # blocks: 2,560 people in 40 companies of 64 cost about what 160 companies of 16 do.
    pool = [f"{first} {last}" for first in ("anders", "angela", "anita", "anton") for last in
            ("adler", "bauer", "cramer", "dietz", "engel", "fuchs", "graf", "hahn", "jung",
             "kuhn", "lang", "mayer", "nagel", "otto", "pohl", "roth")]  # fmt: skip

    def desk(companies: int, size: int) -> list[Person]:
        return [
            Person(c * 1000 + n, pool[(n * 7 + c * 5) % len(pool)], f"firm {c}", (), ())
            for c in range(companies)
            for n in range(size)
        ]

    small, large = desk(160, 16), desk(40, 64)
    for people in (small, large):
        find_pairs(people)  # names already compared are remembered: only the walk is counted
    small_work = _domain_lines(lambda: find_pairs(small))
    large_work = _domain_lines(lambda: find_pairs(large))
    assert large_work <= 2 * small_work


@example("ı1 1 ı1 1 ı1 1", " ı  ı1 1 ı1 1")  # difflib found these alike one way round only
@given(names, names)
def test_two_names_are_alike_whichever_is_named_first(a, b):
    assert similar_names(a, b) == similar_names(b, a)
