"""The `[serve]` table of handouts.toml: how `handouts serve` runs for a whole clinic.

    [serve]
    users = "users.txt"          # the practice's user file (handouts users add NAME)
    audit = "audit.log"          # who printed what, when (default: standard error)
    hosts = ["handouts.clinic.example"]   # names browsers use to reach it (through a proxy)
    proxy = "127.0.0.1"          # the reverse proxy's address or range (10.0.0.0/24), or a list:
                                 # its X-Forwarded-Proto and -For are trusted
    user_header = "X-Remote-User"  # ... and, if named, the user it says it authenticated
    workers = 2                  # render processes (default: one per core)
    timeout = 120                # seconds one document may take
    cache_mb = 64                # memory for documents without patient details
    idle_minutes = 15            # a signed-in session unused this long ends (0: after 12 hours only)

Paths are relative to the folder of handouts.toml. Checked when the workspace
is read, every problem located. Plain Python: reading a workspace must stay
cheap (no Flask, no pydantic, no WeasyPrint).
"""

from __future__ import annotations

import difflib
import ipaddress
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KEYS = {
    "users": "the practice's user file: names and hashed passwords (handouts users add NAME)",
    "audit": "the file audit lines are appended to (default: standard error)",
    "hosts": "host names browsers use to reach the app, e.g. through a reverse proxy",
    "proxy": "the reverse proxy's address or range, e.g. 10.0.0.0/24 (or a list): only its forwarded headers "
             "are trusted",
    "user_header": "a header the proxy sets to the user it authenticated, e.g. X-Remote-User",
    "workers": "render worker processes (default: one per core)",
    "timeout": "seconds one document may take before its worker is replaced",
    "cache_mb": "megabytes of memory for documents without patient details (0: no cache)",
    "idle_minutes": "minutes without use after which a signed-in session ends (0: only after 12 hours)",
}

SETTING_ENTRIES = 50
"""The most entries a list in handouts.toml may hold (its data folders, [serve]'s host names and proxies). Ours:
a practice names a few of each. Over it, one problem at the key before any entry is checked: a 64 KiB file of
7,000 data folders that are not there said 7,000 problems, each after a 'did you mean' over the folder's names,
and 7,000 that are there would each be searched for every id a command looks up; a request from every address
would be compared with each of thousands of proxies."""


def too_many(value: object, limit: int = SETTING_ENTRIES) -> str | None:
    """Why a setting's list is too long to be checked entry by entry, in the words a content file's cap uses."""
    if isinstance(value, list) and len(value) > limit:
        return (f"{len(value)} entries, more than a practice needs: give at most {limit} (each entry is checked "
                "once there are no more)")
    return None


_HEADER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,63}$")
_HOST = re.compile(r"^[A-Za-z0-9.-]{1,253}$|^\[[0-9A-Fa-f:.]+\]$")


@dataclass(frozen=True)
class ServeConfig:
    users: Path | None = None
    audit: Path | None = None
    hosts: tuple[str, ...] = ()
    proxy: tuple[str, ...] = ()
    user_header: str | None = None
    workers: int | None = None
    timeout: float = 120.0
    cache_mb: int = 64
    idle_minutes: int = 15
    """A room computer is shared: unused this long, a user file's session ends (handouts.web.idle)."""


BROADEST_PREFIX = {4: 8, 6: 7}
"""The widest proxy range accepted: the largest private block (10.0.0.0/8; fc00::/7, every unique-local
IPv6 address). No proxy pool or container network is wider; a wider range (0.0.0.0/0, ::/0, a typo'd
/1) would believe forwarded headers, a user header included, from the whole internet."""


_WRITE = ('write the proxy\'s IP address or range (or a list), e.g. proxy = "127.0.0.1" or '
          'proxy = ["10.0.0.0/24", "fd00::/64"]')


def proxy_problem(value: object) -> str | None:
    """What is wrong with one `proxy` entry (an address, or a CIDR range); None when it is usable."""
    if not isinstance(value, str) or not value.strip():
        return ("an empty entry" if isinstance(value, str) else "an entry that is not text") + ": " + _WRITE
    text = value.strip()
    if "/" not in text:
        return None if _address(text) else f"'{text}' is no IP address: {_WRITE}"
    try:
        network = ipaddress.ip_network(text, strict=False)
    except ValueError:
        return f"'{text}' is no address range (an address, a '/' and a prefix length, e.g. 10.0.0.0/24)"
    if network.prefixlen < BROADEST_PREFIX[network.version]:
        everyone = "every address" if network.prefixlen == 0 else "far more addresses than any proxy pool"
        return (f"'{text}' covers {everyone}: anyone there could claim to be a signed-in user or any browser; "
                f"name the proxy's own address or network, at most a /{BROADEST_PREFIX[network.version]}")
    try:
        ipaddress.ip_network(text)
    except ValueError:  # host bits set: 10.0.0.5/24 says two things; which one is meant?
        return (f"'{text}' is an address with a prefix length: for the range write {network.compressed}, "
                "for one address leave the '/' out")
    return None


def proxy_entry(value: str) -> str:
    """A checked `proxy` entry as the app compares it: an address ('127.0.0.1'), or a range ('10.0.0.0/24')."""
    text = value.strip()
    if "/" not in text:
        return _address(text) or text
    network = ipaddress.ip_network(text, strict=False)
    return network.network_address.compressed if network.num_addresses == 1 else network.compressed


def _address(value: str) -> str | None:
    try:
        return ipaddress.ip_address(value.strip("[]")).compressed
    except ValueError:
        return None


def _resolved(path: Path, key: str, problem: Callable[[str, str], None]) -> Path | None:
    """`path` with links followed; a link loop is a problem at `key` (pathlib raised it as a traceback), and so
    is a link to nothing: resolved, it named the place it points to, and `serve` made the folders there (an
    unmounted share's, on the local disk) and wrote the audit log, or read no users, where nobody looks."""
    from handouts.inputfile import LINK_LOOP, LINK_TO_NOTHING, broken_link

    link = broken_link(path)
    if link == LINK_TO_NOTHING:
        problem(key, f"{path.name} {LINK_TO_NOTHING} (it points to {os.readlink(path)}, which is not there): make "
                     "that file, or name another one")
        return None
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, in Python 3.11
        problem(key, f"{path.name} {LINK_LOOP}, not a file")
        return None


def check(table: Any, root: Path, problem: Callable[[str, str], None]) -> ServeConfig:
    """The [serve] table as a ServeConfig; each problem goes to `problem(key, message)`."""
    if not isinstance(table, dict):
        problem("serve", "write a table: a line '[serve]' with its settings below it")
        return ServeConfig()
    for key in table:
        if key not in KEYS:
            close = difflib.get_close_matches(key, list(KEYS), n=1)
            problem(key, f"unknown key '{key}' in [serve]" + (f"; did you mean '{close[0]}'?" if close else
                                                              f"; keys: {', '.join(KEYS)}"))
    paths: dict[str, Path | None] = {}
    for key in ("users", "audit"):
        value = table.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            problem(key, f"write a file name, e.g. {key} = \"{key}.txt\"")
            value = None
        paths[key] = _resolved(root / value, key, problem) if value else None
    hosts = table.get("hosts", [])
    if why := too_many(hosts):
        problem("hosts", why)
        hosts = []
    elif not isinstance(hosts, list) or not all(isinstance(h, str) and _HOST.match(h) for h in hosts):
        problem("hosts", 'write a list of host names, e.g. hosts = ["handouts.clinic.example"]')
        hosts = []
    raw_proxy = table.get("proxy", [])
    proxies = [raw_proxy] if isinstance(raw_proxy, str) else raw_proxy
    if why := too_many(proxies):
        problem("proxy", why)
        proxies = []
    wrong = [proxy_problem(p) for p in proxies] if isinstance(proxies, list) else [_WRITE]
    addresses = [proxy_entry(p) for p in proxies] if not any(wrong) else []
    for why in dict.fromkeys(filter(None, wrong)):
        problem("proxy", why)
    header = table.get("user_header")
    if header is not None and not (isinstance(header, str) and _HEADER.match(header)):
        problem("user_header", 'write a header name, e.g. user_header = "X-Remote-User"')
        header = None
    if header is not None and not addresses:
        problem("user_header", "a user header is trusted only from the proxy: name its address too, "
                               'e.g. proxy = "127.0.0.1"')
    numbers: dict[str, Any] = {}
    for key, low, high, default in (("workers", 1, 256, None), ("timeout", 1, 3600, 120.0), ("cache_mb", 0, 65536, 64),
                                    ("idle_minutes", 0, 720, 15)):
        value = table.get(key, default)
        if value is not default and (isinstance(value, bool) or not isinstance(value, int | float)
                                     or not low <= value <= high or (key != "timeout" and not isinstance(value, int))):
            problem(key, f"write a {'number' if key == 'timeout' else 'whole number'} from {low} to {high}")
            value = default
        numbers[key] = value
    return ServeConfig(users=paths["users"], audit=paths["audit"], hosts=tuple(hosts),
                       proxy=tuple(a for a in addresses if a), user_header=header, workers=numbers["workers"],
                       timeout=float(numbers["timeout"]), cache_mb=int(numbers["cache_mb"]),
                       idle_minutes=int(numbers["idle_minutes"]))
