"""Moderation's writes, one module per role (HackSoft services)."""
