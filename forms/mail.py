"""Invitations and reminders by e-mail: a Dutch (or English) text + HTML message over SMTP.

The SMTP server comes from the settings (MAKELAAR_SMTP_*): plain on loopback, STARTTLS, or
implicit TLS, with a timeout on every operation; the password from MAKELAAR_SMTP_PASSWORD or a
Prefect Secret block (MAKELAAR_SMTP_PASSWORD_BLOCK). One connection serves a batch; a message that
fails is reported to the caller (who records it) and the next message tries a fresh connection,
so one bad address or a dropped connection does not stop the others.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from types import TracebackType

from makelaar.forms.brieven import Aanschrijving, omgeving
from makelaar.models.errors import ConfigurationError
from makelaar.models.secret_blocks import read_secret_block
from makelaar.models.settings import Settings
from makelaar.models.taal import in_taal

__all__ = ["Mailer", "maak_bericht", "smtp_password"]


def maak_bericht(
    settings: Settings, aanschrijving: Aanschrijving, *, naar: str, link: str, naam: str | None
) -> EmailMessage:
    """The message for one person: plain text first, the HTML alternative second."""
    context = aanschrijving.context(naam)
    tekst = omgeving(html=False).get_template("mail.txt.j2").render(m=context, link=link)
    html = (
        omgeving(html=True)
        .get_template("mail.html.j2")
        .render(m=context, link=link, taal=aanschrijving.taal, onderwerp=aanschrijving.onderwerp)
    )
    bericht = EmailMessage()
    # The subject holds the form's title, data: a line break in it is a space, never a new header
    bericht["Subject"] = " ".join(aanschrijving.onderwerp.split())
    bericht["From"] = settings.mail_from
    bericht["To"] = naar
    bericht["Date"] = formatdate(localtime=False)
    bericht["Message-ID"] = make_msgid(domain=_domein(settings.mail_from))
    bericht["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    bericht.set_content(tekst)
    bericht.add_alternative(html, subtype="html")
    bericht["Content-Language"] = aanschrijving.taal  # after: Content-* headers move to parts
    return bericht


def _domein(adres: str) -> str:
    _, email = parseaddr(adres)
    return email.rpartition("@")[2] or "localhost"


class Mailer:
    """An SMTP connection for a batch of messages, opened on the first send."""

    def __init__(self, settings: Settings) -> None:
        if not settings.smtp_host:
            raise ConfigurationError(
                in_taal(
                    settings.locale,
                    "Er is geen SMTP-server ingesteld; zet MAKELAAR_SMTP_HOST (en zo nodig "
                    "MAKELAAR_SMTP_PORT, MAKELAAR_SMTP_TLS, MAKELAAR_SMTP_USER en "
                    "MAKELAAR_SMTP_PASSWORD), of kies --kanaal lijst om zelf te mailen.",
                    "No SMTP server is set; set MAKELAAR_SMTP_HOST (and where needed "
                    "MAKELAAR_SMTP_PORT, MAKELAAR_SMTP_TLS, MAKELAAR_SMTP_USER and "
                    "MAKELAAR_SMTP_PASSWORD), or choose --kanaal lijst to send the mail yourself.",
                )
            )
        self.settings = settings
        # read now, before anything is sent or recorded: a missing block stops the batch here
        self._password = smtp_password(settings) if settings.smtp_user else ""
        self._smtp: smtplib.SMTP | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        host = s.smtp_host or ""
        context = ssl.create_default_context()
        smtp: smtplib.SMTP
        if s.smtp_tls == "ssl":
            smtp = smtplib.SMTP_SSL(host, s.smtp_port, timeout=s.smtp_timeout_s, context=context)
        else:
            smtp = smtplib.SMTP(host, s.smtp_port, timeout=s.smtp_timeout_s)
        try:
            smtp.ehlo()
            if s.smtp_tls == "starttls":
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.smtp_user:
                smtp.login(s.smtp_user, self._password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def verstuur(self, bericht: EmailMessage) -> str | None:
        """Send one message; None when the server accepted it, else what went wrong (one line)."""
        try:
            if self._smtp is None:
                self._smtp = self._connect()
            refused = self._smtp.send_message(bericht)
        except (smtplib.SMTPException, OSError) as exc:
            self.close()
            return _fout(exc, self.settings)
        if refused:
            return "; ".join(f"{adres} geweigerd ({code})" for adres, (code, _) in refused.items())
        return None

    def close(self) -> None:
        """Say goodbye to the server (or just drop the connection when it no longer answers)."""
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()


def smtp_password(settings: Settings) -> str:
    """The SMTP password: MAKELAAR_SMTP_PASSWORD, else the Prefect Secret block that
    MAKELAAR_SMTP_PASSWORD_BLOCK names (read now), else none (an empty password)."""
    if settings.smtp_password is not None:
        return settings.smtp_password.get_secret_value()
    if settings.smtp_password_block is not None:
        return read_secret_block(
            settings.smtp_password_block,
            setting="MAKELAAR_SMTP_PASSWORD_BLOCK",
            alternative="MAKELAAR_SMTP_PASSWORD",
            taal=settings.locale,
        )
    return ""


def _fout(exc: BaseException, settings: Settings) -> str:
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return f"adres geweigerd door {where}: {', '.join(exc.recipients)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        raw = exc.smtp_error
        message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
        return f"{where} antwoordde {exc.smtp_code}: {message}"[:500]
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return f"{where} ondersteunt niet wat MAKELAAR_SMTP_TLS/MAKELAAR_SMTP_USER vragen: {exc}"
    if isinstance(exc, ssl.SSLError):
        return f"TLS-verbinding met {where} mislukt ({exc.reason or exc}); klopt MAKELAAR_SMTP_TLS?"
    if isinstance(exc, ConnectionRefusedError):
        return f"geen verbinding met {where} (verbinding geweigerd)"
    if isinstance(exc, TimeoutError):
        return f"{where} antwoordde niet binnen {settings.smtp_timeout_s:g} s"
    return f"{where}: {type(exc).__name__}: {exc}"[:500]
