"""The boxes of an article's Markdown, for the content checks: read as the site reads them."""

from articles.rendering import read_callout


def callouts(body: str) -> list[tuple[str, str, list[str]]]:
    """Each box in ``body``: its kind, its title and the non-blank lines indented below it."""
    lines = body.splitlines()
    boxes = []
    for number, line in enumerate(lines):
        if not (box := read_callout(line)):
            continue
        inside = []
        for following in lines[number + 1 :]:
            if following.strip() and not following.startswith(("    ", "\t")):
                break
            inside.append(following.strip())
        boxes.append((box.kind, box.title, [text for text in inside if text]))
    return boxes
