"""The wheel's build hook: the man page is made from the app being packed (scripts/manpage.py)
and shipped as share/man/man1/watchwarranty.1, where man finds it under a virtual environment's
or a prefix's share/."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ManPageHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        self._made = Path(tempfile.mkdtemp(prefix="watchwarranty-man-"))
        page = self._made / "watchwarranty.1"
        # A process of its own: the generator imports the package from these sources, which
        # the build backend's own process should not keep.
        subprocess.run(
            [sys.executable, str(Path(self.root) / "scripts" / "manpage.py"), str(page)],
            check=True,
        )
        build_data["shared_data"][str(page)] = "share/man/man1/watchwarranty.1"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        shutil.rmtree(self._made, ignore_errors=True)
