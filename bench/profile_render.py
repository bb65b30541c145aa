"""Where a warm render of the sample handout spends its time, by phase (for bench/RESULTS.md).

Profiles N warm renders (the renderer path the batch worker and the web app use, on the
same HTML as bench_chromium.py) with cProfile on CPU time, and prints the cumulative
time of each phase of WeasyPrint's pipeline as a share of the render. cProfile slows
pure-Python code more than C (Pango, zlib), so read the shares, not the milliseconds;
the unprofiled CPU time per document is printed first.

    python bench/profile_render.py [--renders 10] [--dump prof.out]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time

from bench_chromium import sample

PHASES = [
    # (label, file suffix, function name): cumulative time of that function
    ("parse the HTML (tinyhtml5)", "weasyprint/__init__.py", "__init__"),
    ("match selectors, cascade, compute styles", "weasyprint/css/__init__.py", "get_all_computed_styles"),
    ("  of which selector matching (mostly WeasyPrint's own HTML stylesheet)", "cssselect2/__init__.py", "match"),
    ("build the box tree", "weasyprint/formatting_structure/build.py", "build_formatting_structure"),
    ("lay out pages", "weasyprint/layout/__init__.py", "layout_document"),
    ("  of which flex (the masthead)", "weasyprint/layout/flex.py", "flex_layout"),
    ("  of which page margin boxes", "weasyprint/layout/page.py", "make_margin_boxes"),
    ("  of which backgrounds", "weasyprint/layout/background.py", "layout_backgrounds"),
    ("  of which line breaking (Pango)", "weasyprint/text/line_break.py", "split_first_line"),
    ("write the PDF", "weasyprint/document.py", "write_pdf"),
    ("  draw pages (stacking, text, borders)", "weasyprint/document.py", "paint"),
    ("  of which SVG pictograms", "weasyprint/svg/__init__.py", "draw"),
    ("  PDF/UA structure tree", "weasyprint/pdf/tags.py", "add_tags"),
    ("  fonts (subsetting)", "weasyprint/pdf/fonts.py", "build_fonts_dictionary"),
    ("  serialise the file (pydyf)", "pydyf/__init__.py", "write"),
    ("    of which zlib compression (level 9)", "~", "<method 'compress' of 'zlib.Compress' objects>"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--renders", type=int, default=10)
    parser.add_argument("--dump", help="also write the cProfile data here (for snakeviz, pstats)")
    args = parser.parse_args()

    from handouts.render import renderer

    _, html, kwargs, _ = sample()
    r = renderer()
    for _ in range(3):
        r.pdf_from_html(html, **kwargs)
    start = time.process_time()
    for _ in range(args.renders):
        r.pdf_from_html(html, **kwargs)
    per_doc = (time.process_time() - start) / args.renders

    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for _ in range(args.renders):
        r.pdf_from_html(html, **kwargs)
    profile.disable()
    if args.dump:
        profile.dump_stats(args.dump)
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    total = max(cumulative for (_, _, name), (_, _, _, cumulative, _) in stats.items()
                if name == "pdf_from_html")

    def cumulative(suffix: str, function: str) -> float:
        return sum(cum for (filename, _, name), (_, _, _, cum, _) in stats.items()
                   if name == function and filename.endswith(suffix))

    print(f"== warm render, by phase ({args.renders} renders profiled; {per_doc * 1000:.1f} ms CPU per document "
          "unprofiled)")
    for label, suffix, function in PHASES:
        print(f"  {cumulative(suffix, function) / total:6.1%}  {label}")


if __name__ == "__main__":
    main()
