"""The console's customer side: searching and filtering customers, one customer's profile."""
