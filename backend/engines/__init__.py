"""Tortoise database engines with the behaviour Latchkey's transactions need (O5)."""
