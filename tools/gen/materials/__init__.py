"""One module per material; icpgen.py imports every module in this folder.

Each module exposes TYPE (a DESIGN.md document type), CASES ({case: weight})
and make(rng, today, case) -> (RGB PIL image of the flat upright document,
truth dict with "expect" and optionally "photo").  Set img.info["dpi"] to
the rendering resolution so that the scan pipeline can scale it to 200 dpi.
"""
