"""core.textmodel: the logistic regression the care engine and the reply nudge train their word models with."""

from core.textmodel import logistic_train, sigmoid


def _rows():
    # "bad" marks category a, "odd" category b; "and" is everywhere; a row may leave a category out.
    return [
        ({"bad", "and"}, {"a"}, set()),
        ({"bad", "x", "and"}, {"a"}, set()),
        ({"odd", "and"}, {"b"}, set()),
        ({"odd", "y", "and"}, {"b"}, set()),
        ({"fine", "and"}, set(), set()),
        ({"fine", "z", "and"}, set(), set()),
        ({"bad", "odd"}, {"a"}, {"b"}),
    ] * 5


def test_it_learns_which_features_carry_which_category():
    model = logistic_train(_rows(), categories=("a", "b"), epochs=20)
    weights_a, weights_b = model["a"]["weights"], model["b"]["weights"]
    assert weights_a["bad"] > 0.5 and weights_a.get("odd", 0) < weights_a["bad"]
    assert weights_b["odd"] > 0.5 and weights_b.get("bad", 0) < weights_b["odd"]
    assert sigmoid(model["a"]["bias"] + weights_a["bad"] + weights_a.get("and", 0)) > 0.5
    assert sigmoid(model["a"]["bias"] + weights_a.get("fine", 0) + weights_a.get("and", 0)) < 0.5


def test_it_is_deterministic_and_drops_rare_features():
    rows = _rows() + [({"once"}, {"a"}, set())]
    first = logistic_train(rows, categories=("a", "b"), min_count=2)
    assert first == logistic_train(rows, categories=("a", "b"), min_count=2)
    assert "once" not in first["a"]["weights"]


def test_sigmoid_never_overflows():
    assert sigmoid(1e9) == 1.0 / (1.0 + 2.718281828459045**-30) and 0 < sigmoid(-1e9) < 1e-12
