"""Cross-sell, up-sell and down-sell suggestions: curated bundles plus product pairs mined from
order history. ``ranking`` is the pure decision logic; ``service`` brings catalog, stock and
history in; ``offers`` turns suggestions into chat cards."""
