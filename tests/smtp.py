"""A local SMTP server (aiosmtpd) for dispatch tests, with scriptable failures."""

import email
import email.policy
import socket
import threading

import pytest
from aiosmtpd.controller import Controller


class RecordingHandler:
    """Stores accepted messages; can refuse recipients (RCPT) or defer messages (DATA).

    - rcpt_replies: address -> reply for RCPT (e.g. "550 5.1.1 mailbox unavailable").
    - defer_first: addresses whose first DATA attempt answers "451 4.3.0 try again later".
    - block_at: the n-th accepted message (1-based) waits for `release` before answering;
      `blocked` is set while it waits; when released it answers 451 and stores nothing.
    """

    def __init__(self):
        self.messages = []
        self.rcpt_attempts = {}
        self.data_attempts = {}
        self.rcpt_replies = {}
        self.defer_first = set()
        self.block_at = None
        self.blocked = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        with self.lock:
            self.rcpt_attempts[address] = self.rcpt_attempts.get(address, 0) + 1
        reply = self.rcpt_replies.get(address)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import asyncio

        key = tuple(envelope.rcpt_tos)
        with self.lock:
            self.data_attempts[key] = self.data_attempts.get(key, 0) + 1
            first = self.data_attempts[key] == 1
            position = len(self.messages) + 1
        if first and set(key) & self.defer_first:
            return "451 4.3.0 Midlertidig fejl, prøv igen"
        if self.block_at is not None and position == self.block_at and not self.release.is_set():
            self.blocked.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 server going away"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append({"to": list(envelope.rcpt_tos), "message": message})
        return "250 Message accepted for delivery"

    def reports(self):
        """Accepted report e-mails (not the administrators' notifications)."""
        return [m for m in self.messages if m["message"]["Subject"].strip().startswith("Benchmark")]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_smtp():
    handler = RecordingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, handler


@pytest.fixture(name="smtp")
def smtp_fixture(monkeypatch):
    controller, handler = start_smtp()
    monkeypatch.setenv("WORKER_EMAIL_URL", f"smtp://127.0.0.1:{controller.port}")
    monkeypatch.setenv("REPORT_DISPATCH_BACKOFF", "1")
    monkeypatch.setenv("REPORT_DISPATCH_MAX_ATTEMPTS", "4")
    yield handler
    handler.release.set()
    controller.stop()


@pytest.fixture(name="mail_worker")
def mail_worker_fixture(smtp, transactional_db, request):
    """A real worker whose e-mail goes to the local SMTP server (env set before it starts)."""
    return request.getfixturevalue("celery_worker")
