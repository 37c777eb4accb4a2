"""Guided checkout and order status in the chat: the flows of :mod:`flows` run against a
shop adapter, with the events the lifecycle and the checkout funnel are built from."""
