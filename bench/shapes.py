"""The conversations both systems are given: the same seeded tree, authors and bodies, independent of any ORM."""

import random
from dataclasses import dataclass

MAX_DEPTH = 5  # replies nest at most five levels below a top-level comment (django-comments-xtd's limit here)
USERS = 20
SHORT_WORDS = (20, 60)
LONG_WORDS = (100, 270)

# Filler vocabulary, written for the bench: everyday words of a support conversation, nothing from a real site.
_WORDS = (
    "I you we they it this that week morning evening night today tomorrow sleep walk talk listen friend family "
    "sister brother mother father work school garden kitchen window rain light tea coffee bread letter phone call "
    "message small step help thanks hope patience time again still maybe really quite gently slowly kind warm "
    "quiet honest tired better easier harder after before with without about around through into together alone "
    "feel think know remember try keep find bring share write read notice rest breathe laugh start stop wait "
    "and but so because when while if though also just even only the a an of to in on for at my your our their "
    "is was are were have had will would can could do did not never always sometimes often"
).split()


@dataclass(frozen=True)
class Node:
    """One comment of the conversation: its parent's index (None for a top-level comment) and who wrote it."""

    parent: int | None
    depth: int
    user: int
    body: str


def body_text(rng: random.Random, words: tuple[int, int]) -> str:
    """Filler of a random length within `words`, in sentences of 4 to 14 words."""
    remaining = rng.randint(*words)
    sentences = []
    while remaining > 0:
        length = min(remaining, rng.randint(4, 14))
        remaining -= length
        sentence = " ".join(rng.choice(_WORDS) for _ in range(length))
        sentences.append(sentence[0].upper() + sentence[1:] + rng.choice(".,.?!")[0].replace(",", "."))
    return " ".join(sentences)


def conversation(n: int, *, seed: int, long_bodies: bool = False) -> list[Node]:
    """`n` comments in posting order: a third top-level, the rest answering uniformly random earlier comments
    that may still take a reply (depth below MAX_DEPTH). Parents always come before their replies."""
    rng = random.Random(seed)
    words = LONG_WORDS if long_bodies else SHORT_WORDS
    top_level = set(rng.sample(range(1, n), max(0, n // 3 - 1))) | {0} if n else set()
    nodes: list[Node] = []
    open_parents: list[int] = []  # indices that may still be answered
    for index in range(n):
        if index in top_level:
            parent, depth = None, 0
        else:
            parent = rng.choice(open_parents)
            depth = nodes[parent].depth + 1
        nodes.append(Node(parent=parent, depth=depth, user=rng.randrange(USERS), body=body_text(rng, words)))
        if depth < MAX_DEPTH:
            open_parents.append(index)
    return nodes


def single_thread(n: int, *, seed: int) -> list[Node]:
    """One thread of `n` comments: a root and replies to uniformly random earlier comments of it (depth <= 5)."""
    rng = random.Random(seed)
    nodes = [Node(parent=None, depth=0, user=rng.randrange(USERS), body=body_text(rng, SHORT_WORDS))]
    open_parents = [0]
    for _ in range(1, n):
        parent = rng.choice(open_parents)
        depth = nodes[parent].depth + 1
        nodes.append(Node(parent=parent, depth=depth, user=rng.randrange(USERS), body=body_text(rng, SHORT_WORDS)))
        if depth < MAX_DEPTH:
            open_parents.append(len(nodes) - 1)
    return nodes


def threads(count: int, size: int, *, seed: int) -> list[Node]:
    """`count` threads of `size` comments each, one after the other (each root starts a new thread)."""
    nodes: list[Node] = []
    for number in range(count):
        offset = len(nodes)
        for node in single_thread(size, seed=seed + number):
            parent = None if node.parent is None else node.parent + offset
            nodes.append(Node(parent=parent, depth=node.depth, user=node.user, body=node.body))
    return nodes


def shaped(*, shape: str, n: int, seed: int, long_bodies: bool = False) -> list[Node]:
    """A post's comments by shape name: "conversation" (n comments), "thread" (one thread of n) or "threads8"
    (8 threads of n // 8)."""
    if shape == "conversation":
        return conversation(n, seed=seed, long_bodies=long_bodies)
    if shape == "thread":
        return single_thread(n, seed=seed)
    if shape == "threads8":
        return threads(8, n // 8, seed=seed)
    raise ValueError(f"unknown shape {shape!r}")


def preorder(nodes: list[Node]) -> list[int]:
    """Indices in reading order: each top-level comment, then its replies depth-first, oldest first."""
    children: dict[int | None, list[int]] = {}
    for index, node in enumerate(nodes):
        children.setdefault(node.parent, []).append(index)
    order: list[int] = []
    stack = list(reversed(children.get(None, [])))
    while stack:
        index = stack.pop()
        order.append(index)
        stack.extend(reversed(children.get(index, [])))
    return order


def reply_targets(nodes: list, pks: list[int], thread: int | None = None) -> list[int]:
    """The primary keys of a built shape's comments that may take a reply (depth below the limit), optionally of
    one thread (its index among the roots, in order): the same choice for both systems."""
    root_of: list[int] = []
    for index, node in enumerate(nodes):
        root_of.append(index if node.parent is None else root_of[node.parent])
    roots = sorted(set(root_of))
    return [
        pks[index]
        for index, node in enumerate(nodes)
        if node.depth < MAX_DEPTH and (thread is None or root_of[index] == roots[thread])
    ]
