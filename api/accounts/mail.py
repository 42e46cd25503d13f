"""Sending email: through SMTP when configured, else as ``.eml`` files in a local outbox
directory (development and tests read them there)."""

from __future__ import annotations

import smtplib
import ssl
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from catalogue.settings import MailSettings


class Mailer:
    def __init__(self, settings: MailSettings) -> None:
        self.settings = settings

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.settings.sender
        message["To"] = to
        message["Subject"] = subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain="maillage.invalid")
        message.set_content(body)
        if self.settings.smtp_host:
            self._smtp(message)
        else:
            self._outbox(message)

    def _smtp(self, message: EmailMessage) -> None:
        s = self.settings
        assert s.smtp_host is not None
        with smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=s.timeout_s) as smtp:
            if s.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if s.smtp_user and s.smtp_password is not None:
                smtp.login(s.smtp_user, s.smtp_password.get_secret_value())
            smtp.send_message(message)

    def _outbox(self, message: EmailMessage) -> None:
        directory = self.settings.outbox_dir
        directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        (directory / f"{stamp}-{uuid.uuid4().hex[:8]}.eml").write_bytes(message.as_bytes())
