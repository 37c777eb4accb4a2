"""The documentation holds together: every link in README.md and docs/*.md reaches an existing
file and, with a ``#fragment``, an existing section (GitHub's heading anchors); every repository
path written in backticks (``assistant/faq/answering.py``) exists, so a moved module cannot
leave a stale reference behind; and the README stays a short front door."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.paths import ROOT

PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md"), ROOT / "bench/data/README.md"])
LINK = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(([^()\s]+)\)")
CODE_PATH = re.compile(r"`((?:assistant|web|knowledge_base|flows|tests|bench|docs)/[\w./-]*)`")
FENCE = re.compile(r"^(```|~~~)")


def _prose(text: str) -> str:
    """The text without fenced code blocks (their brackets are code, not links)."""
    lines, inside = [], False
    for line in text.splitlines():
        if FENCE.match(line.strip()):
            inside = not inside
            continue
        lines.append("" if inside else line)
    return "\n".join(lines)


def _without_inline_code(text: str) -> str:
    return re.sub(r"`[^`\n]*`", "", text)


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped (letters,
    digits, ``_`` and ``-`` stay), spaces become hyphens."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for line in _prose(path.read_text(encoding="utf-8")).splitlines():
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        base = slug(match.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        out.add(base if count == 0 else f"{base}-{count}")
    return out


def _links(path: Path) -> list[str]:
    return LINK.findall(_without_inline_code(_prose(path.read_text(encoding="utf-8"))))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_links_reach_files_and_sections(page: Path) -> None:
    broken = []
    for target in _links(page):
        if re.match(r"^[a-z]+:", target):  # https:, mailto:
            continue
        file_part, _, fragment = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists():
            broken.append(f"{target}: no such file")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no section #{fragment} in {linked.name}")
    assert broken == [], f"{page.relative_to(ROOT)}: {broken}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_repository_paths_in_backticks_exist(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    stale = sorted(
        {
            path
            for path in CODE_PATH.findall(text)
            if "*" not in path and not (ROOT / path.rstrip("/")).exists()
        }
    )
    assert stale == [], f"{page.relative_to(ROOT)} names paths that do not exist: {stale}"


def test_every_docs_page_is_linked_from_the_index_and_opens_with_its_purpose() -> None:
    index = {Path(t.partition("#")[0]).name for t in _links(ROOT / "docs" / "README.md")}
    pages = {p.name for p in (ROOT / "docs").glob("*.md")} - {"README.md"}
    assert sorted(pages - index) == [], "docs/README.md should link every page"
    for name in sorted(pages):
        lines = (ROOT / "docs" / name).read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("# "), f"docs/{name} should open with its title"
        assert next(line for line in lines[1:] if line.strip()), f"docs/{name} is empty"


def test_readme_is_a_short_front_door() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move details into docs/"
    text = "\n".join(lines)
    for must in ("make run", "make test", "![", "docs/README.md"):
        assert must in text, must


def test_the_link_checker_catches_what_it_should(tmp_path: Path) -> None:
    """The checks above must be able to fail: a missing file, a missing section, and the
    anchors GitHub makes of headings with code, punctuation and repeats."""
    page = tmp_path / "page.md"
    page.write_text(
        "# Lifecycle: `bench/lifecycle.py`\n## Client → server\n## Notes\n## Notes\n"
        "```\n# not a heading\n```\n",
        encoding="utf-8",
    )
    assert anchors(page) == {
        "lifecycle-benchlifecyclepy",
        "client--server",
        "notes",
        "notes-1",
    }
    assert LINK.findall("see [a](x.md#y), ![b](img.png) and `[c](z.md)`") == [
        "x.md#y",
        "img.png",
        "z.md",
    ]
    assert _links(page) == []
