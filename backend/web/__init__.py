"""HTTP: the Starlette app, the GraphQL endpoint, the pages and their middleware."""
