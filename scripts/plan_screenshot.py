"""Screenshot the HTML plan of a spec folder in headless Chromium: the README's picture.

    python scripts/plan_screenshot.py                   # examples/ -> docs/plan-examples.png
    python scripts/plan_screenshot.py SPECS OUT.png [--width 1400] [--greyscale]

The page comes from the installed CLI (`eksgen plan SPECS --output html`) and is opened
with Playwright in the system's Chromium (the Debian package `chromium`, found at
$CHROMIUM or /usr/bin/chromium); no browser is downloaded. --greyscale takes the shot
through a greyscale filter, to check the page reads without colour.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Headless, and no traffic of the browser's own (updates, sync, field trials): the page
# must load with no request at all.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright: Any) -> Any:
    """The system Chromium, driven by Playwright."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def plan_html(specs: Path, page: Path) -> None:
    """Write the HTML plan of specs to page with the installed eksgen (exit 0 or 1).

    Run from the repository's root with a relative path where the specs are inside it, so
    that the page names the files as a reader of the repository does (examples/...).
    """
    specs = specs.resolve()
    given = specs.relative_to(ROOT) if specs.is_relative_to(ROOT) else specs
    done = subprocess.run(
        ["eksgen", "plan", str(given), "--output", "html", "-o", str(page.resolve()), "-q"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode not in (0, 1) or not page.is_file():
        sys.exit(f"eksgen plan failed ({done.returncode}): {done.stderr}")


def screenshot(page_file: Path, png: Path, width: int = 1400, greyscale: bool = False) -> None:
    """A full-page PNG of the page at this viewport width."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.goto(page_file.resolve().as_uri())
        if greyscale:
            page.add_style_tag(content="html { filter: grayscale(1); }")
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png), full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("specs", nargs="?", type=Path, default=ROOT / "examples")
    parser.add_argument("png", nargs="?", type=Path, default=ROOT / "docs" / "plan-examples.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--greyscale", action="store_true")
    arguments = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM")
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "plan.html"
        plan_html(arguments.specs, page)
        screenshot(page, arguments.png, arguments.width, arguments.greyscale)
    print(f"wrote {arguments.png}")


if __name__ == "__main__":
    main()
