"""Outgoing mail: fastapi-mail to an SMTP server, and the development sink."""
