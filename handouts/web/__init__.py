"""`handouts serve`: a small local web app for printing a handout during a visit.

Patient details are sent by POST, used for one render in memory and never
stored, cached or logged.
"""

from __future__ import annotations

from handouts.web.app import create_app

__all__ = ["create_app"]
