"""Persona and situation briefs for the labeled-set writers (held-out writers get only these and care-labels.md)."""
# ruff: noqa: E501  (briefs read best one per line)

import json
import random
import sys

AGES = ["16", "17", "19", "22", "24", "27", "31", "34", "38", "42", "45", "51", "56", "63", "68", "74"]
PLACES = [
    ("rural Alabama, USA", "Southern US speech (y'all, fixing to)"),
    ("Ohio, USA", "plain Midwestern"),
    ("Glasgow, Scotland", "Scottish words (wee, aye, cannae, greetin)"),
    ("Leeds, England", "Northern English (love, mardy, nowt)"),
    ("south London, England", "London slang (innit, proper, peak)"),
    ("Cork, Ireland", "Irish English (grand, giving out, your man)"),
    ("Brisbane, Australia", "Australian (reckon, arvo, heaps)"),
    ("Auckland, New Zealand", "New Zealand English (sweet as, chur)"),
    ("Lagos, Nigeria", "Nigerian English (abeg, I'm coming, well done)"),
    ("Pune, India", "Indian English (do the needful, itself, only)"),
    ("Manila, Philippines", "Philippine English, some Taglish (po, grabe)"),
    ("Cape Town, South Africa", "South African English (now-now, lekker, eish)"),
    ("Toronto, Canada", "Canadian English (eh, washroom)"),
    ("Kingston, Jamaica", "Jamaican English, light patois"),
    ("Singapore", "Singlish particles (lah, leh, sian)"),
    ("Texas, USA", "Texan, conversational"),
    ("Berlin, Germany", "non-native English, German word order slips"),
    ("Madrid, Spain", "non-native English, Spanish false friends"),
    ("Krakow, Poland", "non-native English, missing articles"),
    ("Sao Paulo, Brazil", "non-native English, Portuguese-influenced"),
    ("Lyon, France", "non-native English, French spacing before ? and !"),
    ("Cairo, Egypt", "non-native English, Arabic-influenced"),
    ("Chengdu, China", "non-native English, tense slips"),
    ("Kyiv, Ukraine", "non-native English, Russian/Ukrainian-influenced"),
    ("Istanbul, Turkey", "non-native English"),
    ("Hanoi, Vietnam", "non-native English, short sentences"),
    ("Boston, USA", "American, wicked/mad as intensifiers"),
    ("Cardiff, Wales", "Welsh English (tidy, now in a minute)"),
]
STYLES = [
    "all lower case, little punctuation",
    "lots of emoji",
    "typos and missing apostrophes",
    "long run-on sentences",
    "careful and formal, full sentences",
    "British spelling",
    "texting abbreviations (tbh, idk, rn, ngl)",
    "short paragraphs",
    "one big paragraph",
    "ellipses everywhere...",
    "capitalises words for emphasis",
    "chatty, asides in brackets",
    "plain and blunt",
    "hesitant, lots of 'I guess' and 'sorry'",
]
ROLES = [
    "student far from home",
    "night-shift nurse",
    "retired teacher",
    "new parent",
    "warehouse worker",
    "software developer",
    "unemployed for a year",
    "care worker for an elderly parent",
    "farmer",
    "bartender",
    "single dad of two",
    "widow",
    "uni dropout working retail",
    "lawyer",
    "lorry driver",
    "primary school teacher",
    "veteran",
    "chef",
    "apprentice electrician",
    "stay-at-home mum",
    "grad student",
    "bus driver",
    "accountant",
    "musician",
    "soldier on leave",
    "cleaner",
    "pharmacy technician",
]
POSTS = [
    "I'm scared to talk to my therapist about our relationship",
    "Six months since my dad died and everyone expects me to be fine",
    "Burnout: I can't remember the last day I didn't dread work",
    "Moving to a new city and I haven't made a single friend",
    "Postpartum and nobody warned me it could feel like this",
    "Two years into eating disorder recovery: what the middle looks like",
    "I came out to my parents last week",
    "Living with chronic pain when people say it's in your head",
    "Caring for my mum with dementia is swallowing my life",
    "My panic attacks are back after a good year",
    "Starting antidepressants: my first month",
    "What I wish I'd known before my divorce",
    "I failed my exams and I don't know what to tell my family",
    "Loneliness at 70: the phone doesn't ring any more",
    "Losing my job after eleven years",
    "My best friend stopped talking to me and I don't know why",
    "Sober for 100 days, and it's harder than the first week",
    "Living with bipolar disorder and trying to keep a job",
    "My teenager won't talk to me",
    "Miscarriage, and the silence afterwards",
    "Being the strong one in the family",
    "Social anxiety: I rehearse every phone call",
    "Ending therapy after four years",
    "Debt is keeping me awake at night",
    "I was bullied at school and it still follows me at 30",
    "My partner says I'm too much",
    "Moving back in with my parents at 35",
    "Insomnia for three months straight",
    "Grief for a pet feels silly but it isn't",
    "When your diagnosis finally has a name (ADHD at 40)",
]


def persona(rng):
    place, dialect = rng.choice(PLACES)
    return {
        "age": rng.choice(AGES),
        "from": place,
        "voice": dialect,
        "style": rng.choice(STYLES),
        "life": rng.choice(ROLES),
    }


def briefs(seed, prefix, plan, extra):
    rng = random.Random(seed)
    slots = []
    for labels, count, kinds in plan:
        for i in range(count):
            slot = {"labels": labels, "writer": persona(rng), "post": rng.choice(POSTS)}
            if kinds:
                slot.update(kinds[i % len(kinds)])
            slots.append(slot)
    rng.shuffle(slots)
    for n, slot in enumerate(slots, 1):
        slot["id"] = f"{prefix}{n:03d}"
    return slots


LONG_CLEAN = [
    {
        "kind": "figurative or idiomatic language (e.g. 'this commute is killing me'), written at length",
        "crisis_vocabulary": True,
    },
    {"kind": "recovery and the past: harm or dark times told as history, clearly over", "crisis_vocabulary": True},
    {"kind": "talking about suicide, self-harm or death supportively or in general", "crisis_vocabulary": True},
    {"kind": "strong but ordinary feelings described by someone coping", "crisis_vocabulary": False},
    {"kind": "quoting the post or another comment to agree with it", "crisis_vocabulary": True},
    {"kind": "profanity not aimed at anyone", "crisis_vocabulary": False},
    {"kind": "respectful disagreement with the post's author", "crisis_vocabulary": False},
    {
        "kind": "an ending that is not death (leaving a job, a diet, a last therapy session, a move, a goodbye to a place or person), using words like goodbye, ending, 'I can't go on', last",
        "crisis_vocabulary": True,
    },
    {
        "kind": "medication, pills, hospitals or death discussed in an ordinary way (a prescription, a grandparent's funeral, a pet put to sleep)",
        "crisis_vocabulary": True,
    },
    {
        "kind": "ordinary supportive reply: relating, sharing their own story, advice or gratitude",
        "crisis_vocabulary": False,
    },
]
POSITIONS = [
    {"decisive_sentence": "in the middle, between ordinary paragraphs"},
    {"decisive_sentence": "near the end"},
    {"decisive_sentence": "in the middle, between ordinary paragraphs"},
    {"decisive_sentence": "at the start"},
    {"decisive_sentence": "anywhere, said in passing"},
]

CTX_CRISIS = [
    {"reply_kind": "agreement or identification with a parent who is at risk (the reply alone reads harmless)"},
    {"reply_kind": "a short reply that only makes sense with the parent, revealing the replier's own current risk"},
]
CTX_HOSTILE = [
    {"reply_kind": "goading or mocking a parent who is at risk"},
    {"reply_kind": "a reply that reads mild alone but is contempt, shaming or harassment given the parent"},
]
CTX_CLEAN = [
    {"reply_kind": "answers a parent at risk supportively"},
    {"reply_kind": "quotes the parent to agree with it"},
    {"reply_kind": "disagrees politely"},
    {"reply_kind": "agreement or 'same here' with a parent who is NOT at risk (whose words only sound dark)"},
    {"reply_kind": "short reply to a parent at risk that checks in or offers help"},
]
CTX_DISTRESS = [
    {
        "reply_kind": "agreement or identification with a distressed (not crisis) parent, showing the replier's own distress"
    }
]
CTX_SPAM = [{"reply_kind": "a reply that uses the parent's question or pain to push a product, paid service or link"}]
CTX_PI = [{"reply_kind": "a reply that gives or exposes contact or identifying details in answer to the parent"}]


def long_plan(scale):
    return [
        (["crisis"], 19 * scale, POSITIONS),
        (["distress"], 11 * scale, None),
        (["hostile"], 10 * scale, None),
        (["spam"], 5 * scale, None),
        (["spam", "personal_info"], 1 * scale, None),
        (["personal_info"], 7 * scale, None),
        ([], 30 * scale, LONG_CLEAN),
    ]


def ctx_plan():
    return [
        (["crisis"], 28, CTX_CRISIS),
        (["distress"], 14, CTX_DISTRESS),
        (["hostile"], 21, CTX_HOSTILE),
        (["spam"], 6, CTX_SPAM),
        (["spam", "personal_info"], 1, None),
        (["personal_info"], 7, CTX_PI),
        ([], 48, CTX_CLEAN),
    ]


if __name__ == "__main__":
    out = sys.argv[1] if len(sys.argv) > 1 else "briefs/"
    for name, seed in (("lh-a", 101), ("lh-b", 202), ("lh-c", 303)):
        json.dump(briefs(seed, name.replace("-", ""), long_plan(1), None), open(out + name + ".json", "w"), indent=1)
    for name, seed in (("ch-a", 404), ("ch-b", 505)):
        json.dump(briefs(seed, name.replace("-", ""), ctx_plan(), None), open(out + name + ".json", "w"), indent=1)
    # Development sets written the same way by other writers (care-long-persona-dev, care-context-persona-dev).
    for name, seed in (
        ("lp-a", 611),
        ("lp-b", 722),
        ("lp-c", 833),
        ("lp-d", 1044),
        ("lp-e", 1155),
        ("lp-f", 1266),
        ("lp-g", 1311),
        ("lp-h", 1422),
        ("lp-i", 1533),
        ("lp-j", 2944),
        ("lp-k", 3055),
        ("lp-l", 3166),
        ("lp-m", 3277),
        ("lp-n", 3388),
        ("lp-o", 3499),
    ):
        json.dump(briefs(seed, name.replace("-", ""), long_plan(1), None), open(out + name + ".json", "w"), indent=1)
    for name, seed in (
        ("cp-a", 944),
        ("cp-b", 955),
        ("cp-c", 1377),
        ("cp-d", 1488),
        ("cp-e", 1599),
        ("cp-f", 1610),
        ("cp-g", 1721),
        ("cp-h", 2611),
        ("cp-i", 2722),
        ("cp-j", 2833),
        ("cp-k", 3510),
        ("cp-l", 3621),
        ("cp-m", 3732),
    ):
        json.dump(briefs(seed, name.replace("-", ""), ctx_plan(), None), open(out + name + ".json", "w"), indent=1)
    # Third-generation held-out sets (2026-12-04), new writers, for engine changes after 3.1 spent the others.
    for name, seed in (("lh-d", 2101), ("lh-e", 2202), ("lh-f", 2303)):
        json.dump(briefs(seed, name.replace("-", ""), long_plan(1), None), open(out + name + ".json", "w"), indent=1)
    for name, seed in (("ch-c", 2404), ("ch-d", 2505)):
        json.dump(briefs(seed, name.replace("-", ""), ctx_plan(), None), open(out + name + ".json", "w"), indent=1)
    for f in ("lh-a", "ch-a"):
        d = json.load(open(out + f + ".json"))
        print(f, len(d))
        print(json.dumps(d[0]))
