"""Draw static_src/favicon.ico from the shapes of static_src/favicon.svg, for
browsers that ask for /favicon.ico. Run it again after changing the SVG."""

from pathlib import Path

from PIL import Image, ImageDraw

SIZE = 32
SCALE = 8  # drawn large, then scaled down, for smooth edges
BRAND, TINT, WHITE = "#0e4a58", "#9fd6cc", "#ffffff"
CHEVRONS = [((8, 25), (16, 17), (24, 25), TINT), ((8, 15), (16, 7), (24, 15), WHITE)]


def draw():
    big = SIZE * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=6 * SCALE, fill=BRAND)
    for *points, colour in CHEVRONS:
        scaled = [(x * SCALE, y * SCALE) for x, y in points]
        pen.line(scaled, fill=colour, width=4 * SCALE, joint="curve")
        for x, y in (scaled[0], scaled[-1]):
            radius = 2 * SCALE
            pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    return image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "static_src" / "favicon.ico"
    draw().save(target, sizes=[(16, 16), (32, 32)])
    print(f"wrote {target}")
