"""What goes into each e-mail: the shop's sender and subject, the signed links (confirm,
unsubscribe) under the assistant's public address, the customer's current cart for a cart
reminder, rendered through the shop's templates. Talking to SMTP is the
:class:`~assistant.lifecycle.mailer.Mailer`'s job; choosing who is due, the sweeper's."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlencode

from assistant.clock import Clock, utc_now
from assistant.lifecycle.compose import CONFIRM, ShopEmail, Templates, build, cart_items, shop_email
from assistant.security.links import CONFIRM as CONFIRM_LINK
from assistant.security.links import REVIEW, UNSUBSCRIBE, LinkClaim, sign_link
from assistant.shop.catalog import format_price
from assistant.shop.directory import ShopDirectory, ShopInfo
from assistant.shop.registry import ShopAdapters

log = logging.getLogger(__name__)

#: Where the links lead (``web/email_links.py`` serves them).
CONFIRM_PATH = "/email/confirm"
UNSUBSCRIBE_PATH = "/email/unsubscribe"
REVIEW_PATH = "/email/review"
#: The e-mail type (templates, subject) of every rule that asks for a review.
REVIEW_KIND = "ask_review"
#: How long a review request's links work.
REVIEW_LINK_DAYS = 60
#: The rule whose e-mail lists the customer's cart (and is not sent for an empty one).
CART_RULE = "abandoned_cart"


@dataclass(frozen=True, slots=True)
class DueEmail:
    """A marketing e-mail the sweeper took: the action, to whom, in which language."""

    action_id: int
    shop_id: str
    customer_id: str
    to: str
    rule: str
    message: str
    lang: str
    #: The rule asks for a review of this order: the e-mail carries the star links.
    review_order: str | None = None


@dataclass(frozen=True, slots=True)
class PendingConfirmation:
    shop_id: str
    customer_id: str
    to: str
    lang: str


@dataclass(frozen=True, slots=True)
class EmailLinks:
    """Signed links under the assistant's public address (``SHOPASSIST_PUBLIC_URL``)."""

    base_url: str
    key: bytes
    confirm_days: int = 7

    def _url(self, path: str, claim: LinkClaim) -> str:
        return f"{self.base_url.rstrip('/')}{path}?{urlencode({'t': sign_link(self.key, claim)})}"

    def confirm(self, shop_id: str, customer_id: str, email: str, now: datetime) -> str:
        expires = int((now + timedelta(days=self.confirm_days)).timestamp())
        claim = LinkClaim(CONFIRM_LINK, shop_id, customer_id, email, expires)
        return self._url(CONFIRM_PATH, claim)

    def unsubscribe(self, shop_id: str, customer_id: str) -> str:
        return self._url(UNSUBSCRIBE_PATH, LinkClaim(UNSUBSCRIBE, shop_id, customer_id))

    def review(self, shop_id: str, customer_id: str, action_id: int, now: datetime) -> str:
        """The review page of one request; the star links add ``&stars=N`` (the shopper's
        choice, not part of what is signed)."""
        expires = int((now + timedelta(days=REVIEW_LINK_DAYS)).timestamp())
        claim = LinkClaim(REVIEW, shop_id, customer_id, expires_s=expires, ref=str(action_id))
        return self._url(REVIEW_PATH, claim)


class EmailComposer:
    def __init__(
        self,
        *,
        shops: ShopDirectory,
        adapters: ShopAdapters,
        templates: Templates,
        links: EmailLinks,
        default_sender: str,
        clock: Clock = utc_now,
    ) -> None:
        self._shops = shops
        self._adapters = adapters
        self._templates = templates
        self.links = links
        self._sender = default_sender
        self._clock = clock

    def _shop_email(self, shop: ShopInfo) -> ShopEmail:
        settings = shop_email(shop.name, shop.settings, self._sender)
        if settings.shop_url is None:
            return replace(settings, shop_url=self._home(shop))
        return settings

    def _home(self, shop: ShopInfo) -> str:
        """Without ``email.shop_url``: the shop's first web origin; the assistant's own
        address for a shop served by the assistant itself (the demo)."""
        for origin in shop.allowed_origins:
            if origin.startswith(("https://", "http://")):
                return origin
        return self.links.base_url.rstrip("/") + "/"

    async def marketing(self, due: DueEmail) -> EmailMessage | None:
        """The rule's e-mail with its unsubscribe headers; ``None`` when there is nothing to
        remind of any more (the cart was emptied meanwhile). Raises ``ShopUnavailable`` when
        the shop cannot say what is in the cart (the sweeper tries again later)."""
        shop = await self._shops.get(due.shop_id)
        context: dict[str, object] = {"message": due.message}
        kind = due.rule
        if due.review_order is not None:
            kind = REVIEW_KIND
            page = self.links.review(due.shop_id, due.customer_id, due.action_id, self._clock())
            context["order_id"] = due.review_order
            context["stars"] = [
                {"n": n, "label": "★" * n + "☆" * (5 - n), "url": f"{page}&stars={n}"}
                for n in range(5, 0, -1)
            ]
        if due.rule == CART_RULE:
            cart = await self._adapters.get(shop).get_cart(due.customer_id)
            if cart.is_empty():
                return None
            context["items"] = cart_items(cart.lines, due.lang)
            context["cart_total"] = format_price(cart.total, due.lang)
        return build(
            self._templates,
            self._shop_email(shop),
            to=due.to,
            kind=kind,
            lang=due.lang,
            context=context,
            unsubscribe_url=self.links.unsubscribe(due.shop_id, due.customer_id),
        )

    async def confirmation(self, pending: PendingConfirmation, now: datetime) -> EmailMessage:
        """The double opt-in's e-mail: transactional, so no unsubscribe headers."""
        shop = await self._shops.get(pending.shop_id)
        url = self.links.confirm(pending.shop_id, pending.customer_id, pending.to, now)
        return build(
            self._templates,
            self._shop_email(shop),
            to=pending.to,
            kind=CONFIRM,
            lang=pending.lang,
            context={"confirm_url": url, "valid_days": self.links.confirm_days},
        )
