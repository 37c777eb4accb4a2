"""Declarative, resumable flows: a flow is a list of steps; each step says what it asks, what
input it expects, how that input is checked and where to go next.

The application owns I/O. Per step it hands in a :class:`View` (what it knows right now: the
cart, the shipping options, ...), calls :func:`interpret` on the shopper's message and moves
the :class:`FlowState` on with :meth:`Flow.answer`, :meth:`Flow.back` or :meth:`Flow.skip`.
The state is plain JSON (:meth:`FlowState.to_json`), so it can be stored with the
conversation and a reload or a server restart resumes at the same step.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

from flows.parsing import (
    Invalid,
    parse_address,
    parse_code,
    parse_email,
    parse_order_number,
    parse_quantity,
    parse_yes_no,
)
from flows.text import Text, fold_without_accents

JSON: TypeAlias = str | int | float | bool | list["JSON"] | dict[str, "JSON"] | None
Answers: TypeAlias = Mapping[str, JSON]
#: The step id of a finished flow.
DONE = "done"


class Expect(enum.Enum):
    CHOICE = "choice"
    TEXT = "text"
    EMAIL = "email"
    ADDRESS = "address"
    QUANTITY = "quantity"
    YES_NO = "yes_no"
    ORDER_NUMBER = "order_number"
    #: A discount code, or one of the step's choices ("Ohne Gutschein weiter").
    CODE = "code"


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: Text
    #: Further words that pick this choice when typed ("weiter", "ok").
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class View:
    """What the application knows for one step right now."""

    #: Shown above the step's question (a cart listing, a summary).
    intro: Text | None = None
    #: Choices in addition to the step's own (shipping options, cart lines).
    choices: tuple[Choice, ...] = ()
    #: Values for the ``{placeholders}`` in the step's prompt.
    params: Mapping[str, str] = field(default_factory=dict)
    #: Nothing to ask here (no bundle fits, the email is known): move on, storing ``answer``.
    skip: bool = False
    answer: JSON = None


Next: TypeAlias = Callable[[Answers], str | None]
Check: TypeAlias = Callable[[JSON, Answers], Text | None]


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    prompt: Text
    expects: Expect
    #: The next step's id, a function of the answers so far, or ``None``: the flow ends.
    next: str | Next | None = None
    choices: tuple[Choice, ...] = ()
    #: Extra validation of a parsed answer: ``None`` when fine, else what to fix.
    check: Check | None = None
    minimum: int = 0
    maximum: int = 99

    def next_step(self, answers: Answers) -> str | None:
        if self.next is None or isinstance(self.next, str):
            return self.next
        return self.next(answers)

    @property
    def input_hint(self) -> str:
        """How the widget should set up its input field for this step."""
        return self.expects.value


@dataclass(frozen=True, slots=True)
class FlowState:
    flow: str
    step: str
    answers: Mapping[str, JSON] = field(default_factory=dict)
    #: The steps answered on the way here, for "back".
    trail: tuple[str, ...] = ()
    #: Left alone too long (or put aside by the shopper): resumed only when asked.
    paused: bool = False

    @property
    def done(self) -> bool:
        return self.step == DONE

    def to_json(self) -> dict[str, JSON]:
        return {
            "name": self.flow,
            "step": self.step,
            "answers": dict(self.answers),
            "trail": list(self.trail),
            "paused": self.paused,
        }

    @staticmethod
    def from_json(data: object) -> FlowState | None:
        """The stored state, or ``None`` for anything that is not one (never raises)."""
        if not isinstance(data, dict):
            return None
        name, step, answers = data.get("name"), data.get("step"), data.get("answers", {})
        trail, paused = data.get("trail", []), data.get("paused", False)
        if not isinstance(name, str) or not isinstance(step, str):
            return None
        if not isinstance(answers, dict) or not all(isinstance(k, str) for k in answers):
            return None
        if not isinstance(trail, list) or not all(isinstance(s, str) for s in trail):
            return None
        return FlowState(name, step, dict(answers), tuple(trail), paused is True)

    def with_answer(self, key: str, value: JSON) -> FlowState:
        return FlowState(
            self.flow, self.step, {**self.answers, key: value}, self.trail, self.paused
        )

    def at(self, step: str, *, keep_trail: bool = True) -> FlowState:
        """The same answers at another step (e.g. back to the cart after a failed order)."""
        trail = self.trail if keep_trail else ()
        return FlowState(self.flow, step, self.answers, trail, False)

    def rewind(self, step: str) -> FlowState:
        """Back to an earlier ``step`` (a choice there is no longer valid); the trail is cut
        to what led there."""
        trail = self.trail[: self.trail.index(step)] if step in self.trail else self.trail
        return FlowState(self.flow, step, self.answers, trail, False)

    def paused_as(self, paused: bool) -> FlowState:
        return FlowState(self.flow, self.step, self.answers, self.trail, paused)


@dataclass(frozen=True, slots=True)
class Flow:
    name: str
    steps: tuple[Step, ...]

    def __post_init__(self) -> None:
        ids = [s.id for s in self.steps]
        if not ids or len(set(ids)) != len(ids) or DONE in ids:
            raise ValueError(f"flow {self.name}: step ids must be unique and not {DONE!r}")
        for s in self.steps:
            if isinstance(s.next, str) and s.next not in ids:
                raise ValueError(f"flow {self.name}: step {s.id} goes to unknown {s.next!r}")

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def has_step(self, step_id: str) -> bool:
        return any(s.id == step_id for s in self.steps)

    def start(self) -> FlowState:
        return FlowState(self.name, self.steps[0].id)

    def answer(self, state: FlowState, value: JSON) -> FlowState:
        """Store the current step's answer and move on to the step it leads to."""
        step = self.step(state.step)
        answers = {**state.answers, step.id: value}
        following = step.next_step(answers)
        if following is not None and not self.has_step(following):
            raise ValueError(f"flow {self.name}: step {step.id} leads to unknown {following!r}")
        trail = (*state.trail, step.id)
        return FlowState(self.name, following or DONE, answers, trail, False)

    def skip(self, state: FlowState, value: JSON = None) -> FlowState:
        """Move past a step with nothing to ask; "back" later jumps over it as well."""
        moved = self.answer(state, value)
        return FlowState(moved.flow, moved.step, moved.answers, state.trail, False)

    def back(self, state: FlowState) -> FlowState | None:
        """The previous step, or ``None`` at the first one."""
        if not state.trail:
            return None
        previous = state.trail[-1]
        answers = {k: v for k, v in state.answers.items() if k != state.step}
        return FlowState(self.name, previous, answers, state.trail[:-1], False)


# -- understanding a message in a step ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answered:
    value: JSON


@dataclass(frozen=True, slots=True)
class GoBack:
    pass


@dataclass(frozen=True, slots=True)
class Cancel:
    pass


@dataclass(frozen=True, slots=True)
class Question:
    """Not an answer but a question: let the FAQ answer it, then ask the step again."""

    text: str


@dataclass(frozen=True, slots=True)
class Rejected:
    message: Text


Interpretation: TypeAlias = Answered | GoBack | Cancel | Question | Rejected

BACK_WORDS = frozenset({"zurueck", "back", "go back", "zurueck bitte", "back please", "previous"})
CANCEL_WORDS = frozenset(
    {
        "abbrechen",
        "abbruch",
        "cancel",
        "stop",
        "stopp",
        "beenden",
        "quit",
        "exit",
        "bestellung abbrechen",
        "checkout abbrechen",
        "cancel checkout",
        "cancel order",
        "vergiss es",
        "never mind",
        "nevermind",
    }
)
_QUESTION_STARTS = frozenset(
    [
        "wie",
        "was",
        "wann",
        "wo",
        "wohin",
        "woher",
        "warum",
        "wieso",
        "weshalb",
        "welche",
        "welcher",
        "welches",
        "welchen",
        "wer",
        "kann",
        "koennen",
        "koennt",
        "gibt",
        "gibts",
        "muss",
        "muessen",
        "darf",
        "duerfen",
        "ist",
        "sind",
        "habt",
        "haben",
        "hat",
        "bietet",
        "liefert",
        "liefern",
        "how",
        "what",
        "when",
        "where",
        "why",
        "which",
        "who",
        "can",
        "could",
        "do",
        "does",
        "is",
        "are",
        "will",
        "would",
        "should",
        "may",
    ]
)
STALE = Rejected(
    Text(
        de="Dieser Knopf gehört zu einem früheren Schritt.",
        en="That button belongs to an earlier step.",
    )
)
CHOOSE = Text(
    de="Bitte wählen Sie eine der Möglichkeiten: {options}.",
    en="Please pick one of the options: {options}.",
)
TEXT_MISSING = Rejected(Text(de="Bitte schreiben Sie etwas dazu.", en="Please write something."))
QUANTITY_RANGE = Text(
    de="Bitte eine Anzahl von {low} bis {high}.",
    en="Please give a number from {low} to {high}.",
)
MAX_FREE_TEXT = 500


def looks_like_question(text: str) -> bool:
    words = fold_without_accents(text).split()
    return "?" in text or (bool(words) and words[0] in _QUESTION_STARTS and len(words) > 2)


def command_of(text: str) -> GoBack | Cancel | None:
    folded = fold_without_accents(text)
    if folded in BACK_WORDS:
        return GoBack()
    if folded in CANCEL_WORDS:
        return Cancel()
    return None


def interpret(
    flow: Flow,
    step: Step,
    view: View,
    text: str,
    payload: Mapping[str, object],
    answers: Answers,
) -> Interpretation:
    """What the shopper's message means in this step. Buttons carry their meaning in the
    payload (``{"flow", "step", "choice"}`` or ``{"flow", "command"}``); typed text is parsed."""
    if payload.get("flow") == flow.name:
        command = payload.get("command")
        if command == "back":
            return GoBack()
        if command == "cancel":
            return Cancel()
        if "choice" in payload:
            if payload.get("step") != step.id:
                return STALE
            chosen = payload.get("choice")
            if step.expects is Expect.YES_NO and isinstance(chosen, bool):
                return _checked(step, chosen, answers)
            for choice in (*step.choices, *view.choices):
                if choice.id == chosen:
                    return _checked(step, choice.id, answers)
            return STALE
    if isinstance(payload.get("article"), str):
        return Question(text)  # a "did you mean" suggestion picked in the middle of the flow
    command_ = command_of(text)
    if command_ is not None:
        return command_
    parsed = _parse(step, view, text)
    if isinstance(parsed, Invalid):
        return Question(text) if looks_like_question(text) else Rejected(parsed.message)
    return _checked(step, parsed, answers)


def _checked(step: Step, value: JSON, answers: Answers) -> Interpretation:
    in_range = not isinstance(value, int) or step.minimum <= value <= step.maximum
    if step.expects is Expect.QUANTITY and not in_range:
        return Rejected(QUANTITY_RANGE.format(low=step.minimum, high=step.maximum))
    if step.check is not None:
        problem = step.check(value, answers)
        if problem is not None:
            return Rejected(problem)
    return Answered(value)


def _parse(step: Step, view: View, text: str) -> JSON | Invalid:
    kind = step.expects
    if kind is Expect.CHOICE:
        choices = (*step.choices, *view.choices)
        found = match_choice(text, choices)
        if found is None:
            names = ", ".join(f"„{c.label.de}“" for c in choices)
            names_en = ", ".join(f"“{c.label.en}”" for c in choices)
            return Invalid(
                Text(de=CHOOSE.de.format(options=names), en=CHOOSE.en.format(options=names_en))
            )
        return found.id
    if kind is Expect.EMAIL:
        return parse_email(text)
    if kind is Expect.ADDRESS:
        address = parse_address(text)
        return address if isinstance(address, Invalid) else dict(address.to_json())
    if kind is Expect.QUANTITY:
        return parse_quantity(text)
    if kind is Expect.YES_NO:
        return parse_yes_no(text)
    if kind is Expect.ORDER_NUMBER:
        return parse_order_number(text)
    if kind is Expect.CODE:
        chosen = match_choice(text, (*step.choices, *view.choices))
        return chosen.id if chosen is not None else parse_code(text)
    cleaned = " ".join(text.split())
    if not cleaned:
        return Invalid(TEXT_MISSING.message)
    return cleaned[:MAX_FREE_TEXT]


def match_choice(text: str, choices: tuple[Choice, ...]) -> Choice | None:
    """The choice the text names: exactly, by its number in the list ("2"), or as the only
    choice whose words contain all the typed words ("bestellen", "dhl express")."""
    folded = fold_without_accents(text)
    if not folded:
        return None
    for choice in choices:
        names = {
            fold_without_accents(choice.id),
            fold_without_accents(choice.label.de),
            fold_without_accents(choice.label.en),
        }
        names |= {fold_without_accents(a) for a in choice.aliases}
        if folded in names:
            return choice
    if folded.isdigit() and 1 <= int(folded) <= len(choices):
        return choices[int(folded) - 1]
    typed = set(folded.split())
    if len(folded) < 3:
        return None
    hits = []
    for choice in choices:
        words: set[str] = set()
        for name in (choice.label.de, choice.label.en, *choice.aliases):
            words |= set(fold_without_accents(name).split())
        if typed <= words:
            hits.append(choice)
    return hits[0] if len(hits) == 1 else None


# -- what to show -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Button:
    label: str
    text: str
    payload: dict[str, JSON]


@dataclass(frozen=True, slots=True)
class Prompt:
    text: str
    buttons: tuple[Button, ...]
    #: The kind of input the step expects, for the widget's input field.
    hint: str


NAV_BACK = Text(de="Zurück", en="Back")
NAV_CANCEL = Text(de="Abbrechen", en="Cancel")
YES = Text(de="Ja", en="Yes")
NO = Text(de="Nein", en="No")


def render(
    flow: Flow,
    state: FlowState,
    view: View,
    lang: str,
    *,
    lead: Text | None = None,
    navigation: bool = True,
) -> Prompt:
    """The step's question in ``lang``: ``lead`` (what just happened), the view's intro, the
    prompt, and buttons for the choices, yes/no, back and cancel."""
    step = flow.step(state.step)
    prompt = step.prompt.format(**view.params) if view.params else step.prompt
    text = Text.join([lead, view.intro, prompt], sep="\n\n")
    assert text is not None  # the prompt is always there
    buttons: list[Button] = []
    for choice in (*step.choices, *view.choices):
        label = choice.label.get(lang)
        buttons.append(
            Button(label, label, {"flow": flow.name, "step": step.id, "choice": choice.id})
        )
    if step.expects is Expect.YES_NO:
        for value, word in ((True, YES), (False, NO)):
            label = word.get(lang)
            buttons.append(
                Button(label, label, {"flow": flow.name, "step": step.id, "choice": value})
            )
    if navigation:
        if state.trail:
            label = NAV_BACK.get(lang)
            buttons.append(Button(label, label, {"flow": flow.name, "command": "back"}))
        label = NAV_CANCEL.get(lang)
        buttons.append(Button(label, label, {"flow": flow.name, "command": "cancel"}))
    return Prompt(text.get(lang), tuple(buttons), step.input_hint)
