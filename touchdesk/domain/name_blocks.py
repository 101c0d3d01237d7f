"""Which names at one company look alike: blocked by the start of their words, each two compared
once for the whole desk."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from itertools import combinations

from touchdesk.domain.prospects import similar_names

# A company with this many distinct names is paired through the desk's name masks; a smaller
# one walks its few blocks (a mask as wide as every name would cost it more).
MASKED_NAMES = 16


def block_keys(name: str) -> tuple[tuple[bool, str], ...]:
    """The blocks a name falls in: the start of its first word and of its last word. A typo
    rarely hits both ("Jon Smith" / "John Smith" share "sm")."""
    words = name.split()
    if not words:
        return ()
    return ((True, words[0][:2]), (False, words[-1][:2]))


@lru_cache(maxsize=1 << 16)
def alike(a: str, b: str) -> bool:
    """similar_names(), remembered: the same two names meet again at company after company."""
    return similar_names(a, b)


def candidates(names: Iterable[str]) -> set[tuple[str, str]]:
    """Pairs of distinct names worth comparing within one (small) company: names sharing a
    block, so a company's contacts are not compared every one with every other."""
    blocks: dict[tuple[bool, str], list[str]] = {}
    for name in names:
        for key in block_keys(name):
            blocks.setdefault(key, []).append(name)
    pairs: set[tuple[str, str]] = set()
    for block in blocks.values():
        if len(block) > 1:
            pairs.update(combinations(sorted(block), 2))
    return pairs


def alike_pairs(names: Iterable[str]) -> list[tuple[str, str]]:
    """The pairs of one small company's names that share a block and look alike."""
    return [(x, y) for x, y in candidates(names) if alike(x, y)]


class NameGraph:
    """The names of the large companies as bits: for each name, the names sharing a block with
    it, those already compared with it, and those found alike. A company's alike pairs are read
    by and-ing its own mask with these, so a large company costs about its number of names,
    not the square of its blocks, and each two names are compared once for the whole desk.

    Finds exactly the pairs alike_pairs() finds, company by company."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: list[str] = []
        self.index: dict[str, int] = {}
        blocks: dict[tuple[bool, str], int] = {}
        keys: list[tuple[tuple[bool, str], ...]] = []
        for name in names:
            if name in self.index:  # a large desk's names repeat at company after company
                continue
            found = block_keys(name)
            if not found:
                continue
            bit = 1 << len(self.names)
            self.index[name] = len(self.names)
            self.names.append(name)
            keys.append(found)
            for key in found:
                blocks[key] = blocks.get(key, 0) | bit
        self.blocked = [blocks[first] | blocks[last] for first, last in keys]
        self.compared = [1 << i for i in range(len(self.names))]  # itself needs no comparing
        self.alike = [0] * len(self.names)

    def pairs_within(self, names: Iterable[str]) -> list[tuple[str, str]]:
        """The pairs of these names (one company's) that share a block and look alike."""
        positions = [self.index[name] for name in names if name in self.index]
        company = 0
        for i in positions:
            company |= 1 << i
        found = []
        for i in positions:
            todo = company & self.blocked[i] & ~self.compared[i]
            while todo:  # names of this company not yet compared with this one
                low = todo & -todo
                todo ^= low
                j = low.bit_length() - 1
                self.compared[i] |= low
                self.compared[j] |= 1 << i
                if alike(self.names[i], self.names[j]):
                    self.alike[i] |= low
                    self.alike[j] |= 1 << i
            hits = self.alike[i] & company & ~((2 << i) - 1)  # the higher ones: each pair once
            while hits:
                low = hits & -hits
                hits ^= low
                found.append((self.names[i], self.names[low.bit_length() - 1]))
        return found
