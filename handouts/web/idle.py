"""When each signed-in session was last used: a session unused for the practice's idle time ends.

A consulting room's computer is shared by several clinicians a day. A session
that lasted its 12 hours let the next person print as the last one signed in,
and the audit log named the wrong clinician. So a session (handouts.web.auth)
also ends after `[serve] idle_minutes` without a request of its own (pages,
forms, previews, prints; not the stylesheets, fonts and logos a page pulls in,
which a page left open would fetch again).

Kept in memory only, as the sessions Sign out ended are (a restart ends every
session anyway): the cookie names the session, this says when it was last
used. Nothing typed into a form is ever kept here, or anywhere on the server.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from handouts.web.clock import elapsed

DEFAULT_MINUTES = 15
"""A consultation's length or so: long enough that a clinician is not signed out while the patient talks
(typing into a form previews it, which counts as use), short enough that the next clinician who sits
down at the room's computer finds the sign-in page rather than the last one's session."""


class Activity:
    """The last time each live session was used, by the server's clock (handouts.web.clock: a changed wall
    clock ends none)."""

    def __init__(self, minutes: int, clock: Callable[[], float] = elapsed) -> None:
        self.minutes = minutes
        self.clock = clock
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self.minutes > 0

    def start(self, session: str) -> None:
        """A session begins (sign-in): it has just been used."""
        if not self.enabled:
            return  # nothing to keep: no session ends for want of use
        with self._lock:
            self._prune(self.clock())
            self._seen[session] = self.clock()

    def fresh(self, session: str, *, use: bool) -> bool:
        """Whether the session has been used within the idle time; `use` counts this request as a use.
        A session once found stale stays ended (it is forgotten: nothing brings it back)."""
        if not self.enabled:
            return True
        now = self.clock()
        with self._lock:
            seen = self._seen.get(session)
            if seen is None or now - seen > self.minutes * 60:
                self._seen.pop(session, None)
                return False
            if use:
                self._seen[session] = now
            return True

    def forget(self, session: str) -> None:
        """Sign out: the session is ended by other means (handouts.web.auth.SignedOut)."""
        with self._lock:
            self._seen.pop(session, None)

    def _prune(self, now: float) -> None:
        """Sessions past their idle time are ended: forgetting them keeps this as small as the sessions in use."""
        limit = self.minutes * 60
        self._seen = {s: t for s, t in self._seen.items() if now - t <= limit}
