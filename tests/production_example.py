"""The README's production example, as the environment it sets.

`make check-deploy` and tests/test_production_example.py start the settings with every
variable of that example, so that a documented setting can never again stop the site from
starting. Run on its own, it runs `manage.py check --deploy` with that environment.
"""

import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
_EXAMPLE_RE = re.compile(r"^## Production\n.*?```sh\n(export .*?)\n(?!\s)", re.S | re.M)


def readme_production_env(readme: Path = PROJECT / "README.md") -> dict[str, str]:
    """The variables the README's production `export` sets, with a fresh secret key."""
    match = _EXAMPLE_RE.search(readme.read_text(encoding="utf-8"))
    if match is None:
        raise ValueError("README.md has no `export …` block under '## Production'")
    words = shlex.split(match.group(1).replace("\\\n", " "))[1:]
    variables = dict(word.split("=", 1) for word in words)
    # The example reads the secret from a file; a real one of the same kind stands in.
    variables["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return variables


def main() -> int:
    env = {**os.environ, **readme_production_env()}
    command = [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=PROJECT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main())
