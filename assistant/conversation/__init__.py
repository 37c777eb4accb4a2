"""The conversation engine: a shopper's message on its way through the responders to a reply, and the group commit that stores the exchange (messages and events) before the reply is sent."""
