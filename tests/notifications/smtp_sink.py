"""A loopback SMTP server for tests (aiosmtpd): records what it accepts and can be told to misbehave.

Per recipient address, queue what the next attempts meet: "451" / "550" at RCPT TO, "drop" (close the
connection at RCPT TO), "554" at DATA (a permanent refusal not about the address), or "stall" (take the whole
message, then never answer, as a server would while the worker is killed).
"""

import asyncio
import email
import email.policy
import socket
import threading
from dataclasses import dataclass

from aiosmtpd.controller import Controller


@dataclass
class Received:
    rcpt_tos: list[str]
    raw: str
    message: email.message.EmailMessage

    @property
    def to(self) -> str:
        return self.rcpt_tos[0]


class SmtpSink:
    RCPT_ACTIONS = {"451", "550", "drop"}
    DATA_ACTIONS = {"554", "stall"}

    def __init__(self):
        self.received: list[Received] = []
        self.attempts: list[str] = []  # every RCPT TO seen, accepted or not
        self._rules: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self.stalled = threading.Event()
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self):
        self._controller.start()
        return self

    def stop(self):
        self._controller.stop()

    def misbehave(self, address: str, *actions: str) -> None:
        with self._lock:
            self._rules.setdefault(address.lower(), []).extend(actions)

    def _next(self, address: str, phase: set) -> str:
        with self._lock:
            rules = self._rules.get(address.lower())
            if rules and rules[0] in phase:
                return rules.pop(0)
        return ""

    def to(self, address: str) -> list[Received]:
        with self._lock:
            return [m for m in self.received if address.lower() in (a.lower() for a in m.rcpt_tos)]

    def snapshot(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    # --- aiosmtpd handler hooks ---

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self._lock:
            self.attempts.append(address)
        action = self._next(address, self.RCPT_ACTIONS)
        if action == "451":
            return "451 4.3.0 Mailbox busy, try again later"
        if action == "550":
            return "550 5.1.1 No such mailbox here"
        if action == "drop":
            server.transport.close()
            return "421 4.4.2 Closing connection"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        action = self._next(envelope.rcpt_tos[0], self.DATA_ACTIONS)
        if action == "554":
            return "554 5.7.1 Message refused by policy"
        if action == "stall":
            self.stalled.set()
            await asyncio.sleep(3600)  # the client never hears back
        raw = envelope.content.decode("utf-8", errors="replace")
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.received.append(Received(rcpt_tos=list(envelope.rcpt_tos), raw=raw, message=message))
        return "250 OK: queued"
