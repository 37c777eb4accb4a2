"""The tables. Schema changes go through Alembic (``assistant/storage/migrations``), never
``create_all``: the migration files are the source of truth, these classes mirror them."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Column, Index, Numeric, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from assistant.clock import utc_now
from assistant.storage.types import JSONType, UTCDateTime


def _json(default: Any) -> Any:
    factory = (lambda: list(default)) if isinstance(default, list) else (lambda: dict(default))
    return Field(default_factory=factory, sa_column=Column(JSONType, nullable=False))


def _time(*, nullable: bool = False, index: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_column=Column(UTCDateTime(), nullable=True, index=index))
    return Field(
        default_factory=utc_now, sa_column=Column(UTCDateTime(), nullable=False, index=index)
    )


class Shop(SQLModel, table=True):
    """A shop that embeds the widget. ``allowed_origins`` may contain ``"self"``: the
    assistant's own origin (how the built-in demo shop allows its own page)."""

    id: str = Field(primary_key=True, max_length=64)
    name: str = Field(max_length=200)
    default_locale: str = Field(default="de", max_length=8)
    allowed_origins: list[str] = _json([])
    secret: str = Field(default="", max_length=128)
    settings: dict[str, Any] = _json({})
    created_at: datetime = _time()


class Customer(SQLModel, table=True):
    """A person: anonymous while only visitors point at it, identified once the shop says who.

    ``email`` and ``name`` are what the shop signed (a webhook, or fields its identify hash
    covers): only a verified e-mail selects orders, exports or receives e-mail. What a
    browser claimed without the shop's signature is kept apart in the ``*_unverified``
    columns, with where it came from (``unverified_source``), and proves nothing."""

    id: str = Field(primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    external_id: str | None = Field(default=None, max_length=200)
    email: str | None = Field(default=None, max_length=320)
    name: str | None = Field(default=None, max_length=200)
    email_unverified: str | None = Field(default=None, max_length=320)
    name_unverified: str | None = Field(default=None, max_length=200)
    unverified_source: str | None = Field(default=None, max_length=32)
    locale: str = Field(default="de", max_length=8)
    stage: str = Field(default="awareness", max_length=32, index=True)
    engagement_sum: float = Field(default=0.0)
    engagement_at: datetime | None = _time(nullable=True)
    created_at: datetime = _time()
    last_seen_at: datetime = _time(index=True)

    __table_args__ = (UniqueConstraint("shop_id", "external_id", name="uq_customer_external"),)


class Visitor(SQLModel, table=True):
    """A browser's anonymous id (kept in localStorage) and the customer it belongs to."""

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    id: str = Field(primary_key=True, max_length=64)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=32)
    created_at: datetime = _time()


class Conversation(SQLModel, table=True):
    """One chat. ``status``: bot, waiting (for a human), agent, closed. ``state`` holds what the
    engine must remember between messages (a running flow, its step), so a restart resumes."""

    id: str = Field(primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=32)
    status: str = Field(default="bot", max_length=16, index=True)
    locale: str = Field(default="de", max_length=8)
    state: dict[str, Any] = _json({})
    agent_id: str | None = Field(default=None, max_length=64)
    close_reason: str | None = Field(default=None, max_length=200)
    created_at: datetime = _time()
    updated_at: datetime = _time()
    last_message_at: datetime = _time(index=True)


class Message(SQLModel, table=True):
    """One line of a chat. Inbound lines carry the widget's ``client_id`` (unique per
    conversation: a resend is stored once); a bot reply names the ``client_id`` it answers in
    ``reply_to`` so a resend gets the very same reply back."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", max_length=32)
    direction: str = Field(max_length=4)  # "in" | "out"
    author: str = Field(max_length=16)  # shopper | bot | agent | system
    text: str = Field(sa_type=Text)
    payload: dict[str, Any] = _json({})
    client_id: str | None = Field(default=None, max_length=64)
    reply_to: str | None = Field(default=None, max_length=64)
    created_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("conversation_id", "client_id", name="uq_message_client_id"),
        Index("ix_message_conversation_id_id", "conversation_id", "id"),
        Index("ix_message_conversation_reply_to", "conversation_id", "reply_to"),
    )


class Event(SQLModel, table=True):
    """Something a customer did or that happened to them; the lifecycle is derived from these.
    ``external_id`` makes events from outside (webhooks) idempotent per shop."""

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_id: str | None = Field(default=None, foreign_key="customer.id", max_length=32)
    conversation_id: str | None = Field(default=None, foreign_key="conversation.id", max_length=32)
    type: str = Field(max_length=64)
    properties: dict[str, Any] = _json({})
    external_id: str | None = Field(default=None, max_length=200)
    created_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "external_id", name="uq_event_external"),
        Index("ix_event_customer_created", "customer_id", "created_at"),
        Index("ix_event_shop_type_created", "shop_id", "type", "created_at"),
        Index("ix_event_conversation", "conversation_id"),
    )


class Category(SQLModel, table=True):
    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    slug: str = Field(primary_key=True, max_length=64)
    name_de: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    position: int = Field(default=0)


class Product(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    sku: str = Field(max_length=64)
    category: str = Field(max_length=64)
    name_de: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    description_de: str = Field(default="", sa_type=Text)
    description_en: str = Field(default="", sa_type=Text)
    price: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    stock: int = Field(default=0)
    #: The hex colour the demo shop draws its generated product picture in.
    swatch: str = Field(default="#6f4e37", max_length=16)
    image_url: str | None = Field(default=None, max_length=1000)
    tags: list[str] = _json([])
    tier: int = Field(default=2)
    family: str | None = Field(default=None, max_length=64)
    # What product feeds carry (Google Merchant Center names) and search needs.
    #: The product's page in the shop.
    link: str | None = Field(default=None, max_length=1000)
    brand: str = Field(default="", max_length=120)
    gtin: str | None = Field(default=None, max_length=32)
    #: in_stock, out_of_stock, preorder or backorder.
    availability: str = Field(default="in_stock", max_length=16)
    sale_price: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(12, 2), nullable=True)
    )
    #: Variants of one product (sizes, colours) share it.
    item_group_id: str | None = Field(default=None, max_length=64)
    #: The shop's category path, "Küche > Kaffee > Mühlen".
    product_type: str = Field(default="", max_length=500)
    google_category: str = Field(default="", max_length=300)
    #: The colour, size and material as the shop names them ("rot", "XL", "Edelstahl").
    color: str = Field(default="", max_length=64)
    size: str = Field(default="", max_length=64)
    material: str = Field(default="", max_length=120)
    #: Average rating 0..5 and how many ratings, where the shop knows them.
    rating: Decimal | None = Field(default=None, sa_column=Column(Numeric(3, 2), nullable=True))
    rating_count: int | None = Field(default=None)
    #: Free attributes for search and the product finder ({"grind": "stepless", ...}).
    attributes: dict[str, Any] = _json({})
    updated_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "sku", name="uq_product_sku"),
        Index("ix_product_shop_category", "shop_id", "category"),
    )


class CatalogImport(SQLModel, table=True):
    """One catalog import or scheduled feed refresh: where from, when, and how it went."""

    __tablename__ = "catalog_import"
    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64, index=True)
    source: str = Field(max_length=1000)
    format: str = Field(max_length=16)
    started_at: datetime = _time()
    finished_at: datetime = _time()
    #: "ok" (the catalog was replaced) or "failed" (nothing changed).
    status: str = Field(max_length=16)
    products: int = Field(default=0)
    errors: list[dict[str, Any]] = _json([])


class Article(SQLModel, table=True):
    """A knowledge-base article in one language (same ``slug`` in de and en = one topic)."""

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    slug: str = Field(max_length=120)
    lang: str = Field(max_length=8)
    question: str = Field(sa_type=Text)
    phrasings: list[str] = _json([])
    answer: str = Field(sa_type=Text)
    tags: list[str] = _json([])
    product_sku: str | None = Field(default=None, max_length=64)
    category: str | None = Field(default=None, max_length=64)
    enabled: bool = Field(default=True)
    updated_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "slug", "lang", name="uq_article_slug_lang"),
        Index("ix_article_shop", "shop_id"),
    )


class FaqCandidate(SQLModel, table=True):
    """A shopper's wording that may mean an article (see :mod:`knowledge_base.learning`):
    who confirmed it (picked the article from "did you mean"), who said the answer did not
    help, whether an agent sent the article; ``status`` pending, accepted or dismissed."""

    __tablename__ = "faq_candidate"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    slug: str = Field(max_length=120)
    lang: str = Field(max_length=8)
    text: str = Field(sa_type=Text)
    key: str = Field(max_length=400)
    confirmed_by: list[str] = _json([])
    rejected_by: list[str] = _json([])
    agent: bool = Field(default=False)
    status: str = Field(default="pending", max_length=16)
    created_at: datetime = _time()
    updated_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "slug", "lang", "key", name="uq_faq_candidate"),
        Index("ix_faq_candidate_shop_status", "shop_id", "status"),
    )


class CartLine(SQLModel, table=True):
    """The demo shop's carts (a real shop keeps its own), keyed by the customer."""

    __tablename__ = "cart_line"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    cart_id: str = Field(primary_key=True, max_length=64)
    sku: str = Field(primary_key=True, max_length=64)
    qty: int
    position: int = Field(default=0)
    updated_at: datetime = _time()


class CartSet(SQLModel, table=True):
    """A set price a demo shop cart carries (see ``SetTerms``): what was accepted, kept while
    the whole set is in the cart."""

    __tablename__ = "cart_set"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    cart_id: str = Field(primary_key=True, max_length=64)
    set_id: str = Field(primary_key=True, max_length=64)
    skus: list[str] = _json([])
    discount_pct: Decimal = Field(sa_column=Column(Numeric(5, 2), nullable=False))
    title_de: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    position: int = Field(default=0)
    updated_at: datetime = _time()


class DiscountCode(SQLModel, table=True):
    """A discount code the shop takes (see ``assistant/shop/codes.py``): made by hand, or
    issued by a lifecycle rule to one customer (``rule``, ``customer_id``, ``action_id``).
    The demo shop checks codes here; ``uses`` counts its redemptions."""

    __tablename__ = "discount_code"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    code: str = Field(primary_key=True, max_length=40)
    kind: str = Field(max_length=16)  # percent | amount
    value: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    min_order: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(12, 2), nullable=False, server_default="0")
    )
    expires_at: datetime | None = _time(nullable=True)
    #: ``None``: without limit.
    max_uses: int | None = Field(default=None)
    uses: int = Field(default=0)
    rule: str | None = Field(default=None, max_length=64)
    customer_id: str | None = Field(default=None, max_length=32)
    action_id: int | None = Field(default=None)
    created_at: datetime = _time()

    __table_args__ = (Index("ix_discount_code_customer", "shop_id", "customer_id", "rule"),)


class CodeRedemption(SQLModel, table=True):
    """An order that used a code: what the code took off, and the rule that issued it
    (counted per rule in the metrics)."""

    __tablename__ = "code_redemption"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    order_id: str = Field(primary_key=True, max_length=64)
    code: str = Field(max_length=40)
    rule: str | None = Field(default=None, max_length=64)
    action_id: int | None = Field(default=None)
    customer_id: str | None = Field(default=None, max_length=32)
    amount: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    redeemed_at: datetime = _time()

    __table_args__ = (Index("ix_code_redemption_shop_time", "shop_id", "redeemed_at"),)


class CartCode(SQLModel, table=True):
    """The discount code a demo shop cart carries (checked again whenever the cart is read)."""

    __tablename__ = "cart_code"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    cart_id: str = Field(primary_key=True, max_length=64)
    code: str = Field(max_length=40)
    updated_at: datetime = _time()


class DemoOrder(SQLModel, table=True):
    """Orders placed with the built-in database shop (a real shop keeps its own). ``id`` is
    the order number the shopper sees; ``customer_ref`` is our customer id, which is how an
    order placed in a chat is recognised as the shopper's own later."""

    __tablename__ = "demo_order"

    id: str = Field(primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_ref: str | None = Field(default=None, max_length=64, index=True)
    email: str = Field(max_length=320)
    status: str = Field(default="received", max_length=32)
    address: dict[str, Any] = _json({})
    country: str = Field(max_length=2)
    shipping_id: str = Field(max_length=64)
    shipping_price: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    payment_id: str = Field(max_length=64)
    subtotal: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    #: Set discounts and the discount code in the total: their sum, and each as {"id",
    #: "title_de", "title_en", "skus", "discount_pct", "discount"} for a set, {"code",
    #: "discount"} for a code (decimal strings).
    discount: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(12, 2), nullable=False, server_default="0")
    )
    discounts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSONType, nullable=False, server_default="[]")
    )
    #: The VAT contained in the total, per rate: [{"rate", "gross", "vat"}] as decimal strings.
    vat: list[dict[str, str]] = _json([])
    total: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    currency: str = Field(default="EUR", max_length=3)
    locale: str = Field(default="de", max_length=8)
    idempotency_key: str | None = Field(default=None, max_length=100)
    tracking_url: str | None = Field(default=None, max_length=500)
    created_at: datetime = _time()
    updated_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "idempotency_key", name="uq_demo_order_idempotency"),
        Index("ix_demo_order_shop_created", "shop_id", "created_at"),
    )


class DemoOrderLine(SQLModel, table=True):
    __tablename__ = "demo_order_line"

    order_id: str = Field(foreign_key="demo_order.id", primary_key=True, max_length=32)
    position: int = Field(primary_key=True)
    sku: str = Field(max_length=64)
    name_de: str = Field(max_length=200)
    name_en: str = Field(max_length=200)
    qty: int
    unit_price: Decimal = Field(sa_column=Column(Numeric(12, 2), nullable=False))
    vat_rate: Decimal = Field(sa_column=Column(Numeric(5, 2), nullable=False))


# -- the agent console (issue 8) --------------------------------------------------------------


class Agent(SQLModel, table=True):
    """A person who works in the console. ``session_version`` is part of every session cookie:
    raising it (a new password) signs out every session issued before."""

    id: str = Field(primary_key=True, max_length=32)
    email: str = Field(max_length=320, unique=True)  # stored lower-case
    name: str = Field(max_length=200)
    password_hash: str = Field(max_length=255)
    is_admin: bool = Field(default=False)
    locale: str = Field(default="de", max_length=8)
    active: bool = Field(default=True)
    session_version: int = Field(default=1)
    created_at: datetime = _time()
    last_login_at: datetime | None = _time(nullable=True)


class ConsoleSession(SQLModel, table=True):
    """A console sign-in that is still open. The cookie carries the token; this row holds
    only its SHA-256, so ending the row (sign-out, idle timeout) ends the session on the
    server, whatever copies of the cookie exist."""

    __tablename__ = "console_session"

    token_hash: str = Field(primary_key=True, max_length=64)
    agent_id: str = Field(foreign_key="agent.id", index=True, max_length=32)
    created_at: datetime = _time()
    seen_at: datetime = _time()


class AgentShop(SQLModel, table=True):
    """Which shops an agent works for: the scope of everything they see."""

    __tablename__ = "agent_shop"

    agent_id: str = Field(foreign_key="agent.id", primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)


class AgentRead(SQLModel, table=True):
    """The last message an agent has seen in a conversation (for unread counts)."""

    __tablename__ = "agent_read"

    agent_id: str = Field(foreign_key="agent.id", primary_key=True, max_length=32)
    conversation_id: str = Field(foreign_key="conversation.id", primary_key=True, max_length=32)
    message_id: int = Field(default=0)


class ConversationNote(SQLModel, table=True):
    """A private note on a conversation: agents see it, shoppers never do."""

    __tablename__ = "conversation_note"

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: str = Field(foreign_key="conversation.id", index=True, max_length=32)
    agent_id: str = Field(foreign_key="agent.id", max_length=32)
    text: str = Field(sa_type=Text)
    created_at: datetime = _time()


class CannedReply(SQLModel, table=True):
    """A prepared answer agents can insert, per shop and language; admins edit them."""

    __tablename__ = "canned_reply"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    lang: str = Field(max_length=8)
    title: str = Field(max_length=120)
    text: str = Field(sa_type=Text)
    position: int = Field(default=0)
    updated_at: datetime = _time()


class AppSetting(SQLModel, table=True):
    """Installation-wide values every instance must share (e.g. the generated secret key)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_type=Text)
    created_at: datetime = _time()


# -- bundles: order history for mining co-purchases, and the shop's curated bundles ------------


class Basket(SQLModel, table=True):
    """An order as bundle mining sees it: which products were bought together. Fed by order
    events (``order_placed``/``order_created`` with items), ``shopassist orders import`` and the
    demo shop's generated history. ``external_id`` is the shop's order id (one basket per id)."""

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    external_id: str | None = Field(default=None, max_length=200)
    #: The shop's customer id for imported orders, ours for orders placed through the chat.
    customer_id: str | None = Field(default=None, max_length=200)
    source: str = Field(max_length=16)  # event | import | demo
    ordered_at: datetime = _time()

    __table_args__ = (
        Index("ix_basket_shop_external", "shop_id", "external_id"),
        Index("ix_basket_shop_id", "shop_id", "id"),
    )


class BasketItem(SQLModel, table=True):
    __tablename__ = "basket_item"

    basket_id: int = Field(foreign_key="basket.id", primary_key=True)
    sku: str = Field(primary_key=True, max_length=64)
    qty: int = Field(default=1)
    price: Decimal | None = Field(default=None, sa_column=Column(Numeric(12, 2), nullable=True))


class Bundle(SQLModel, table=True):
    """A set of products the shop curates, with an optional discount on the complete set."""

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    slug: str = Field(max_length=64)
    title_de: str = Field(max_length=200)
    title_en: str = Field(max_length=200)
    skus: list[str] = _json([])
    discount_pct: Decimal = Field(
        default=Decimal("0"), sa_column=Column(Numeric(5, 2), nullable=False)
    )
    active: bool = Field(default=True)
    position: int = Field(default=0)
    updated_at: datetime = _time()

    __table_args__ = (UniqueConstraint("shop_id", "slug", name="uq_bundle_slug"),)


# -- lifecycle, engagement, metrics (assistant/lifecycle, assistant/metrics) -------------------


class CustomerLifecycle(SQLModel, table=True):
    """What the lifecycle rules remember about a customer beyond ``Customer.stage`` and the
    engagement score: enough to decide the next transition in O(1) per event.
    ``next_due_at`` is when a time rule (at-risk, lapsed) falls due: the sweeper's index."""

    __tablename__ = "customer_lifecycle"

    customer_id: str = Field(foreign_key="customer.id", primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    orders: int = Field(default=0)
    first_order_at: datetime | None = _time(nullable=True)
    last_order_at: datetime | None = _time(nullable=True)
    last_order_event_id: int | None = Field(default=None)
    stage_since: datetime | None = _time(nullable=True)
    #: The latest event time seen: the lifecycle's own clock never runs backwards.
    seen_until: datetime | None = _time(nullable=True)
    next_due_at: datetime | None = _time(nullable=True, index=True)
    email_consent: bool = Field(default=False)
    #: The customer's personal referral code (unique per shop), made when first asked for.
    referral_code: str | None = Field(default=None, max_length=32)
    #: Who referred this customer (our customer id; no foreign key: the referrer may be
    #: erased), when they arrived with the code, and the first order that converted it with
    #: the credits both sides got then (the shop's settings at that time).
    referred_by: str | None = Field(default=None, max_length=32, index=True)
    referred_at: datetime | None = _time(nullable=True)
    referral_order_id: str | None = Field(default=None, max_length=200)
    referral_converted_at: datetime | None = _time(nullable=True)
    referrer_credit: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(12, 2), nullable=True)
    )
    referred_credit: Decimal | None = Field(
        default=None, sa_column=Column(Numeric(12, 2), nullable=True)
    )

    __table_args__ = (
        UniqueConstraint("shop_id", "referral_code", name="uq_customer_lifecycle_referral_code"),
    )


class StageTransition(SQLModel, table=True):
    """A change of lifecycle stage: when, from where to where, why (a reason code with its
    details) and the event that caused it, written in the same transaction as that event."""

    __tablename__ = "stage_transition"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_id: str = Field(foreign_key="customer.id", max_length=32)
    from_stage: str | None = Field(default=None, max_length=32)
    to_stage: str = Field(max_length=32)
    reason: str = Field(max_length=64)
    detail: dict[str, Any] = _json({})
    event_id: int | None = Field(default=None, foreign_key="event.id")
    created_at: datetime = _time()

    __table_args__ = (
        Index("ix_stage_transition_customer", "customer_id", "id"),
        Index("ix_stage_transition_shop_created", "shop_id", "created_at"),
    )


class Purchase(SQLModel, table=True):
    """One order per shop order id, whatever mix of order events announced it (chat checkout,
    created, paid): the metrics count orders and revenue from here without reading JSON."""

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    order_id: str = Field(primary_key=True, max_length=200)
    customer_id: str = Field(foreign_key="customer.id", max_length=32)
    total: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))
    currency: str = Field(default="EUR", max_length=3)
    status: str = Field(default="placed", max_length=16)  # placed|paid|refunded|cancelled
    event_id: int | None = Field(default=None, foreign_key="event.id")
    created_at: datetime = _time()
    updated_at: datetime = _time()

    __table_args__ = (
        Index("ix_purchase_shop_created", "shop_id", "created_at"),
        Index("ix_purchase_customer", "customer_id", "created_at"),
    )


class LifecycleAction(SQLModel, table=True):
    """A proactive message or email a shop rule decided on: scheduled for ``due_at``, then
    shown (widget) or sent (email), maybe clicked, maybe followed by an order (converted)."""

    __tablename__ = "lifecycle_action"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_id: str = Field(foreign_key="customer.id", max_length=32)
    rule: str = Field(max_length=64)
    channel: str = Field(max_length=16)  # widget | email
    status: str = Field(default="pending", max_length=16)
    event_id: int | None = Field(default=None, foreign_key="event.id")
    due_at: datetime = _time()
    created_at: datetime = _time()
    shown_at: datetime | None = _time(nullable=True)
    clicked_at: datetime | None = _time(nullable=True)
    converted_at: datetime | None = _time(nullable=True)

    __table_args__ = (
        Index("ix_lifecycle_action_customer", "customer_id", "status"),
        Index("ix_lifecycle_action_due", "status", "channel", "due_at"),
    )


class ApiToken(SQLModel, table=True):
    """A shop's bearer token for the metrics API; only its SHA-256 is stored."""

    __tablename__ = "api_token"

    token_hash: str = Field(primary_key=True, max_length=64)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    created_at: datetime = _time()


class MarketingSpend(SQLModel, table=True):
    """What a shop spent on acquiring customers on a day (for CAC)."""

    __tablename__ = "marketing_spend"

    shop_id: str = Field(foreign_key="shop.id", primary_key=True, max_length=64)
    day: datetime = Field(sa_column=Column(UTCDateTime(), primary_key=True))
    amount: Decimal = Field(sa_column=Column(Numeric(14, 2), nullable=False))


class PlatformSession(SQLModel, table=True):
    """What a platform connector must remember between messages and instances: the
    platform's cart token for one of our carts (``cart:<cart id>``), and the order a
    checkout's idempotency key already created (``order:<key>``)."""

    __tablename__ = "platform_session"

    shop_id: str = Field(primary_key=True, max_length=64)
    key: str = Field(primary_key=True, max_length=255)
    value: str = Field(sa_type=Text)
    updated_at: datetime = _time()


class EmailConsent(SQLModel, table=True):
    """Marketing e-mail consent by double opt-in, one row per customer: the address the
    shopper typed (never proof of identity; ``Customer.email`` stays what the shop signed),
    the request's time and source, when the confirmation went out, when the signed link
    confirmed it and when the customer unsubscribed. ``status``: ``pending``,
    ``confirmed`` or ``unsubscribed``; only ``confirmed`` lets marketing e-mail go out, and
    ``unsubscribed`` stops it even where the shop said the customer agreed."""

    __tablename__ = "email_consent"

    customer_id: str = Field(foreign_key="customer.id", primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    email: str | None = Field(default=None, max_length=320)
    status: str = Field(max_length=16)
    source: str = Field(max_length=32)
    locale: str = Field(default="de", max_length=8)
    requested_at: datetime = _time()
    confirm_sent_at: datetime | None = _time(nullable=True)
    confirmed_at: datetime | None = _time(nullable=True)
    unsubscribed_at: datetime | None = _time(nullable=True)


class WebhookSubscription(SQLModel, table=True):
    """A shop's subscriber to outgoing webhooks (its CRM, its newsletter tool): where to post,
    which topics, and the signing secret sealed like a connector secret (``{"encrypted":
    ...}``, see :mod:`assistant.shop.platforms.secrets`), never stored in the clear."""

    __tablename__ = "webhook_subscription"

    id: str = Field(primary_key=True, max_length=32)
    shop_id: str = Field(foreign_key="shop.id", index=True, max_length=64)
    url: str = Field(max_length=2000)
    topics: list[str] = _json([])
    secret: dict[str, Any] = _json({})
    enabled: bool = Field(default=True)
    created_at: datetime = _time()


class WebhookDelivery(SQLModel, table=True):
    """One event for one subscription, written in the transaction of the event that caused it
    and sent after the commit (the id is the receiver's idempotency key). ``status``:
    ``pending`` (due at ``next_attempt_at``; a sender holds it until ``claimed_until``),
    ``delivered`` or ``failed`` (attempts used up). The payload is kept until the delivery is
    final; ``customer_id`` lets a GDPR export find it and an erasure delete it."""

    __tablename__ = "webhook_delivery"

    id: str = Field(primary_key=True, max_length=32)
    subscription_id: str = Field(foreign_key="webhook_subscription.id", max_length=32)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_id: str | None = Field(default=None, index=True, max_length=32)
    topic: str = Field(max_length=32)
    payload: dict[str, Any] = _json({})
    status: str = Field(default="pending", max_length=16)
    attempts: int = Field(default=0)
    next_attempt_at: datetime = _time()
    claimed_until: datetime | None = _time(nullable=True)
    last_status: int | None = Field(default=None)
    last_error: str | None = Field(default=None, max_length=300)
    created_at: datetime = _time()
    finished_at: datetime | None = _time(nullable=True)

    __table_args__ = (
        Index("ix_webhook_delivery_due", "status", "next_attempt_at"),
        Index("ix_webhook_delivery_subscription", "subscription_id", "created_at"),
    )


class Review(SQLModel, table=True):
    """A customer's rating (1-5 stars) and optional short text of one delivered order, given
    in the chat or through an e-mail's signed link: one per order (the unique key), also
    recorded as a ``review`` event. ``shop_status``: whether the shop's adapter took it
    (``sent``), cannot take reviews (``unsupported``) or failed (``failed``: kept here)."""

    __tablename__ = "review"

    id: int | None = Field(default=None, primary_key=True)
    shop_id: str = Field(foreign_key="shop.id", max_length=64)
    customer_id: str = Field(foreign_key="customer.id", index=True, max_length=32)
    order_id: str = Field(max_length=200)
    rating: int
    text: str = Field(default="", sa_type=Text)
    channel: str = Field(max_length=16)  # chat | email
    locale: str = Field(default="de", max_length=8)
    #: The conversation an agent got for a detractor (1-2 stars), else ``None``.
    conversation_id: str | None = Field(default=None, foreign_key="conversation.id", max_length=32)
    shop_status: str = Field(default="pending", max_length=16)
    created_at: datetime = _time()

    __table_args__ = (
        UniqueConstraint("shop_id", "order_id", name="uq_review_order"),
        Index("ix_review_shop_created", "shop_id", "created_at"),
    )
