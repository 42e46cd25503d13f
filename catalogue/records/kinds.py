"""The kinds of record of data·inclusion v1 that the catalogue holds."""

from __future__ import annotations

from typing import Literal

RecordKind = Literal["structure", "service"]
