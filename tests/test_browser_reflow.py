"""Every public page reflows at 320 px (WCAG 1.4.10): with the text spacing of WCAG 1.4.12 and
with text at 200 %, nothing is wider than the screen; long words wrap or hyphenate."""

import pytest

from tests.test_browser_accessibility import public_pages

pytestmark = pytest.mark.browser

# The bookmarklet values of WCAG 1.4.12, as a stylesheet the page's policy lets in.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

STYLES = {
    "text spacing": (
        "css => { const sheet = new CSSStyleSheet(); sheet.replaceSync(css);"
        " document.adoptedStyleSheets = [sheet]; }",
        TEXT_SPACING,
    ),
    "200 % text": ("size => { document.documentElement.style.fontSize = size; }", "200%"),
}

# The widest elements sticking out on the right, to say where a page overflows.
WIDEST = """
() => [...document.querySelectorAll("body *")]
  .filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .filter(e => !e.closest(".table-scroll, [popover]"))
  .slice(-3)
  .map(e => e.tagName + "." + e.className + ": " + e.textContent.trim().slice(0, 40))
"""


@pytest.mark.parametrize("style", STYLES)
def test_no_public_page_is_wider_than_a_320_pixel_screen(site, page, style):
    script, argument = STYLES[style]
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for path in public_pages():
        page.goto(site + path)
        page.evaluate(script, argument)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[path] = (width, page.evaluate(WIDEST))
    assert not too_wide, "\n".join(f"{path}: {too_wide[path]}" for path in too_wide)
