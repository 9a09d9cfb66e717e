"""The reply nudge's detector (docs/nudge-kinds.md): pure (rules and a shipped word model); text in, a kind and a sentence out."""
# ruff: noqa: E501  (regular expressions read better unbroken)

import re
import unicodedata
from dataclasses import dataclass

from .model import model_kinds

KINDS = ("invalidating", "promise", "medical_advice", "contact")

# One calm sentence per kind: it says why, never judges the writer, and leaves the choice with them.
SENTENCES = {
    "invalidating": (
        "This reply may leave them feeling unheard; starting from what they feel may help it land the way you mean it."
    ),
    "promise": (
        "This reply promises an outcome nobody can be sure of; hope shared as hope, or what happened for you, "
        "may land more gently."
    ),
    "medical_advice": (
        "This reply gives medication or diagnosis advice; your own experience told as yours, and a pointer to "
        "their doctor, may be safer for them."
    ),
    "contact": (
        "This reply shares private contact details; for everyone's safety, you could offer to keep talking here "
        "on the site instead."
    ),
}


@dataclass(frozen=True)
class Nudge:
    kind: str
    sentence: str


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    return text


def _rx(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


# --- contact -------------------------------------------------------------------------------------------------
_PLATFORM = (
    r"(?:whats\s?app|insta(?:gram)?|ig|snap(?:chat)?|snap|telegram|tele|discord|facebook|fb|viber|signal|"
    r"wechat|zalo|tiktok|kakao(?:talk)?|line id|skype|twitter|x\.com|threads|messenger|reddit|tumblr|email|e-mail)"
)
_NUMBER_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|double|triple)"
_CONTACT_RULES = [
    # A phone number spelled out in words ("oh seven nine one one, two three four").
    _rx(r"\b" + _NUMBER_WORD + r"(?:[\s,.-]+" + _NUMBER_WORD + r"){6,}\b"),
    # Messaging verbs and offers: "whatsapp me", "snap me: name", "drop your handle", "I'm on discord".
    _rx(
        r"\b(?:whats\s?app|snap(?:chat)?|kik|insta|ig|telegram|signal|viber|dm|pm|inbox)\s+me\b(?!\s+(?:here|on here))"
    ),
    _rx(r"\b(?:drop|send|leave) (?:me )?your (?:handle|@|username|insta|snap|number|socials?)\b|\bmine'?s @"),
    _rx(r"\bi'?m on " + _PLATFORM + r"\b"),
    _rx(
        r"\b(?:here'?s|heres) my (?:number|email|e-mail|address|handle|insta|snap)\b|\bmy (?:number|email|address)\s*:"
    ),
    _rx(
        r"\b(?:off here|off the site|off this site|somewhere more private|in private|privately)\b[^.!?\n]{0,40}"
        r"\b(?:dm|message|text|call|chat|talk|add)\b|\b(?:dm|message|text|call|chat|talk|add) (?:me )?(?:off here|off the site)\b"
    ),
    # A workplace or school with a town: "I work at the Boots on Market Street in Bolton, pop in".
    re.compile(
        r"\b(?:[Ii] work|[Ii]'m (?:a |the )?\w+ at|[Ii] teach|[Ii] volunteer|works|teaches|at school)\b[^.!?\n]{0,25}"
        r"\bat (?:the )?[A-Z][\w']+(?: [A-Z][\w']+)*(?:\s+(?:on|in) [A-Z][\w]+)"
    ),
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b"),  # a UK postcode
    _rx(r"\b(?:come (?:and )?say hi|pop in|drop by|come find me|visit me) (?:if|at|to|any)"),
    # An e-mail address, plain or spelled out ("name at gmail dot com").
    _rx(r"\b[\w.+-]+@[\w-]+\.[a-z]{2,}\b"),
    _rx(
        r"\b[\w.+-]+\s*(?:\(at\)|\[at\]| at )\s*[\w-]+\s*(?:\.|\(dot\)|\[dot\]| dot )\s*(?:com|net|org|co|uk|ie|de|fr)\b"
    ),
    # A handle offered on a platform: "@name", "insta is name", "my Discord is x".
    _rx(
        r"(?:add|find|follow|message|msg|dm|hit|link|text|write|contact|reach|flick)\s+(?:me|us)\b[^.!?\n]{0,40}?"
        + r"\b(?:on|at|via|sa)\s+"
        + _PLATFORM
    ),
    _rx(r"\bmy\s+" + _PLATFORM + r"(?:\s+(?:id|handle|name|number|account|username))?\s*(?:is|'s|:|=)"),
    _rx(_PLATFORM + r"\s*(?:id|handle|username)?\s*(?:is|:)?\s*@[\w.]{3,}"),
    # An @handle counts beside a platform or an invitation; alone it is a mention of someone in the thread.
    _rx(_PLATFORM + r"\b[^.!?\n]{0,25}@[a-z][\w.]{3,}"),
    _rx(r"\b(?:add|find|follow|message|msg|dm|hit|link|text|write)\s+me\b[^.!?\n]{0,25}@[a-z][\w.]{3,}"),
    _rx(r"\b(?:on|at)\s+" + _PLATFORM + r"\s+(?:as|it's|its|is)\s+[\w.@]{3,}"),
    _rx(r"\b(?:same as|same)\s+(?:my\s+)?(?:user)?name\s+here\b"),
    _rx(r"\b(?:send|give|pm|dm)\s+(?:me\s+)?your\s+(?:" + _PLATFORM + r"\s+)?(?:number|digits|email|address|handle)\b"),
    _rx(r"\byou give your number\b"),
    _rx(
        r"\b(?:call|ring|text|phone|message|whatsapp)\s+me\b[^.!?\n]{0,30}\b(?:at|on)\s+(?!here\b|this\b|the site\b|the forum\b)(?:the\s+)?\w+"
    ),
    re.compile(r"\b(?:call|ring|come|phone|visit|drop by)\b[^.!?\n]{0,60}\bask for\s+[A-Z][a-z]+\b"),
    _rx(r"\b(?:find|add)\s+me\s+on\s+" + _PLATFORM),
    re.compile(
        r"\b\d{1,5}[a-z]?,?\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Close|Way|Court|"
        r"Crescent|Terrace|Place|Boulevard|Blvd|Grove|Gardens|Row|Square|Mews)\b"
    ),
    _rx(
        r"\b(?:i live (?:at|on)|my (?:home |house |flat |work )?address(?: is|:)|come (?:by|round) (?:my|to my) (?:house|place|flat))\b"
    ),
    _rx(
        r"\bhis number'?s\b|\bher number'?s\b|\bmy number'?s\b|\bmy (?:cell|mobile|number|phone)(?: number)?\s*(?:is|:)\s*[+(\d]"
    ),
]
# A phone number: at least seven digits in groups, not a year or a public line.
_PHONE = _rx(r"(?<![\w])(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{2,5}\)?[\s.-]?){2,5}\d{2,5}(?![\w])")
_PUBLIC_LINE = _rx(
    r"samaritans|helpline|hotline|crisis|lifeline|988|116\s?123|\b111\b|\b999\b|\b911\b|\b112\b|\bline\b|shelter|nhs|"
    r"clinic|service|support group|childline|beat\b|free|24/7|24 hours|anonymous|surgery|reception|hospital|"
    r"centre|center|charity|organi[sz]ation|if anyone|they'?re|they are|their"
)
# Whose number it is: a phone number is private when the writer offers it as theirs (or someone's they know).
_PRIVATE_CUE = _rx(
    r"\b(?:me|my|mine|i'?m|im|his|her|him|whatsapp|viber|signal|zalo|wechat|telegram|cell|mobile|personal)\b"
)


def _phone_numbers(text: str) -> list[str]:
    found = []
    for match in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) < 7 or len(digits) > 15 or re.match(r"(?:0800|0808|1800|1888|1877|1866|800|116|0300)", digits):
            continue  # too short or long for a phone, or a free public line
        before = text[max(0, match.start() - 60) : match.start()]
        window = text[max(0, match.start() - 80) : match.end() + 30]
        if _PUBLIC_LINE.search(before[-45:]) or not _PRIVATE_CUE.search(window):
            continue
        found.append(digits)
    return found


def _contact(text: str) -> bool:
    if _phone_numbers(text):
        return True
    return any(rule.search(text) for rule in _CONTACT_RULES)


# --- medication and diagnosis ------------------------------------------------------------------------------------
_MEDS = (
    r"(?:sertraline|zoloft|fluoxetine|prozac|citalopram|escitalopram|lexapro|celexa|paroxetine|paxil|seroxat|"
    r"venlafaxine|effexor|duloxetine|cymbalta|mirtazapine|bupropion|wellbutrin|amitriptyline|trazodone|"
    r"lithium|lamotrigine|quetiapine|seroquel|olanzapine|zyprexa|aripiprazole|abilify|risperidone|depakote|"
    r"valproate|topiramate|diazepam|valium|lorazepam|ativan|alprazolam|xanax|clonazepam|klonopin|rivotril|"
    r"lexotan|lexomil|bromazepam|temazepam|zopiclone|zolpidem|ambien|propranolol|beta[\s-]?blockers?|"
    r"adderall|ritalin|concerta|methylphenidate|vyvanse|modafinil|stimulants?|naltrexone|baclofen|antabuse|"
    r"pregabalin|gabapentin|co-?codamol|codeine|tramadol|oxy(?:codone|contin)?|benadryl|diphenhydramine|"
    r"melatonin|valerian|passiflora|st\.? john'?s wort|ashwagandha|brahmi|cbd|weed|cannabis|kratom|"
    r"fish oil|omega[\s-]?3|panadol|paracetamol|ibuprofen|nurofen|advil|tylenol|lyrica|turmeric|kava|"
    r"vitamin [a-z0-9]+(?: complex)?|magnesium|5-htp|soursop|moringa|thyroid tablets|stilnox|elvanse|glycine|ginseng|"
    r"evening primrose(?: oil)?|b-?complex|b6|b12|ferrous \w+|iron tablets|iodine|kelp|black seed oil|"
    r"\w+(?:azepam|zolam|xetine|oxamine|faxine|apine|idone|olol|triptyline|pramine|zodone|piclone|pidem|afinil|"
    r"phenidate|anfacine|trigine|tiapine|azine)|"
    r"antidepressants?|anti-depressants?|ssris?|benzos?|sleeping (?:pills?|tablets?)|sleepers|"
    r"pills?|tablets?|meds|medications?|medicines?|dose|dosage|capsules?|gummies)"
)
_STRONG_MEDS = _MEDS.replace(
    r"|antidepressants?|anti-depressants?|ssris?|benzos?|sleeping (?:pills?|tablets?)|sleepers|"
    r"pills?|tablets?|meds|medications?|medicines?|dose|dosage|capsules?|gummies)",
    r"|benzos?|sleeping (?:pills?|tablets?))",
)
_CONDITIONS = (
    r"(?:bipolar|adhd|add|ptsd|c-ptsd|bpd|borderline(?: personality disorder)?|ocd|autism|autistic|"
    r"(?:clinical |major |postpartum |post-natal |postnatal )?depression|depressed|anxiety disorder|"
    r"generali[sz]ed anxiety(?: disorder)?|gad|panic (?:attacks?|disorder)|psychosis|schizophrenia|"
    r"narcissis\w+|an? eating disorder|anorexia|bulimia|alcohol use disorder|alcoholism|thyroid|fibromyalgia|"
    r"(?:postnatal|postpartum|post-natal) (?:depression|psychosis)|pnd|ppd|dyslexia|dyspraxia|c-?ptsd|"
    r"(?:\w+-)?(?:\w+ )?(?:personality )?disorder|dysphoria|hypothyroidism|hyperthyroidism|codependen\w+)"
)
_MEDICAL_RULES = [
    # A named medicine and a second-person instruction in the same sentence.
    _rx(
        r"\b(?:you|u|ur|your|yourself)\b[^.!?\n]{0,40}\b(?:take|try|get|start|stop|quit|ask for|switch to|use|buy|need|"
        r"want|order|up|double|halve|skip|come off)\b[^.!?\n]{0,30}\b" + _STRONG_MEDS
    ),
    _rx(
        r"\b(?:sounds|sound|looks|seems) (?:a lot |very much |exactly )?(?:like|to me like) (?:you have |you'?ve got )?"
        r"(?:a |an |adult |clinical |classic |textbook )?(?:anxiety|depression|adhd|ptsd|bipolar|ocd|bpd|autism|"
        r"postpartum|pnd|ppd|a personality disorder|an anxiety disorder|panic disorder)\b(?! talking| lying)"
        r"(?![^.!?\n]{0,50}\b(?:ask|doctor|gp|psychiatrist|professional|assess|check|see someone|talk to))"
    ),
    _rx(
        r"\byou(?:'ve| have)? (?:probably |clearly |definitely |obviously |must )?(?:have|got) (?:a |an |adult )?"
        r"(?:adhd|ptsd|bipolar|ocd|bpd|autism|depression|anxiety disorder|a personality disorder|an eating disorder)\b"
        r"(?![^.!?\n]{0,50}\b(?:ask|doctor|gp|psychiatrist|professional|assess|check|maybe|might|could))"
    ),
    _rx(
        r"\b(?:it'?s|that'?s|this is) (?:just )?(?:your|a) (?:thyroid|hormones?|chemical imbalance|serotonin|vitamin \w+ deficiency)\b"
    ),
    # An instruction about medication, to the reader: take, stop, quit, double, halve, skip, share, swap.
    _rx(
        r"(?:^|[.!?,;:\n]\s*|\b(?:just|so|then|and|or|you should|you need to|you must|you can|you could|try to|"
        r"i'?d|i would|maybe)\s+)(?:just\s+)?(?:take|try|get(?: yourself)?(?: some)?|buy|grab|nick|borrow|ask "
        r"(?:him|her|them|someone|somebody|a friend|your \w+) for|pop|use|swap|switch to|start)\b[^.!?\n]{0,60}?"
        r"\b" + _MEDS
    ),
    _rx(
        r"\b(?:stop|quit|dump|ditch|drop|come off|get off|skip|halve|double|bump|up|cut)\b\s+(?:taking\s+)?"
        r"(?:(?:the|your|yours|those|these|whatever)\s+(?:\w+\s+){0,2}?" + _MEDS + r"|them\b|dem\b|yours\b)"
    ),
    _rx(r"\b(?:take|taking)\s+(?:two|three|four|2|3|4|double|half|one|a couple)\b"),
    _rx(
        r"\b(?:double|half|halve|triple)\s+(?:the |your |what |a )?(?:pill|tablet|dose|dosage|amount|box)|\b(?:double|halve) it\b"
    ),
    _rx(
        r"\b(?:cold turkey|don'?t bother tapering|without (?:a )?prescription|no need (?:a |for a )?(?:doctor|prescription)"
        r"|skip the (?:gp|doctor)|don'?t wait (?:on|for) your doctor|no need doctor|don'?t need a doctor)\b"
    ),
    _rx(r"\b(?:ask|tell)\s+(?:the|your)\s+(?:doctor|gp)\s+(?:to put you on|for|you want)\s+[^.!?\n]{0,20}?" + _MEDS),
    _rx(r"\bput you on\s+" + _MEDS),
    _rx(r"\b(?:you|u) (?:should|need|must|can|could) (?:also )?(?:stop|quit)\b[^.!?\n]{0,30}" + _MEDS),
    _rx(r"\b(?:don'?t|do not|never) take (?:them|it|the|your|those|sertraline|" + _MEDS + r")"),
    _rx(r"\b(?:instead of|rather than) (?:your|the|those|them|dem)?\s*" + _MEDS),
    _rx(r"\b" + _STRONG_MEDS + r"\b[^.!?\n]{0,40}\b(?:is|are) (?:the )?(?:answer|only way|poison|what you need)"),
    _rx(r"\bwhat you need is\b[^.!?\n]{0,30}" + _MEDS),
    _rx(
        r"\b(?:from|off) (?:a |your |his |her )?(?:friend|sister|brother|cousin|mum|mom|mother|parents?|someone|"
        r"somebody|family|neighbou?r|nan|dad)\b[^.!?\n]{0,40}\b(?:you|u) (?:can|could|should)"
    ),
    _rx(
        r"\b(?:you can|u can|you could) ask (?:someone|somebody|your \w+|a friend|him|her)\b[^.!?\n]{0,30}"
        r"(?:some|few|for|if they have)"
    ),
    # A diagnosis of the reader.
    _rx(
        r"\b(?:sounds|sound|looks) (?:like|to me like|more like)\s+(?:you (?:have|got) )?(?:a |an |adult |clinical )?"
        + _CONDITIONS
        + r"\b(?![^.!?\n]{0,40}\b(?:ask|doctor|gp|psychiatrist|professional|assess))"
    ),
    _rx(
        r"\b(?:that'?s|thats|this is|it'?s|is|dat a|dat)\s+(?:clinical\s+|classic\s+|textbook\s+|clearly\s+|"
        r"definitely\s+|probably\s+)?" + _CONDITIONS + r"\b[^.!?\n]{0,30}(?:100|no doubt|for sure|straight up|"
        r"plain as day|no question|nae question|textbook|classic|not grief|sure one|confirm|i(?:'m| am) (?:almost |pretty |quite |very )?sure|"
        r"y'?all|from the manual)"
    ),
    _rx(
        r"\b(?:textbook|classic|clearly|definitely|for sure|100%?|obviously|almost certainly|most likely|straight-?up|"
        r"(?:it'?s|its|that'?s|this is) called)\s+(?:a\s+|an\s+)?" + _CONDITIONS
    ),
    _rx(r"\b(?:you|u) (?:have|got) (?:textbook|classic|clear|full-blown|proper)\b"),
    _rx(
        r"\b(?:sounds?|looks?|seems?) (?:\w+ )?(?:more |less )?like\b[^.!?\n]{0,50}\bmore like\s+(?:a |an )?"
        + _CONDITIONS
    ),
    _rx(
        r"\bwhat (?:you|u) (?:are |'re |r )?(?:describ\w*|have|got|went through)\b[^.!?\n]{0,10}\b(?:is|are|sounds like)\s+"
        r"[^.!?\n]{0,60}?"
        + _CONDITIONS
        + r"\b(?![^.!?\n]{0,40}\b(?:ask|doctor|gp|psychiatrist|professional|assess|maybe|might|could))"
    ),
    _rx(
        r"\b(?:you (?:have|got|are)|you'?re|u r|u are|you sound|she (?:has|have)|he (?:has|have))\s+(?:clearly\s+|"
        r"definitely\s+|obviously\s+)?(?:a\s+|an\s+)?"
        + _CONDITIONS
        + r"\b[^.!?\n]{0,20}(?:for sure|no doubt|clearly|definitely|100|textbook|\.|$)"
    ),
    _rx(
        r"\b(?:i think|i'?m sure) (?:what )?(?:you have|you'?ve got|is)\s+(?:a\s+|an\s+)?(?:clear\s+|adult\s+)?"
        + _CONDITIONS
    ),
    _rx(
        r"\b" + _CONDITIONS + r"\b[^.!?\n]{0,15}\b(?:for sure|no doubt|100%|textbook|sure one|straight up|"
        r"plain as day|no question about it)"
    ),
    _rx(
        r"\b(?:not|isn'?t|isnae|ain'?t) (?:ADHD|grief|depression|baby blues)\b[^.!?\n]{0,30}\b(?:it'?s|that'?s|this is)"
    ),
]
# Supportive shapes that mention medication: a pointer to a professional with a question, not a named drug.
_MEDICAL_SAFE = _rx(
    r"\b(?:ask|talk (?:to|with)|speak (?:to|with)|check (?:in )?with|tell|ring|see|raise it with|discuss\w* with) "
    r"(?:your|ur|a|the) (?:doctor|gp|psychiatrist|pharmacist|prescriber|nurse|midwife|specialist|care team)\b"
)
# Advice about a medicine the draft names in another sentence ("Quit the thing. Cut it in half for a week").
_MEDICAL_DRAFT_RULES = [
    _rx(
        r"\b(?:cut|cutting|break|breaking)\s+(?:it|them|one|yours|hers|his|the (?:tablets?|pills?|dose))\s+(?:in half|"
        r"down to half|to half)\b|\b(?:take|give|giving|try|start)\b[^.!?\n]{0,25}\b(?:half (?:of )?(?:one|a|it|them|yours|"
        r"hers|his)|a half)\b|\bhalf (?:of )?(?:one|a tablet|a pill)\b"
    ),
    _rx(
        r"\b(?:up|increase|double|raise|lower|reduce|lessen|turn down|cut down|taper)\b (?:it|them|the dose|your dose|"
        r"the tablets?|the pills?|yours|hers|his|the \w+) (?:yourself|slowly|down|to)\b"
    ),
    _rx(r"\b(?:bin|ditch|chuck) (?:it|them)\b|\b(?:get|getting) hold of some\b"),
    _rx(r"\b(?:look into|see about|think about|consider)\w* (?:getting on|starting|taking|trying|doing the same)\b"),
    _rx(r"\b(?:you|u) (?:have|got) it\b\s*(?:[.!]|,? not a maybe|,? (?:for sure|i(?:'m| am) (?:pretty )?sure))"),
]
_MEDICAL_MORE = [
    _rx(r"\b(?:take|try|start|ask for|get|up it to|go up to)\b[^.!?\n]{0,30}\b\d+\s?(?:mg|mcg|milligrams?)\b"),
    _rx(r"\bgive (?:him|her|them|your \w+|ur \w+|yuh \w+)\b(?! a prescription)[^.!?\n]{0,30}\b" + _MEDS),
    _rx(r"\b(?:start|starting|get on|getting on|go on|going on)\b (?:taking |take |with )?(?:the |some )?" + _MEDS),
    _rx(r"\b(?:you|u) need (?:an? |some |the )?" + _MEDS),
    _rx(
        r"\b(?:don'?t|do not|never) (?:fill|start|take) (?:the |any |your )?(?:prescription|medication|meds|tablets|pills|"
        r"antidepressants?)\b"
    ),
    # Someone else's medicine: "my mate's got spare Elvanse", "if a friend has a couple to spare".
    _rx(
        r"\b(?:mate|friend|cousin|brother|sister|mum|mom|mam|nan|aunt\w*|uncle|neighbou?r|someone|somebody|anyone|"
        r"anybody|wife|husband|dad)(?:'s| has| have|'s got| got)? (?:got )?(?:a |some )?(?:spare|going spare)\b|"
        r"\bgoing spare\b|\b(?:a couple|some|a few) to spare\b"
    ),
    # Asking for a named medicine, or getting one from someone who has it ("ask for klonopin", "ask your mum if she
    # has some", "find somebody who has it").
    _rx(r"\bask (?:\w+ ){0,3}for\b[^.!?\n]{0,25}\b" + _STRONG_MEDS),
    _rx(
        r"\bask (?:ur|your|yuh|one of (?:ur|your|yuh)|a|an?y?) ?\w+ (?:if|whether) (?:they|dem|he|she|him|her) "
        r"(?:have|has|got|get)\b|\bfind (?:somebody|someone|anybody|anyone) (?:who|that|wey) (?:has|have|got)\b"
    ),
    # Stopping or swapping the medicine named in the sentence, or suggesting what to take.
    _rx(r"\b(?:just |simply )?(?:stop|quit|ditch|ditching|dump|drop|come off) (?:it|dat|that one)\b"),
    _rx(
        r"\b(?:suggest|recommend|advise)\w*\s+(?:you\s+)?(?:simply\s+|just\s+)?(?:taking|take|trying|try|adding|add|stopping|stop|upping)\b"
    ),
    _rx(
        r"\b(?:don'?t|do not|never) (?:start|restart|go back on) (?:it|them|dem|the \w+) again\b|\bbetter than (?:the|your|ur|any) (?:doctor|gp|psychiatrist)\b"
    ),
    # Going round the professional: "no need to wait for the neurologist", "no need to see anybody".
    _rx(
        r"\bno need (?:to )?(?:wait (?:for|on)|see|ask|book|go to)\b[^.!?\n]{0,15}\b(?:doctor|gp|neurologist|psychiatrist|"
        r"anybody|anyone|someone|appointment|professional)|\b(?:don'?t|do not|no) need (?:to )?book (?:an? )?appointment\b|"
        r"\bskip the (?:therapy|therapist|appointment)\b"
    ),
    _rx(
        r"\b(?:you|u) (?:should|can|could|need to|must|gotta) (?:just |also )?(?:ask (?:ur|your|the) (?:doctor|gp) for|"
        r"take|try|get|buy|start|ask (?:him|her|them|someone|somebody))\b"
    ),
    _rx(
        r"\bget (?:it|them|some|dem) online\b|\bonline without\b|\bjust try it\b|(?<!going to )just start it\b|(?:recommend|advise|is to|would be to|instead)\s+(?:not\s+)?take\b|\btake double\b|"
        r"\ba couple (?:of )?" + _STRONG_MEDS
    ),
]
_MED_WORD = _rx(r"\b" + _MEDS)
_STRONG_WORD = _rx(r"\b" + _STRONG_MEDS)
_CONDITION_WORD = _rx(r"\b" + _CONDITIONS + r"\b")


_OWN_STORY = _rx(
    r"\b(?:i|i'?m|i'?ve|i'?d|we|he|she|they|my doctor|doctor says|doctor said|mine)\b(?![^.!?\n]*\b(?:you|u|ur|your)\b)"
    "[^.!?\n,;:\u2600-\u27bf\U0001f300-\U0001faff]*$"
)


_REFLECTED = _rx(r"\byou (?:wrote|said|say|plan|mention\w*|will|'ll|want to|are going to|'re going to|were told)\b")
_MEDICAL_WARNING = _rx(
    r"\b(?:don'?t|do not|never|not) (?:just )?(?:quit|stop|come off)\b[^.!?\n]{0,30}\b(?:cold turkey|suddenly|without)|"
    r"\b(?:don'?t|do not|never|not) (?:just )?(?:quit|stop|come off|change|skip)\b[^.!?\n]{0,30}\b(?:on (?:your|ur) own|by (?:yourself|urself))|"
    r"\bwithout (?:talking|telling|checking|asking)|\bif (?:your|ur|the) (?:doctor|gp|psychiatrist|prescriber) "
    r"(?:offers|suggests|recommends|prescribes|says)|\b(?:the|your|ur) (?:doctor|gp|psychiatrist) (?:prescribes|prescribed|gives|suggests|recommends)\b"
)


# Keeping to what was prescribed is not advice to change it: "eat something warm and take your medicines".
_KEEP_TAKING = _rx(
    r"^\s*(?:and\s+|please\s+|just\s+)?(?:keep\s+)?tak(?:e|ing) (?:your|ur) (?:meds|medication|medications|medicines?|tablets|pills)\b"
)


_PILLS = _rx(r"\b(?:the pills|my pills|dem pills|the box|cold turkey|tapering)\b")


def _medical(text: str) -> bool:
    # Advice counts only in a sentence naming a medicine or a condition, or in a draft naming the pills: other
    # sentences are not searched with every rule (most drafts name neither).
    pills = bool(_PILLS.search(text))
    named_in_draft = bool(pills or _MED_WORD.search(text) or _CONDITION_WORD.search(text))
    if not named_in_draft:
        return False
    for sentence in _sentences(text, window=True):
        named = pills or _MED_WORD.search(sentence) or _CONDITION_WORD.search(sentence)
        rules = (*_MEDICAL_RULES, *_MEDICAL_MORE, *_MEDICAL_DRAFT_RULES) if named else _MEDICAL_DRAFT_RULES
        matches = [m for rule in rules if (m := rule.search(sentence))]
        # The writer's own story ("I went cold turkey", "my doctor says I can come off them") is not advice.
        matches = [m for m in matches if not _OWN_STORY.search(sentence[max(0, m.start() - 30) : m.start()])]
        # Their own words reflected back ("you wrote you'll stop the tablets"), a warning ("don't quit cold turkey"),
        # or what their doctor prescribes.
        matches = [m for m in matches if not _REFLECTED.search(sentence[max(0, m.start() - 40) : m.start()])]
        matches = [m for m in matches if not _KEEP_TAKING.search(sentence[m.start() :].lstrip(" ,.;:"))]
        if _MEDICAL_WARNING.search(sentence):
            continue
        if not matches:
            continue
        if _MEDICAL_SAFE.search(sentence) and not _STRONG_WORD.search(sentence):
            continue
        return True  # it names a medicine or a condition, or the draft names the pills (`named`)
    return False


# --- promises ----------------------------------------------------------------------------------------------------
_PROMISE_RULES = [
    _rx(
        r"(?<!can't )(?<!cannot )(?<!can not )(?<!won't )(?<!not )(?<!never )\b(?:i|mi) (?:\w+ )?(?:promise|swear|guarantee|"
        r"garantee|assure)\b(?! to\b)(?!\s+(?:i'?ll|i will|to|that i|it was|i\b|i'?ve|i was|i'?m|the\b|by god|to god))"
    ),
    _rx(
        r"(?<!not )(?<!no )(?<!not a )(?<!isn't )(?<!isn't a )(?<!never )"
        r"\b(?:guaranteed|guarantee|garantee|i give you my word|hand on heart|mark (?:my|mi) words|swear down|"
        r"i'?d (?:put money|bet|nearly swear)|bet my)\b"
    ),
    _rx(
        r"\b(?:i know (?:it|this)(?=\s*[.!,…]|\s*$|\s+(?:will|for sure))|i know (?:for a fact|that for a fact)|i know (?:she|he|they|you|your \w+) (?:will|'ll|is going|are going|"
        r"won't)|i(?:'?m| am) (?:absolutely |completely |totally |100% )?(?:sure|certain) (?:of it|about it)|i(?:'m| am) (?:telling you|calling it)(?! this| that| all| because| about| how| what| why)|no way (?:this|it|that|you|they|she|he)\b|not a chance|"
        r"no doubt in my mind|i have no doubt|with (?:total |full |complete )?(?:certainty|confidence)|"
        r"for certain|for sure|as a fact|sure one|confirm (?:will|they|go)|defo|definitely|definately|trust me|"
        r"no question|without (?:a )?doubt|you can just tell|(?:completely|totally|absolutely) sure)\b"
    ),
    _rx(
        r"\b(?:will|'ll|won'?t|gonna|going to)\b[^.!?\n]{0,40}\b(?:forever|for good|ever again|never \w+ again|"
        r"no exception)\b"
    ),
    _rx(
        r"\b(?:you|u|she|he|they|it|that feeling)(?:'ll| will| are| 're| is)? (?:never|not ever|won'?t ever) (?!\w+ed\b)(?:\w+ ){0,3}"
        r"(?:again|relapse|crave|come back)\b|\bnever need to go back\b"
    ),
    _rx(
        r"\b(?:nothing|nowt)(?: bad)? (?:will|is going to|is gonna|'s gonna|gonna|'ll|can) (?:\w+ )?(?:happen|go wrong|fall apart)"
    ),
    _rx(r"\b(?:it|this|they|she|he)\s+(?:won'?t|will not|can'?t|cannot)\s+(?:fall apart|happen|last forever)\b"),
    _rx(
        r"\b(?:will|'ll|gonna)\b[^.!?\n]{0,40}\b(?:be|work out|go)\s+(?:perfect|fine forever|completely fine|grand)\b"
        r"[^.!?\n]{0,20}(?:i know|promise|sure|100|guarantee|trust)"
    ),
    _rx(
        r"\b(?:always|every (?:kid|boy|girl|one|woman|man)|they always)\b[^.!?\n]{0,30}\b(?:come (?:back|round|around)|"
        r"snaps? out)"
    ),
    _rx(r"\b(?:you'?re|you are) safe (?:now )?forever\b|\bsafe forever\b"),
    _rx(
        r"\b(?:i )?(?:won'?t|will not|will never|'ll never) tell (?:anyone|anybody|a soul|your \w+|them)\b[^.!?\n]{0,20}"
        r"(?:promise|swear|secret)|\b(?:your|this) secret(?:'s| is) safe with me\b"
    ),
    _rx(r"\bi'?m (?:absolutely |completely |totally )?(?:certain|positive)\b"),
    _rx(
        r"\b(?:will|'ll) (?:\w+ )?(?:be )?(?:completely |totally )?(?:gone|over|fixed|finish)\b[^.!?\n]{0,30}"
        r"\b(?:by|within|in)\s+(?:next|a|one|two|three|the|six|\d)"
    ),
    _rx(
        r"\b(?:she|he|they|your \w+) (?:will never|won'?t ever|will not)\b[^.!?\n]{0,20}\b(?:judge|drop|think badly|leave)"
    ),
    # Certainty beside a future: "it will work for you, I am sure", "I'm sure it will all work out".
    _rx(
        r"\b(?:will|'ll|gonna|going to)\b[^.!?\n]{0,60}\bi(?:'m| am) (?:so |very |100% )?sure\b(?! (?:that )?(?:it|this) "
        r"(?:feels|is|was))|\bi(?:'m| am) (?:so |very )?sure\b[^.!?\n]{0,10}\b(?:you|u|it|she|he|they|things|everything)"
        r"(?:'ll| will| are going| is going| gonna) (?:be|pass|get through|come|work|feel|make it|say yes|understand|not|never)\b"
    ),
    # A bare "promise" closing the reply: "she nah go judge yuh, neva eva. promise".
    _rx(r"(?:^|[.,!]\s*)(?:promise|promise you|i promise you|swear|swear down)\s*[.!]*\s*$"),
]
_PROMISE_HEDGE = _rx(
    r"\b(?:can'?t|cannot|can not|couldn'?t) (?:promise|say|tell|guarantee|know)|won'?t (?:promise|guarantee|pretend|say)|"
    r"\bwon'?t tell you (?:it|that)|nobody can|no one can|"
    r"i hope|not for everyone|i'?m not sure"
)
_FUTURE = _rx(
    r"\b(?:last|again|anymore|any more|secret|tell anyone|will|'ll|won'?t|gonna|going to|is coming|coming|soon|by next|within|next (?:year|month|week)|"
    r"forever|always|can'?t last|cannot last|in (?:a|one|two|six) (?:year|month|week)s?|nah go)\b|"
    r"\bbe (?:fine|ok|okay|grand)\b|\bcome (?:back|round|around)\b"
)


_ABOUT_THEM = _rx(
    r"\b(?:you|your|u|ur|you'?ll|youll|yuh|she|he|they|everything|it|nothing|nowt|things|this|anyone|anybody|secret|"
    r"baby|nobody|no one)\b"
)


# Certainty marks that are promises only beside a future in the same sentence ("Yes. 100%." agrees, it promises nothing).
_WEAK_CERTAINTY = _rx(r"\b100\s?(?:%|percent|per cent)|💯")
_SAME_SENTENCE_FUTURE = _rx(r"\b(?:will|'ll|won'?t|gonna|going to|by next|within|never|forever)\b")


# A promise someone else made, told as the writer's story ("she said I can always come back"), is not made here.
_TOLD_BY_SOMEONE = _rx(r"\b(?:she|he|they|someone|somebody|my \w+|the \w+) (?:said|told|promised|swore|says|tells)\b")


def _said_here(sentence: str, match: re.Match | None) -> bool:
    return match is not None and not _TOLD_BY_SOMEONE.search(sentence[: match.start()])


def _promise(text: str) -> bool:
    for sentence in _sentences(text):
        if _WEAK_CERTAINTY.search(sentence) and _SAME_SENTENCE_FUTURE.search(sentence):
            if not _PROMISE_HEDGE.search(sentence) and _ABOUT_THEM.search(sentence):
                return True
    for sentence in _sentences(text, window=True):
        # The two broad tests first: a sentence without a future or without someone it is about promises nothing,
        # and it need not be searched with every rule.
        if not _FUTURE.search(sentence) or not _ABOUT_THEM.search(sentence):
            continue
        if not any(_said_here(sentence, rule.search(sentence)) for rule in _PROMISE_RULES):
            continue
        if not _PROMISE_HEDGE.search(sentence):
            return True
    return False


# --- invalidating ------------------------------------------------------------------------------------------------
_INVALIDATING_RULES = [
    # Attacks and mockery aimed at the person ("or attacks them").
    _rx(
        r"\b(?:nobody|no one|noone|no-one) (?:wants to (?:read|hear|see)|asked|cares|likes you|would miss you|is reading)\b|"
        r"\banyone cares\b|\bwhy nobody likes you\b"
    ),
    _rx(
        r"\b(?:give it a rest|cry harder|fishing for (?:sympathy|attention)|for attention|"
        r"attention seeker|sob story|victim mentality|reality check|how tragic|imagine being|can'?t handle (?:one|a|any)|"
        r"whin(?:e|ing)|moaner|meltdown|spoilt brat|spoiled brat|so brave,|"
        r"hiding behind (?:your|ur)|(?:isn'?t|is not|not) an excuse|actual problems|love the attention)\b"
    ),
    _rx(
        r"\b(?:you'?re|you are|u r|ur|youre)\s+(?:just\s+|so\s+|such\s+)?(?:not (?:depressed|sad|anxious|ill|sick|"
        r"traumati[sz]ed|grieving|hurt)|the problem|unbearable|exhausting|crazy|pathetic|a joke|a loser|an idiot|"
        r"a walking|a terrible|the reason|the kind of person|a liar|spoil(?:ed|t)|annoying|insufferable|delusional)\b"
    ),
    _rx(
        r"\b(?:you|u) (?:clearly |obviously )?(?:just )?(?:want|love|crave|need) (?:the )?(?:attention|sympathy|pity)\b"
    ),
    # Broader shapes from the definition (docs/nudge-kinds.md), not from any one text.
    _rx(
        r"\b(?:count your blessings|look on the bright side|first world problem|attention[- ]seeking|"
        r"(?:back )?in my (?:day|time)|when i was your age|kids these days|you young ones|young people today|"
        r"everyone feels (?:that|this) way|we all (?:go through|get|feel) (?:it|this|that)|"
        r"you brought (?:this|it) on yourself|your own fault|you should have (?:known|planned|saved|thought)|"
        r"what do you have to be (?:sad|upset|depressed|anxious|scared)|no need to (?:cry|be (?:sad|upset|scared)|feel))\b"
    ),
    _rx(
        r"\b(?:you'?re|you are|u r|ur|you just|you'?re just|you are just)\s+(?:being\s+)?(?:lazy|ungrateful|selfish|spoiled|"
        r"spoilt|entitled(?! to)|needy|attention[- ]seeking|too needy|so needy|a snowflake|soft|paranoid|hysterical)\b"
    ),
    _rx(
        r"\b(?:not|isn'?t|aren'?t|ain'?t) (?:a )?real (?:problems?|trauma|depression|anxiety|grief|illness|pain)\b|"
        r"\breal problems\b"
    ),
    _rx(
        r"\b(?:you|u) (?:just )?need to (?:relax|calm down|chill|toughen|harden|try harder|get out more|stop)\b|"
        r"\bjust (?:relax|calm down|chill out|try harder|get out more|think positive|be positive)\b"
    ),
    _rx(
        r"\b(?:at least you|at least it|at least he|at least she)\b[^.!?\n]{0,40}\b(?:so|stop|shouldn'?t|don'?t|be grateful|"
        r"nothing|can'?t complain)\b"
    ),
    _rx(
        r"\bget over (?:it|yourself|urself)\b|\bget a grip(?! on)\b|(?<!to )\bget a life\b|\bcheer up\b|\bcould (?:be|have been) (?:a lot |much )?worse\b"
    ),
    _rx(
        r"\bhave you tried (?:just )?(?:being|to be|not being|thinking|cheering)\b|\bjust think positive\b|\bboo ?hoo\b|"
        r"\bpoor (?:you|thing)\b[^.!?\n]{0,5}[.!?]?$|\bcry me a river\b|\b(?:oh|yeah) (?:sure|right)\b[^.!?\n]{0,40}\bso\b"
    ),
    _rx(
        r"\b(?:you should|you must|you ought to|u should)\s+(?:feel|be)\s+(?:happy|grateful|glad|thankful|lucky|relieved)\b"
    ),
    _rx(r"\b(?:a bit of a |being a |such a )(?:baby|crybaby|cry baby|wimp)\b|\bcry ?baby\b"),
    _rx(
        r"\b(?:it'?s|its|it is|this is|that'?s)\s+(?:just|only)\s+(?:a|an)\s+(?:breakup|job|dog|cat|phone call|exam|"
        r"test|bad day|comment|text|call|crush|game|grade)\b"
    ),
    _rx(r"\bstop thinking (?:you are|you're|ur) (?:ill|sick)\b|\bword is used too much\b"),
    _rx(
        r"\b(?:stop|quit|quite|no more|enough)\s+(?:the\s+)?(?:being (?:so )?(?:dramatic|sensitive|embarrassed|scared|"
        r"weak|a baby)|making (?:drama|it about|a (?:big )?(?:deal|tragedy|thing))|crying|greetin|complaining|moaning|"
        r"whining|worrying|wallowing|moping|sulking|feeling sorry|chasing|the drama|di drama|drama|flinching|"
        r"romanticising|replaying|letting yourself|laying there|sitting (?:by|in|there|around)|overthinking|"
        r"dwelling|hiding behind|being (?:so )?\w+ about)"
    ),
    _rx(r"\b(?:feeling|feelin|feel) sorry for (?:yourself|urself|yuhself)\b"),
    _rx(
        r"\b(?:no sense|no point|no use) (?:in )?crying\b|\bdon'?t (?:wanna|want to) hear it\b|\bless thinking of yourself\b"
    ),
    _rx(
        r"\b(?:you'?re|you are|your|ur|u r|u are|you)\s+(?:just\s+|being\s+|really\s+|so\s+|too\s+|a bit\s+|rather\s+|"
        r"little bit\s+|a little\s+|a tad\s+|kinda\s+|kind of\s+|pretty\s+)*(?:overreacting|over-?reacting|overthinking|over-?thinking|dramatic|too sensitive|so sensitive|"
        r"sulking|weak|mardy|imagining it|exaggerating|making (?:it|this|a|big)|making it sound|"
        r"expecting too much|choosing to stay|letting (?:those|them|it)|using \w+ as (?:an )?excuse|"
        r"making (?:this |it )?(?:bigger|worse|a tragedy)|give too much importance)"
    ),
    _rx(r"\b(?:you|u|ur|you'?re|youre)\b[^.!?\n]{0,20}\b(?:too(?: much)?|so) (?:dramatic|sensitive)\b"),
    _rx(
        r"\b(?:it'?s|its|is|it is|this is|that'?s) (?:not|nae|no|nothing|not a) (?:that deep|a real problem|real|a big deal|"
        r"a tragedy|burnout|grief)\b"
    ),
    _rx(r"\bnot a real (?:problem|illness|depression|thing)\b|\bnot real depression\b"),
    _rx(
        r"\b(?:others|other people|many people|lots of people|plenty of people|people|ppl|theres? people|many women|"
        r"many|some people)\b[^.!?\n]{0,20}\b(?:have it|had it|got it)?\s*(?:much |way |far )?(?:worse|harder)\b"
    ),
    _rx(
        r"(?:^|\b(?:just|you should|you must|should|and)\s+)(?:be|feel) (?:more )?(?:grateful|thankful|happy you|proud, not)\b"
    ),
    _rx(
        r"\b(?:man up|toughen up|pull yourself together|grow up|grow a thicker skin|suck it up|deal with it|"
        r"get on with it|snap out of it|harden up|cannae hack|can'?t hack|real men)\b"
    ),
    _rx(r"\b(?:is|are) (?:a|kind of a|just a) choice\b"),
    _rx(r"\b(?:it'?s|its|it is|that'?s|thats|all|just|only)\s+(?:all\s+|just\s+|only\s+)?(?:in|inside) your head\b"),
    _rx(r"\b(?:you|u) (?:just )?imagine it\b"),
    _rx(
        r"\b(?:you|u) (?:shouldn'?t|should not|shouldnt|don'?t get to|do not get to|dont really get to) "
        r"(?:be |feel |complain|cry|be crying|be greetin)"
    ),
    _rx(r"\bno reason to (?:feel|be sad|cry|complain)\b|\bnot (?:really )?justified\b"),
    _rx(
        r"\b(?:crying|complaining|grief|loneliness|sadness|depression|anxiety|panic)\b[^.!?\n]{0,15}\b(?:is|are) "
        r"(?:weak|a choice|in your head|for people who|nothing)\b"
    ),
    _rx(r"\bstrong people (?:do not|don'?t) \w+|\bcrying is weak\b|\byou are weak\b"),
    _rx(
        r"\b(?:that'?s|thats|it'?s|its) (?:kind of |kinda |a bit |all )?(?:on you|your (?:own )?fault)\b|\byou chose (?:this|it)\b|\byou chose!|"
        r"\byou have chosen\b|\bwhat did you expect\b"
    ),
    _rx(r"(?:^|\b(?:just|gotta|got to|need to|should|must|time to)\s+)(?:let it go|move on)\b"),
    _rx(
        r"\b(?:stay(?:ing)? a victim|play(?:ing)? the victim|as (?:an )?excuse|(?:you'?re|you are|ur|such) (?:a |such a )?drama queen|di drama|snowflake)\b"
    ),
    _rx(r"\b(?:not|isn'?t|ain'?t|aint|no) (?:a )?(?:sickness|real)\b(?! word)"),
    _rx(r"(?<!if )\bthat'?s (?:a bit much|life)\b|\bit'?s life\b|\bthis is life\b"),
    _rx(
        r"(?:^|[,;:—-]\s*|\b(?:so|and|then|now|pls|please|idk|tbh|honestly|ok|okay|look|listen|seriously|lol|"
        r"you should|you need to|you gotta|u should|u need to)\s+)"
        r"(?:just|simply) (?:stop|be happy|smile|decide|laugh|keep busy|get out more)\b"
    ),
    _rx(r"\bnobody (?:will respect|is hiring|owes|needs to hear|cares)\b"),
    _rx(r"\b(?:feelings aren'?t facts|it'?s all in your head|you'?re not hurt|lean on pills|too much time to think)\b"),
    _rx(
        r"(?<!will )(?<!'ll )(?<!only )(?<!would )(?<!could )(?<!can )(?<!might )(?<!may )(?<!to )"
        r"\b(?:making|make|makin)\s+(?:it|this|a|big|too much)\b[^.!?\n]{0,25}\b(?:tragedy|bigger|worse|too much|from small|"
        r"of this|of it|about you)\b"
    ),
    # ... but "don't be so hard on yourself" is kindness.
    _rx(
        r"\b(?:do not|don'?t) (?:be )?(?:so|take it so)\b\s*(?:hard|sensitive|dramatic)\b(?! on (?:yourself|urself|yuhself))"
    ),
    _rx(
        r"\b(?:you|u)\s+(?:just\s+)?(?:need|have|gotta|got to|must) (?:to )?(?:accept it|stop|quit|be strong|"
        r"grow|choose to be happy|let it go|move on)\b"
    ),
    _rx(r"\bcompare to many\b|\bsmall compare\b|\byour problem is small\b"),
    # The feeling itself called excessive: "three weeks crying for a dog is too much", "grieving a therapist is a bit
    # much" (not "that's a lot to carry", which is kindness).
    _rx(
        r"\b(?:crying|cry|grieving|grief|mourning|resenting|worrying|stressing|panicking|moping|missing \w+|"
        r"being (?:this |so )?(?:upset|sad|scared|anxious))\b[^.!?\n]{0,40}\b(?:is|'s|are|was) (?:a bit much|too much|"
        r"a bit extra|excessive|over the top|overkill|a lot when)(?! for (?:anybody|anyone|any(?:one|body) person|one person))"
    ),
    _rx(
        r"\b(?:worked up|upset|crying|cry|giving out|fuss(?:ing)?|drama|moaning)\s+"
        r"(?:over|about|for)\s+nothing\b|\bnon-?problem\b"
    ),
    _rx(r"\b(?:you|u|ya)(?:'ve| have| got|'ve got| have got)? (?:it|had it) (?:so |pretty |real |really )?easy\b"),
    _rx(r"\b(?:just |only )?an excuse\b(?! to)|\blooking for (?:an )?excuses?\b"),
    _rx(
        r"\b(?:should|ought to|must) (?:be|have been|have got|have gotten) (?:over|past) (?:it|this|that|him|her|them|"
        r"the \w+)|\b(?:you(?:'re| are)?|u|that'?s you|this is you) (?:just )?choosing to (?:feel|dwell|be|stay|suffer|wallow)"
    ),
    _rx(
        r"\b(?:this|that)(?:'s| is) (?:just )?you being (?:so |too |a bit |a little )?(?:soft|dramatic|silly|lazy|weak|"
        r"sensitive|selfish|needy|childish|a baby|difficult|ungrateful)\b(?!-)"
    ),
    _rx(r"\bjust (?:crack|get|carry|go) on with (?:your|ur|yer) life\b|\bcontinue (?:your|ur) life\b"),
    # Telling them to buck up, or that it has lasted long enough: "a bit of backbone", "a week on the sofa is enough now".
    _rx(
        r"\b(?:shake it off|(?:a )?(?:wee )?bit of (?:backbone|perspective)|some (?:backbone|perspective)|"
        r"comfort blanket|nature'?s way|(?:push through|get on with it|deal with it|cope) like the rest of us)\b|"
        r"(?<!there)\b(?:is|'s|are) (?:enough|long enough) now\b|\bnot (?:in )?the same league\b"
    ),
    _rx(
        r"\bnothing to (?:be )?(?:greetin'?|greeting|crying|cry|upset|sad) (?:about|over)\b|"
        r"\breal troubles?\b|\b(?:don'?t|dont|do not) (?:really )?(?:understand|see|get) (?:the|what the|why this is a) "
        r"(?:big )?problem\b"
    ),
    _rx(
        r"\b(?:don'?t|dont|do not) think (?:you|u|it'?s|this is) (?:have |got )?(?:a )?(?:real|actual|proper|true) "
        r"(?:depression|anxiety|grief|trauma|ptsd|adhd|illness)\b|\b(?:bring|bringing|brought) (?:it|this) (?:on|pon) "
        r"(?:yourself|yuhself|urself)\b"
    ),
]
# The writer ranking their own pain above the reader's: said of themselves by nature, so the story veto below
# does not apply ("I never complained when my mum died", "my childhood was far worse").
_COMPARING_RULES = [
    _rx(
        r"\b(?:it|this|that|\d+ \w+|four months|three months|two years|six months|100 days)\s+(?:is|was|are)\s+"
        r"(?:too short\b[^.!?\n]{0,30}(?:compare|,|\.|$|nothing)|nothing\b[^.!?\n]{0,40}\b(?:compare|i see|patients|"
        r"others|real|try|i had|i have|i work))|\bfeel it was nothing\b"
    ),
    _rx(
        r"\b(?:i|we) (?:never|did not|didn'?t)\b[^.!?\n]{0,40}\b(?:complain|cry|moan|behave like this|felt sorry|"
        r"needed|took a pill)"
    ),
    _rx(
        r"\b(?:my|mine|our)\s+(?:\w+\s+)?(?:pain|situation|loss|life|grief|childhood|problems?)\s+(?:was|is|were)\s+(?:way |much |far )?"
        r"(?:worse|harder)\b"
    ),
]
# A sentence of the writer's own story, with no word to the reader, dismisses nobody: "Nobody asked if I slept",
# "she told me to get on with it", "this is killing me because I went through the same".
_OWN_STORY_SENTENCE = _rx(r"\b(?:i|i'?m|im|i'?ve|i'?d|i'?ll|me|myself)\b")
_TO_THE_READER = _rx(r"\b(?:you|you'?re|youre|your|yours|yourself|u|ur|ya|ye|yer|yuh)\b")
# Invalidation reported or quoted, not said: "anyone telling you to 'just get over it'", "my dad used to say man up".
_REPORTED = _rx(
    r"\b(?:tell|told|tells|telling|say|says|said|saying|called|calls|calling|call|used to|who|whoever|anyone|"
    r"anybody|don'?t listen|ignore|screw|heard|hear|made me feel|idea that|look(?:s|ed|ing)? at (?:you|u) like|treat(?:s|ed)? (?:you|u) like|expectation that|pressure to|felt like|feels like|feel like|seems like|"
    r"(?:people|ppl|they|others|everyone|"
    r"everybody) (?:think|thinks|thought|believe|act like|acts like|who))\b[^.!?\n]{0,35}$"
)
_INVALIDATING_SAFE = _rx(
    r"\b(?:not|never|isn'?t|aren'?t|doesn'?t|does not|don'?t|didn'?t|won'?t|wasn'?t|couldn'?t|can'?t|cannot|"
    r"doesnae|disnae|dinnae|isnae|wasnae|cannae|pretend(?:ing)?|"
    r"wouldn'?t|whether|nobody should|no one should|"
    r"anybody telling you|not saying|not gonna pretend|hardly|no)\b[^.!?\n]{0,25}$"
)


def _quoted(sentence: str, at: int) -> bool:
    """Inside quotation marks ("...", '...', “...”): words quoted, not said to the reader."""
    before = sentence[:at]
    return (
        before.count('"') % 2 == 1
        or before.count("“") > before.count("”")
        or bool(re.search(r"(?:^|\s)'[^']*$", before))
    )


def _invalidating(text: str) -> bool:
    for sentence in _sentences(text):
        own_story = bool(_OWN_STORY_SENTENCE.search(sentence)) and not _TO_THE_READER.search(sentence)
        for rule in _COMPARING_RULES if own_story else _INVALIDATING_RULES + _COMPARING_RULES:
            match = rule.search(sentence)
            if match is None:
                continue
            before = sentence[: match.start()]
            if _INVALIDATING_SAFE.search(before) or _REPORTED.search(before) or _quoted(sentence, match.start()):
                continue
            return True
    return False


# --- sentences ---------------------------------------------------------------------------------------------------
_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+|\.\.\.+")


def _sentences(text: str, *, window: bool = False) -> list[str]:
    parts = [part.strip() for part in _SPLIT.split(text) if part and part.strip()]
    if not window:
        return parts
    # A promise often spans two short sentences ("It will get better. I promise.").
    return parts + [f"{a} {b}" for a, b in zip(parts, parts[1:], strict=False)]


_DETECTORS = (
    ("contact", _contact),
    ("medical_advice", _medical),
    ("promise", _promise),
    ("invalidating", _invalidating),
)


# The word model only adds a kind when the draft holds what that kind is about: a medicine or a condition, a
# number, handle or platform, words to "you" (a promise or a judgement is made to someone). It reads wording
# well, but on text unlike its examples it can be sure of a kind the draft plainly cannot be.
# A short draft is left to the rules: in the labeled set the short replies are mostly the blunt ones, so the model
# takes shortness itself for a sign ("Your kids are lucky you care this much.").
MODEL_MIN_WORDS = 15
_YOU = _rx(r"\b(?:you|you'?re|your|yourself|u|ur|ya|ye|yer)\b")
_CONTACT_ANCHOR = _rx(r"\d{3}|@\w|\b" + _PLATFORM + r"\b|\b(?:number|handle|dm|pm|text me|call me|ring me)\b")
_MODEL_ANCHORS = {
    "invalidating": _YOU.search,
    "promise": _YOU.search,
    # ... and not a pointer to their own doctor about a medicine nobody named ("ask your GP whether the dose is right").
    "medical_advice": lambda text: bool(
        (_MED_WORD.search(text) or _CONDITION_WORD.search(text))
        and not (_MEDICAL_SAFE.search(text) and not _STRONG_WORD.search(text))
    ),
    "contact": _CONTACT_ANCHOR.search,
}


def without_quotes(text: str) -> str:
    """The draft without lines quoted from what it answers ("> ...", as "Quote a sentence" writes them): someone
    else's words, never nudged."""
    return "\n".join(line for line in (text or "").splitlines() if not line.lstrip().startswith(">"))


def rule_kinds(text: str) -> list[str]:
    """The kinds the rules read in a draft (quotes already left out), in the order the nudge names them."""
    text = _normalize(text)
    if not text.strip():
        return []
    return [kind for kind, detect in _DETECTORS if detect(text)]


def draft_kinds(text: str, model: dict | None = None) -> list[str]:
    """Every kind the draft reads as, in the order the nudge names them: the rules' kinds (contact first: it
    protects a person), then any the word model adds (nudges.model; `model` replaces the shipped weights, for
    nudges.train), most probable first."""
    text = without_quotes(text)
    kinds = rule_kinds(text)
    if not text.strip():
        return kinds
    text = _normalize(text)
    if len(text.split()) < MODEL_MIN_WORDS:
        return kinds
    return kinds + [kind for kind in model_kinds(text, model) if kind not in kinds and _MODEL_ANCHORS[kind](text)]


def draft_nudge(text: str) -> Nudge | None:
    """The one nudge a draft gets, or None. Pure: no ORM, no network; the crisis check is the caller's."""
    kinds = draft_kinds(text)
    if not kinds:
        return None
    return Nudge(kind=kinds[0], sentence=SENTENCES[kinds[0]])
