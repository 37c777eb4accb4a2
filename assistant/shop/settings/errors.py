"""The one error of the settings forms: which section, and a message with the details."""

from __future__ import annotations

from assistant.errors import AssistantError
from assistant.i18n import L10n


class BadSetting(AssistantError):
    """Input the admin must fix; nothing was stored. ``params`` fill the message's
    placeholders (they may repeat the bad input: templates escape it); an :class:`L10n`
    parameter is put in the message's language."""

    code = "bad_setting"
    status = 400

    def __init__(self, section: str, message: L10n, **params: object) -> None:
        super().__init__(message=message, detail=f"{section}: {message.en}")
        self.section = section
        self.params = params

    def user_message(self, locale: str) -> str:
        params = {k: v.get(locale) if isinstance(v, L10n) else v for k, v in self.params.items()}
        return self.message.get(locale, **params)
