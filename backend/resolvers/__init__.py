"""Thin resolvers: parse arguments, call one service function, map the result."""
