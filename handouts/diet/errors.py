"""The one error the diet library raises for content it cannot apply."""

from __future__ import annotations

from handouts.errors import HandoutsError


class DietError(HandoutsError):
    """A customisation that cannot be applied to this plan (e.g. an unknown id).

    Validation reports these as located problems first; this error is only
    reached with content that skipped validation (a model built in memory).
    """
