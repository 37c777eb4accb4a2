"""The review request in the chat: the request's button (or "Bestellung bewerten") brings
five star buttons; a star (or "4 Sterne") brings the offer to add a few words, with a "skip"
button. Only the message right after that offer is taken as the review's text, and not when
it is a question or asks for something else: then the review is kept without text and the
question is answered as usual. A happy customer is thanked (and invited to recommend the shop
when the shop's rules say so); a detractor (1-2 stars by default) gets an apology and the
conversation goes to the agents' queue, with no referral request."""

from __future__ import annotations

from typing import Any

from assistant.conversation.replies import EventDraft, QuickReply, Reply
from assistant.conversation.turns import Response, Turn
from assistant.i18n import L10n
from assistant.lifecycle.loyalty import referral_settings
from assistant.lifecycle.review_orders import reviewed
from assistant.lifecycle.review_service import Given, ReviewService, Taken
from assistant.lifecycle.reviews import HANDOFF_EVENT, ReviewRequest, open_request, request_of
from assistant.lifecycle.settings import parse_settings
from assistant.storage.engine import Sessions
from flows.review import is_skip, looks_like_question, parse_rating, review_text
from flows.text import fold_without_accents as fold

STATE_KEY = "review"
_WANTS_TO_REVIEW = (
    "bestellung bewerten",
    "bewertung abgeben",
    "ich moechte bewerten",
    "ich moechte eine bewertung",
    "rate my order",
    "rate the order",
    "leave a review",
    "write a review",
)

ASK_STARS = L10n(
    de="Wie zufrieden sind Sie mit Ihrer Bestellung {order}? Bitte wählen Sie 1 bis 5 Sterne.",
    en="How happy are you with your order {order}? Please choose 1 to 5 stars.",
)
STAR_LABEL = L10n(de="{n} Sterne", en="{n} stars")
ONE_STAR = L10n(de="1 Stern", en="1 star")
ASK_TEXT = L10n(
    de="Danke für Ihre {n} Sterne! Möchten Sie noch ein paar Worte dazu schreiben? Schreiben "
    "Sie sie einfach hier hinein.",
    en="Thank you for your {n} stars! Would you like to add a few words? Just type them here.",
)
ASK_TEXT_SORRY = L10n(
    de="Das tut uns leid. Was ist schiefgelaufen? Schreiben Sie es uns gern, damit wir es "
    "besser machen können.",
    en="We are sorry to hear that. What went wrong? Please tell us so we can do better.",
)
SKIP = L10n(de="Überspringen", en="Skip")
THANKS = L10n(
    de="Vielen Dank für Ihre Bewertung! Sie hilft uns und anderen Kundinnen und Kunden.",
    en="Thank you for your review! It helps us and other customers.",
)
THANKS_INVITE = L10n(
    de="Vielen Dank für Ihre Bewertung! Schön, dass Sie zufrieden sind. Empfehlen Sie uns "
    "gern weiter: Sie und Ihre Freunde bekommen dafür ein Guthaben.",
    en="Thank you for your review! We are glad you are happy. Feel free to recommend us: "
    "you and your friends get a credit for it.",
)
INVITE = L10n(de="Freunde einladen", en="Invite friends")
SORRY = L10n(
    de="Vielen Dank für Ihre ehrliche Bewertung, und es tut uns leid, dass Sie nicht "
    "zufrieden sind. Ich habe Ihr Anliegen an unser Team weitergegeben: Eine Mitarbeiterin "
    "oder ein Mitarbeiter meldet sich hier im Chat bei Ihnen.",
    en="Thank you for your honest review, and we are sorry you are not happy. I have passed "
    "it on to our team: a member of staff will get back to you here in the chat.",
)
ALREADY = L10n(
    de="Diese Bestellung haben Sie schon bewertet. Vielen Dank!",
    en="You have already reviewed this order. Thank you!",
)
NOTHING_TO_REVIEW = L10n(
    de="Ich finde keine zugestellte Bestellung, die Sie noch bewerten können.",
    en="I cannot find a delivered order that you can still review.",
)


def _wants_to_review(text: str) -> bool:
    padded = f" {fold(text)} "
    return any(f" {p} " in padded for p in _WANTS_TO_REVIEW)


def _star_buttons(action_id: int, lang: str) -> tuple[QuickReply, ...]:
    buttons = []
    for n in range(5, 0, -1):
        words = ONE_STAR.get(lang) if n == 1 else STAR_LABEL.get(lang, n=n)
        buttons.append(
            QuickReply(
                label="★" * n, text=words, payload={"review": {"action": action_id, "rating": n}}
            )
        )
    return tuple(buttons)


def _payload_review(payload: dict[str, Any] | None) -> dict[str, Any] | None:
    raw = (payload or {}).get("review")
    if not isinstance(raw, dict) or not isinstance(raw.get("action"), int):
        return None
    return raw


class ReviewResponder:
    """Asked after the hand-off responders and before the flows."""

    def __init__(self, sessions: Sessions, reviews: ReviewService) -> None:
        self._sessions = sessions
        self._reviews = reviews

    async def respond(self, turn: Turn) -> Response | None:
        if turn.status != "bot" or turn.customer_id is None:
            return None
        payload = turn.message.payload or {}
        pressed = _payload_review(payload)
        step = turn.state.get(STATE_KEY)
        if pressed is not None and isinstance(pressed.get("rating"), int):
            return await self._rated(turn, pressed["action"], pressed["rating"])
        if pressed is not None and pressed.get("skip") is True:
            return await self._finish(turn, pressed["action"], text="")
        if isinstance(payload.get("action"), int):
            found = await self._request(turn, payload["action"])
            if found is not None:
                return await self._ask_stars(turn, found)
        if isinstance(step, dict):
            return await self._continue(turn, step)
        if _wants_to_review(turn.message.text):
            async with self._sessions() as db:
                found = await open_request(db, turn.shop.id, turn.customer_id)
            if found is None:
                return Response(reply=Reply(text=NOTHING_TO_REVIEW.get(turn.locale)))
            return await self._ask_stars(turn, found)
        return None

    async def _request(self, turn: Turn, action_id: int) -> ReviewRequest | None:
        assert turn.customer_id is not None
        async with self._sessions() as db:
            return await request_of(db, turn.shop.id, turn.customer_id, action_id)

    async def _ask_stars(self, turn: Turn, request: ReviewRequest) -> Response:
        lang = turn.locale
        return Response(
            reply=Reply(
                text=ASK_STARS.get(lang, order=request.order_id),
                quick_replies=_star_buttons(request.action_id, lang),
            ),
            events=(EventDraft("review_asked", {"action": request.action_id}),),
            state={**turn.state, STATE_KEY: {"action": request.action_id, "step": "rating"}},
        )

    async def _continue(self, turn: Turn, step: dict[str, Any]) -> Response | None:
        action_id = step.get("action")
        if not isinstance(action_id, int):
            return None
        text = turn.message.text
        if step.get("step") == "rating":
            rating = parse_rating(text)
            if rating is not None:
                return await self._rated(turn, action_id, rating)
            # Something else: the step ends here (the star buttons stay usable).
            self._forget(turn)
            if turn.conversation_id is not None:
                await self._reviews.keep_state(turn.conversation_id, dict(turn.state))
            return None
        rating = step.get("rating")
        if not isinstance(rating, int):
            return None
        if is_skip(text):
            return await self._finish(turn, action_id, text="")
        detractor = rating <= parse_settings(turn.shop.settings).detractor_rating
        if looks_like_question(text) and not detractor:
            # Kept without words; the question goes on to be answered as usual.
            await self._take(turn, action_id, rating, "")
            return None
        # A detractor's question goes to the agent with the review, who answers it.
        return await self._finish(turn, action_id, text=review_text(text), rating=rating)

    async def _rated(self, turn: Turn, action_id: int, rating: int) -> Response | None:
        if not 1 <= rating <= 5:
            return None
        found = await self._request(turn, action_id)
        if found is None:
            return None
        async with self._sessions() as db:
            done = await reviewed(db, turn.shop.id, found.order_id)
        if done:
            return self._already(turn)
        lang = turn.locale
        detractor = rating <= parse_settings(turn.shop.settings).detractor_rating
        ask = ASK_TEXT_SORRY.get(lang) if detractor else ASK_TEXT.get(lang, n=rating)
        skip = SKIP.get(lang)
        return Response(
            reply=Reply(
                text=ask,
                quick_replies=(
                    QuickReply(
                        label=skip,
                        text=skip,
                        payload={"review": {"action": action_id, "skip": True}},
                    ),
                ),
            ),
            state={
                **turn.state,
                STATE_KEY: {"action": action_id, "step": "text", "rating": rating},
            },
        )

    async def _finish(
        self, turn: Turn, action_id: int, *, text: str, rating: int | None = None
    ) -> Response | None:
        step = turn.state.get(STATE_KEY)
        if rating is None and isinstance(step, dict) and step.get("action") == action_id:
            rating = step.get("rating")
        if not isinstance(rating, int):
            return None  # a "skip" without a rating before it: nothing to keep
        taken = await self._take(turn, action_id, rating, text)
        if taken is None:
            return None
        return self._answer(turn, taken)

    async def _take(self, turn: Turn, action_id: int, rating: int, text: str) -> Taken | None:
        assert turn.customer_id is not None
        self._forget(turn)
        given = Given(action_id, turn.customer_id, rating, text, "chat", turn.locale)
        return await self._reviews.take(
            turn.shop, given, conversation_id=turn.conversation_id, state=dict(turn.state)
        )

    @staticmethod
    def _forget(turn: Turn) -> None:
        """The review's step ends here; responders after this one see the state without it."""
        turn.state.pop(STATE_KEY, None)

    def _already(self, turn: Turn) -> Response:
        self._forget(turn)
        return Response(reply=Reply(text=ALREADY.get(turn.locale)), state=dict(turn.state))

    def _answer(self, turn: Turn, taken: Taken) -> Response:
        lang = turn.locale
        saved = taken.saved
        if saved is None:
            return self._already(turn)
        state = dict(turn.state)
        if saved.detractor:
            review = {"rating": saved.rating, "order_id": saved.order_id}
            return Response(
                reply=Reply(text=SORRY.get(lang), meta={"review": review}),
                events=(EventDraft(HANDOFF_EVENT, {"reason": "review", "rating": saved.rating}),),
                state=state,
                status="waiting",
            )
        settings = parse_settings(turn.shop.settings)
        if (
            saved.positive
            and settings.review_referral
            and referral_settings(turn.shop.settings).enabled
        ):
            invite = INVITE.get(lang)
            return Response(
                reply=Reply(
                    text=THANKS_INVITE.get(lang),
                    quick_replies=(QuickReply(label=invite, text=invite),),
                ),
                events=(EventDraft("referral_invited", {"source": "review"}),),
                state=state,
            )
        return Response(reply=Reply(text=THANKS.get(lang)), state=state)
