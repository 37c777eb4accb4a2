"""Shop metrics from stored data: pure formulas (``formulas``), the CLV models (``clv``),
the queries (``queries``) and the report that puts them together (``report``)."""
