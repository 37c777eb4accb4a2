"""Talking to the shop: its catalog and carts (and, with checkout, orders) behind one protocol."""
