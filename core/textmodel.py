"""Logistic regression over sets of named features, by AdaGrad: pure Python, deterministic, for the text models."""

import math
import random


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def logistic_train(
    rows: list[tuple[set[str], set[str], set[str]]],
    *,
    categories: tuple[str, ...],
    epochs: int = 8,
    rate: float = 0.1,
    l2: float = 2e-4,
    min_count: int = 2,
    seed: int = 7,
    average: int = 4,
) -> dict:
    """Logistic regression per category by AdaGrad over (features, labels, categories to leave out) rows;
    deterministic for a given seed and input order. A row leaves a category out when it is unknown whether the row
    carries it (a sentence of a long crisis comment other than the one that says it). Features seen in fewer than
    min_count rows are dropped: one writer's one phrasing is not a pattern."""
    counts: dict[str, int] = {}
    for names, _, _ in rows:
        for name in names:
            counts[name] = counts.get(name, 0) + 1
    vocabulary = sorted(name for name, count in counts.items() if count >= min_count)
    ids = {name: i for i, name in enumerate(vocabulary)}
    examples = [([ids[n] for n in names if n in ids], labels, unknown) for names, labels, unknown in rows]
    model = {}
    for category in categories:
        weights = [0.0] * len(vocabulary)
        squares = [1e-8] * len(vocabulary)
        bias, bias_square = 0.0, 1e-8
        order = [i for i, (_, _, unknown) in enumerate(examples) if category not in unknown]
        # The weights kept are the mean over the last few shuffles, which steadies them against the order.
        total = [0.0] * len(vocabulary)
        total_bias = 0.0
        for epoch in range(epochs):
            random.Random(seed + epoch).shuffle(order)
            for i in order:
                names, labels, _ = examples[i]
                z = bias + sum(weights[n] for n in names)
                error = sigmoid(z) - (category in labels)
                bias_square += error * error
                bias -= rate * error / math.sqrt(bias_square)
                for n in names:
                    w = weights[n]
                    gradient = error + l2 * w
                    squares[n] += gradient * gradient
                    weights[n] = w - rate * gradient / math.sqrt(squares[n])
            if epoch >= epochs - average:
                total = [t + w for t, w in zip(total, weights, strict=True)]
                total_bias += bias
        weights = [t / average for t in total]
        bias = total_bias / average
        kept = {vocabulary[n]: round(w, 4) for n, w in enumerate(weights) if abs(w) >= 0.01}
        model[category] = {"bias": round(bias, 4), "weights": kept}
    return model
