"""A one-line progress bar (tqdm), drawn only on a terminal."""

from tqdm import tqdm


class Progress:
    """`label [#######-----]  25% detail`, redrawn at most five times a second; nothing at all off a terminal."""

    def __init__(self, stream, *, total: int, label: str, enabled: bool | None = None):
        self._bar = tqdm(
            total=max(total, 1),
            desc=label,
            file=stream,
            disable=not (stream.isatty() if enabled is None else enabled),
            mininterval=0.2,
            leave=False,
            ascii="-#",
            bar_format=self._format(""),
        )

    @staticmethod
    def _format(detail: str) -> str:
        detail = detail.replace("{", "{{").replace("}", "}}")
        return "{desc} [{bar:30}] {percentage:3.0f}% " + detail

    def update(self, done: int, detail: str = "", *, force: bool = False) -> None:
        if self._bar.disable:
            return
        self._bar.bar_format = self._format(detail)
        self._bar.n = min(done, self._bar.total)
        if force:
            self._bar.refresh()
        else:
            self._bar.update(0)  # tqdm redraws only when mininterval has passed

    def finish(self) -> None:
        self._bar.close()
