"""What template loading keeps between runs, by the content it was made from.

A command builds a report in less time than it takes to clean a template's
parts (docxtpl), compile them (Jinja) and read which narrative sections they
show. Each result depends only on its input and on the code that made it, so
it is kept under a hash of both in REPORTGEN_CACHE (default
~/.cache/reportgen). The files are read as untrusted: one that is unreadable,
damaged or of another Jinja or Python version is made again, and a cache that
cannot be written only costs the time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from jinja2.bccache import FileSystemBytecodeCache

from reportgen.output import write_atomically

CODE_PATTERN = "%s.jinja"
MAX_CACHED = 64 * 1024 * 1024  # a cached file larger than any template part is not read


def root() -> Path:
    """The cache folder: REPORTGEN_CACHE, else the user's cache folder."""
    configured = os.environ.get("REPORTGEN_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "reportgen"


def key(inputs: Iterable[str], made_by: tuple[ModuleType, ...] = ()) -> str:
    """The hash of the inputs and of the source of the modules that make the result."""
    digest = hashlib.sha256(_code_digest(made_by))
    for text in inputs:
        data = text.encode("utf-8")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


def read(kind: str, name: str) -> bytes | None:
    path = root() / kind / name
    with contextlib.suppress(OSError):
        if path.stat().st_size <= MAX_CACHED:
            return path.read_bytes()
    return None


def write(kind: str, name: str, data: bytes) -> None:
    path = root() / kind / name
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically({path: data})


def read_json(kind: str, name: str) -> Any:
    """The JSON kept under the name, or None when there is none that parses."""
    data = read(kind, name)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def compiled_template(
    env: jinja2.Environment, source: str, made_by: tuple[ModuleType, ...]
) -> jinja2.Template:
    """`env.from_string(source)`, with the code compiled by an earlier run when there is one.

    `made_by`: the modules that set up the environment and generate its code. Jinja's
    bytecode cache writes each file atomically and ignores one it cannot load.
    """
    folder = root() / "compiled"
    cache = FileSystemBytecodeCache(str(folder), CODE_PATTERN)
    try:
        bucket = cache.get_bucket(env, key([source], made_by), None, source)
    except OSError:  # the cache is not a folder, or not readable
        return env.from_string(source)
    if bucket.code is None:
        bucket.code = env.compile(source)
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            cache.set_bucket(bucket)
    return env.template_class.from_code(env, bucket.code, env.make_globals(None), None)


@functools.lru_cache(maxsize=16)
def _code_digest(modules: tuple[ModuleType, ...]) -> bytes:
    digest = hashlib.sha256(jinja2.__version__.encode("ascii"))
    for module in modules:
        try:
            digest.update(Path(module.__file__ or "").read_bytes())
        except OSError:  # not a plain file (a zipped install): its name, as a last resort
            digest.update(module.__name__.encode("utf-8"))
    return digest.digest()
