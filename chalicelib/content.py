"""Where the editable content lives at run time.

In the repository it is `content/`; a deployment bundle carries a copy at `chalicelib/_content/`
(made by `make package`), because Chalice ships only `app.py` and `chalicelib/`.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent


@functools.cache
def content_dir() -> Path:
    configured = os.environ.get("CONTENT_DIR")
    if configured:
        return Path(configured)
    bundled = _HERE / "_content"
    return bundled if bundled.is_dir() else _HERE.parent / "content"


def load_yaml(relative: str) -> Any:
    import yaml  # on first use: PyYAML is 15 ms of cold start

    with (content_dir() / relative).open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
