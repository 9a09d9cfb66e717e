"""Moderation's reads for pages, one module per role (HackSoft selectors)."""
