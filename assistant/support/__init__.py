"""The human side of support: agent accounts, the inbox, taking over conversations from the
bot, notes and canned replies. The web console (``web/console``) is a thin layer over this."""
