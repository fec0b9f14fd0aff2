"""The corpus of hostile inputs every editor- and reader-written field must survive.

Written for this project: hand-picked attacks (tests/test_sanitising.py's list) plus every
dangerous URL spelling carried by every Markdown and HTML construct that can hold a URL, and
the raw elements and attributes an allowlist must drop. Payloads call ``alert`` or set
``window.__pwned`` so a browser test can tell whether any of them ran.
"""

from tests.test_sanitising import HOSTILE

DANGEROUS_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "javascript:window.__pwned=1",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)",
    "javascript&#58;alert(1)",
    "javascript&colon;alert(1)",
    "%6A%61%76%61%73%63%72%69%70%74:alert(1)",
    "\x01javascript:alert(1)",
    "javascript://%0aalert(1)",
    "vbscript:msgbox(1)",
    "VBSCRIPT:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "DATA:text/html,<script>window.__pwned=1</script>",
    "//evil.example/%0a<script>alert(1)</script>",
]

URL_CARRIERS = [
    "[Klick]({url})",
    "[Klick](<{url}>)",
    '[Klick]({url} "Titel")',
    "[Klick][ref]\n\n[ref]: {url}",
    "[Klick][ref]\n\n[ref]: <{url}>",
    "![Bild]({url})",
    "<{url}>",
    '<a href="{url}">Klick</a>',
    '<img src="{url}">',
    '<iframe src="{url}"></iframe>',
]

RAW_HTML = [
    "<script>window.__pwned=1</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<script>alert(1)//<</script>",
    "<script\x20type='text/javascript'>alert(1)</script>",
    "<script/src=data:,alert(1)></script>",
    "<img src=x onerror=alert(1)//>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<IMG SRC=# onmouseover='alert(1)'>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<object data='javascript:alert(1)'></object>",
    "<embed src='javascript:alert(1)'>",
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    "<form action=javascript:alert(1)><input type=submit></form>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<svg><use href='data:image/svg+xml,<svg id=x onload=alert(1)>'/></svg>",
    "<math><maction actiontype='statusline' xlink:href='javascript:alert(1)'>x</maction></math>",
    "<link rel=stylesheet href='javascript:alert(1)'>",
    "<meta http-equiv='refresh' content='0; url=javascript:alert(1)'>",
    "<base href='javascript:alert(1)//'>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<div style='background:url(javascript:alert(1))'>x</div>",
    "<div style='width: expression(alert(1))'>x</div>",
    "<p title='</p><script>alert(1)</script>'>x</p>",
    "<a href=# onclick=alert(1)>x</a>",
    "<a href='jav&#x0A;ascript:alert(1)'>x</a>",
    "<a href='&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)'>x</a>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>",
    "<template><script>alert(1)</script></template>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<dialog open onclose=alert(1)>",
    "<span popover id=p onbeforetoggle=alert(1)>x</span>",
    "<button popovertarget=p onclick=alert(1)>x</button>",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    '[x](https://example.org/"onmouseover="alert(1))',
    "[x](https://example.org/'onmouseover='alert(1))",
    '<a href="https://example.org" target=_blank rel=opener>x</a>',
    "*<img src=x onerror=alert(1)>*",
    "**[x](javascript:alert(1))**",
    "## <script>alert(1)</script>",
    "{{GR <img src=x onerror=alert(1)>}}",
    "!!! <script>alert(1)</script>\n    x",
    "- [ ] <script>alert(1)</script>",
    "Text\u2028<script>alert(1)</script>",
    "Text\u0000<script>alert(1)</script>",
]

CORPUS = list(
    dict.fromkeys(
        [
            *HOSTILE,
            *(carrier.format(url=url) for url in DANGEROUS_URLS for carrier in URL_CARRIERS),
            *RAW_HTML,
        ]
    )
)

# What can reach the database: every way in refuses NUL (Django's form fields, the importer's
# control-character check) and PostgreSQL cannot store it. render_markdown's handling of NUL
# is tested directly in tests/test_sanitising.py.
STORABLE_CORPUS = list(dict.fromkeys(text.replace("\x00", "") for text in CORPUS))
