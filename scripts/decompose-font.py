#!/usr/bin/python3
"""Copy a TrueType font with every composite glyph decomposed into plain
outlines: usage: decompose-font.py IN.ttf OUT.ttf

libharu 2.3.0 keeps a composite glyph (the Vietnamese "ầ", "ở"...) in its
subset but empties the glyphs it is built from unless the page uses them
too, so a name like "Trần" draws as "Tran".  A font without composites
draws right.  Run by the Makefile at build time, from fonts-dejavu-core,
with python3-fonttools."""
import sys

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont


def decompose(src, dst):
    font = TTFont(src)
    glyf = font["glyf"]
    glyphs = font.getGlyphSet()
    for name in font.getGlyphOrder():
        if not glyf[name].isComposite():
            continue
        rec = DecomposingRecordingPen(glyphs)
        glyphs[name].draw(rec)
        pen = TTGlyphPen(None)
        rec.replay(pen)
        glyf[name] = pen.glyph()
    font.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: decompose-font.py IN.ttf OUT.ttf")
    decompose(sys.argv[1], sys.argv[2])
