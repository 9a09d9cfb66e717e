"""The built-in care classifier: table-driven, pure (no database). Text (and thread) in, categories out."""

import json
from pathlib import Path

import pytest

from moderation.classifiers.base import CATEGORIES, SEVERITIES, CareContext
from moderation.classifiers.normalize import deobfuscate, fold
from moderation.classifiers.rules import RuleClassifier
from moderation.pipeline import classify

DATA = Path(__file__).resolve().parent.parent / "data"
ENGINE = (RuleClassifier(),)


def flags_for(text: str, parent: str = "", post: str = ""):
    return classify(CareContext(text=text, parent_text=parent, post_text=post), classifiers=ENGINE)


def categories(text: str, parent: str = "", post: str = "") -> set[str]:
    return {flag.category for flag in flags_for(text, parent, post)}


# (text, expected categories), one row per phenomenon, in both directions.
CASES = [
    # Figurative and idiomatic language is not crisis.
    ("my commute is murder this week", set()),
    ("I'd kill for a nap right now", set()),
    ("dying to know how the interview went!", set()),
    ("that joke killed me 😂", set()),
    ("This heatwave is killing me but the washing dries fast", set()),
    ("My tax return will be the end of me.", set()),
    ("I could murder a curry after that shift", set()),
    ("my wifi dropped mid-call, I want to die lol", set()),
    ("I thought I was going to die on that hill run", set()),
    ("Kill me now, three meetings back to back.", set()),
    # Recovery and the past.
    ("I used to cut, three years clean now", set()),
    ("I used to self-harm. Two years free today and proud of it.", set()),
    ("Five years ago I tried to end my life. Today I ran a half marathon.", set()),
    ("My overdose was a long time ago, I'm a peer supporter now.", set()),
    ("When I was at my lowest I wrote goodbye letters. So glad I stayed.", set()),
    # Talking about the topic supportively or in general.
    ("if anyone here feels suicidal, please call a helpline, you deserve support", set()),
    ("You don't have to be suicidal to call Samaritans on 116 123.", set()),
    ("Is it okay to ask a friend directly if they're thinking about suicide?", set()),
    ("Feeling like a burden is the illness lying to you. You're wanted here.", set()),
    # Strong but ordinary feelings.
    ("I'm scared stiff about my exam tomorrow", set()),
    ("I'm furious with her this week, she cancelled again", set()),
    ("I felt hurt when she cancelled, but we talked it through.", set()),
    ("I cried at my desk today, but honestly it felt good to let it out", set()),
    # Profanity not aimed at anyone, and respectful disagreement.
    ("damn, this hit hard, so relatable", set()),
    ("fuck, I needed to read this today. thank you", set()),
    ("I read it another way; a bit of distance can be good for you", set()),
    ("I don't fully agree, but I see why telling your boss might help.", set()),
    ("ugh, my landlord is such an idiot sometimes", set()),
    # Indirect crisis wording.
    ("they'd all be better off if I wasn't here", {"crisis"}),
    ("I won't be around much longer", {"crisis"}),
    ("I've been stockpiling my meds", {"crisis"}),
    ("I just want to sleep and never wake up", {"crisis"}),
    ("This is my goodbye. Thank you all for being kind to me.", {"crisis"}),
    ("Sorted out who gets my books and my plants today. Weirdly peaceful.", {"crisis"}),
    ("gave my cat to my neighbour today. said it's only for a while. it isn't.", {"crisis"}),
    ("nobody would even come to my funeral", {"crisis"}),
    ("Everyone would move on in a week if I died.", {"crisis"}),
    ("The only thing stopping me is my dog.", {"crisis"}),
    # Stated plans, means, method, timing.
    ("I have a plan and the means, I just haven't picked the day", {"crisis"}),
    ("the pills are all lined up on my desk", {"crisis"}),
    ("I'm standing on the roof of my building", {"crisis"}),
    ("I'm going to end it tonight", {"crisis"}),
    ("cut again tonight, deeper than i meant to", {"crisis"}),
    # Slang and evasive spellings.
    ("low key want to unalive", {"crisis"}),
    ("gonna kms tonight", {"crisis"}),
    ("s*icide keeps popping into my head", {"crisis"}),
    ("su1cidal again tonight", {"crisis"}),
    ("s u i c i d e is all I think about", {"crisis"}),
    ("i wanna diiiie", {"crisis"}),
    ("i wnat to kil myslef", {"crisis"}),
    ("k\u200bi\u200bl\u200bl myself", {"crisis"}),
    ("sewerslide thoughts are back", {"crisis"}),
    # Distress without crisis signals.
    ("I can't stop crying, nothing works, I feel so alone", {"distress"}),
    ("please don't worry, I'm not going to do anything, I'm just exhausted from being sad all the time", {"distress"}),
    ("I've been in bed since Friday. Can't shower, can't eat, can't face anything.", {"distress"}),
    ("i hate feeling like this. empty and tired and useless", {"distress"}),
    # Hostility without profanity, aimed at a person.
    ("you're such a drama queen", {"hostile"}),
    ("quit moaning, no one wants to read this", {"hostile"}),
    ("nobody needs a therapist this much, get a grip", {"hostile"}),
    ("total attention seeker, every single week", {"hostile"}),
    ("You're not depressed, you're spoiled.", {"hostile"}),
    ("Depression isn't an excuse to be lazy and you know it.", {"hostile"}),
    ("Oh look, the weekly meltdown post. Right on schedule.", {"hostile"}),
    # Encouraging self-harm is hostile: the writer is not the one at risk.
    ("then go through with it", {"hostile"}),
    ("kill yourself", {"hostile"}),
    ("Nobody would miss you, so why not", {"hostile"}),
    # Reported insults and kindness are not hostile.
    ("My ex used to call me a drama queen. She was wrong.", set()),
    ("Don't let anyone tell you you're lazy, depression is real.", set()),
    ("You're not pathetic. You're exhausted and doing your best.", set()),
    # Spam, including the supportive-sounding kind.
    (
        "I know exactly how you feel. The Calm Reset Method cured me in 21 days, 50% off today at calmreset.shop",
        {"spam"},
    ),
    ("Great thread! My coaching programme has 3 spots left, DM me 'READY' ✨", {"spam"}),
    ("Claim your free gift card now: gift-claim-now.xyz", {"spam"}),
    ("URGENT: your account has been flagged. Verify your identity at secure-login-check.com", {"spam"}),
    ("best anxiety pills cheap anxiety pills online buy anxiety pills uk fast delivery", {"spam"}),
    ("I use the Calm app for rain sounds, it helps me sleep.", set()),
    ("The NHS self-referral page is worth a look: nhs.uk", set()),
    # Personal information, including obfuscated forms.
    ("write to me at name at gmail dot com", {"personal_info"}),
    ("k.ochieng (at) yahoo (dot) com", {"personal_info"}),
    ("call me, 555 201 7788", {"personal_info"}),
    ("my number is oh seven seven double oh, nine hundred, two five one", {"personal_info"}),
    ("find me on discord, same username", {"personal_info"}),
    ("my insta is @softly.healing.kai, message me there", {"personal_info"}),
    ("I'm Sophie and I work at the Co-op on Hill Street in Bolton", {"personal_info"}),
    ("Send me a card: 23 Mill Lane, Ashby, LE65 2XY", {"personal_info"}),
    # Services, mentions and lone first names are not personal information.
    ("Samaritans are on 116 123, day and night", set()),
    ("In Ireland Pieta is 1800 247 247 if anyone needs it.", set()),
    ("My GP surgery's reception is 0113 496 0920, they do same-day appointments.", set()),
    ("@Theo agreed, that helped me too", set()),
    ("Hey, I'm Sam, been lurking for months. Finally saying hi!", set()),
    # Spellings that dodge a word list: spaced letters and a word broken by one separator.
    ("honestly i want to d i e tonight", {"crisis"}),
    ("can't stop thinking about s-uicide, it's every hour now", {"crisis"}),
    # Indirect wording no rule names: the word model reads it from the labeled examples.
    (
        "I have been quietly handing my books and records out to friends, they won't need to come back for them",
        {"crisis"},
    ),
    ("waking up feels like a punishment every single day, I'm done with it", {"crisis"}),
    # Telling someone to hurt themselves is hostile, and not the writer's crisis.
    ("cut deeper next time then", {"hostile"}),
    ("go on then, swallow the lot, you won't", {"hostile"}),
    # With no "you" and nothing it answers, the same order may be the writer talking to themselves: both, to be safe.
    ("go on then, swallow the lot", {"crisis", "hostile"}),
    # Ordinary texts that share words with crisis.
    ("I'm dead, this meme 💀", set()),
    ("I'm going to end it with him tonight, it's been coming for months", set()),
    ("my new tablets make me sleepy but honestly they're great", set()),
    ("I wrote my nan's eulogy and read it at the funeral today", set()),
    # Several categories at once.
    ("Her email's lucy.b88 at gmail dot com, flood it and tell her what a fake she is", {"hostile", "personal_info"}),
    ("Lonely? Chat with me privately, whatsapp +1 555 020 1133 😘", {"spam", "personal_info"}),
    (
        "it's Nadia, I'm on platform 2 at Greyfield station, please someone come before the next train",
        {"crisis", "personal_info"},
    ),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_categories(text, expected):
    assert categories(text) == expected


# Supportive replies to "you": advice, gentle questions, encouragement. None may be held (hostile, spam or
# personal_info hold a comment): a supportive reader silenced by a false flag is a harm the product exists to avoid.
# Written for this test (2026-11-25); the first 40 guided the ADVICE gate on the word model, the last 25 checked it.
SUPPORTIVE_REPLIES = [
    "You two should just talk to each other honestly.",
    "You should tell your therapist exactly what you told us.",
    "Have you thought about writing it down before the session?",
    "Did you and your partner ever try couples counselling?",
    "Maybe you could ask her why she keeps cancelling.",
    "We all need to be kinder to each other in here.",
    "You could bring a note and read it out, that's what I did.",
    "Have you told your GP how long this has been going on?",
    "Would it help to ask your friend to come with you next time?",
    "You don't owe anyone an explanation for needing rest.",
    "Could you ask your manager for a day off after the appointment?",
    "You might find it easier to start with the smaller thing first.",
    "Why not send her a message tonight and see what she says?",
    "Do you think your mum would listen if you told her how you feel?",
    "You should be proud of yourself for going at all.",
    "If you want, you can message the mods and they'll help.",
    "Try telling him exactly what you need from him this week.",
    "Did your therapist ever say why they keep rescheduling?",
    "You can ask them to slow down if the sessions feel rushed.",
    "Maybe you and your brother just need some time apart.",
    "Your feelings make sense, and you're allowed to say no to her.",
    "Have you tried asking the clinic for a different counsellor?",
    "You should talk to your partner before the wedding planning gets worse.",
    "Next time he shouts, you can just leave the room and go for a walk.",
    "I think you should tell her the truth, she will understand.",
    "You and your flatmate need to sit down and split the chores fairly.",
    "Ask your doctor whether the dose can be changed, they do it all the time.",
    "You've done the hard part already by writing this.",
    "Keep going to the group, you'll find your people there.",
    "You could tell your boss you need to leave early on Wednesdays.",
    "Why don't you write to your old friend and just say you miss her?",
    "You're right to be careful with who you tell.",
    "Do you have someone you trust who could sit with you while you make the call?",
    "Your sister sounds like she means well but doesn't get it yet.",
    "You might want to ask the pharmacist about the side effects.",
    "You deserve a therapist who takes you seriously, ask for a referral.",
    "Have you and your husband talked about seeing someone together?",
    "Please be gentle with yourself this week, you are carrying a lot.",
    "You should ask them why they cancelled, it's a fair question.",
    "You two clearly love each other, it just takes time to rebuild trust.",
    "You're allowed to take a break from the group chat for a while.",
    "Your therapist sounds lovely, honestly, keep going.",
    "If your boss keeps doing this, HR should know about it.",
    "You don't have to forgive him to move on.",
    "I hope your sister comes round, you sound like a good brother.",
    "When you see her next, just say how it made you feel.",
    "You did the right thing leaving that flat.",
    "Your post made me call my dad tonight, so thank you.",
    "Let your partner know the appointment matters to you.",
    "It sounds like you need a proper rest more than anything.",
    "Is there anyone at work you can sit with at lunch?",
    "You're not too old to start again, my aunt retrained at 58.",
    "Bring your list to the appointment, doctors like that.",
    "You sound exhausted, please eat something warm tonight.",
    "Your GP can refer you, you just need to ask.",
    "You could send your flatmate a text instead of talking face to face.",
    "Do whatever feels manageable this week, nothing more.",
    "Your mum might surprise you if you give her the chance.",
    "Have a look at the library's free courses, it got me out of the house.",
    "You're going to walk out of that interview proud of yourself.",
    "Go easy on yourself, you've had a rough month.",
    "Your kids are lucky you care this much.",
    "You might like the Tuesday walking group, they're very gentle.",
    "You've been carrying this alone for too long.",
    "Tell us how the first session goes if you feel like it.",
]


@pytest.mark.parametrize("text", SUPPORTIVE_REPLIES)
def test_supportive_replies_are_never_held(text):
    assert not categories(text) & {"hostile", "spam", "personal_info"}


# (text, parent, post, expected): the thread changes what a short reply means.
THREAD_CASES = [
    ("do it", "I'm going to end it all tonight, I've got everything ready.", "", {"hostile"}),
    ("go on then", "I can't take it anymore, I'm going to kill myself.", "", {"hostile"}),
    ("bye then 👋", "This is my last message. I won't be alive tomorrow.", "", {"hostile"}),
    ("do it", "Should I dye my hair pink?", "", set()),
    ("go on then, post a photo of the cake!", "I baked my first ever cake today.", "", set()),
    ("bye then 👋 have a lovely break", "Last post of the year, see you all in January!", "", set()),
    ("same", "Some nights I just want to sleep and never wake up.", "", {"crisis"}),
    ("me too", "I keep thinking they'd all be better off without me.", "", {"crisis"}),
    ("same", "Anyone else find the first week of a new job exhausting?", "", set()),
    ("I can't promise that.", "Please promise you'll stay safe tonight.", "", {"crisis"}),
    ("yes. tonight.", "Are you thinking about ending your life?", "", {"crisis"}),
    ("you are. way too much.", "I'm worried I'm too much for people.", "", {"hostile"}),
    ("you're not too much. the right people will be glad of you", "I'm worried I'm too much for people.", "", set()),
    # Quoting the parent in order to answer it is not new content.
    ("'I want to die', thank you for trusting us with that. Are you safe right now?", "I want to die.", "", set()),
    (
        "> they'd be better off without me\nThey really wouldn't. Can you tell one of them how you feel?",
        "they'd be better off without me",
        "",
        set(),
    ),
    ('"No one cares" isn\'t true. I care.', "Quit moaning, no one cares.", "", set()),
    # The post counts as context too.
    ("see you on the other side 🕊️", "", "I can't do another year of this.", {"crisis"}),
    ("'Guilty for resting' is my whole personality.", "", "Does anyone else feel guilty for resting?", set()),
]


@pytest.mark.parametrize("text, parent, post, expected", THREAD_CASES)
def test_thread_context(text, parent, post, expected):
    assert categories(text, parent, post) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I have a plan and the means. I just haven't picked the day.",
        "been hoarding my sleeping tablets since march. I have enough now.",
        "Standing on the roof of my building. It's windy up here.",
        "I've set the date. It's after my sister's wedding.",
        "I've got the scissors in my hand and I'm trying so hard not to",
        "tonight is the night. I'm going to do it tonight.",
    ],
)
def test_crisis_with_plan_or_means_is_high(text):
    (crisis,) = [f for f in flags_for(text) if f.category == "crisis"]
    assert crisis.severity == "high"


@pytest.mark.parametrize(
    "text",
    [
        "they'd all be better off if I wasn't here",
        "i wanna die. like genuinely. every day",
        "I just want to sleep and never wake up",
    ],
)
def test_crisis_without_plan_or_means_is_not_high(text):
    (crisis,) = [f for f in flags_for(text) if f.category == "crisis"]
    assert crisis.severity in ("low", "medium")


def test_harm_imperative_is_high_severity_hostility():
    (flag,) = flags_for("go on then, swallow the lot", parent="I've got all my pills lined up on the desk.")
    assert (flag.category, flag.severity) == ("hostile", "high")


def test_word_model_reads_words_letter_fragments_and_negation():
    from moderation.classifiers import wordmodel

    found = wordmodel.sentence_features("i don't want to die")
    assert {"want", "die", "want to", "#<die", "~want", "~die", "_i"} <= found
    assert "~i" not in found  # a negation colours the words after it, not before


def test_word_model_joins_a_short_reply_to_what_it_answers():
    from moderation.classifiers import wordmodel

    at_risk = wordmodel.thread_markers(risk=0.9, worry=False, distress=False, short=True)
    calm = wordmodel.thread_markers(risk=0.0, worry=False, distress=False, short=True)
    words = wordmodel.sentence_features("same here")
    assert "^risk|same here" in wordmodel.with_thread(words, at_risk)
    assert "^calm|same here" in wordmodel.with_thread(words, calm)
    long_reply = wordmodel.thread_markers(risk=0.9, worry=False, distress=False, short=False)
    assert not any("|" in name for name in wordmodel.with_thread(words, long_reply))


def test_a_reply_is_read_with_its_parents_own_words_which_are_never_joined_to_the_replys():
    """Engine 3.2: what the parent says, word by word, is part of what a short reply's models read ("yes" under "is
    that the date?"), marked as the parent's and kept apart from the reply's own words; a long reply reads only how
    the parent reads (its markers)."""
    from moderation.classifiers import rules, wordmodel
    from moderation.classifiers.base import CareContext

    parent = "You said the end of the month. Is that the date?"
    assert {"@date", "@the date", "@end", "@month"} <= wordmodel.parent_words(parent.lower())
    thread = rules.thread_of(CareContext(text="yes.", parent_text=parent))
    assert {"@is", "@that the", "^short"} <= thread
    features = wordmodel.with_thread(wordmodel.sentence_features("yes"), thread)
    assert "@date" in features and "yes" in features
    # Only the markers are joined to a short reply's words; the parent's words are not multiplied by them.
    assert not any(name.startswith("@") and "|" in name for name in features)
    assert not any("|@" in name for name in features)
    assert rules.thread_of(CareContext(text="yes.")) == frozenset()
    long_reply = rules.thread_of(CareContext(text="Same here. " * 40, parent_text=parent))
    assert long_reply and not any(name.startswith("@") for name in long_reply)


def test_word_model_trains_deterministically_and_never_on_the_held_out_set(tmp_path, monkeypatch):
    from moderation.classifiers import training, wordmodel

    records = [
        {"id": "1", "text": "i want to die tonight", "labels": ["crisis"]},
        {"id": "2", "text": "i want to die, the pills are ready", "labels": ["crisis"]},
        {"id": "3", "text": "i want pizza tonight", "labels": []},
        {"id": "4", "text": "the pizza is ready", "labels": []},
        {"id": "5", "text": "same", "parent": "i'm going to end it tonight", "labels": ["crisis"]},
        {"id": "6", "text": "same", "parent": "i'm going to the pub tonight", "labels": []},
    ]
    first, second = training.build(records), training.build(records)
    assert first == second
    assert first["short"]["crisis"]["weights"]["die"] > 0 > first["short"]["crisis"]["weights"]["pizza"]
    monkeypatch.setattr(wordmodel, "WEIGHTS", tmp_path / "weights.json")
    assert training.main([str(DATA / "care-heldout.jsonl")]) == 2
    assert training.main([str(DATA / "care-long-heldout.jsonl")]) == 2
    assert not (tmp_path / "weights.json").exists()


def test_a_long_text_is_learned_from_the_window_that_says_it():
    """Multiple-instance learning: a long crisis comment teaches crisis through its likeliest window, and its
    other windows are left out for crisis rather than counted as crisis."""
    from moderation.classifiers import training

    ordinary = "We walked the dog along the canal and had chips after. " * 8
    records = [
        {"id": "s1", "text": "i want to die tonight", "labels": ["crisis"]},
        {"id": "s2", "text": "the dog loved the canal walk", "labels": []},
        {"id": "l1", "text": ordinary + "I want to die tonight.", "labels": ["crisis"]},
    ]
    model = training.build(records)
    long = model["long"]["crisis"]["weights"]
    # The ordinary sentences of the long text taught nothing about crisis; the sentence that says it did.
    assert long["canal"] < 0 < long["die"]


def test_shipped_word_model_was_trained_on_development_sets_only():
    weights = json.loads((Path(__file__).resolve().parents[2] / "moderation/classifiers/wordmodel.json").read_text())
    assert set(weights) == {"short", "reply", "long", "comment", "trained_on"}
    assert weights["trained_on"] == [
        "care-dev.jsonl",
        "care-extra.jsonl",
        "care-long-dev.jsonl",
        "care-context-dev.jsonl",
        "care-long-persona-dev.jsonl",
        "care-context-persona-dev.jsonl",
    ]


def test_flags_carry_scores_evidence_and_the_classifier():
    (flag,) = flags_for("I've been stockpiling my meds")
    assert flag.category == "crisis"
    assert 0.5 <= flag.score <= 1.0
    assert flag.classifier == "rules" and flag.version == RuleClassifier.version
    assert flag.evidence and all(e.rule for e in flag.evidence)


def test_evidence_of_a_stripped_quote_is_never_the_quote():
    parent = "I want to die."
    text = "'I want to die' is so heavy to carry. Are you safe right now? I want to die too sometimes."
    (crisis,) = [f for f in flags_for(text, parent) if f.category == "crisis"]
    assert all(e.start > len("'I want to die'") for e in crisis.evidence)


def _records(*names: str) -> list[dict]:
    records = []
    for name in names:
        path = DATA / name
        if path.exists():
            with path.open(encoding="utf-8") as handle:
                records += [json.loads(line) for line in handle if line.strip()]
    return records


# Tricky unicode: offsets are Python string offsets into the original text, whatever folding does.
UNICODE_TEXTS = [
    "İ want to dİe",  # "İ".lower() is two code points
    "I want to die ﬁnally",  # a ligature folds to two letters
    "ｉ ｗａｎｔ ｔｏ ｄｉｅ",  # fullwidth
    "i wa\u0301nt to di\u0301e",  # combining accents
    "su\u200bi\u200bcide thoughts again",  # zero-width spaces
    "👍🏽 kms 👋🏿 tonight",  # emoji with skin tones
    "k i l l   m y s e l f",  # spaced letters
    "ѕuісіdе is on my mind",  # Cyrillic lookalikes
    "email me: ａｎｎａ＠ｇｍａｉｌ．ｃｏｍ",
    "I'm Zoë from Tŷ Coch Street, call 07700 900437 …",
    "\u202eevil\u202c and \U0001f600 and \ufeffbom",
]


def _assert_sound(context: CareContext, flags) -> None:
    seen = set()
    for flag in flags:
        assert flag.category in CATEGORIES and flag.severity in SEVERITIES
        assert 0.0 <= flag.score <= 1.0
        assert flag.category not in seen, "at most one flag per category"
        seen.add(flag.category)
        for e in flag.evidence:
            source = context.parent_text if e.within == "parent" else context.text
            assert 0 <= e.start < e.end <= len(source)
            assert source[e.start : e.end] == e.text
    assert not {"crisis", "distress"} <= seen, "crisis supersedes distress"


@pytest.mark.parametrize("text", UNICODE_TEXTS)
def test_evidence_offsets_survive_unicode(text):
    context = CareContext(text=text)
    _assert_sound(context, classify(context, classifiers=ENGINE))
    # The raw classifier output, before merging, keeps the property too.
    for flag in ENGINE[0].classify(context):
        for e in flag.evidence:
            assert text[e.start : e.end] == e.text


@pytest.mark.parametrize("text", UNICODE_TEXTS + ["", " ", "a", "...", "\n\n"])
def test_views_map_back_to_the_original(text):
    view = deobfuscate(fold(text))
    for i in range(len(view.text)):
        start, end = view.original_span(i, i + 1)
        assert 0 <= start < end <= len(text)
    if view.index is not None:
        assert list(view.index) == sorted(view.index), "the offset map is non-decreasing"


def test_evidence_property_over_both_labeled_sets():
    """Every flag's evidence matches the text exactly, for every text of the dev and held-out sets.

    The held-out texts go through the classifier only; nothing here inspects or prints them."""
    records = _records("care-dev.jsonl", "care-heldout.jsonl", "care-extra.jsonl")
    assert len(records) >= 500
    for record in records:
        context = CareContext(
            text=record["text"], parent_text=record.get("parent") or "", post_text=record.get("post") or ""
        )
        _assert_sound(context, classify(context, classifiers=ENGINE))


def test_classifier_is_pure_and_repeatable():
    context = CareContext(text="I'm going to end it tonight", parent_text="how are you doing?")
    assert classify(context, classifiers=ENGINE) == classify(context, classifiers=ENGINE)


def test_configured_pipeline_uses_the_rule_engine(settings):
    from moderation.pipeline import configured_classifiers

    assert any(isinstance(c, RuleClassifier) for c in configured_classifiers())


def test_a_very_long_text_is_read_to_its_end_with_evidence_offsets_into_the_whole_text():
    text = ("I have been thinking about what you said. " * 230)[
        :9500
    ] + " I saved my pills and tonight I will take them all."
    flags = RuleClassifier().classify(CareContext(text=text))
    assert "crisis" in {flag.category for flag in flags}
    assert all(text[e.start : e.end] == e.text for flag in flags for e in flag.evidence)


def test_the_word_models_load_once_while_many_threads_read_them():
    """A web server's threads all ask for the models at start: none may see a half-loaded table."""
    import threading

    from moderation.classifiers import wordmodel

    wordmodel.use(None)
    errors, start = [], threading.Barrier(16)

    def read():
        start.wait()
        try:
            for kind in wordmodel.KINDS:
                wordmodel.probabilities({"die", "tonight"}, kind)
        except Exception as exc:  # noqa: BLE001  (any failure is the finding)
            errors.append(repr(exc))

    threads = [threading.Thread(target=read) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
