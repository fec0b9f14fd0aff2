"""pyproject.toml and the hashed locks in requirements/ agree (`make lock` brings them together).

`make run` and `make test` install only from the locks, so a dependency added to or changed in
pyproject.toml without `make lock` would be missing or stay at an old release.
"""

import importlib.metadata
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parents[1]
MAIN_LOCK = PROJECT / "requirements" / "main.txt"
TEST_LOCK = PROJECT / "requirements" / "test.txt"


@dataclass
class Pin:
    requirement: Requirement
    hashes: list[str]
    line: int

    @property
    def version(self) -> str | None:
        """The pinned version, or None when the requirement is not one `==` pin."""
        specifiers = list(self.requirement.specifier)
        if len(specifiers) == 1 and specifiers[0].operator == "==":
            return specifiers[0].version
        return None


def read_lock(path: Path) -> dict[str, Pin]:
    """The requirements of a pip requirements file, by canonical name, with their hashes."""
    pins: dict[str, Pin] = {}
    logical, start = "", 0
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        stripped = raw.strip()
        line = "" if stripped.startswith("#") else stripped.split(" #", 1)[0].strip()
        if not logical:
            start = number
        if line.endswith("\\"):
            logical += line[:-1] + " "
            continue
        logical += line
        if logical.strip():
            requirement, *options = logical.split(" --")
            pin = Pin(
                requirement=Requirement(requirement.strip()),
                hashes=[o.strip().removeprefix("hash=") for o in options if o.startswith("hash=")],
                line=start,
            )
            pins[canonicalize_name(pin.requirement.name)] = pin
        logical = ""
    return pins


def declared() -> tuple[list[Requirement], list[Requirement]]:
    """The runtime dependencies and the `test` extra from pyproject.toml."""
    project = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = [Requirement(r) for r in project["dependencies"]]
    test = [Requirement(r) for r in project["optional-dependencies"]["test"]]
    return runtime, test


RUNTIME, TEST_EXTRA = declared()
EXPECTED = [(MAIN_LOCK, r) for r in RUNTIME] + [(TEST_LOCK, r) for r in RUNTIME + TEST_EXTRA]


def expected_id(case: tuple[Path, Requirement]) -> str:
    lock, requirement = case
    return f"{lock.name}:{requirement.name}"


@pytest.mark.parametrize("case", EXPECTED, ids=map(expected_id, EXPECTED))
def test_every_declared_dependency_is_pinned_with_a_version_pyproject_allows(case):
    lock, requirement = case
    pin = read_lock(lock).get(canonicalize_name(requirement.name))

    assert pin is not None, f"{requirement.name} is not in {lock.name}: run `make lock`"
    assert pin.version, f"{lock.name}:{pin.line}: {pin.requirement} is not pinned with =="
    assert requirement.specifier.contains(pin.version, prereleases=True), (
        f"{lock.name}:{pin.line}: {requirement.name}=={pin.version} is outside "
        f"{requirement.specifier} from pyproject.toml: run `make lock`"
    )


@pytest.mark.parametrize("lock", [MAIN_LOCK, TEST_LOCK], ids=lambda p: p.name)
def test_every_pin_carries_a_sha256_hash(lock):
    pins = read_lock(lock)

    assert pins, f"{lock.name} pins nothing"
    for name, pin in pins.items():
        assert pin.version, f"{lock.name}:{pin.line}: {pin.requirement} is not pinned with =="
        assert any(h.startswith("sha256:") for h in pin.hashes), (
            f"{lock.name}:{pin.line}: {name} has no --hash=sha256:"
        )


def brought_in_by_extras(requirement: Requirement) -> list[Requirement]:
    """What the extras of ``requirement`` add, as the installed (locked) release declares it."""
    added = []
    for line in importlib.metadata.requires(requirement.name) or []:
        dependency = Requirement(line)
        marker = dependency.marker
        only_with_an_extra = marker is not None and not marker.evaluate({"extra": ""})
        if only_with_an_extra and any(marker.evaluate({"extra": e}) for e in requirement.extras):
            added.append(dependency)
    return added


WITH_EXTRAS = [case for case in EXPECTED if case[1].extras]


@pytest.mark.parametrize("case", WITH_EXTRAS, ids=map(expected_id, WITH_EXTRAS))
def test_the_packages_a_declared_extra_brings_in_are_pinned_too(case):
    """psycopg[binary] needs psycopg-binary in the lock, not only psycopg."""
    lock, requirement = case
    pins = read_lock(lock)
    brought_in = brought_in_by_extras(requirement)

    assert brought_in, f"{requirement} brings in nothing: is the extra spelled right?"
    for needed in brought_in:
        assert canonicalize_name(needed.name) in pins, (
            f"{needed.name}, from {requirement}, is not in {lock.name}: run `make lock`"
        )


def test_the_test_lock_keeps_the_runtime_locks_versions():
    """Tests run against the releases `make run` and production install."""
    runtime, test = read_lock(MAIN_LOCK), read_lock(TEST_LOCK)

    differing = {
        name: (pin.version, test[name].version if name in test else None)
        for name, pin in runtime.items()
        if name not in test or test[name].version != pin.version
    }
    assert not differing, f"main.txt and test.txt disagree (main, test): {differing}"
