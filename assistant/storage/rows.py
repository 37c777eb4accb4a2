"""Plain rows for the hot path: a message or an event as a slotted dataclass.

A SQLModel table object validates its values and sets up the ORM's bookkeeping when it is
made: about 60 µs each here, more than the rest of a chat exchange's own work. The exchange
batch writes its messages and events through SQLAlchemy Core anyway (``storage.bulk``), so it
needs only the values: these rows have the tables' column names, the table (``__table__``) and
``model_dump`` for the bulk helpers, and nothing else. Reading code takes them wherever it
takes the models' attributes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import Table

from assistant.storage.models import Event, Message


@dataclass(slots=True)
class MessageRow:
    __table__: ClassVar[Table] = Message.__table__  # type: ignore[attr-defined]

    conversation_id: str
    direction: str
    author: str
    text: str
    created_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)
    client_id: str | None = None
    reply_to: str | None = None
    id: int | None = None

    def model_dump(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


@dataclass(slots=True)
class EventRow:
    __table__: ClassVar[Table] = Event.__table__  # type: ignore[attr-defined]

    shop_id: str
    customer_id: str | None
    conversation_id: str | None
    type: str
    created_at: datetime
    properties: dict[str, Any] = field(default_factory=dict)
    external_id: str | None = None
    id: int | None = None

    def model_dump(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}
