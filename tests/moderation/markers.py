"""A stand-in care engine for policy tests: flags a text that contains [category] or [category:severity]."""

from moderation.classifiers.base import CATEGORIES, Evidence, Flag


class MarkerClassifier:
    name = "marker"
    version = "test"

    def classify(self, context):
        flags = []
        for category in CATEGORIES:
            for severity in ("high", "medium", "low"):
                marker = f"[{category}:{severity}]" if severity != "medium" else f"[{category}]"
                start = context.text.find(marker)
                if start >= 0:
                    evidence = (Evidence(start, start + len(marker), marker, "marker"),)
                    flags.append(Flag(category, severity, 0.9, evidence, self.name, self.version))
        return flags
