"""Failed sign-ins slow guessing down: a name, or an address, that keeps failing waits before it may try again.

Without this, anyone who reaches the sign-in page could try passwords as fast as
scrypt checks them (two at a time, a tenth of a second each: hundreds of thousands
a day). After FREE_FAILURES failures in a row, a name is refused for LOCK_SECONDS,
doubling with each further failure up to MAX_LOCK_SECONDS; a correct password
clears it. The same holds for the browser's address: behind the configured proxy, the
address the proxy forwards (handouts.web.proxy.client_address), never the proxy's own,
which every browser shares (one user's typos would lock the whole practice out); a
proxy that forwards none leaves the name alone to wait. A refused attempt checks no
password at all.

An IPv6 address counts as its /64 network: one computer, or one home or office line, is
given a /64 of its own to pick from, so counting each address alone would let one guesser
try from as many addresses as it likes (and fill the memory kept here with them).

A name's wait does not hold up an address that has signed in as that name before
(`known`): otherwise anyone who can reach the sign-in page, and knows or guesses a
clinician's user name, could keep them out for good with one wrong password every
quarter of an hour, from anywhere. Such an address still waits after its own
failures, like any other.

However many sign-ins arrive at once, at most CONCURRENT_CHECKS passwords are checked and
WAITING_CHECKS more wait their turn (PasswordChecks); any further attempt is answered at once
(503, Retry-After) rather than holding one of the server's threads: a burst of sign-ins,
whoever sends it, cannot leave the rooms' prints waiting for a thread. Nor can it fill the
server's log: attempts refused without a password check are logged one line a minute at
most, with a count of those held back (LogQuota).

Kept in memory only (a restart forgets it), at most MAX_KEYS entries of each kind, the
oldest of those not waiting dropped first; a name is kept as typed, never logged (it
may be a password).
"""

from __future__ import annotations

import ipaddress
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

FREE_FAILURES = 5
LOCK_SECONDS = 30.0
MAX_LOCK_SECONDS = 15 * 60.0
MAX_KEYS = 10_000
CONCURRENT_CHECKS = 2
"""Password checks at once: each costs scrypt's 32 MB and a tenth of a second of a core."""
WAITING_CHECKS = 4
"""Sign-ins that may wait for a check: a morning's rooms signing in together are all served."""
LOG_EVERY_SECONDS = 60.0
"""At most one line this often for attempts refused unchecked (busy, or waiting after failures)."""
BUSY_RETRY_SECONDS = 2
"""What a sign-in turned away as busy is told to wait (Retry-After): the checks ahead of it take well under that."""
_MAX_DOUBLINGS = 16
"""LOCK_SECONDS doubled this often is already past MAX_LOCK_SECONDS; counting on would overflow a float
after a thousand or so waits, and the error dropped the record: a patient guesser was let off the wait."""


def address_key(address: str) -> tuple[str, str]:
    """The key an address fails under: an IPv4 address as it is, an IPv6 address as its /64."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return ("address", address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:  # an IPv4 browser on a dual-stack socket
            return ("address", str(parsed.ipv4_mapped))
        return ("address", str(ipaddress.ip_network(f"{parsed}/64", strict=False)))
    return ("address", str(parsed))


@dataclass
class _Record:
    failures: int = 0
    locked_until: float = 0.0


class SignInThrottle:
    """Who must wait before trying again, keyed by ("name", ...) and ("address", ...)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self._records: OrderedDict[tuple[str, str], _Record] = OrderedDict()
        self._known: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, name: str, address: str | None) -> bool:
        """Whether `address` has signed in as `name` since the app started (None, no address: never)."""
        if address is None:
            return False
        with self._lock:  # as its /64 too: a room's IPv6 privacy address changes every day or so
            return (name, address_key(address)[1]) in self._known

    def wait(self, keys: Iterable[tuple[str, str]]) -> float:
        """Seconds before any of these keys may try again (0: now)."""
        now = self.clock()
        with self._lock:
            return max((r.locked_until - now for k in keys if (r := self._records.get(k))), default=0.0)

    def failed(self, keys: Iterable[tuple[str, str]]) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                record = self._records.pop(key, None) or _Record()
                record.failures += 1
                if record.failures >= FREE_FAILURES:
                    lock = LOCK_SECONDS * 2 ** min(record.failures - FREE_FAILURES, _MAX_DOUBLINGS)
                    record.locked_until = now + min(lock, MAX_LOCK_SECONDS)
                self._records[key] = record  # the most recent last
            if len(self._records) > MAX_KEYS:
                self._forget(now)

    def _forget(self, now: float) -> None:
        """Make room, oldest first, keeping whoever must still wait: otherwise failing under
        thousands of other names would free a name to guess again. Called with the lock held."""
        for key in [k for k, r in self._records.items() if r.locked_until <= now]:
            if len(self._records) <= MAX_KEYS:
                return
            del self._records[key]
        while len(self._records) > MAX_KEYS:  # all waiting: the oldest go after all
            self._records.popitem(last=False)

    def succeeded(self, keys: Iterable[tuple[str, str]], name: str, address: str | None) -> None:
        """Clear the keys' failures, and remember that `address` signs in as `name` (see `known`)."""
        with self._lock:
            for key in keys:
                self._records.pop(key, None)
            if address is not None:
                pair = (name, address_key(address)[1])
                self._known.pop(pair, None)
                self._known[pair] = None  # the most recent last
                while len(self._known) > MAX_KEYS:
                    self._known.popitem(last=False)


class PasswordChecks:
    """Bounds the threads sign-in may hold: `limit` checking, `waiting` more queued, none beyond.

    A plain semaphore (as before) queued every attempt: a flood of sign-ins held every one of the
    server's threads, each waiting its turn at scrypt, and the rooms' prints waited behind them.
    """

    def __init__(self, limit: int = CONCURRENT_CHECKS, waiting: int = WAITING_CHECKS):
        self._checking = threading.BoundedSemaphore(limit)
        self._admitted = threading.BoundedSemaphore(limit + waiting)
        self.admits = limit + waiting

    def run(self, check: Callable[[], T]) -> T | None:
        """`check()`'s result, in turn; None, at once and without calling it, when too many are ahead."""
        if not self._admitted.acquire(blocking=False):
            return None
        try:
            with self._checking:
                return check()
        finally:
            self._admitted.release()


class LogQuota:
    """One log line of a kind every LOG_EVERY_SECONDS at most, counting the ones held back in between.

    Answering a flood at once is cheap; writing a line for every attempt in it is not: months of a
    guesser's script would fill the journal and bury the lines that matter."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, every: float = LOG_EVERY_SECONDS):
        self.clock = clock
        self.every = every
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}
        self._lock = threading.Lock()

    def due(self, kind: str) -> int | None:
        """None: hold this line back; else the number held back since this kind's last line."""
        now = self.clock()
        with self._lock:
            last = self._last.get(kind)
            if last is not None and now - last < self.every:
                self._held[kind] = self._held.get(kind, 0) + 1
                return None
            self._last[kind] = now
            return self._held.pop(kind, 0)
