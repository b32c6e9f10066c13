"""Tokens: shown once, kept only as a hash, revocable, expiring; the log is appended, never rewritten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from lod.intake.tokens import TokenRefused, Tokens

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def refusal(tokens: Tokens, presented: str | None, now: datetime = NOW) -> str:
    with pytest.raises(TokenRefused) as info:
        tokens.verify(presented, now=now)
    return info.value.reason


def test_a_token_proves_its_municipality_and_is_kept_only_as_a_hash(tmp_path):
    tokens = Tokens(tmp_path)
    secret, token = tokens.issue("12025", days=90, now=NOW)
    assert tokens.verify(secret, now=NOW + timedelta(days=89)).nis_code == "12025"
    stored = (tmp_path / "tokens.jsonl").read_text()
    assert secret not in stored and secret.rsplit("_", 1)[1] not in stored and token.digest in stored


@pytest.mark.parametrize(("presented", "reason"), [
    (None, "missing"), ("", "missing"), ("geheim", "malformed"), ("vu_zz_abc", "malformed"),
    ("vu_000000000000_" + "a" * 43, "wrong"),
])
def test_what_is_no_token_is_refused(tmp_path, presented, reason):
    tokens = Tokens(tmp_path)
    tokens.issue("12025", days=90, now=NOW)
    assert refusal(tokens, presented) == reason


def test_a_wrong_secret_a_revoked_and_an_expired_token_are_refused(tmp_path):
    tokens = Tokens(tmp_path)
    secret, token = tokens.issue("12025", days=90, now=NOW)
    other, _ = tokens.issue("44021", days=1, now=NOW)
    assert refusal(tokens, secret[:-1] + ("A" if secret[-1] != "A" else "B")) == "wrong"
    assert refusal(tokens, other, NOW + timedelta(days=1)) == "expired"
    before = (tmp_path / "tokens.jsonl").read_text()
    tokens.revoke(token.id, now=NOW)
    assert refusal(tokens, secret) == "revoked"
    assert (tmp_path / "tokens.jsonl").read_text().startswith(before)  # appended, never rewritten
    with pytest.raises(KeyError):
        tokens.revoke("000000000000", now=NOW)


def test_a_line_cut_short_by_a_crash_is_not_read(tmp_path):
    tokens = Tokens(tmp_path)
    secret, _ = tokens.issue("12025", days=90, now=NOW)
    with (tmp_path / "tokens.jsonl").open("a") as fh:
        fh.write('{"event": "issued", "id": "abc')  # the write of a second token, interrupted
    assert tokens.verify(secret, now=NOW).nis_code == "12025" and len(tokens.all()) == 1
    later, _ = tokens.issue("44021", days=90, now=NOW)  # the next append starts on a line of its own
    assert sorted(t.nis_code for t in tokens.all()) == ["12025", "44021"]
    assert tokens.verify(later, now=NOW).nis_code == "44021"
