"""HTML pages (G2): each handler runs one GraphQL operation and renders the result."""
