"""Latchkey: an account login service with a mandatory second factor."""
