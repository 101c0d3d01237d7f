"""Smart questions and stage-fitting material: what to ask and send where the prospect stands,
and the question for whoever referred them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from touchdesk.domain.templates import TemplateInfo


@dataclass(frozen=True)
class QuestionSpec:
    """A built-in question to ask a prospect, and the stage it suits."""

    title: str  # the question itself, short enough to be a next step's purpose
    body: str  # why it helps, or how to ask it
    stage: str = ""  # the default stage it belongs to, by name; "" for any stage


# Questions that show the seller knows the prospect's problem and move the talk on; each one
# belongs where the buying cycle usually stands when it is worth asking.
BUILTIN_QUESTIONS: tuple[QuestionSpec, ...] = (
    QuestionSpec(
        "What made this come up now?",
        "The trigger tells you the urgency and who feels the pain.",
        "New",
    ),
    QuestionSpec(
        "Who else will weigh in on this?",
        "Find the other people in the decision before they find you.",
        "Contacted",
    ),
    QuestionSpec(
        "What would a good result look like in six months?",
        "Their own words for success, to measure the proposal against.",
        "Meeting",
    ),
    QuestionSpec(
        "Which part of the proposal would you change?",
        "An invitation to object while there is still time to adjust.",
        "Proposal",
    ),
    QuestionSpec(
        "What could still stop this from going ahead?",
        "Bring the last obstacle into the open and deal with it together.",
        "Negotiation",
    ),
    QuestionSpec(
        "How are you handling this today?",
        "The current way is what you are really competing with.",
    ),
    QuestionSpec(
        "What happens if nothing changes this year?",
        "The cost of waiting, in their terms.",
    ),
)

# Built-in reasons that suit a stage best (by default stage name); the rest suit any stage.
REASON_STAGES: dict[str, str] = {
    "A customer story": "Meeting",
    "A pricing update": "Proposal",
}

# Besides the thank-you: something useful the referrer may know about the person referred.
REFERRER_REASON = (
    "Ask the referrer about them",
    "Whoever introduced you knows what matters to them: ask before the next touch.",
)
REFERRER_QUESTION_TEMPLATE = TemplateInfo(
    "referrer_question",
    "Ask the referrer about the prospect",
    "email",
    "A quick question about {referred_name}",
    "Hi {first_name},\n\nThank you again for putting me in touch with {referred_name}. "
    "Before we speak next, is there anything you think I should know: what is on their "
    "plate at the moment, or what matters most to them? It would help me bring them "
    "something useful.\n\n{my_name}",
    True,
)


class Staged(Protocol):
    @property
    def stage_id(self) -> int | None: ...


T = TypeVar("T", bound=Staged)


def stage_first(items: Iterable[T], stage_id: int | None) -> list[T]:
    """Those tied to `stage_id` first, then those for any stage, then those of other stages;
    the library's own order inside each group."""

    def rank(item: T) -> int:
        if stage_id is not None and item.stage_id == stage_id:
            return 0
        return 1 if item.stage_id is None else 2

    return sorted(items, key=rank)


def unique_titles(titles: Sequence[str]) -> list[str]:
    """Each title once, the first place it appears (a reason and a question may share one)."""
    seen: set[str] = set()
    kept = []
    for title in titles:
        if title not in seen:
            seen.add(title)
            kept.append(title)
    return kept
