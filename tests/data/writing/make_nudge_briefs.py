"""Slots for the nudge-set writers (docs/nudge-kinds.md): kind, the reply's writer, the post it answers, and for some
supportive slots which kind it comes close to without being it. Seeded, so it rebuilds the same briefs."""

import json
import random
import sys

from make_briefs import POSTS, persona

KINDS = ("invalidating", "promise", "medical_advice", "contact")
PER_KIND = 22
SUPPORTIVE = 80
REGISTERS = ["blunt", "well-meaning", "casual", "long-winded", "short"]


def nudge_briefs(seed: int, prefix: str) -> list[dict]:
    rng = random.Random(seed)
    slots = []
    for kind in KINDS:
        for i in range(PER_KIND):
            slots.append(
                {
                    "kind": kind,
                    "register": REGISTERS[i % len(REGISTERS)],
                    "writer": persona(rng),
                    "post": rng.choice(POSTS),
                }
            )
    for i in range(SUPPORTIVE):
        slot = {"kind": "none", "writer": persona(rng), "post": rng.choice(POSTS)}
        if i % 2 == 0:
            slot["close_to"] = KINDS[(i // 2) % len(KINDS)]
        slots.append(slot)
    rng.shuffle(slots)
    for n, slot in enumerate(slots, 1):
        slot["id"] = f"{prefix}{n:03d}"
    return slots


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "briefs/"
    # Held-out writers: nh-a, nh-b. Development writers: nd-a, nd-b.
    # A second round of development writers (2026-12-04): nd-c, nd-d, nd-e.
    # A third (2026-12-04 evening): nd-f, nd-g, nd-h. A second held-out pair the same evening: nh-c, nh-d.
    for name, seed in (
        ("nh-a", 2101),
        ("nh-b", 2202),
        ("nd-a", 2303),
        ("nd-b", 2404),
        ("nd-c", 2505),
        ("nd-d", 2606),
        ("nd-e", 2707),
        ("nd-f", 2808),
        ("nd-g", 2909),
        ("nd-h", 3010),
        ("nh-c", 3111),
        ("nh-d", 3212),
    ):
        json.dump(nudge_briefs(seed, name.replace("-", "")), open(out + name + ".json", "w"), indent=1)
