"""Products: the shop's catalog and finding things in it.

A catalog comes in through one import path whatever its source: a Google Merchant Center
product feed (RSS 2.0 / Atom XML with the ``g:`` namespace, or its TSV/CSV form) from a file
or a URL, or the project's own bilingual JSON format (the demo shop's catalog). Parsing
(:mod:`~assistant.products.feed`, :mod:`~assistant.products.bilingual`) turns bytes into
:class:`~assistant.products.entries.CatalogEntry` values and per-line errors; the importer
(:mod:`~assistant.products.importer`) replaces a shop's catalog with them in one transaction,
or changes nothing. A background task refreshes feeds on a schedule
(:mod:`~assistant.products.refresh`).

In the chat, :mod:`~assistant.products.responder` answers product questions with cards from
the pure search in :mod:`knowledge_base.products`, and :mod:`~assistant.products.finder` runs
the guided product finder (:mod:`flows.finder`).
"""
