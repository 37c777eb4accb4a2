"""What the customer list was asked for: the query string parsed into a checked, plain
value (pure: no I/O). Bad values are dropped with a reason the page shows; nothing else of
the query is lost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from assistant.lifecycle.stages import Stage

PAGE_SIZE = 50
MAX_QUERY_CHARS = 200
MAX_INACTIVE_DAYS = 3650
#: "Active within N days" choices offered by the filter.
ACTIVE_CHOICES = (7, 30, 90)
SORTS = ("activity", "score")
ORDERS = ("desc", "asc")
STAGES = tuple(s.value for s in Stage)


@dataclass(frozen=True, slots=True)
class CustomerQuery:
    q: str = ""
    shop: str | None = None
    stage: str | None = None
    score_min: int | None = None
    score_max: int | None = None
    active_days: int | None = None
    inactive_days: int | None = None
    sort: str = "activity"
    order: str = "desc"
    page: int = 1
    #: Text keys of the reasons why a value was ignored (``bad_score``, ...).
    problems: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * PAGE_SIZE

    def params(self, **changes: object) -> dict[str, str]:
        """The query as URL parameters (defaults left out), with ``changes`` applied."""
        query = replace(self, **changes)  # type: ignore[arg-type]
        out = {
            "q": query.q,
            "shop": query.shop or "",
            "stage": query.stage or "",
            "score_min": "" if query.score_min is None else str(query.score_min),
            "score_max": "" if query.score_max is None else str(query.score_max),
            "active": "" if query.active_days is None else str(query.active_days),
            "inactive": "" if query.inactive_days is None else str(query.inactive_days),
            "sort": "" if query.sort == "activity" else query.sort,
            "order": "" if query.order == "desc" else query.order,
            "page": "" if query.page == 1 else str(query.page),
        }
        return {k: v for k, v in out.items() if v}

    def url(self, base: str, **changes: object) -> str:
        params = self.params(**changes)
        return f"{base}?{urlencode(params)}" if params else base


def _whole(raw: str | None, low: int, high: int) -> tuple[int | None, bool]:
    """``(value, ok)``: ``(None, True)`` for empty, the number if it is a whole number from
    ``low`` to ``high``, else ``(None, False)``."""
    text = (raw or "").strip()
    if not text:
        return None, True
    try:
        value = int(text)
    except ValueError:
        return None, False
    return (value, True) if low <= value <= high else (None, False)


def parse_query(params: Mapping[str, str], shops: tuple[str, ...]) -> CustomerQuery:
    """``params``: the request's query string; ``shops``: the ones the agent may see (any
    other ``shop`` is ignored, never an error that would tell it exists)."""
    problems: list[str] = []
    q = " ".join((params.get("q") or "").split())[:MAX_QUERY_CHARS]
    shop = params.get("shop") or None
    if shop not in shops:
        shop = None
    stage = params.get("stage") or None
    if stage is not None and stage not in STAGES:
        problems.append("bad_stage")
        stage = None
    score_min, ok_min = _whole(params.get("score_min"), 0, 100)
    score_max, ok_max = _whole(params.get("score_max"), 0, 100)
    if not (ok_min and ok_max):
        problems.append("bad_score")
    if score_min is not None and score_max is not None and score_min > score_max:
        problems.append("bad_score_range")
        score_min = score_max = None
    active_days, ok = _whole(params.get("active"), 1, MAX_INACTIVE_DAYS)
    if not ok or (active_days is not None and active_days not in ACTIVE_CHOICES):
        problems.append("bad_active")
        active_days = None
    inactive_days, ok = _whole(params.get("inactive"), 1, MAX_INACTIVE_DAYS)
    if not ok:
        problems.append("bad_inactive")
    sort = params.get("sort") or "activity"
    order = params.get("order") or "desc"
    page, _ = _whole(params.get("page"), 1, 1_000_000)
    return CustomerQuery(
        q=q,
        shop=shop,
        stage=stage,
        score_min=score_min,
        score_max=score_max,
        active_days=active_days,
        inactive_days=inactive_days,
        sort=sort if sort in SORTS else "activity",
        order=order if order in ORDERS else "desc",
        page=page or 1,
        problems=tuple(problems),
    )


def like_pattern(text: str) -> str:
    """``text`` as a LIKE pattern matching it anywhere (``%``, ``_`` and ``\\`` escaped with
    ``\\``)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def id_search(text: str) -> str:
    """The console shows anonymous customers as ``#1a2b3c`` (the start of their id)."""
    return text[1:] if text.startswith("#") else text
