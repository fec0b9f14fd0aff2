"""Many readers sending feedback at once to a running server, and what became of each message.

Used by tests/feedback/test_feedback_under_load.py (small, in CI) and by `make bench` (8 × 50).
"""

import html
import re
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

_TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')


@dataclass
class Outcome:
    accepted: list[str] = field(default_factory=list)  # comments answered with 303
    rejected: list[tuple[str, int, str]] = field(default_factory=list)  # comment, status, text


def _send(base: str, form_path: str, comment: str) -> tuple[int, str]:
    page = urllib.request.urlopen(base + form_path, timeout=30).read().decode()
    token = html.unescape(_TOKEN_RE.search(page).group(1))
    data = urllib.parse.urlencode(
        {"rating": "4", "comment": comment, "consent": "yes", "website": "", "token": token}
    ).encode()
    request = urllib.request.Request(
        base + form_path, data=data, headers={"Sec-Fetch-Site": "same-origin"}
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        response = urllib.request.build_opener(NoRedirect).open(request, timeout=60)
        return response.status, ""
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


def send_concurrently(base: str, form_path: str, clients: int, per_client: int) -> Outcome:
    outcome = Outcome()

    def client(number: int):
        for index in range(per_client):
            comment = f"Lasttest {number}-{index}: die Seite hat geholfen."
            status, text = _send(base, form_path, comment)
            if status == 303:
                outcome.accepted.append(comment)
            else:
                outcome.rejected.append((comment, status, text))

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return outcome
