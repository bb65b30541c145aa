"""`handouts serve`: a small local web app for printing a handout during a visit.

Patient details are sent by POST, used for one render in memory and never
stored, cached or logged.

create_app is imported on first use: the render pool's worker processes import
handouts.web.pool_worker and need none of Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from handouts.web.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from handouts.web.app import create_app

        return create_app
    raise AttributeError(f"module 'handouts.web' has no attribute {name!r}")
