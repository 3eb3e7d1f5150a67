"""What every service call needs from the running app, built once by the app factory."""

from __future__ import annotations

from dataclasses import dataclass

from backend.clock import Clock
from backend.config import Settings
from backend.mail.outbox import Outbox
from backend.services.passwords import PasswordHasher
from backend.services.secret_box import SecretBox


@dataclass
class Deps:
    settings: Settings
    clock: Clock
    passwords: PasswordHasher
    mailer: Outbox
    box: SecretBox
