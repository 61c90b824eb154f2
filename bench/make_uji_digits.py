"""Make bench/data/uji_digits.npz, a class of real writers' digits, from UJIpenchars2.

UJIpenchars2 (F. Prat, M. J. Castro, D. Llorens, A. Marzal, J. M. Vilar, 2008; UCI
Machine Learning Repository dataset 177, CC BY 4.0) holds pen trajectories of 60
writers at two Spanish universities, two of each digit per writer: 1,200 digits
no one on this team wrote, drawn with a pen, as students draw on a canvas.

Each digit's strokes are drawn on the app's 280x280 black canvas with the join
page's 22 px white pen, the digit filling about two thirds of the canvas, and
go through the app's own preprocessing (core.sketch.canvas_to_mnist): what the
app would store had the writer drawn it in class.

    python bench/make_uji_digits.py ujipenchars2.json      # the digits as JSON, by digit
    python bench/make_uji_digits.py ujipenchars2.txt       # or UCI's own text file

The JSON form (bridger/NumberPad's Data/ujipenchars2.json) lists each digit's
120 samples in the text file's order: writer by writer, two samples each.
Output: x uint8 (1200, 28, 28), y uint8, student '<U6' ("uji-01" .. "uji-60").
"""
import json
import re
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from core.sketch import canvas_to_mnist, to_uint8  # noqa: E402

CANVAS, PEN, FILL = 280, 22, 180  # canvas side, pen width, the digit's longer side in px
OUT = Path(__file__).with_name("data") / "uji_digits.npz"


def read_samples(path):
    """[(writer index from 0, digit, strokes)], strokes a list of [(x, y), ...]."""
    text = Path(path).read_text(encoding="utf-8")
    if path.endswith(".json"):
        samples = []
        for digit, items in json.loads(text)["rawData"].items():
            samples += [(i // 2, int(digit), strokes) for i, strokes in enumerate(items)]
        return samples
    samples, writers = [], {}
    for match in re.finditer(r"WORD (\d) (\S+)-\d+\n\s+NUMSTROKES (\d+)\n((?:\s+POINTS .*\n?)+)", text):
        digit, writer = int(match[1]), match[2]
        strokes = []
        for line in match[4].strip().splitlines():
            numbers = [int(v) for v in line.split("#")[1].split()]
            strokes.append(list(zip(numbers[::2], numbers[1::2])))
        samples.append((writers.setdefault(writer, len(writers)), digit, strokes))
    return samples


def draw(strokes):
    """The strokes on the canvas, as the page's canvas sends them (RGBA)."""
    points = np.concatenate([np.array(s, float).reshape(-1, 2) for s in strokes])
    low, high = points.min(axis=0), points.max(axis=0)
    scale = FILL / max(high - low)
    centre = (low + high) / 2
    image = Image.new("RGBA", (CANVAS, CANVAS), (0, 0, 0, 255))
    pen = ImageDraw.Draw(image)
    for stroke in strokes:
        xy = [tuple((np.array(p, float) - centre) * scale + CANVAS / 2) for p in stroke]
        if len(xy) > 1:
            pen.line(xy, fill=(255, 255, 255, 255), width=PEN, joint="curve")
        for x, y in (xy[0], xy[-1]):  # round pen ends
            pen.ellipse((x - PEN / 2, y - PEN / 2, x + PEN / 2, y + PEN / 2), fill=(255, 255, 255, 255))
    return np.asarray(image)


def main(path):
    samples = sorted(read_samples(path), key=lambda s: (s[0], s[1]))
    x = to_uint8(np.stack([canvas_to_mnist(draw(strokes)) for _, _, strokes in samples]))
    y = np.array([digit for _, digit, _ in samples], np.uint8)
    student = np.array([f"uji-{writer + 1:02d}" for writer, _, _ in samples])
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, x=x, y=y, student=student)
    print(f"{OUT}: {len(y)} digits from {len(set(student))} writers, {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(sys.argv[1])
