"""Pure library for guided, multi-step conversations: declarative steps with validation,
back, cancel and resume (see :mod:`flows.flow`), the parsers shoppers' answers need
(:mod:`flows.parsing`) and the flows themselves (:mod:`flows.checkout`,
:mod:`flows.order_status`). No I/O: data in, decisions out."""

from flows.flow import (
    DONE,
    JSON,
    Answered,
    Button,
    Cancel,
    Choice,
    Expect,
    Flow,
    FlowState,
    GoBack,
    Interpretation,
    Prompt,
    Question,
    Rejected,
    Step,
    View,
    interpret,
    render,
)
from flows.intents import Intent, detect_intent
from flows.parsing import Address, Invalid
from flows.text import Text

__all__ = [
    "DONE",
    "JSON",
    "Address",
    "Answered",
    "Button",
    "Cancel",
    "Choice",
    "Expect",
    "Flow",
    "FlowState",
    "GoBack",
    "Intent",
    "Interpretation",
    "Invalid",
    "Prompt",
    "Question",
    "Rejected",
    "Step",
    "Text",
    "View",
    "detect_intent",
    "interpret",
    "render",
]
