"""bench/RESULTS.md and the plots, from a results.json (and the committed baseline when there is one)."""

import json
from pathlib import Path

SIZES_LABEL = {"n100": "100", "n1000": "1,000", "n10000": "10,000"}


def _number(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if value >= 100 or value == int(value):
        text = f"{value:,.0f}"
    elif value >= 10:
        text = f"{value:.1f}"
    else:
        text = f"{value:.2f}"
    return text + unit


def _ratio(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if value < 0.1 else f"{value:.2f}"


class Tables:
    def __init__(self, results: dict, baseline: dict | None):
        self.figures, self.ratios = results["figures"], results["ratios"]
        self.baseline = baseline
        self.lines: list[str] = []

    def get(self, name: str) -> float | None:
        return self.figures.get(name)

    def base_ratio(self, stem: str) -> float | None:
        return self.baseline["ratios"].get(stem) if self.baseline else None

    def base_figure(self, name: str) -> float | None:
        return self.baseline["figures"].get(name) if self.baseline else None

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        if not rows:
            return
        self.lines += ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        self.lines += ["| " + " | ".join(row) + " |" for row in rows]
        self.lines.append("")

    def pair(self, label: str, stem: str, unit: str = "", *, against: str = "") -> list[str] | None:
        """A row: Kindred, xtd, Kindred ÷ xtd now and in the baseline."""
        kindred = self.get(f"{stem}.kindred")
        xtd_stem = against or stem
        xtd = self.get(f"{xtd_stem}.xtd")
        if kindred is None and xtd is None:
            return None
        ratio_name = stem + (".vs_minimal" if against else "")
        return [
            label,
            _number(kindred, unit),
            _number(xtd, unit),
            _ratio(self.ratios.get(ratio_name)),
            _ratio(self.base_ratio(ratio_name)),
            _number(self.base_figure(f"{stem}.kindred"), unit),
        ]


PAIR_HEADER = ["", "Kindred", "django-comments-xtd", "Kindred ÷ xtd", "÷ at baseline", "Kindred at baseline"]
# The replies and writers blocks also run Kindred as it was before the hot-thread work ("today", bench/run.py).
TRIO_HEADER = ["", "Kindred", "today's Kindred", "Kindred ÷ today", *PAIR_HEADER[2:]]


def _trio(tables: "Tables", label: str, stem: str, unit: str = "") -> list[str] | None:
    """A row with today's Kindred beside this Kindred and xtd."""
    row = tables.pair(label, stem, unit)
    today = tables.get(f"{stem}.today")
    if row is None and today is None:
        return None
    row = row or [label, "–", "–", "–", "–", "–"]
    return [row[0], row[1], _number(today, unit), _ratio(tables.ratios.get(stem + ".vs_today")), *row[2:]]


def _cases(figures: dict, prefix: str) -> list[str]:
    cases = []
    for name in figures:
        if name.startswith(prefix):
            case = name[len(prefix) :].split(".")[0]
            if case not in cases:
                cases.append(case)

    def order(case: str):
        digits = "".join(ch for ch in case if ch.isdigit())
        return (case.endswith("long"), int(digits or 0), case)

    return sorted(cases, key=order)


def _label(case: str) -> str:
    if case.endswith("-long"):
        return f"N = {SIZES_LABEL.get(case.removesuffix('-long'), case)}, 100–270 words"
    return f"N = {SIZES_LABEL.get(case, case)}"


HEADLINES = [
    ("First page, N = 10,000 (xtd: default page)", "page.n10000.first.ms", " ms", ""),
    ("First page, N = 10,000: queries", "page.n10000.first.queries", "", ""),
    ("Whole conversation, N = 10,000 (xtd: minimal template)", "page.n10000.whole.ms", " ms", "minimal"),
    ("First page, N = 10,000, 100–270 words (xtd: default page)", "page.n10000-long.first.ms", " ms", ""),
    (
        "Whole conversation, N = 10,000, 100–270 words (xtd: minimal template)",
        "page.n10000-long.whole.ms",
        " ms",
        "minimal",
    ),
    ("Reply, N = 10,000", "reply.n10000.ms", " ms", ""),
    ("Reply in a 2,000-comment thread", "reply.thread2000.ms", " ms", ""),
    ("8 writers, one thread: replies/s", "writers.one_thread.replies_per_s", "", ""),
    ("8 writers, one thread: corrupted rows", "writers.one_thread.corrupt_rows", "", ""),
    ("8 writers, 8 threads: replies/s", "writers.eight_threads.replies_per_s", "", ""),
    ("Reply e-mails, 500 followers: posting request", "notify.f500.request_ms", " ms", ""),
    ("Reply e-mails, 500 followers: last e-mail", "notify.f500.last_email_s", " s", ""),
]


def headline(results: dict) -> str:
    """The few figures the READMEs quote, as a Markdown table."""
    figures, ratios = results["figures"], results["ratios"]
    rows = ["| | Kindred | django-comments-xtd | Kindred ÷ xtd |", "|---|---|---|---|"]
    for label, stem, unit, against in HEADLINES:
        kindred = figures.get(f"{stem}.kindred")
        other_stem = stem.replace(".whole.", ".minimal.") if against else stem
        xtd = figures.get(f"{other_stem}.xtd")
        if kindred is None and xtd is None:
            continue
        ratio = ratios.get(stem + (".vs_minimal" if against else ""))
        rows.append(f"| {label} | {_number(kindred, unit)} | {_number(xtd, unit)} | {_ratio(ratio)} |")
    care = [
        f"{case.replace('_', ' ')}: p95 {_number(figures.get(f'care.{case}.commit_to_flags_p95_ms.kindred'), ' ms')}"
        for case in ("20_per_s", "50_per_s")
        if f"care.{case}.commit_to_flags_p95_ms.kindred" in figures
    ]
    if care:
        rows.append(f"| Care check, commit to flags (Kindred only) | {'; '.join(care)} | | |")
    return "\n".join(rows) + "\n"


def _intro(tables: Tables, results: dict, base: dict | None) -> None:
    """The run, its versions, the baseline it is compared with, and the headline."""
    lines = tables.lines
    lines += [
        "# Kindred against django-comments-xtd: results",
        "",
        f"Run `{results['mode']}` of {results['started']} on commit `{results['commit']}`, "
        f"{results['duration_s']} s, {results['machine']['cpus']} CPUs. Versions: "
        + ", ".join(f"{name} {version}" for name, version in sorted(results["versions"].items()))
        + ".",
        "",
        "Medians of repeated measurements; the two systems alternate inside every repetition, on the same data. "
        "Times are server times measured in-process (Django's test client through each project's middleware, "
        "views and templates) unless said otherwise. **Kindred ÷ xtd** below 1 means Kindred takes less time (or, "
        "for rates, does less per second). "
        + (
            f"Baseline: `bench/baseline/` ({base['started']}, commit `{base['commit']}`)."
            if base
            else "No baseline to compare with (this run is, or will become, the baseline)."
        ),
        "",
        "![post page](plot_page.png) ![whole conversation](plot_whole.png)",
        "",
        "## Headline",
        "",
        headline(results),
    ]


def _page_section(tables: Tables, results: dict) -> None:
    """The post page: the first page a reader gets."""
    lines = tables.lines
    page_cases = _cases(results["figures"], "page.")
    lines += ["## Post page: the first page a reader gets", ""]
    lines += ["Kindred's first page; xtd's documented page (its template tags render the whole tree).", ""]
    rows = []
    for case in page_cases:
        for measure, unit in (("first.ms", " ms"), ("first.queries", ""), ("first.bytes", " B")):
            row = tables.pair(f"{_label(case)}: {measure.split('.')[1]}", f"page.{case}.{measure}", unit)
            if row:
                rows.append(row)
    tables.table(PAIR_HEADER, rows)


def _whole_section(tables: Tables, results: dict) -> None:
    """Reading the whole conversation."""
    lines = tables.lines
    page_cases = _cases(results["figures"], "page.")
    figures = results["figures"]
    lines += ["## Reading the whole conversation", ""]
    lines += [
        'Kindred: every comment read through the site\'s own links (post pages, "n more replies", thread pages '
        "and their Next links), times summed over all requests. xtd: its default page (the whole tree at once), "
        "and the same tree through a minimal template of ours (`bench/xtd_site/templates/bench_xtd/_tree.html`).",
        "",
    ]
    rows = []
    for case in page_cases:
        rows.append(tables.pair(f"{_label(case)}: time, xtd default", f"page.{case}.whole.ms", " ms"))
        rows.append(
            tables.pair(
                f"{_label(case)}: time, xtd minimal template",
                f"page.{case}.whole.ms",
                " ms",
                against=f"page.{case}.minimal.ms",
            )
        )
        rows.append(
            tables.pair(f"{_label(case)}: per comment, xtd default", f"page.{case}.whole.ms_per_comment", " ms")
        )
        rows.append(
            tables.pair(
                f"{_label(case)}: per comment, xtd minimal template",
                f"page.{case}.whole.ms_per_comment",
                " ms",
                against=f"page.{case}.minimal.ms_per_comment",
            )
        )
        requests = figures.get(f"page.{case}.whole.requests.kindred")
        size = figures.get(f"page.{case}.whole.bytes.kindred")
        missing = figures.get(f"page.{case}.whole.missing.kindred")
        rows.append(
            [
                f"{_label(case)}: requests, bytes, comments missed",
                f"{_number(requests)} requests, {_number(size)} B, {_number(missing)} missed",
                f"1 request, {_number(figures.get(f'page.{case}.whole.bytes.xtd'))} B "
                f"(minimal {_number(figures.get(f'page.{case}.minimal.bytes.xtd'))} B), "
                f"{_number(figures.get(f'page.{case}.whole.missing.xtd'))} missed",
                "",
                "",
                "",
            ]
        )
    tables.table(PAIR_HEADER, [row for row in rows if row])


def _sql_floor_section(tables: Tables, results: dict) -> None:
    """The page's SQL floor and peak memory."""
    lines = tables.lines
    page_cases = _cases(results["figures"], "page.")
    figures = results["figures"]
    lines += ["## The page's SQL floor and peak memory", ""]
    lines += [
        "SQL floor: the first page's SELECTs run again as raw SQL (no ORM, no templates). Peak memory: Python "
        "allocations during one request (tracemalloc), at the largest N; for Kindred's whole conversation the "
        "largest single request of the walk.",
        "",
    ]
    rows = []
    for case in page_cases:
        rows.append(tables.pair(f"{_label(case)}: SQL floor", f"page.{case}.first.sql_floor_ms", " ms"))
        rows.append(tables.pair(f"{_label(case)}: SQL floor ÷ page time", f"page.{case}.first.sql_share"))
        rows.append(tables.pair(f"{_label(case)}: peak memory, first page", f"page.{case}.first.peak_mb", " MB"))
        rows.append(tables.pair(f"{_label(case)}: peak memory, whole", f"page.{case}.whole.peak_mb", " MB"))
        minimal = figures.get(f"page.{case}.minimal.peak_mb.xtd")
        if minimal is not None:
            rows.append([f"{_label(case)}: peak memory, xtd minimal", "", _number(minimal, " MB"), "", "", ""])
    tables.table(PAIR_HEADER, [row for row in rows if row])


def _replies_section(tables: Tables, results: dict) -> None:
    """One reply at a time."""
    lines = tables.lines
    figures = results["figures"]
    lines += ["## Replies", ""]
    lines += [
        "One reply at a time through each system's write path (Kindred: `comment_create`, under the thread's lock; "
        "xtd: `XtdComment.save()`, what its posting view calls), timed until committed; parents uniformly random "
        'among the comments that may take a reply, or ("newest") every reply to the thread\'s newest comment that may '
        "take one (Kindred only: xtd stops threads at 5 levels). Today's Kindred is the code before "
        "the hot-thread work, run by this bench in its own database.",
        "",
    ]
    rows = []
    for case in _cases(figures, "reply."):
        size, _, variant = case.removeprefix("thread").partition("_")
        label = f"in a {size}-comment thread" if case.startswith("thread") else _label(case)
        rows.append(_trio(tables, label + (f", {variant} parent" if variant else ""), f"reply.{case}.ms", " ms"))
    tables.table(TRIO_HEADER, [row for row in rows if row])


def _writers_section(tables: Tables, results: dict) -> None:
    """Eight concurrent writers."""
    lines = tables.lines
    figures = results["figures"]
    lines += ["## Eight concurrent writers (PostgreSQL)", ""]
    lines += [
        "8 threads, one database connection each, replying to uniformly random comments of one 2,000-comment "
        'thread, or each into its own of 8 threads of 250; "one thread newest": all answering the 2,000-comment '
        "thread's newest comment that may take a reply (Kindred only; the bench's replies stay pending, so they "
        'are not answered in turn), with the rows after it that each reply had to move at the end; "one thread '
        'end": the same for its last comment in reading order, a conversation going on at the end of its thread. '
        "Failed replies and corrupted rows afterwards (Kindred: `check_trees`; xtd: thread_id, level, order "
        "and nested_count recomputed from parent pointers) are the worst repetition.",
        "",
    ]
    rows = []
    for case in _cases(figures, "writers."):
        name = case.replace("_", " ")
        rows.append(_trio(tables, f"{name}: replies/s", f"writers.{case}.replies_per_s"))
        rows.append(_trio(tables, f"{name}: failed replies", f"writers.{case}.errors"))
        rows.append(_trio(tables, f"{name}: corrupted rows", f"writers.{case}.corrupt_rows"))
        rows.append(_trio(tables, f"{name}: rows in the post afterwards", f"writers.{case}.rows"))
        rows.append(_trio(tables, f"{name}: rows after the newest comment", f"writers.{case}.rows_after_newest"))
    tables.table(TRIO_HEADER, [row for row in rows if row])


def _care_section(tables: Tables, results: dict) -> None:
    """The care checks (Kindred only)."""
    lines = tables.lines
    figures = results["figures"]
    care_header = ["", "Kindred", "Kindred at baseline"]
    lines += ["## Care checks (Kindred only: xtd has none)", ""]
    rows = []
    for case, label in (("short", "20–60 words"), ("long", "100–270 words"), ("labeled", "labeled dev set")):
        name = f"care.classifier_{case}.texts_per_cpu_s.kindred"
        if name in figures:
            rows.append(
                [
                    f"classifier, {label}: texts per CPU-second",
                    _number(figures[name]),
                    _number(tables.base_figure(name)),
                ]
            )
    tables.table(care_header, rows)
    lines += [
        "Commit to flags stored (`ScanRecord.created - Comment.created`), comments posted over HTTP to gunicorn "
        "(`-w 2 --threads 24`) at a steady rate by the 20 signed-in readers, open-loop (each post leaves on schedule "
        "on its own connection whatever the server does; at most 400 in flight, beyond that `not sent`), replies to "
        "random comments of a 300-comment post; the worker as `dev.py run` starts it (queues default, care, email; "
        "concurrency 2), notification planning on it too. `achieved per s` is the rate requests really left at; "
        "posts not answered 20 s after the schedule ends (5 s with `--quick`) are `unanswered`. Then waits up to "
        "60 s (20 s with `--quick`) for the checks to finish and drops what is still queued; `scanned` below "
        "`posted` means the worker had fallen that far behind. `backlog`: checks queued through the service with "
        "the worker stopped, then the worker started: `checks per s` from its first stored check to its last, "
        "`all checked s` from its start (its own start-up included). `crisis behind 500`: 500 checks queued the "
        "same way, the worker started and draining, then a crisis comment posted over HTTP: seconds from its "
        "commit to its crisis flag and to its urgent review item, the posting request's time, and how many of "
        "the 500 were still unchecked when both were there.",
        "",
    ]
    rows = []
    for case in _cases(figures, "care."):
        if case.startswith("classifier"):
            continue
        for measure in (
            "posted",
            "not_sent",
            "achieved_per_s",
            "scanned",
            "commit_to_flags_p50_ms",
            "commit_to_flags_p95_ms",
            "commit_to_flags_p99_ms",
            "scans_per_s",
            "post_p50_ms",
            "post_p95_ms",
            "post_failures",
            "unanswered",
            "queued",
            "checks_per_s",
            "all_checked_s",
            "flags_s",
            "urgent_item_s",
            "post_ms",
            "backlog_left",
        ):
            name = f"care.{case}.{measure}.kindred"
            if name in figures:
                rows.append(
                    [
                        f"{case.replace('_', ' ')}: {measure.replace('_', ' ')}",
                        _number(figures[name]),
                        _number(tables.base_figure(name)),
                    ]
                )
    tables.table(care_header, rows)


def _email_section(tables: Tables, results: dict) -> None:
    """Reply e-mails."""
    lines = tables.lines
    figures = results["figures"]
    lines += ["## Reply e-mails", ""]
    lines += [
        "A reply in a thread with F followers, all e-mailed through one loopback SMTP server (aiosmtpd). Kindred: "
        "posted through its form (the request waits up to 2 s for the care check), e-mailed by the worker with "
        "`NOTIFY_SEND_DELAY_SECONDS=0`. xtd: its posting view, which sends every follow-up e-mail before it answers. "
        "Last e-mail: from the start of the posting request to the last follower's message at the server; for "
        "Kindred also from the moment the reply became visible (published by its care check), the issue's measure.",
        "",
    ]
    rows = []
    for case in _cases(figures, "notify."):
        followers = case.removeprefix("f")
        rows.append(tables.pair(f"{followers} followers: posting request", f"notify.{case}.request_ms", " ms"))
        rows.append(tables.pair(f"{followers} followers: last e-mail", f"notify.{case}.last_email_s", " s"))
        rows.append(
            tables.pair(f"{followers} followers: last e-mail after visible", f"notify.{case}.after_visible_s", " s")
        )
        rows.append(tables.pair(f"{followers} followers: e-mails/s", f"notify.{case}.emails_per_s"))
    tables.table(PAIR_HEADER, [row for row in rows if row])


def _load_section(tables: Tables, results: dict) -> None:
    """Machine load per block, the notes and the query plans."""
    lines = tables.lines
    lines += ["## Machine load per block", "", "1-, 5- and 15-minute load averages when each block began.", ""]
    started = results.get("block_started_s", {})
    tables.table(
        ["block", "began at", "load"],
        [
            [block, _number(started.get(block), " s"), " ".join(f"{v:.2f}" for v in load)]
            for block, load in sorted(results["load"].items(), key=lambda item: started.get(item[0], 0))
        ],
    )
    if results.get("notes"):
        lines += ["## Notes", ""] + [f"- {note}" for note in results["notes"]] + [""]
    if results.get("plans"):
        lines += [
            "## Statements under the thread lock (Kindred, 2,000-comment thread)",
            "",
            "`EXPLAIN (ANALYZE, BUFFERS)` of each statement one reply runs while it holds its thread's advisory "
            "lock, re-run in a transaction that is rolled back: today's code and this code, a random parent and the "
            "newest comment (each group begins with a `--` line; runs before the today side list this code only).",
            "",
            "```",
            *("\n\n".join(results["plans"]).splitlines()),
            "```",
            "",
        ]


def write(results: dict, *, output: Path, baseline: Path) -> None:
    base = json.loads(baseline.read_text()) if baseline.exists() else None
    if base is not None and base.get("started") == results.get("started"):
        base = None  # writing the baseline itself: nothing to compare with
    tables = Tables(results, base)
    _intro(tables, results, base)
    _page_section(tables, results)
    _whole_section(tables, results)
    _sql_floor_section(tables, results)
    _replies_section(tables, results)
    _writers_section(tables, results)
    _care_section(tables, results)
    _email_section(tables, results)
    _load_section(tables, results)
    (output / "RESULTS.md").write_text("\n".join(tables.lines))
    plot(results, base, output)


def _series(figures: dict, template: str) -> tuple[list[int], list[float]]:
    """The (N, value) points of a figure template, "page.n{size}..." or "page.n{size}-long...", sorted by N."""
    points = []
    for name, value in figures.items():
        parts = name.split(".")
        if parts[0] != "page" or len(parts) < 2 or not parts[1].startswith("n"):
            continue
        size = parts[1][1:].removesuffix("-long")
        if size.isdigit() and name == template.format(size=size):
            points.append((int(size), value))
    points.sort()
    return [p[0] for p in points], [p[1] for p in points]


# The plots: file, title, and lines (label, figure template, marker, colour). One colour per system and page; the
# long-comment variant (100-270 words) in the same colour, dotted, with hollow markers.
_LONG = ", 100–270 words"
CHARTS = (
    (
        "plot_page.png",
        "Post page: the first page a reader gets",
        [
            ("Kindred", "page.n{size}.first.ms.kindred", "o", "C0"),
            ("django-comments-xtd (default page)", "page.n{size}.first.ms.xtd", "s", "C1"),
            ("Kindred" + _LONG, "page.n{size}-long.first.ms.kindred", "o", "C0"),
            ("django-comments-xtd (default page)" + _LONG, "page.n{size}-long.first.ms.xtd", "s", "C1"),
        ],
    ),
    (
        "plot_whole.png",
        "Reading the whole conversation",
        [
            ("Kindred (pages and more-replies links)", "page.n{size}.whole.ms.kindred", "o", "C0"),
            ("django-comments-xtd (default page)", "page.n{size}.whole.ms.xtd", "s", "C1"),
            ("django-comments-xtd (minimal template)", "page.n{size}.minimal.ms.xtd", "^", "C2"),
            ("Kindred" + _LONG, "page.n{size}-long.whole.ms.kindred", "o", "C0"),
            ("django-comments-xtd (minimal template)" + _LONG, "page.n{size}-long.minimal.ms.xtd", "^", "C2"),
        ],
    ),
)


def plot(results: dict, base: dict | None, output: Path) -> None:
    """The CHARTS, log-log; the baseline's Kindred lines in grey."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    for filename, title, lines in CHARTS:
        fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
        for label, template, marker, colour in lines:
            long_bodies = "-long" in template
            style = {"linestyle": ":" if long_bodies else "-", "marker": marker}
            if long_bodies:
                style["markerfacecolor"] = "none"
            xs, ys = _series(results["figures"], template)
            if xs:
                ax.plot(xs, ys, color=colour, label=label, **style)
            if base and template.endswith(".kindred"):
                bxs, bys = _series(base["figures"], template)
                if bxs:
                    style["linestyle"] = ":" if long_bodies else "--"
                    ax.plot(bxs, bys, color="grey", alpha=0.7, label=f"{label}, baseline", **style)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("comments on the post (N)")
        ax.set_ylabel("server time, ms (median)")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        if ax.lines:
            ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(output / filename)
        plt.close(fig)


if __name__ == "__main__":
    # Re-write RESULTS.md and the plots from a results.json: bench/.venv/bin/python -m bench.report [DIR]
    import sys

    directory = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent)
    write(
        json.loads((directory / "results.json").read_text()),
        output=directory,
        baseline=Path(__file__).parent / "baseline" / "results.json",
    )
