"""An integrator's own logging configuration cannot turn the renderer's checks off.

WeasyPrint says it could not load an image only in a log record, then prints the alt text
in its place. The renderer refuses such a document; it used to learn of the failure through
a handler on WeasyPrint's logger, which the host program's configuration silenced: a level
above ERROR, logging.disable, or logging.config.dictConfig, whose default disables every
logger already made that it does not name (WeasyPrint's is made when handouts renders).
"""

from __future__ import annotations

import logging
import logging.config
from collections.abc import Iterator

import pytest

from handouts import api
from handouts.errors import RenderError
from test_logo import write_brand

BROKEN_PNG = b"\x89PNG\r\n\x1a\n" + b"garbage" * 10


@pytest.fixture(autouse=True)
def past_the_brand_check(monkeypatch) -> None:
    """The brand check decodes a PNG and refuses this one first (test_logo): stubbed out here to
    reach the renderer's own guard, which an integrator's logging configuration must not silence."""
    from handouts import logo

    monkeypatch.setattr(logo, "problems", lambda path: [])
    monkeypatch.setattr("handouts.render.logo_problems", lambda path: [])


@pytest.fixture
def restored_logging() -> Iterator[None]:
    import handouts.render  # noqa: F401  WeasyPrint's logger exists, as in a service that has rendered

    weasy = logging.getLogger("weasyprint")
    saved = weasy.level, weasy.propagate, logging.root.manager.disable
    disabled = {name: found.disabled for name, found in logging.root.manager.loggerDict.items()
                if isinstance(found, logging.Logger)}  # dictConfig disables every one it does not name
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        weasy.setLevel(saved[0])
        weasy.propagate = saved[1]
        logging.disable(saved[2])
        for name, was in disabled.items():
            logging.getLogger(name).disabled = was
        root.handlers[:] = handlers
        root.setLevel(level)


def _quiet_weasyprint() -> None:
    logging.getLogger("weasyprint").setLevel(logging.CRITICAL)


def _disable() -> None:
    logging.disable(logging.CRITICAL)


def _dict_config() -> None:
    logging.config.dictConfig({"version": 1, "handlers": {"null": {"class": "logging.NullHandler"}},
                               "root": {"handlers": ["null"], "level": "INFO"}})


@pytest.mark.parametrize("configure", [_quiet_weasyprint, _disable, _dict_config], ids=lambda f: f.__name__)
def test_an_image_that_will_not_load_is_refused_whatever_the_logging_config(tmp_path, restored_logging, configure):
    brand = write_brand(tmp_path / "brand", "logo.png", BROKEN_PNG)
    configure()
    with pytest.raises(RenderError, match="could not load an image"):
        api.clinician_brief("leaky-gut", summary=True, brand=brand)


def test_weasyprints_record_still_reaches_the_programs_handlers(tmp_path, restored_logging):
    seen: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = seen.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    brand = write_brand(tmp_path / "brand", "logo.png", BROKEN_PNG)
    with pytest.raises(RenderError):
        api.clinician_brief("leaky-gut", summary=True, brand=brand)
    (record,) = [r for r in seen if r.getMessage().startswith("Failed to load image")]
    assert record.name == "weasyprint" and record.module == "images"  # WeasyPrint's line, not the wrapper's
