"""Reference and demonstration data, kept as TOML and loaded idempotently."""
