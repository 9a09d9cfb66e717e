"""A one-line progress bar, drawn only on a terminal."""

import time


class Progress:
    def __init__(self, stream, *, total: int, label: str, enabled: bool | None = None):
        self.stream = stream
        self.total = max(total, 1)
        self.label = label
        self.enabled = stream.isatty() if enabled is None else enabled
        self._last = 0.0

    def update(self, done: int, detail: str = "", *, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.2:
            return
        self._last = now
        share = min(done / self.total, 1.0)
        filled = int(share * 30)
        bar = "#" * filled + "-" * (30 - filled)
        self.stream.write(f"\r{self.label} [{bar}] {share:4.0%} {detail}\x1b[K")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
