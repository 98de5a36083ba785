#!/usr/bin/env python3
"""Look-alike characters by rendered glyph: a build-time input of build_spelling_stats.py.

    python scripts/glyph_similarity.py --stats corpora/spelling \
        --font /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc --font-index 2 \
        --out /tmp/glyph_sim.json

Needs Pillow (any Python with Pillow and numpy; not a gwreport dependency, never used at run
time). Every character of the confusion table (corpora/spelling/confusion.json) and every
candidate character (weighted corpus count >= --vocab-min in chars.json) is drawn with the
font (Noto Sans CJK SC by default, index 2 of the .ttc), reduced to 16x16 grey levels, and
compared by the cosine of the centred images; for each character the --top most similar
candidate characters are written with their similarity: {"衣": [["农", 0.757], ...], ...}.
The component tables of char-similar miss look-alikes such as 衣/农 or 白/自 that share no
component; the glyph images catch them. build_spelling_stats.py --glyph-sim FILE merges the
pairs above its --glyph-min into the shape candidates.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np


def render(chars: list[str], font_path: str, index: int, size: int = 32) -> np.ndarray:
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(font_path, size - 2, index=index)
    out = np.zeros((len(chars), (size // 2) ** 2), dtype=np.float32)
    for i, c in enumerate(chars):
        im = Image.new("L", (size, size), 0)
        ImageDraw.Draw(im).text((1, -6), c, fill=255, font=font)
        a = np.asarray(im, dtype=np.float32) / 255.0
        out[i] = a.reshape(size // 2, 2, size // 2, 2).mean(axis=(1, 3)).ravel()
    out -= out.mean(axis=1, keepdims=True)
    out /= np.linalg.norm(out, axis=1, keepdims=True) + 1e-6
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--stats", type=Path, required=True, help="corpora/spelling (chars.json, confusion.json)")
    ap.add_argument("--font", required=True)
    ap.add_argument("--font-index", type=int, default=2)
    ap.add_argument("--vocab-min", type=float, default=8.0)
    ap.add_argument("--top", type=int, default=10)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    counts = json.loads((args.stats / "chars.json").read_text(encoding="utf-8"))["counts"]
    conf = json.loads((args.stats / "confusion.json").read_text(encoding="utf-8"))
    vocab = [c for c, v in counts.items() if "\u4e00" <= c <= "\u9fff" and v >= args.vocab_min]
    keys = sorted(set(conf.get("sound", {})) | set(conf.get("shape", {})) | set(vocab))
    V = render(vocab, args.font, args.font_index)
    K = render(keys, args.font, args.font_index)
    out: dict[str, list] = {}
    top = args.top
    for s in range(0, len(keys), 2000):
        sim = K[s:s + 2000] @ V.T
        for i in range(sim.shape[0]):
            c = keys[s + i]
            row = sim[i]
            idx = np.argpartition(-row, top + 1)[:top + 1]
            idx = idx[np.argsort(-row[idx], kind="stable")]
            out[c] = [[vocab[j], round(float(row[j]), 3)] for j in idx if vocab[j] != c][:top]
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"{len(out)} characters, {len(vocab)} candidates", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
