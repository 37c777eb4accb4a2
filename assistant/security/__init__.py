"""Secrets and their uses: password hashing, HMAC signatures shared with a shop's server, the installation's secret key, and the rate limits that slow down guessing and abuse."""
