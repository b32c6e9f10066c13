"""Tokens the editors issue, one municipality each: shown once, stored only as a hash, expiring,
revocable (`lod intake token NIS`, `lod intake revoke ID`).

A token reads `vu_<id>_<secret>`: the id names it in the audit log and on the command line, the
secret (256 random bits) is what proves it. `tokens.jsonl` keeps, per token, its id, municipality,
validity and the SHA-256 of the secret, never the secret itself (a random secret of 256 bits
needs no slow hash: there is nothing to guess from). Issuing and revoking append a line; the file
is never rewritten.

>>> import tempfile
>>> from datetime import datetime, UTC
>>> with tempfile.TemporaryDirectory() as d:
...     tokens = Tokens(Path(d))
...     secret, token = tokens.issue("44021", days=90, now=datetime(2026, 1, 1, tzinfo=UTC))
...     found = tokens.verify(secret, now=datetime(2026, 2, 1, tzinfo=UTC))
...     stored = (Path(d) / "tokens.jsonl").read_text()
>>> found.nis_code, found.id == token.id, secret.split("_", 2)[2] in stored
('44021', True, False)
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from lod.files import append_line, read_lines

_TOKEN = re.compile(r"^vu_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


class TokenRefused(Exception):
    """A token that does not let its bearer submit: unknown, wrong, revoked or expired (401)."""

    def __init__(self, reason: str, token_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.token_id = reason, token_id


@dataclass(frozen=True)
class Token:
    id: str
    nis_code: str
    issued: datetime
    expires: datetime
    digest: str
    revoked: datetime | None = None

    def valid_on(self, now: datetime) -> bool:
        return self.revoked is None and self.issued <= now < self.expires


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("ascii")).hexdigest()


class Tokens:
    """The tokens of one intake store (`root/tokens.jsonl`)."""

    def __init__(self, root: Path) -> None:
        self.path = root / "tokens.jsonl"

    def all(self) -> list[Token]:
        tokens: dict[str, Token] = {}
        for record in read_lines(self.path):
            if record["event"] == "issued":
                tokens[record["id"]] = Token(record["id"], record["nis_code"],
                                             datetime.fromisoformat(record["issued"]),
                                             datetime.fromisoformat(record["expires"]), record["sha256"])
            elif record["event"] == "revoked" and record["id"] in tokens:
                old = tokens[record["id"]]
                tokens[record["id"]] = Token(old.id, old.nis_code, old.issued, old.expires, old.digest,
                                             datetime.fromisoformat(record["at"]))
        return sorted(tokens.values(), key=lambda t: (t.issued, t.id))

    def issue(self, nis_code: str, *, days: int, now: datetime) -> tuple[str, Token]:
        """A new token for `nis_code`: the text to hand over (shown once) and what is kept of it."""
        known = {t.id for t in self.all()}
        token_id = secrets.token_hex(6)
        while token_id in known:
            token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        token = Token(token_id, nis_code, now, now + timedelta(days=days), _digest(secret))
        append_line(self.path, {"event": "issued", "id": token_id, "nis_code": nis_code,
                                "issued": now.isoformat(), "expires": token.expires.isoformat(),
                                "sha256": token.digest})
        return f"vu_{token_id}_{secret}", token

    def revoke(self, token_id: str, *, now: datetime) -> Token:
        found = next((t for t in self.all() if t.id == token_id), None)
        if found is None:
            raise KeyError(token_id)
        if found.revoked is None:
            append_line(self.path, {"event": "revoked", "id": token_id, "at": now.isoformat()})
        return next(t for t in self.all() if t.id == token_id)

    def verify(self, presented: str | None, *, now: datetime) -> Token:
        """The token `presented` proves, or TokenRefused saying why (for the audit log)."""
        match = _TOKEN.match((presented or "").strip())
        if match is None:
            raise TokenRefused("malformed" if presented else "missing")
        token_id, secret = match.groups()
        found = next((t for t in self.all() if t.id == token_id), None)
        # Compare the digest even for an unknown id, so the answer takes as long either way.
        expected = found.digest if found else _digest("")
        if not hmac.compare_digest(_digest(secret), expected) or found is None:
            raise TokenRefused("wrong", token_id if found else None)
        if found.revoked is not None:
            raise TokenRefused("revoked", token_id)
        if not found.valid_on(now):
            raise TokenRefused("expired", token_id)
        return found


__all__ = ["Token", "TokenRefused", "Tokens"]
