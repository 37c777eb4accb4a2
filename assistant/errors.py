"""One base error with a stable code and a message in both languages; ``web`` maps them to
HTTP responses and WebSocket error frames, so no traceback ever reaches a user."""

from __future__ import annotations

from assistant.i18n import L10n


class AssistantError(Exception):
    """An error a client can act on: ``code`` is stable, ``message`` is for humans."""

    code = "internal"
    status = 500
    message = L10n(
        de="Da ist etwas schiefgegangen. Bitte versuchen Sie es gleich noch einmal.",
        en="Something went wrong. Please try again in a moment.",
    )

    def __init__(
        self,
        code: str | None = None,
        message: L10n | None = None,
        *,
        status: int | None = None,
        detail: str = "",
    ) -> None:
        if code is not None:
            self.code = code
        if message is not None:
            self.message = message
        if status is not None:
            self.status = status
        self.detail = detail
        super().__init__(f"{self.code}: {detail or self.message.en}")

    def user_message(self, locale: str) -> str:
        return self.message.get(locale)


class BadFrame(AssistantError):
    """A frame or request body that is not what the protocol describes."""

    code = "bad_frame"
    status = 400
    message = L10n(
        de="Die Nachricht konnte nicht gelesen werden.",
        en="The message could not be read.",
    )


class UnknownShop(AssistantError):
    code = "unknown_shop"
    status = 404
    message = L10n(
        de="Dieser Shop ist beim Assistenten nicht bekannt.",
        en="This shop is not known to the assistant.",
    )


class OriginNotAllowed(AssistantError):
    code = "origin_not_allowed"
    status = 403
    message = L10n(
        de="Diese Website darf den Assistenten dieses Shops nicht einbinden.",
        en="This website may not embed this shop's assistant.",
    )


class ConversationNotFound(AssistantError):
    code = "conversation_not_found"
    status = 404
    message = L10n(
        de="Dieses Gespräch gibt es nicht (mehr).",
        en="This conversation does not exist (any more).",
    )


class StorageUnavailable(AssistantError):
    """The database did not answer in time; the client should retry, nothing was half-stored."""

    code = "storage_unavailable"
    status = 503
    message = L10n(
        de="Ihre Nachricht konnte gerade nicht gespeichert werden. Wir versuchen es gleich erneut.",
        en="Your message could not be saved just now. We will try again shortly.",
    )


class Forbidden(AssistantError):
    """The signed-in agent is not enabled for the shop a request touches; raise sites pass a
    message that names what was refused (a customer, a conversation, a shop)."""

    code = "forbidden"
    status = 403
    message = L10n(
        de="Das gehört zu einem Shop, für den Sie nicht freigeschaltet sind.",
        en="This belongs to a shop you have no access to.",
    )


class ConfigError(Exception):
    """Bad settings or an unusable environment, reported by the CLI as one line (exit code 2)."""


class ArticleNotFound(AssistantError):
    code = "article_not_found"
    status = 404
    message = L10n(
        de="Diesen Artikel gibt es nicht (mehr).",
        en="This article does not exist (any more).",
    )
