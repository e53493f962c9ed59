"""The in-process compile cache: one kiln.Function per (Kiln module text,
target, pipeline options, Kiln version), so that repeated graphs (the same
transformer layer, a recompiled graph whose Kiln partitions did not
change) compile once per process. Below it, kiln.compile itself uses the
on-disk cache ($KILN_CACHE_DIR, default ~/.cache/kiln: the pipeline's
output, so another process skips the pipeline and only JITs the host
code). KILN_CACHE=0 turns both off."""

from __future__ import annotations

import os
import threading
from typing import Any

import kiln
from kiln.torch import _log

_lock = threading.Lock()
_functions: dict[tuple, kiln.Function] = {}


def get_function(text: str, target: str, options: dict[str, Any], stats: Any) -> kiln.Function:
    """The compiled function of `text`, compiling it on a miss. Raises
    kiln.KilnError when Kiln rejects the module."""
    key = (kiln.__version__, target, tuple(sorted(options.items())), text)
    enabled = os.environ.get("KILN_CACHE", "1") != "0"
    with _lock:
        function = _functions.get(key) if enabled else None
    if function is not None:
        stats.cache_hits += 1
        _log.get("cache").info("hit: %s (%d bytes of IR)", target, len(text))
        return function
    function = kiln.compile(text, target=target, **options)
    stats.kiln_compiles += 1
    disk = "from the on-disk cache" if function.from_cache else "compiled"
    _log.get("cache").info("miss: %s for %s in %.3f s", disk, target, function.compile_s)
    with _lock:
        _functions.setdefault(key, function)
    return function


def clear() -> None:
    with _lock:
        _functions.clear()
