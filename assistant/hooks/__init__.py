"""Outgoing webhooks: a shop's CRM or newsletter tool subscribes to topics (``stage_changed``,
``lead``, ``order_placed``, ``review``, ``referral``) and gets each as a signed POST.

It works in three steps. (1) Inside the unit of work that stores an event
(:func:`assistant.lifecycle.events.ingest`), :func:`assistant.hooks.outbox.queue_hooks`
turns what happened into payloads (:mod:`assistant.hooks.topics`, pure) and writes one
``webhook_delivery`` row per enabled subscription, so a delivery exists exactly when its
event was committed. (2) After the commit, :class:`assistant.hooks.sender.HookSender` claims
due rows (``FOR UPDATE SKIP LOCKED`` on PostgreSQL plus a claim time, so no two instances
post one row at once), posts them signed like the shop's own webhooks to us
(``v2=`` HMAC over the timestamp and the body, :mod:`assistant.security.signing`), with a
timeout. (3) The answer decides: 2xx is delivered, anything else is tried again after an
exponentially growing wait until the attempts are used up, then marked failed. A sender that
dies leaves its rows pending; they are taken again when their claim runs out."""
