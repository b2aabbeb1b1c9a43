"""Fonts from Debian packages: fonts-noto-cjk, fonts-wqy-microhei, fonts-ocr-b.

font(kind, px) returns a cached PIL font.  kinds: "sans" and "serif" (Chinese,
Noto CJK SC), "hei" (WenQuanYi Micro Hei), "ocrb" (OCR-B, for MRZ and numbers).
"""
import functools
import os

from PIL import ImageFont

# (path, index inside a .ttc); the first existing path wins.
FONTS = {
    "sans": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
             ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)],
    "sans-bold": [("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
                  ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)],
    "serif": [("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
              ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)],
    "serif-bold": [("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
                   ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)],
    "hei": [("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
            ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)],
    "ocrb": [("/usr/share/fonts/opentype/ocr-b/OCRB.otf", 0)],
}


@functools.lru_cache(maxsize=None)
def font(kind, px):
    """A PIL FreeType font of the given kind at px pixels."""
    for path, index in FONTS[kind]:
        if os.path.exists(path):
            return ImageFont.truetype(path, int(px), index=index)
    raise FileNotFoundError(f"no font for '{kind}': run `make deps-test`")
