"""How a trainer types a podcourse command in the repository in front of them."""

from __future__ import annotations

from pathlib import Path


def typed(root: Path, words: str) -> str:
    """`./run check` in a course repository (it has the `run` script that sets up its own
    environment, and `podcourse` is not on the trainer's PATH there); `podcourse check` elsewhere."""
    return f"./run {words}" if (Path(root) / "run").is_file() else f"podcourse {words}"
