"""GDPR: everything stored about a customer as one JSON document (right of access, Art. 15
and 20), and erasing it (right to erasure, Art. 17)."""
