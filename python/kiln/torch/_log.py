"""KILN_LOG=graphs,partitions,recompiles,cache: what kiln.torch logs.

Each topic is a child of the ``kiln.torch`` logger (``kiln.torch.graphs``,
...); KILN_LOG turns the named ones on at INFO level with a plain handler,
and ``logging`` configuration works as usual otherwise."""

from __future__ import annotations

import logging
import os

TOPICS = ("graphs", "partitions", "recompiles", "cache")

_root = logging.getLogger("kiln.torch")


def _configure() -> None:
    wanted = {t.strip() for t in os.environ.get("KILN_LOG", "").split(",") if t.strip()}
    if not wanted:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("[kiln %(name)s] %(message)s"))
    for topic in TOPICS:
        if topic in wanted or "all" in wanted:
            logger = logging.getLogger(f"kiln.torch.{topic}")
            logger.setLevel(logging.INFO)
            logger.addHandler(handler)
            logger.propagate = False


def get(topic: str) -> logging.Logger:
    """The logger of one topic."""
    assert topic in TOPICS, topic
    return logging.getLogger(f"kiln.torch.{topic}")


_configure()
