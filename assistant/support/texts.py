"""What shoppers read when a human joins, leaves or closes their chat, and around hand-off."""

from __future__ import annotations

from datetime import datetime

from assistant.i18n import L10n
from assistant.shop.settings.hours import WEEKDAY_NAMES

AGENT_JOINED = L10n(de="Sie chatten jetzt mit {name}.", en="You are now chatting with {name}.")
AGENT_LEFT = L10n(
    de="{name} hat das Gespräch an den digitalen Assistenten zurückgegeben. Fragen Sie gern weiter.",
    en="{name} has handed the conversation back to the digital assistant. Feel free to ask more.",
)
CLOSED = L10n(
    de="Das Gespräch wurde beendet. Schreiben Sie uns gern jederzeit wieder.",
    en="This conversation has been closed. Feel free to write to us again at any time.",
)
HANDOFF_ONLINE = L10n(
    de="Gern! Ich sage unserem Team Bescheid – gleich ist jemand persönlich für Sie da.",
    en="Of course! I have let our team know – someone will be with you shortly.",
)
ALREADY_WAITING = L10n(
    de="Unser Team ist bereits informiert und meldet sich hier im Chat, sobald jemand frei ist.",
    en="Our team has already been told and will reply here in the chat as soon as someone is free.",
)
HANDOFF_OFFLINE = L10n(
    de=(
        "Gerade ist leider niemand aus unserem Team online. Hinterlassen Sie uns Ihre "
        "E-Mail-Adresse und Ihre Nachricht, dann melden wir uns so bald wie möglich."
    ),
    en=(
        "Unfortunately nobody from our team is online right now. Leave us your e-mail address "
        "and your message and we will get back to you as soon as we can."
    ),
)
HANDOFF_CLOSED = L10n(
    de=(
        "Unser Team ist gerade nicht im Dienst – wir sind {back} (Zeitzone {zone}) wieder für Sie "
        "da. Hinterlassen Sie uns Ihre E-Mail-Adresse und Ihre Nachricht, dann melden wir uns so "
        "bald wie möglich."
    ),
    en=(
        "Our team is not on duty right now – we will be back {back} ({zone} time). Leave us your "
        "e-mail address and your message and we will get back to you as soon as we can."
    ),
)
HANDOFF_CLOSED_NO_TIME = L10n(
    de=(
        "Unser Team ist derzeit nicht im Dienst. Hinterlassen Sie uns Ihre E-Mail-Adresse und "
        "Ihre Nachricht, dann melden wir uns so bald wie möglich."
    ),
    en=(
        "Our team is not on duty at the moment. Leave us your e-mail address and your message "
        "and we will get back to you as soon as we can."
    ),
)
BACK_TODAY = L10n(de="heute ab {time} Uhr", en="today at {time}")
BACK_TOMORROW = L10n(de="morgen ab {time} Uhr", en="tomorrow at {time}")
BACK_ON = L10n(de="am {day} ab {time} Uhr", en="on {day} at {time}")
OFFLINE_THANKS = L10n(
    de="Danke! Wir haben Ihre Nachricht erhalten und antworten Ihnen an {email}.",
    en="Thank you! We have received your message and will reply to {email}.",
)
OFFLINE_BAD_EMAIL = L10n(
    de="Diese E-Mail-Adresse scheint nicht zu stimmen. Bitte prüfen Sie sie noch einmal.",
    en="That e-mail address does not look right. Please check it again.",
)


def back_phrase(back_at: datetime, now: datetime, locale: str) -> str:
    """ "morgen ab 09:00 Uhr" / "tomorrow at 09:00", counted in the shop's time zone (the
    one ``back_at`` carries)."""
    days = (back_at.date() - now.astimezone(back_at.tzinfo).date()).days
    time = back_at.strftime("%H:%M")
    if days == 0:
        return BACK_TODAY.get(locale, time=time)
    if days == 1:
        return BACK_TOMORROW.get(locale, time=time)
    return BACK_ON.get(locale, day=WEEKDAY_NAMES[back_at.weekday()].get(locale), time=time)
