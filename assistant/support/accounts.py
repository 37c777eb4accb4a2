"""Agent and admin accounts: creation, passwords, sign-in and the shops each one may see."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from assistant.clock import Clock, IdFactory, new_id, utc_now
from assistant.i18n import Locale, pick_locale
from assistant.live.bus import OnlineAgent
from assistant.security.passwords import check_policy, hash_password, needs_rehash, verify_password
from assistant.storage.engine import Sessions
from assistant.storage.models import Agent, AgentShop, Shop

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class AccountError(ValueError):
    """Something an operator can fix (shown by the CLI as one line)."""


@dataclass(frozen=True, slots=True)
class AgentAccount:
    id: str
    email: str
    name: str
    is_admin: bool
    locale: Locale
    shops: tuple[str, ...]
    session_version: int

    def can_see(self, shop_id: str) -> bool:
        return shop_id in self.shops

    @property
    def online(self) -> OnlineAgent:
        return OnlineAgent(self.id, self.name)


def normalise_email(raw: str) -> str:
    email = raw.strip().lower()
    if len(email) > 320 or not _EMAIL.match(email):
        raise AccountError(f"{raw!r} is not an e-mail address.")
    return email


def default_name(email: str) -> str:
    """``anna.schmidt@shop.de`` -> ``Anna``: what the shopper sees until a name is given."""
    first = re.split(r"[._+-]", email.split("@", 1)[0])[0]
    return first.capitalize() or email


async def _hash(password: str) -> str:
    # scrypt is deliberately slow and memory-hungry: keep it off the event loop.
    return await asyncio.get_running_loop().run_in_executor(None, hash_password, password)


async def create_agent(
    sessions: Sessions,
    email: str,
    password: str,
    *,
    shops: tuple[str, ...] = (),
    name: str | None = None,
    admin: bool = False,
    locale: str = "de",
    clock: Clock = utc_now,
    ids: IdFactory = new_id,
) -> AgentAccount:
    """``shops`` empty means the only shop there is (an error when there are several)."""
    email = normalise_email(email)
    _check_password(password)
    password_hash = await _hash(password)
    async with sessions() as db:
        known = list((await db.exec(select(Shop.id).order_by(Shop.id))).all())
        if not shops:
            if len(known) != 1:
                listed = ", ".join(known) or "none yet (run `shopassist demo load`)"
                raise AccountError(f"Say which shop with --shop; the shops are: {listed}.")
            shops = (known[0],)
        unknown = sorted(set(shops) - set(known))
        if unknown:
            raise AccountError(
                f"Unknown shop {', '.join(unknown)}; the shops are: {', '.join(known)}."
            )
        agent = Agent(
            id=ids(),
            email=email,
            name=(name or "").strip()[:200] or default_name(email),
            password_hash=password_hash,
            is_admin=admin,
            locale=pick_locale(locale),
            created_at=clock(),
        )
        db.add(agent)
        try:
            await db.flush()
        except IntegrityError:
            raise AccountError(
                f"An agent with the e-mail {email} exists already; "
                "use `shopassist agents passwd` to change the password."
            ) from None
        db.add_all(AgentShop(agent_id=agent.id, shop_id=s) for s in dict.fromkeys(shops))
        await db.commit()
        return _account(agent, tuple(dict.fromkeys(shops)))


async def set_password(sessions: Sessions, email: str, password: str) -> AgentAccount:
    """A new password also signs the agent out everywhere (the session version moves on)."""
    email = normalise_email(email)
    _check_password(password)
    password_hash = await _hash(password)
    async with sessions() as db:
        agent = (await db.exec(select(Agent).where(Agent.email == email))).first()
        if agent is None:
            raise AccountError(f"There is no agent with the e-mail {email}.")
        agent.password_hash = password_hash
        agent.session_version += 1
        db.add(agent)
        await db.commit()
        return await _load(db, agent)


async def authenticate(
    sessions: Sessions, email: str, password: str, *, clock: Clock = utc_now
) -> AgentAccount | None:
    """The account when e-mail and password match an active agent, else ``None``. Takes the
    same time whether or not the e-mail exists."""
    try:
        email = normalise_email(email)
    except AccountError:
        email = ""
    async with sessions() as db:
        agent = (
            (await db.exec(select(Agent).where(Agent.email == email, col(Agent.active)))).first()
            if email
            else None
        )
        stored = agent.password_hash if agent else None
        loop = asyncio.get_running_loop()
        ok = await loop.run_in_executor(None, verify_password, password, stored)
        if agent is None or not ok:
            return None
        agent.last_login_at = clock()
        if needs_rehash(agent.password_hash):
            agent.password_hash = await _hash(password)
        db.add(agent)
        await db.commit()
        return await _load(db, agent)


async def load_account(sessions: Sessions, agent_id: str) -> AgentAccount | None:
    async with sessions() as db:
        agent = await db.get(Agent, agent_id)
        if agent is None or not agent.active:
            return None
        return await _load(db, agent)


async def set_locale(sessions: Sessions, agent_id: str, locale: str) -> None:
    async with sessions() as db:
        await db.exec(
            update(Agent).where(col(Agent.id) == agent_id).values(locale=pick_locale(locale))
        )
        await db.commit()


@dataclass(frozen=True, slots=True)
class AgentListing:
    email: str
    name: str
    is_admin: bool
    active: bool
    shops: tuple[str, ...]
    last_login_at: datetime | None


async def list_agents(sessions: Sessions) -> list[AgentListing]:
    async with sessions() as db:
        agents = (await db.exec(select(Agent).order_by(Agent.email))).all()
        links = (await db.exec(select(AgentShop))).all()
    shops: dict[str, list[str]] = {}
    for link in links:
        shops.setdefault(link.agent_id, []).append(link.shop_id)
    return [
        AgentListing(
            a.email,
            a.name,
            a.is_admin,
            a.active,
            tuple(sorted(shops.get(a.id, []))),
            a.last_login_at,
        )
        for a in agents
    ]


async def set_active(sessions: Sessions, email: str, active: bool) -> None:
    email = normalise_email(email)
    async with sessions() as db:
        result = await db.exec(
            update(Agent)
            .where(col(Agent.email) == email)
            .values(active=active, session_version=Agent.session_version + 1)
        )
        if result.rowcount != 1:
            raise AccountError(f"There is no agent with the e-mail {email}.")
        await db.commit()


def _check_password(password: str) -> None:
    try:
        check_policy(password)
    except ValueError as exc:
        raise AccountError(f"The password is not usable: {exc}.") from None


async def _load(db: AsyncSession, agent: Agent) -> AgentAccount:
    shops = (
        await db.exec(
            select(AgentShop.shop_id)
            .where(AgentShop.agent_id == agent.id)
            .order_by(AgentShop.shop_id)
        )
    ).all()
    return _account(agent, tuple(shops))


def _account(agent: Agent, shops: tuple[str, ...]) -> AgentAccount:
    return AgentAccount(
        id=agent.id,
        email=agent.email,
        name=agent.name,
        is_admin=agent.is_admin,
        locale=pick_locale(agent.locale),
        shops=shops,
        session_version=agent.session_version,
    )
