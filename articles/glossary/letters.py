"""The glossary's A–Z: the group each term is listed under, and the groups' addresses.

Each letter a–z is a group; a term whose folded first character is none of them (a digit, a
Greek letter, a sign) is listed in one more group, ``OTHER``. The groups' pages share the
glossary's addresses with the terms' own pages (``/de/glossar/<slug>/``), so no term may have
an address that looks like a group's (``is_group_address``).
"""

import re
import string

from .matcher import sort_key

LETTERS = tuple(string.ascii_lowercase)
OTHER = "0-9"
GROUPS = (*LETTERS, OTHER)
# What the address of a group's page may say; upper-case letters lead on to lower case.
GROUP_ADDRESS = "[a-zA-Z]|0-9"


def group_of(term: str) -> str:
    """The group ``term`` is listed under: Ärzte under a, 5-FU under ``OTHER``."""
    initial = sort_key(term.strip())[:1]
    return initial if initial in LETTERS else OTHER


def label(group: str) -> str:
    """How readers see a group: A … Z, and # for the others."""
    return "#" if group == OTHER else group.upper()


def is_group_address(slug: str) -> bool:
    return re.fullmatch(GROUP_ADDRESS, slug) is not None


class GroupConverter:
    """``a`` … ``z`` and ``0-9`` in the address of a glossary letter's page."""

    regex = GROUP_ADDRESS

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
