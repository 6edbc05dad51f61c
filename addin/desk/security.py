"""Passwords, tokens, CSRF, the password's rate limit, and the headers and size limits every
response and request gets."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import defaultdict, deque

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1}
CSRF_COOKIE = "jx_csrf"
SESSION_COOKIE = "jx_session"
HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                                 b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),          # a unit's link never leaks in a Referer
    (b"cache-control", b"no-store"),
]


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, **SCRYPT)
    return f"scrypt${SCRYPT['n']}${SCRYPT['r']}${SCRYPT['p']}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    _, n, r, p, salt, digest = stored.split("$")
    computed = hashlib.scrypt(password.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(computed.hex(), digest)


def new_token() -> str:
    """An unguessable token for a unit's link or a session (256 bits)."""
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def same_token(a: str | None, b: str | None) -> bool:
    return bool(a and b) and hmac.compare_digest(a.encode(), b.encode())


class RateLimit:
    """At most ``attempts`` failed passwords per client address in ``window`` seconds."""

    def __init__(self, attempts: int = 5, window: float = 300.0):
        self.attempts, self.window = attempts, window
        self.failures: dict[str, deque] = defaultdict(deque)

    def blocked(self, client: str) -> int:
        """Seconds the client must still wait (0: may try)."""
        failures = self.failures[client]
        while failures and failures[0] < time.monotonic() - self.window:
            failures.popleft()
        if len(failures) < self.attempts:
            return 0
        return int(failures[0] + self.window - time.monotonic()) + 1

    def failed(self, client: str) -> None:
        self.failures[client].append(time.monotonic())

    def passed(self, client: str) -> None:
        self.failures.pop(client, None)


class Guard:
    """ASGI middleware: security headers on every response, and a request body of at most
    ``max_body`` bytes (answered with 413 before it is read any further)."""

    def __init__(self, app: ASGIApp, max_body: int):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self._too_large(scope, receive, send)
            return
        seen, refused = 0, False

        async def limited() -> Message:
            nonlocal seen, refused
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                if not refused:
                    refused = True
                    await self._too_large(scope, receive, send)
                return {"type": "http.disconnect"}         # the application stops reading
            return message

        async def with_headers(message: Message) -> None:
            if refused:
                return
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + HEADERS
            await send(message)

        try:
            await self.app(scope, limited, with_headers)
        except Exception:
            if not refused:
                raise

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = PlainTextResponse(f"上传内容超过 {self.max_body // (1 << 20)} MB 的上限，请分批上传", 413,
                                     headers={k.decode(): v.decode() for k, v in HEADERS})
        await response(scope, receive, send)
