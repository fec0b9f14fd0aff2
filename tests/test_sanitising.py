"""Hostile Markdown must come out of render_markdown as inert HTML."""

import re

import lxml.html
import pytest

from articles.rendering import render_markdown

FORBIDDEN_ELEMENTS = {
    "script", "iframe", "frame", "svg", "math", "style", "img", "form", "input", "button",
    "object", "embed", "link", "meta", "base", "video", "audio", "source",
}  # fmt: skip
DANGEROUS_SCHEMES = {"javascript", "vbscript", "data"}
# As browsers read a URL: leading and trailing controls and spaces dropped, tabs and newlines
# anywhere ignored, then the scheme is everything before the first colon.
_SCHEME_RE = re.compile(r"^([a-z][a-z0-9+.\-]*):")

HOSTILE = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "Text <script>alert(1)</script> mitten im Satz.",
    "<img src=x onerror=alert(1)>",
    "<iframe src='https://evil.example'></iframe>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<style>body { display: none }</style>",
    "<p onclick='alert(1)'>Klick</p>",
    "<div onmouseover=alert(1)>x</div>",
    "<p style='position:fixed;top:0'>x</p>",
    "<form action=https://evil.example><input name=pw></form>",
    "<object data=x></object><embed src=x>",
    "<base href=javascript:/>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<math><mi xlink:href=javascript:alert(1)>x</mi></math>",
    "<a href='javascript:alert(1)'>x</a>",
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "[Klick](javascript:alert(1))",
    "[Klick](JAVASCRIPT:alert(1))",
    "[Klick](  JaVaScRiPt:alert(1)  )",
    "[Klick](<javascript:alert(1)>)",
    "[Klick](java\tscript:alert(1))",
    "[Klick](\x00javascript:alert(1))",
    "[Klick](vbscript:msgbox(1))",
    "[Klick](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[Klick](jav&#x61;script:alert(1))",
    "[Klick](&#106;avascript:alert(1))",
    "[Klick](javascript&colon;alert(1))",
    '[Klick](javascript:alert(1) "Titel")',
    "[Klick][ref]\n\n[ref]: javascript:alert(1)",
    "[Klick][ref]\n\n[ref]: vbscript:msgbox(1)",
    "[Klick][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "[Klick][ref]\n\n[ref]: jav&#x61;script:alert(1)",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "![Bild](javascript:alert(1))",
    "![Bild](https://evil.example/track.png)",
    "![Bild](x onerror=alert(1))",
    "## Titel {: onclick=alert(1) }",
    '!!! warning "<script>alert(1)</script>"\n    Text',
    '!!! warning "Titel"\n    <img src=x onerror=alert(1)>',
    "| a |\n| --- |\n| <script>alert(1)</script> |",
    "| a |\n| --- |\n| [x](javascript:alert(1)) |",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "    <iframe src=x></iframe>",
    "- <svg onload=alert(1)>\n- [x](javascript:alert(1))",
    "> <style>*{}</style> [x](data:,x)",
    "{{AGO <script>alert(1)</script>}}",
]


def dangerous_scheme(href: str) -> str | None:
    cleaned = re.sub(r"[\t\n\r]", "", href).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 ")
    match = _SCHEME_RE.match(cleaned.lower())
    if match and match.group(1) in DANGEROUS_SCHEMES:
        return match.group(1)
    return None


def inertness_problems(html: str) -> list[str]:
    """Everything in ``html`` that a browser could run, load or use to restyle the page."""
    if not html.strip():
        return []
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag.lower() in FORBIDDEN_ELEMENTS:
            problems.append(f"<{element.tag}> element")
        for name, value in element.attrib.items():
            if name.lower().startswith("on"):
                problems.append(f"{name} attribute on <{element.tag}>")
            if name.lower() == "style":
                problems.append(f"style attribute on <{element.tag}>")
            if name.lower() in {"href", "src", "action", "formaction", "xlink:href"}:
                scheme = dangerous_scheme(value)
                if scheme:
                    problems.append(f"{scheme}: URL in {name} on <{element.tag}>")
    return problems


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text, language):
    html = render_markdown(text, language).html

    assert inertness_problems(html) == [], html


@pytest.mark.parametrize(
    ("href", "scheme"),
    [
        ("javascript:alert(1)", "javascript"),
        ("  JavaScript:alert(1)", "javascript"),
        ("java\tscript:alert(1)", "javascript"),
        ("\x01vbscript:x", "vbscript"),
        ("DATA:text/html,x", "data"),
        ("https://example.org/javascript:x", None),
        ("/de/artikel/javascript:x", None),
        ("java%20script:x", None),
    ],
)
def test_the_scheme_check_reads_urls_as_the_url_standard_does(href, scheme):
    # The checker above must itself catch what it is there to catch.
    assert dangerous_scheme(href) == scheme


def test_the_inertness_check_notices_a_script():
    assert inertness_problems('<p onclick="x" style="y"><script></script></p>') == [
        "onclick attribute on <p>",
        "style attribute on <p>",
        "<script> element",
    ]


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("[Krebsinformationsdienst](https://www.krebsinformationsdienst.de/)", None),
        ("[Schreiben Sie uns](mailto:info@example.org)", None),
        ("[Knochenmetastasen](/de/artikel/knochenmetastasen-verstehen/)", None),
        ("[Quelle][q]\n\n[q]: https://www.awmf.org/", "https://www.awmf.org/"),
    ],
)
def test_safe_links_keep_their_address(text, href):
    html = render_markdown(text, "de").html
    link = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a")[0]

    expected = href or text[text.index("(") + 1 : -1]
    assert link.get("href") == expected


def test_links_to_other_sites_cannot_reach_back_to_the_page():
    html = render_markdown("[AWMF](https://www.awmf.org/)", "de").html
    link = lxml.html.fragment_fromstring(html, create_parent="div").xpath("//a")[0]

    assert set(link.get("rel").split()) >= {"noopener", "noreferrer"}


def test_raw_html_is_shown_as_text_not_markup():
    html = render_markdown("Vorher <b onclick=x>fett</b> nachher.", "de").html
    root = lxml.html.fragment_fromstring(html, create_parent="div")

    assert root.xpath("//b") == []
    assert root.text_content() == "Vorher <b onclick=x>fett</b> nachher."
