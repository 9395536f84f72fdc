"""Content publishing for a stage: FAQ entries, search index and audio (chalicelib.services.faq_publish).

`make run` calls `publish_content()` against the local stack. `make publish STAGE=dev` runs this
module against a deployed stage: the stage's settings come from the environment that the deployment
exports (see infra/README.md).
"""

from __future__ import annotations

import argparse
import time


def publish_content() -> str:
    """Publish everything under content/ with the settings of this process; a one-line report."""
    from chalicelib.config import settings
    from chalicelib.services.faq_publish import publish_faq

    started = time.perf_counter()
    report = publish_faq(settings())
    return f"{report.line()} ({time.perf_counter() - started:.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", default="local")
    args = parser.parse_args()
    if args.stage == "local":
        raise SystemExit("The local stage publishes as part of `make run`.")
    print(publish_content())


if __name__ == "__main__":
    main()
