"""Where a request comes from, for the throttle: the socket peer, or what a trusted proxy says.

This is the one place that decides: uvicorn's own proxy-header handling is switched off
(forms.web.server), so `X-Forwarded-For` is believed only from the networks in the setting
`trusted_proxies` (MAKELAAR_TRUSTED_PROXIES) and otherwise ignored. Behind trusted proxies the
client is the right-most address of the chain that is not itself a trusted proxy: every entry
to the right of it was appended by a proxy we trust, everything to its left may be made up by
the client. An IPv6 client counts by its /64 network, the block one connection usually gets,
so that it cannot step to a fresh address for each attempt.

The address is used in memory only (never stored or logged, RELIABILITY.md §2).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import Request

from makelaar.models.settings import Netwerk

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
#: the key for a request without a socket peer (a Unix socket): all such requests share it
ONBEKEND = "?"


def als_ip(tekst: str) -> IP | None:
    """The address in `tekst` ('192.0.2.1', '192.0.2.1:443', '[2001:db8::1]:443'), else None.

    An IPv4 address mapped into IPv6 (a dual-stack socket's '::ffff:192.0.2.1') is the IPv4 one.
    """
    tekst = tekst.strip()
    if tekst.startswith("["):
        tekst = tekst[1:].partition("]")[0]
    elif tekst.count(":") == 1:
        tekst = tekst.partition(":")[0]
    try:
        ip = ipaddress.ip_address(tekst)
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


class Adressen:
    """Resolves a request's client address, believing X-Forwarded-For from `vertrouwd` only."""

    def __init__(self, vertrouwd: Sequence[Netwerk]) -> None:
        self.vertrouwd = tuple(vertrouwd)

    def _vertrouwd(self, ip: IP) -> bool:
        return any(ip.version == net.version and ip in net for net in self.vertrouwd)

    def client(self, peer: str | None, forwarded_for: Iterable[str]) -> IP | None:
        """The client's address: the peer's, or the right-most untrusted one the proxies name.

        None without a usable peer address. When the chain holds something that is no address
        where a trusted proxy should have written one, the nearest trusted hop counts (never a
        value the client could choose).
        """
        adres = als_ip(peer) if peer else None
        if adres is None or not self.vertrouwd or not self._vertrouwd(adres):
            return adres
        keten = [deel for waarde in forwarded_for for deel in waarde.split(",")]
        for deel in reversed(keten):
            ip = als_ip(deel)
            if ip is None:
                break
            adres = ip
            if not self._vertrouwd(ip):
                break
        return adres

    def sleutel(self, request: Request) -> str:
        """The throttle's key for `request`: its client's IPv4 address or IPv6 /64 network."""
        peer = request.client.host if request.client else None
        adres = self.client(peer, request.headers.getlist("x-forwarded-for"))
        return sleutel(adres)


def sleutel(adres: IP | None) -> str:
    """An IPv4 address as itself, an IPv6 address as its /64 network, no address as ONBEKEND."""
    if adres is None:
        return ONBEKEND
    if isinstance(adres, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((adres, 64), strict=False))
    return str(adres)
