"""The SSRF guard: which addresses a fetch may connect to.

Every URL peacewatch fetches (feeds, pages, sitemaps, robots.txt, every redirect hop, webhooks) is
checked here first: the scheme must be http or https, the URL may carry no credentials, and its host
is resolved and refused when any of its addresses is loopback, private, link-local, multicast,
reserved, unspecified or otherwise not global (IPv4-mapped, 6to4 and Teredo IPv6 addresses are
judged by the IPv4 address inside). The fetch then connects to the very address that was checked, so
a DNS answer that changes between the check and the connection (rebinding) cannot move it. Only a
host named in `allow_hosts` (the tests' 127.0.0.1, a team's intranet feed) skips the address check.
The resolver is injected, so tests check refusals without sending any traffic.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..errors import BlockedAddress, FetchError

Resolver = Callable[[str, int], list[str]]  # (host, port) -> IP addresses
SCHEMES = {"http": 80, "https": 443}


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives for host."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def refusal(address: str) -> str | None:
    """Why an address may not be fetched from, or None when it is a public one."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        inner = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if inner is not None:
            return refusal(str(inner))
    for kind in ("loopback", "private", "link_local", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    if not ip.is_global:
        return "not global"  # e.g. 100.64.0.0/10, the carriers' shared address space
    return None


@dataclass(frozen=True)
class Target:
    """Where a checked URL goes: its scheme, host and port, and the address to connect to."""

    scheme: str
    host: str
    port: int
    address: str


@dataclass(frozen=True)
class Guard:
    allow_hosts: frozenset[str] = frozenset()
    resolver: Resolver = field(default=system_resolver, compare=False)

    @classmethod
    def allowing(cls, hosts=(), resolver: Resolver | None = None) -> "Guard":
        return cls(frozenset(h.lower().strip("[]") for h in hosts), resolver or system_resolver)

    def check(self, url: str) -> Target:
        """The target of `url`, or BlockedAddress / FetchError saying why it may not be fetched."""
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as error:
            raise FetchError(url, f"not a valid URL ({error})") from error
        scheme = parts.scheme.lower()
        if scheme not in SCHEMES:
            raise BlockedAddress(url, f"only http and https URLs are fetched, not {scheme or 'a bare path'!r}")
        if parts.username is not None or parts.password is not None:
            raise BlockedAddress(url, "URLs with credentials are refused; give the feed's public URL")
        host = (parts.hostname or "").lower()
        if not host:
            raise FetchError(url, "the URL has no host")
        port = port or SCHEMES[scheme]
        try:
            literal = str(ipaddress.ip_address(host))
        except ValueError:
            literal = None
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as error:
                raise FetchError(url, f"cannot resolve {host} ({error})") from error
            if not addresses:
                raise FetchError(url, f"{host} resolves to no address")
        if host not in self.allow_hosts:
            for address in addresses:
                why = refusal(address)
                if why:
                    shown = host if literal else f"{host} resolves to {address}, which"
                    raise BlockedAddress(url, f"{shown} is a {why} address; peacewatch fetches only from "
                                              "public addresses (pass --allow-host to allow this host)")
        return Target(scheme, host, port, addresses[0])
