"""The rules of Latchkey, one module per capability; nothing here knows HTTP or GraphQL."""
