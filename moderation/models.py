"""Care flags and review items (built by the care-flags issue)."""
