"""The agent console under ``/console`` (see :mod:`web.console.app`)."""
