"""Connectors to the shop systems shops run: Shopware 6, WooCommerce, Shopify and Vendure.

Each is a :class:`~assistant.shop.adapter.ShopAdapter` over the platform's own published APIs,
built from a shop's settings by :func:`~assistant.shop.platforms.connect.build_adapter`, with an
``async check()`` that says what is wrong with the settings (address, keys, permissions).
Webhook receivers for each platform's signed order events are in
:mod:`assistant.shop.platforms.webhooks`.
"""
