"""Makes the hostile inputs of tests/e2e/hostile.sh in the folder argv[1] and
writes argv[2]: one line per input, "name<TAB>expected", where expected is
the input.* rule its record must carry, several joined by "|" (either will
do), or "-" for a readable image that must get no input.* finding."""
import io
import os
import struct
import sys
import zlib

from PIL import Image

out = os.fsencode(sys.argv[1])
table = []


def put(name, data, expect):
    bname = name if isinstance(name, bytes) else name.encode()
    with open(os.path.join(out, bname), "wb") as f:
        f.write(data)
    table.append((bname, expect))


def enc(im, fmt, **kw):
    b = io.BytesIO()
    im.save(b, fmt, **kw)
    return b.getvalue()


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


PNG_SIG = b"\x89PNG\r\n\x1a\n"
im = Image.new("RGB", (400, 300), (20, 60, 170))
png, webp = enc(im, "PNG"), enc(im, "WEBP")
jpg = enc(im, "JPEG", quality=80)
tif = enc(im, "TIFF", compression="tiff_deflate")

# Zero bytes under every accepted format's name (tests/bad/empty.jpg is
# the JPEG one).
for ext in ("png", "webp", "tif", "heic", "gif"):
    put("empty." + ext, b"", "input.unreadable")

# Truncated and corrupted headers of every accepted format.
put("png-header-only.png", png[:24], "input.unreadable")
put("png-truncated.png", png[: len(png) * 2 // 3], "input.unreadable")
put("png-bad-crc.png", png[:29] + b"\0\0\0\0" + png[33:], "input.unreadable")
put("webp-header-only.webp", webp[:16], "input.unreadable")
put("webp-truncated.webp", webp[: len(webp) // 2], "input.unreadable")
put("webp-garbage.webp", b"RIFF\xff\xff\xff\x7fWEBPVP8 " + b"\xa5" * 200,
    "input.unreadable")
put("tiff-header-only.tif", tif[:8], "input.unreadable")
put("tiff-bad-ifd.tif", b"II*\x00\xff\xff\xff\x7f" + b"\0" * 64,
    "input.unreadable")
put("tiff-truncated.tif", tif[: len(tif) // 2], "input.unreadable")
put("heic-header-only.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic",
    "input.unreadable")
put("heic-truncated-meta.heic", b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" +
    b"\0\0\x10\0meta\0\0\0\0" + b"\0\0\0\x21hdlr", "input.unreadable")
put("heic-garbage.heic",
    b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0\0\x10\0meta" + b"\xa5" * 300,
    "input.unreadable")
put("jpeg-header-only.jpg", jpg[:20], "input.unreadable")
put("jpeg-garbage-scan.jpg", jpg[:-200] + b"\xa5" * 198 + b"\xff\xd9",
    "input.unreadable|-")  # libjpeg may decode garbage as noise: no crash

# Huge declared dimensions: refused from the header, never decoded.
sof = jpg.index(b"\xff\xc0")
put("jpeg-huge.jpg", jpg[: sof + 5] + struct.pack(">HH", 65500, 65500) +
    jpg[sof + 9:], "input.too_large")
put("png-huge-narrow.png", PNG_SIG + chunk(b"IHDR", struct.pack(
    ">IIBBBBB", 1, 2_000_000_000, 8, 0, 0, 0, 0)) + chunk(b"IEND", b""),
    "input.too_large|input.too_small|input.unreadable")
tags = [(256, 4, 1, 100000), (257, 4, 1, 100000), (258, 3, 1, 8),
        (259, 3, 1, 1), (262, 3, 1, 1), (273, 4, 1, 8), (277, 3, 1, 1),
        (278, 4, 1, 100000), (279, 4, 1, 1)]
ifd = struct.pack("<H", len(tags)) + b"".join(
    struct.pack("<HHII", *t) for t in tags) + b"\0\0\0\0"
put("tiff-huge.tif", b"II*\x00" + struct.pack("<I", 8) + ifd,
    "input.too_large")
vp8x = b"VP8X" + struct.pack("<I", 10) + b"\0\0\0\0" + \
    (16383).to_bytes(3, "little") * 2
put("webp-huge.webp", b"RIFF" + struct.pack("<I", 4 + len(vp8x)) + b"WEBP" +
    vp8x, "input.too_large|input.unreadable")

# A PNG whose zTXt chunk inflates to 100 MB (compressed it is 100 kB).
bomb = chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"\0" * 100_000_000, 9))
put("png-ztxt-bomb.png", png[:33] + bomb + png[33:], "-|input.unreadable")

# Malformed EXIF in an otherwise good JPEG: the backdrop check must say the
# capture date is missing, nothing worse.


def with_exif(tiff):
    app1 = b"Exif\0\0" + tiff
    return jpg[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + \
        jpg[2:]


def ifd_bytes(entries, nxt=0):
    return struct.pack("<H", len(entries)) + b"".join(
        struct.pack("<HHII", *e) for e in entries) + struct.pack("<I", nxt)


# IFD0 points to itself as next IFD and as its EXIF IFD: a loop.
put("exif-loop.jpg", with_exif(b"II*\x00\x08\0\0\0" +
                                ifd_bytes([(0x8769, 4, 1, 8)], 8)),
    "-")
# 400 EXIF IFDs, each pointing to the next: deep nesting.
deep, off = b"", 8
for i in range(400):
    deep += ifd_bytes([(0x8769, 4, 1, off + 18)])
    off += 18
put("exif-deep.jpg", with_exif(b"II*\x00\x08\0\0\0" + deep + b"\0" * 6), "-")
# An entry count of 65535 in a 30-byte block, and a date whose value runs
# past the end of the block.
put("exif-huge-count.jpg", with_exif(b"II*\x00\x08\0\0\0\xff\xff" +
                                     b"\x01" * 20), "-")
put("exif-date-overrun.jpg", with_exif(
    b"II*\x00\x08\0\0\0" + ifd_bytes([(0x9003, 2, 0x7FFFFFF0, 26)]) +
    b"2026:11:20 10:00:00\0"), "-")

# Extreme shapes.
put("one-pixel.png", enc(Image.new("RGB", (1, 1)), "PNG"), "input.too_small")
put("one-by-100000.png", enc(Image.new("L", (1, 100000), 128), "PNG"),
    "input.too_small")

# Unusual but valid images: checked like any other.
put("cmyk.jpg", enc(im.convert("CMYK"), "JPEG"), "-")
rows = b"".join(b"\0" + struct.pack(">HHH", 5000, 15000, 45000) * 400
                for _ in range(300))
put("rgb-16bit.png", PNG_SIG + chunk(b"IHDR", struct.pack(
    ">IIBBBBB", 400, 300, 16, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(
        rows)) + chunk(b"IEND", b""), "-")
put("grey-16bit.png", enc(Image.new("I;16", (400, 300), 40000), "PNG"), "-")
frames = [Image.new("P", (400, 300), i) for i in range(3)]
b = io.BytesIO()
frames[0].save(b, "GIF", save_all=True, append_images=frames[1:], duration=100)
put("animated.gif", b.getvalue(), "-")

# Not images at all.
put("document.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n"
    b"%%EOF\n", "input.unreadable")
put("pdf-named.jpg", b"%PDF-1.4\n%%EOF\n", "input.unreadable")

# Hostile names: a newline, a tab, quotes and a backslash in the name.
put(b"new\nline.jpg", jpg, "-")
put(b'q"uote\\back\ttab.jpg', jpg, "-")

with open(sys.argv[2], "wb") as f:
    for name, expect in table:
        f.write(name.replace(b"\n", b"\\n") + b"\t" + expect.encode() + b"\n")
