"""HTML → PDF. The only module that imports WeasyPrint.

One Renderer per process keeps WeasyPrint's FontConfiguration and the parsed
stylesheets warm, so every document after the first costs only its layout.
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import logging
import re
import shutil
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from handouts.libraries import quick_find_library
from handouts.syslibs import weasyprint_import

# WeasyPrint's library lookups: one ldconfig run instead of ~22 processes; a missing one named
with quick_find_library(), weasyprint_import():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

from handouts import cssvars, fontfolders, fontstamps, installed, pdftags, whole_text, xmp_claims
from handouts.collector import fewer_collections
from handouts.errors import LostText, RenderError, RepeatedText
from handouts.fetcher import RestrictedFetcher
from handouts.footer_space import FooterSpace, balance_mm, fitted
from handouts.header_space import NAME_SIZES, HeaderSpace
from handouts.header_space import fitted as header_fitted
from handouts.glyphs import coverage, visible_text
from handouts.html import brand_css as _brand_css
from handouts.html import render_html
from handouts.kept_assets import kept_styles, stylesheet_sources
from handouts.kinds import kind_stylesheets
from handouts.logo import problems as logo_problems
from handouts.overflow import Overflow, foot_room, measure_overflow
from handouts.rendered import Rendered
from handouts.resources import FontFace, asset_dir, body_faces, fallback_faces, font_roots
from handouts.views.base import View
from handouts.views.frame import PAGE_LABEL, BrandView

pdftags.install()  # /Lang on each element in another language than the document's
fontstamps.install()  # the same input, the same bytes: no render time inside embedded fonts

VARIANTS = {"ua": "pdf/ua-1", "archive": "pdf/a-3a"}
"""Tagged, accessible PDF by default; PDF/A-3a (archival and tagged, and claiming PDF/UA-1: handouts.xmp_claims)
on request."""

def _font_face(face: FontFace) -> str:
    # Paths come from the package and fixed system folders, never from content.
    return (f"@font-face {{ font-family: '{face.family}'; font-style: {face.style}; "
            f"font-weight: {face.weight}; src: url('{face.path.as_uri()}'); }}")


def _font_css() -> str:
    """Atkinson Hyperlegible, then the PyPI fallbacks base.css lists after it in --font."""
    return "\n".join(_font_face(face) for face in (*body_faces(), *fallback_faces()) if not face.system)


@cache
def _read_style(name: str) -> str:
    """One of our stylesheets under styles/, as this process first read them (handouts.kept_assets):
    a server upgraded before its first render lays out with the stylesheets of the templates it keeps."""
    return stylesheet_sources()[name].decode("utf-8")


def _system_font_css(family: str) -> str:
    """A large system fallback (CJK, emoji): loaded only by a document whose text needs it."""
    return "\n".join(_font_face(face) for face in fallback_faces() if face.family == family)


class _ImageFailures:
    """WeasyPrint's 'failed to load image' errors raised by this thread's render."""

    def __init__(self) -> None:
        self.failed: list[str] = []

    def note(self, msg: object, args: tuple[Any, ...]) -> None:
        message = str(msg)
        if message.startswith(("Failed to load image", "Failed to render SVG")):
            url = str(args[0]) if args else "an image"
            why = f" ({type(args[1]).__name__}{': ' + str(args[1]) if str(args[1]) else ''})" if len(args) > 1 else ""
            self.failed.append(url + why)


_WATCHING = threading.local()  # the collector of this thread's render, if one is under way


def _watch_image_errors() -> None:
    """Read WeasyPrint's errors where it reports them, before any logging configuration can drop them.

    WeasyPrint reports an image it cannot load only as a log record, then prints the alt text. A
    handler on its logger missed it whenever the program's own logging set that logger's level above
    ERROR, called logging.disable, or ran logging.config.dictConfig (whose default disables every
    logger it does not name): a service embedding handouts then printed a logo's alt text without a
    word. The logger's `error` is wrapped once instead; records still go on to the program's
    handlers as its configuration says."""
    logger = logging.getLogger("weasyprint")
    original = logger.error
    if getattr(original, "handouts_watch", False):
        return

    def error(msg: object, *args: Any, **kwargs: Any) -> None:
        collector = getattr(_WATCHING, "collector", None)
        if collector is not None:
            collector.note(msg, args)
        kwargs["stacklevel"] = kwargs.get("stacklevel", 1) + 1  # the record names WeasyPrint's line, not this one
        original(msg, *args, **kwargs)

    error.handouts_watch = True  # type: ignore[attr-defined]
    logger.error = error  # type: ignore[method-assign]


_watch_image_errors()


class _UnquotedMissingGlyphs(logging.Filter):
    """WeasyPrint logs each character no font has, quoted ('.notdef glyph rendered for Unicode string
    unsupported by fonts: "X" (U+XXXX)'), to whatever handlers a service's logging set up: a letter of a
    patient's name in its log. The record goes on without the character; handouts.glyphs warns the
    person printing, by field and count for a patient's details."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith(".notdef glyph rendered"):
            record.msg, record.args = ".notdef glyph rendered for a character no font has", ()
        return True


if not any(isinstance(f, _UnquotedMissingGlyphs) for f in logging.getLogger("weasyprint").filters):
    logging.getLogger("weasyprint").addFilter(_UnquotedMissingGlyphs())


@contextmanager
def _no_silent_images() -> Iterator[_ImageFailures]:
    # WeasyPrint prints an image it cannot load as its alt text and carries on.
    collector = _ImageFailures()
    outer = getattr(_WATCHING, "collector", None)
    _WATCHING.collector = collector
    try:
        yield collector
    finally:
        _WATCHING.collector = outer


_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


def _page_css(label: str) -> str:
    """'Página %(page)s de %(pages)s' as the page number's CSS content (in the running footer).

    The words come from our own catalogue; quotes, backslashes and line breaks are
    escaped all the same, so a catalogue can never write CSS.
    """
    parts: list[str] = []
    for index, piece in enumerate(_PLACEHOLDER.split(label)):
        if index % 2:
            parts.append(f"counter({piece})")
        elif piece:
            escaped = piece.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
            parts.append(f'"{escaped}"')
    return ".page-number::before { content: " + " ".join(parts) + "; }\n"


_MAX_FOOTER_LAYOUTS = 3
"""Layouts past the first to fit the bottom margin to the footer: one when the room is measured,
another in the rare case that the new margin moves the page count across a power of ten."""

@dataclass(frozen=True)
class PageStyle:
    """What, beside its kind, brand and fonts, picks a document's stylesheets (and so keys the parsed set)."""

    large_print: bool = False
    """The kind's large-print stylesheet layered over its own."""
    page_label: str | None = None
    """'Page %(page)s of %(pages)s' in the document's language (None: base.css's English)."""
    footer: FooterSpace = FooterSpace()
    """The room its page footer needs (handouts.footer_space)."""
    marked: bool = True
    """It prints a mark (DRAFT, a draft translation) top right; without one, the practice's name
    takes that room too (styles/unmarked.css)."""
    two_marks: bool = False
    """It prints two marks top right (REVISIÓN VENCIDA · TRADUCCIÓN EN BORRADOR), on pages of one
    language: they take room from the practice's name (styles/two-marks.css)."""
    header: HeaderSpace = HeaderSpace()
    """The room its running header needs past the kind's top margin (handouts.header_space)."""
    short_mark: bool = False
    """Its one mark is a short word (DRAFT): the practice's name takes the room a longer one
    would need (styles/short-mark.css)."""

    @classmethod
    def of(cls, view: View) -> PageStyle:
        """A view's style as its frame says, with the footer room its lines need before any is measured."""
        frame = view.frame
        parts = getattr(view, "parts", None) or (view,)  # a document in two languages: each part's own marks
        marks = [part.frame.marks for part in parts]
        return cls(frame.large_print, frame.words.gettext(PAGE_LABEL), FooterSpace(frame.footer_lines),
                   bool(frame.marks), max(len(each) for each in marks) > 1,
                   short_mark=bool(frame.marks) and all(len(each) <= 1 and all(_short(mark.label) for mark in each)
                                                        for each in marks))

    def layers(self) -> list[str]:
        """The stylesheets under styles/ its marks add over the kind's (and its large-print layer)."""
        if not self.marked:
            return ["unmarked.css"]
        if self.two_marks:
            return ["two-marks.css", *(["large-print-two-marks.css"] if self.large_print else [])]
        return ["short-mark.css"] if self.short_mark else []


SHORT_MARK_LETTERS = 8
"""The longest one-word mark styles/short-mark.css holds on one line ("BORRADOR"), at large print's 14 pt too."""


def _short(label: str) -> bool:
    return " " not in label.strip() and len(label.strip()) <= SHORT_MARK_LETTERS


_MAX_CACHED = 64
"""Stylesheet sets (and parsed sheets) a renderer keeps: kinds x brands x languages in use, bounded
so that a web app shown many brand colours does not grow without end."""


def _remember(cache: dict[Any, Any], key: Any, value: Any) -> Any:
    cache[key] = value
    while len(cache) > _MAX_CACHED:
        del cache[next(iter(cache))]  # the oldest
    return value


_FONT_CONFIGS: weakref.WeakSet[FontConfiguration] = weakref.WeakSet()

PANGO = threading.RLock()
"""Held by whatever calls into WeasyPrint's text machinery: laying out, writing, parsing a stylesheet into
a font configuration, making one. Pango's font maps are not safe in two threads at once (cffi lets go of
the GIL in every Pango call), and two threads laying out handouts with the warm one corrupted its font
cache: 'GLib-WARNING: corrupted double-linked list detected', then a crash at some later moment. Renders
in threads (handouts.api) take turns for their layout and writing; the rest of a call runs alongside.
Taken after Renderer._lock where both are held, never before it.

What a render leaves for the garbage collector, which frees it in whichever thread happens to be allocating
(a Dask worker's event loop, another request's thread), holds no Pango object: WeasyPrint frees each line's
PangoLayout (and with it its context and its hold on fonts) as soon as it has measured or drawn the line,
in the thread holding PANGO; its other objects with native destructors are font descriptions, attribute
lists and metrics (plain memory) and references to HarfBuzz faces (which HarfBuzz counts atomically; the
font map holds each face too). tests/test_render_threads.py pins it. A layout or a write that raises midway
leaves its current line's PangoLayout live in the exception's frames, so those are let go before PANGO is
(_pango_work): dropped later in another thread, the layout's unref could finalize a font, which removes
itself from the font map's cache, a hash table Pango does not lock, while that thread is inside Pango."""


@contextmanager
def _pango_work() -> Iterator[None]:
    """PANGO held for a layout or a write; one that fails lets go of its live Pango layouts first."""
    with PANGO:
        try:
            yield
        except BaseException:
            _let_go_of_pango_layouts()
            raise


def _let_go_of_pango_layouts() -> None:
    """Free the PangoLayout of every WeasyPrint text layout still holding one, with PANGO held.

    No thread lays out without PANGO, so the live ones are the failed render's, wherever they are held
    (its frames, its boxes, a pictogram drawn into its stream). Found by walking the collector's lists of
    objects: a whole-heap walk, paid only when a render fails."""
    from weasyprint.text.line_break import Layout as TextLayout

    for each in gc.get_objects():
        if isinstance(each, TextLayout):
            vars(each).pop("layout", None)


def font_configuration() -> FontConfiguration:
    """A WeasyPrint font configuration whose temporary folder goes when the process ends.

    WeasyPrint copies every @font-face font it is given into a folder of its own in the
    temporary directory (about 7 MB for ours, more with a system fallback for a patient's
    script) and removes it in the configuration's __del__, which does not run for objects
    still alive at interpreter exit: the one each process keeps warm. Every command,
    render worker and batch worker used to leave one behind in /tmp for good. The folder is
    named for this process (handouts.fontfolders), so that one a killed process left is
    removed by the next process's first configuration.
    """
    _remove_stale_font_folders()
    with PANGO:
        config = FontConfiguration()
    config._folder = fontfolders.new_folder()  # where add_font_face would mkdtemp its own
    _FONT_CONFIGS.add(config)
    return config


@cache
def _remove_stale_font_folders() -> None:
    """Once per process: the font folders of processes killed before they could remove their own."""
    fontfolders.remove_stale()


@atexit.register
def _remove_font_folders() -> None:
    """Run at exit by the command line, the server and every spawned worker (SIGTERM ends them as SystemExit)."""
    for config in list(_FONT_CONFIGS):
        folder, config._folder = getattr(config, "_folder", None), None
        if folder:
            shutil.rmtree(folder, ignore_errors=True)


def _fonts_as_started() -> None:
    """Refuse to read font files that changed since this process recorded them (handouts.installed): a
    system update under a running server would print other glyphs than the morning's, or none."""
    changed = installed.fonts_changed()
    if changed:
        raise RenderError(f"the fonts changed on disk since handouts started (a system or package update: "
                          f"{', '.join(changed)}): restart it (the server: systemctl restart handouts) to print "
                          "with the new ones")


def _pictograms_in(cache: dict[Any, Any]) -> list[tuple[str, Any]]:
    """Our own pictograms (files that never change) among a render's images: never a brand's file,
    which can change under a running app, nor an image that failed to load."""
    icons = (asset_dir("styles") / "icons").as_uri() + "/"
    return [(url, image) for url, image in cache.items()
            if image is not None and isinstance(url, str) and url.startswith(icons) and "/" not in url[len(icons):]]


def _forget_document(image: Any) -> Any:
    """`image` (a WeasyPrint image kept for the next document) holding nothing of a document.

    An SVG image keeps the layout it was first loaded in (every box of that document: the first
    patient's name and notes, for as long as the process lives) and the PDF stream it was last
    drawn into. Our pictograms need neither (no <text>, <image> or <pattern>: nothing drawn through
    the layout), so both are dropped; a raster image holds neither."""
    if hasattr(image, "_context"):
        image._context = None
    svg = getattr(image, "_svg", None)
    for name in ("stream", "context"):
        if svg is not None and getattr(svg, name, None) is not None:
            setattr(svg, name, None)
    return image


@dataclass
class Renderer:
    """Renders documents, keeping what does not change between them: the font configuration,
    the parsed stylesheets of each (kind, brand, language, fonts) in use, and our own pictograms.

    `resolve_custom_properties`: stylesheets reach WeasyPrint with their var()s already
    replaced (handouts.cssvars), which spares it substituting them per element at layout.
    `share_pictograms`: our shipped pictograms are parsed once per thread, not once per
    document. Both change nothing on the page (tests/test_render_speed.py compares page
    images with both off); off, the renderer takes the stylesheets exactly as written.
    """

    font_config: FontConfiguration = field(default_factory=lambda: font_configuration())
    """The fonts of every document whose text needs no large system fallback (most of them)."""
    _font_configs: dict[tuple[str, ...], FontConfiguration] = field(default_factory=dict)
    resolve_custom_properties: bool = True
    share_pictograms: bool = True
    _css: dict[tuple[tuple[str, ...], str], Any] = field(default_factory=dict)  # by (fonts, text)
    _sets: dict[tuple[Any, ...], list[Any]] = field(default_factory=dict)
    _footer_room: dict[tuple[Any, ...], FooterSpace] = field(default_factory=dict)  # measured: see layout()
    _header_room: dict[tuple[Any, ...], HeaderSpace] = field(default_factory=dict)  # measured: see layout()
    _pictograms: threading.local = field(default_factory=threading.local)
    _lock: threading.Lock = field(default_factory=threading.Lock)  # the caches, for renders in threads

    def _roots(self, brand: BrandView) -> list[Path]:
        roots = [asset_dir("templates"), asset_dir("styles"), *font_roots()]
        return roots + ([brand.folder] if brand.folder else [])

    def fonts_for(self, fonts: tuple[str, ...] = ()) -> FontConfiguration:
        """The font configuration for documents needing the system fallbacks `fonts` (one per set).

        A configuration keeps every @font-face it was given, and Pango falls back through all of
        them: shared, a face loaded for one patient's Korean name was taken for a character of
        every later document in the process, which then printed otherwise than in a fresh one."""
        if not fonts:
            return self.font_config
        with self._lock:
            if (found := self._font_configs.get(fonts)) is None:
                found = self._font_configs[fonts] = font_configuration()
            return found

    def _stylesheet(self, css: str, fonts: tuple[str, ...] = ()) -> Any:
        """One stylesheet, parsed the first time its text is seen for documents needing `fonts`
        (url()s are relative to styles/). Called with the lock held."""
        if (found := self._css.get((fonts, css))) is not None:
            return found
        config = self._font_configs[fonts] if fonts else self.font_config  # fonts_for() made it
        if "@font-face" in css:  # its fonts are read now, perhaps hours after the process started
            _fonts_as_started()
        fetcher = RestrictedFetcher([asset_dir("styles"), *font_roots()], kept_styles())
        with PANGO:  # its @font-face rules are added to the font configuration
            parsed = CSS(string=css, base_url=asset_dir("styles").as_uri() + "/", font_config=config,
                         url_fetcher=fetcher)
        return _remember(self._css, (fonts, css), parsed)

    @staticmethod
    def stylesheet_sources(kind: str, brand: BrandView, fonts: tuple[str, ...] = (),
                           style: PageStyle = PageStyle()) -> list[str]:
        """The CSS text of one document's stylesheets, in cascade order, as written."""
        return [
            _font_css(),
            *(_system_font_css(family) for family in fonts),
            _read_style("base.css"),
            *(_read_style(name) for name in kind_stylesheets(kind, style.large_print)),
            *(_read_style(name) for name in style.layers()),
            _brand_css(brand),
            *([_page_css(style.page_label)] if style.page_label else []),
            *filter(None, [style.footer.css(), style.header.css()]),
        ]

    def stylesheets(self, kind: str, brand: BrandView, fonts: tuple[str, ...] = (),
                    style: PageStyle = PageStyle()) -> list[Any]:
        """The parsed stylesheets for one document, the same objects for every document alike.

        `fonts` names the system fallbacks its text needs."""
        key = (kind, brand.primary, brand.accent, brand.paper, tuple(fonts), style)
        if (found := self._sets.get(key)) is not None:
            return found
        texts = self.stylesheet_texts(kind, brand, tuple(fonts), style)
        if self.resolve_custom_properties:
            # One sheet, the same rules in the same order (so the same cascade): WeasyPrint
            # matches every element against each sheet in turn, the fonts-only one included.
            texts = ["\n".join(texts)]
        self.fonts_for(tuple(fonts))  # made before the lock is taken: _stylesheet parses into it
        with self._lock:
            if (found := self._sets.get(key)) is None:
                found = _remember(self._sets, key, [self._stylesheet(css, tuple(fonts)) for css in texts])
            return found

    def stylesheet_texts(self, kind: str, brand: BrandView, fonts: tuple[str, ...] = (),
                         style: PageStyle = PageStyle()) -> list[str]:
        """The CSS text this renderer parses for one document: the sources, var()s resolved when it can.

        The resolved text is kept in the content cache, except with system fallback fonts: those are
        picked by the document's text, which may be a patient's name (the cache keeps nothing of one)."""
        sources = self.stylesheet_sources(kind, brand, fonts, style)
        if not self.resolve_custom_properties:
            return sources
        return (cssvars.resolve(sources) if fonts else cssvars.resolve_kept(sources)) or sources

    def _image_cache(self) -> dict[str, Any]:
        """WeasyPrint's image cache for one render, holding the pictograms this thread has parsed.

        Per thread: WeasyPrint draws an SVG through state on the image object itself."""
        return dict(getattr(self._pictograms, "images", {})) if self.share_pictograms else {}

    def _keep_pictograms(self, cache: dict[str, Any]) -> None:
        """Keep our own pictograms (files that never change) for the next document; never a
        brand's file, which can change under a running app, nor an image that failed to load."""
        if not self.share_pictograms:
            return
        kept = getattr(self._pictograms, "images", None)
        if kept is None:
            kept = self._pictograms.images = {}
        for url, image in _pictograms_in(cache):
            kept.setdefault(url, _forget_document(image))

    def pdf(self, view: View, variant: str = "ua") -> Rendered:
        """Render a view model to PDF bytes and its page count."""
        with fewer_collections():  # one window for layout and write: see handouts.collector
            return self.write(self.layout(view, variant))

    def layout(self, view: View, variant: str | None = "ua") -> Layout:
        """The view laid out on pages, ready to be written as `variant` (None: for its page count only).

        Laying out is most of a render; a caller that weighs several layouts of a document
        (documents.render fitting a handout to its page target) writes only the one it keeps."""
        frame = view.frame
        html = render_html(view)
        style = PageStyle.of(view)
        footer, header = self.footer_key(view), self.header_key(view)
        space = self._footer_room.get(footer) or style.footer
        head = self._header_room.get(header) or style.header
        laid_out = self.layout_html(html, frame.kind, frame.brand, variant,
                                    style=replace(style, footer=space, header=head))
        # A footer line that wrapped (large print, a long translation line) would print at the
        # paper's edge or past it: measured, and laid out again with the room it needs, which
        # the next document with the same footer (each candidate a handout is fitted with,
        # the next patient's copy) starts from. Room it does not use (measured on a document
        # whose longer page number took a line more) is given back to the text. A running
        # header that wrapped (a long practice name beside two marks) is given room the same way,
        # in the same layout.
        tried = {space}
        for _ in range(_MAX_FOOTER_LAYOUTS + len(NAME_SIZES)):  # a long name's steps down too
            needed = fitted(space, balance_mm(laid_out.document))
            head_needed = header_fitted(head, laid_out.document)
            footer_fits = needed == space or (needed in tried and needed.extra_mm < space.extra_mm)
            if footer_fits and head_needed == head:
                break  # it fits; or less room was tried and fell short (its page count changed)
            if not footer_fits:
                space = needed
                tried.add(space)
            head = head_needed
            laid_out = self.layout_html(html, frame.kind, frame.brand, variant,
                                        style=replace(style, footer=space, header=head))
        if self._footer_room.get(footer) != space or self._header_room.get(header) != head:
            with self._lock:
                _remember(self._footer_room, footer, space)
                _remember(self._header_room, header, head)
        return laid_out

    @staticmethod
    def footer_key(view: View) -> tuple[Any, ...]:
        """The footer's words, its type and its box: what decides how many lines it wraps to
        (content and brand words only, never a patient's details), but for the page count."""
        frame = view.frame
        return (frame.kind, frame.large_print, frame.brand.paper, frame.brand.footer, frame.review_line,
                frame.translation_line, frame.words.gettext(PAGE_LABEL))

    @staticmethod
    def header_key(view: View) -> tuple[Any, ...]:
        """What the running header prints and the boxes it has: the practice's name and each
        part's marks, its type and its paper (a brand's words only, never a patient's details)."""
        frame = view.frame
        parts = getattr(view, "parts", None) or (view,)
        return (frame.kind, frame.large_print, frame.brand.paper,
                tuple((part.frame.brand.name, tuple(mark.label for mark in part.frame.marks)) for part in parts))

    def _layout(self, html: str, kind: str, brand: BrandView, options: dict[str, Any],
                style: PageStyle = PageStyle()) -> Any:
        """Lay the HTML out: the checks every render makes, whether or not a PDF is written."""
        if brand.logo_path is not None and (found := logo_problems(brand.logo_path)):
            raise RenderError("the brand's logo cannot be printed: " + "; ".join(found))
        fetcher = RestrictedFetcher(self._roots(brand), kept_styles())
        document = HTML(string=html, base_url=asset_dir("templates").as_uri() + "/", url_fetcher=fetcher)
        fonts = coverage(visible_text(html)).system_families  # the large system fonts this text needs
        options["stylesheets"] = self.stylesheets(kind, brand, fonts, style)
        options["cache"] = self._image_cache()
        font_config = self.fonts_for(fonts)  # before PANGO: it takes the renderer's lock
        with _no_silent_images() as images, _pango_work():
            laid_out = document.render(font_config=font_config, **options)
        if fetcher.blocked:
            raise RenderError("refused to load: " + ", ".join(sorted(set(fetcher.blocked))))
        if images.failed:
            raise RenderError("could not load an image (it would print as its alt text): "
                              + "; ".join(sorted(set(images.failed))))
        self._keep_pictograms(options["cache"])
        return laid_out

    def page_count(self, view: View) -> int:
        """How many pages the view prints on: the layout alone, no PDF written (for a preview)."""
        return self.layout(view, None).pages

    def layout_html(self, html: str, kind: str, brand: BrandView, variant: str | None = "ua", *,
                    style: PageStyle = PageStyle()) -> Layout:
        """`html` laid out, with the PDF options `variant` asks for (None: none, for a page count)."""
        options: dict[str, Any] = {}
        if variant is not None:
            options["pdf_variant"] = VARIANTS[variant]
            # PDF/UA output is already deterministic for the same HTML; pinning an
            # identifier makes pydyf serialise the whole file twice, so only PDF/A,
            # which requires one, gets it (from the HTML, so it too is reproducible).
            if variant == "archive":
                options["pdf_identifier"] = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
        with fewer_collections():
            return Layout(self._layout(html, kind, brand, options, style), options,
                          variant is not None, html)

    def write(self, layout: Layout) -> Rendered:
        """The PDF of a layout made for writing (Renderer.layout with a variant)."""
        if not layout.writable:
            raise ValueError("this layout was made for its page count only: lay it out with a variant to write it")
        lost, twice = whole_text.problems(layout.html, [page._page_box for page in layout.document.pages])
        if lost:
            raise LostText(whole_text.LOST, passages=tuple(lost))
        if twice:
            raise RepeatedText(whole_text.REPEATED, passages=twice)
        if layout.options.get("pdf_variant") == VARIANTS["archive"]:
            xmp_claims.claim_ua(layout.document.metadata)  # tagged as the PDF/UA one is: it says so too
        with fewer_collections(), _no_silent_images() as images, _pango_work():
            try:
                pdf = layout.document.write_pdf(**layout.options)
            finally:  # a write that failed too: the kept pictograms would hold its stream till the next one
                for _, image in _pictograms_in(layout.options.get("cache", {})):
                    _forget_document(image)  # the PDF it was drawn into
        if images.failed:
            raise RenderError("could not load an image (it would print as its alt text): "
                              + "; ".join(sorted(set(images.failed))))
        return Rendered(pdf, layout.pages)

    def pdf_from_html(self, html: str, kind: str, brand: BrandView, variant: str = "ua", *,
                      style: PageStyle = PageStyle()) -> Rendered:
        """Lay out once, then write: the page count comes from the layout, not from parsing the PDF."""
        with fewer_collections():
            return self.write(self.layout_html(html, kind, brand, variant, style=style))


@dataclass(eq=False)
class Layout:
    """A document laid out on pages, not yet written: its page count and how far past a target it runs
    are known at this point, for the price of the layout alone."""

    document: Any  # weasyprint.document.Document
    options: dict[str, Any]
    writable: bool
    html: str = ""  # what was laid out: every passage of it must be on the pages (handouts.whole_text)

    @property
    def pages(self) -> int:
        return len(self.document.pages)

    def overflow(self, target: int) -> Overflow | None:
        """How far the content runs past `target` pages, and the height of one ruled write-in line
        (handouts.overflow); None when it fits, or when the boxes are not where WeasyPrint 70 keeps them
        (then handouts.fitting starts at one line fewer: slower, never wrong)."""
        try:
            return measure_overflow([page._page_box for page in self.document.pages], target)
        except (AttributeError, TypeError, KeyError):
            return None

    def foot_room_mm(self, page: int) -> float | None:
        """The blank foot of page `page` (from 1) in mm; None when the boxes are not where WeasyPrint 70
        keeps them."""
        try:
            return foot_room(self.document.pages[page - 1]._page_box) * 25.4 / 96
        except (AttributeError, TypeError, KeyError, IndexError):
            return None


_RENDERER: Renderer | None = None


def renderer() -> Renderer:
    """The process's warm renderer."""
    global _RENDERER
    if _RENDERER is None:
        _RENDERER = Renderer()
    return _RENDERER
