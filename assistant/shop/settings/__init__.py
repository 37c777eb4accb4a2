"""What a shop's admin sets in the console: allowed origins, signing secrets, FAQ thresholds,
lifecycle rules and score weights, business hours. The parsers and decisions are pure
(``origins``, ``tuning``, ``hours``, ``keys``); ``service`` stores them and makes them live."""
