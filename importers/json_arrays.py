"""A JSON array read a block of elements at a time, so that a national dump (gigabytes)
never sits whole in memory, and every block is still parsed by orjson in one call.

A block ends where one top-level object ends and the next begins (``}``, a comma, ``{``).
Such a spot may also stand inside a string or between nested objects; but a slice of the
array that starts at an element's ``{`` parses as JSON only if it ends exactly at that
element's closing brace, so the parse itself tells a true boundary from a false one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from catalogue.errors import FichierIllisible

BLOCK_BYTES = 8 * 1024 * 1024
# False boundaries tried in a block before reading more of the file.
_ATTEMPTS = 8
_WHITESPACE = b" \t\r\n"


class _Unparsable(Exception):
    pass


def _parse(text: bytes) -> list[Any]:
    try:
        return orjson.loads(text)  # type: ignore[no-any-return]
    except orjson.JSONDecodeError:
        pass
    try:
        # Python's json (and pandas) write NaN and Infinity, which strict JSON forbids:
        # read them anyway, validation then rejects the records holding one.
        return json.loads(text)  # type: ignore[no-any-return]
    except RecursionError as error:  # nested thousands of levels deep
        raise _Unparsable("imbrication trop profonde") from error
    except ValueError as error:
        raise _Unparsable(str(error)) from error


def _boundaries(buffer: bytes, start: int) -> Iterator[tuple[int, int]]:
    """(end of an element, start of the next) for every ``}, {`` of ``buffer[start:]``,
    last first."""
    brace = buffer.rfind(b"{", start)
    while brace > start:
        i = brace - 1
        while i > start and buffer[i] in _WHITESPACE:
            i -= 1
        if buffer[i] == ord(","):
            i -= 1
            while i > start and buffer[i] in _WHITESPACE:
                i -= 1
            if buffer[i] == ord("}"):
                yield i + 1, brace
        brace = buffer.rfind(b"{", start, brace)


def _opening(file: BinaryIO, name: str, block: int) -> bytes:
    """The first block, past the opening bracket (an error if the file holds no array)."""
    buffer = file.read(block)
    head = buffer.lstrip(b"\xef\xbb\xbf" + _WHITESPACE)
    if not head.startswith(b"["):
        raise FichierIllisible(f"{name} doit contenir une liste d'objets JSON.")
    return head[1:]


def iter_array(path: Path, *, block: int = BLOCK_BYTES) -> Iterator[Any]:
    """The elements of the JSON array in ``path``, in order. Raises ``FichierIllisible``
    when the file cannot be read or is not a JSON array (possibly after elements were
    already given: a caller that must write nothing wraps its writes in a transaction)."""
    try:
        with path.open("rb") as file:
            buffer = _opening(file, path.name, block)
            while True:
                more = file.read(block)
                if not more:
                    yield from _last(buffer, path.name)
                    return
                buffer += more
                elements, rest = _split(buffer)
                yield from elements
                buffer = rest
    except OSError as error:
        raise FichierIllisible(f"{path.name} n'est pas lisible : {error}.") from error


def _split(buffer: bytes) -> tuple[list[Any], bytes]:
    """The whole elements at the start of ``buffer``, and what is left of it."""
    for attempt, (end, following) in enumerate(_boundaries(buffer, 0)):
        if attempt == _ATTEMPTS:
            break
        try:
            return _parse(b"[" + buffer[:end] + b"]"), buffer[following:]
        except _Unparsable:
            continue
    return [], buffer  # no true boundary yet: read on


def _last(buffer: bytes, name: str) -> list[Any]:
    try:
        elements = _parse(b"[" + buffer)
    except _Unparsable as error:
        raise FichierIllisible(f"{name} n'est pas un JSON lisible : {error}.") from error
    if not isinstance(elements, list):
        raise FichierIllisible(f"{name} doit contenir une liste d'objets JSON.")
    return elements
