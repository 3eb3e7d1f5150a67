"""I4: the OpenID Connect provider, built on Authlib's server classes.

Authlib does the protocol (request validation, PKCE, client authentication, error responses,
ID token claims); backend/services/oidc_grants.py and signing_keys.py hold Latchkey's rules and
tables; backend/web/oidc.py is the thin HTTP layer.
"""
