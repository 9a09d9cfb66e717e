"""The rule lexicon of the built-in care classifier: patterns, weights and the checks each match must pass.

Patterns run on a folded, de-obfuscated view of the text (lowercase, straight quotes, leetspeak read as letters,
letter runs shortened to two), except where a rule names another view. Each rule is
(category, name, weight, pattern, tags); tags say which context checks a match must survive:

  P  past/recovery: dropped when its sentence talks about the past ("used to", "three years clean")
     and nothing there says it is happening again or now.
  G  general or supportive talk: dropped in a sentence addressed to others ("if anyone feels ...").
  L  laughter: dropped when its sentence laughs ("lol", "😂"), the sign of an idiom.
  N  negation: dropped right after "not", "never", "don't" ...
  M  (crisis) a plan, means, method or timing: makes a crisis flag "high".
  R  reported speech: dropped after "told me", "called me", "said" (someone else's words, not an attack).
  S  self-talk: dropped when the writer says it about themselves ("I feel so pathetic").
  Y  about someone else: dropped when the last subject before it is "you", "they", "someone" ...
  I  imperative: dropped after "can't", "to", "I" ... ("I can't stop crying" is no order to stop).
  T  aimed: dropped in a sentence about the writer or a third person with no "you" in it.
  F  first person: dropped unless the sentence has "I", "me" or "my" in it.
"""

# ruff: noqa: E501  (a pattern reads best on one line; splitting alternations hides their structure)

import re

# ---------------------------------------------------------------------------------------------------------------
# Shared fragments
# ---------------------------------------------------------------------------------------------------------------
_W = r"(?:[\w'*]+\s+)"  # one word and its space, for small gaps
_INTENS = r"(?:(?:so|really|very|completely|totally|utterly|just|incredibly|pretty|deeply|quite|kind of|kinda|a bit|extremely|super|honestly|genuinely|literally|constantly|always|still|more|even|fucking|bloody)\s+)*"
_ME = r"(?:i|i'm|im|i am|i've|ive|i'd|id|i'll|ill|me|my|myself)"
_SUICIDE = r"(?:sui[ -]cide|s[u*]{1,2}[i*]?[c*s][i*]?[d*][e*]|sewer ?slide|su[i*]cide|suic[i*]d[e*]|s\*+cide|s\*+icide)"
_SUICIDAL = r"(?:s[u*][i*]?[c*s][i*]?[d*][a*]l|sewer ?slidal|suic[i*]d[a*]l)"
_KILL_MYSELF = r"(?:k[i*]ll?\s*m[y*]\s*s[e*]lf|kil+ myself|kil+ meself|off myself|end myself|unalive(?: myself)?|kms|k\s*m\s*s|ctb)"
_END_LIFE = (
    r"(?:end (?:it all|it al|it|things|everything|my life|my own life|this life|myself)|take my (?:own )?life"
    r"|end it all|end my suffering|stop my heart|end the pain for good)"
)
_DIE = r"(?:die|di+e+|be dead|be gone|stop living|not be around|not exist|stop existing|not be alive|not be here|disappear forever|disappear for good)"
_PILLS = (
    r"(?:pills?|tablets?|meds|medication|medicine|painkillers|paracetamol|tylenol|sleeping pills|sleeping tablets|prescriptions?|insulin"
    r"|antidepressants|sertraline|citalopram|fluoxetine|mirtazapine|amitriptyline|propranolol|lithium|quetiapine|zopiclone|co-?codamol"
    r"|ibuprofen|aspirin|oxy|codeine|tramadol|benzos|diazepam|valium|xanax|opioids|morphine)"
)
_KIN = (
    r"(?:friend|mate|best friend|bestie|sister|brother|mum|mom|mother|dad|father|partner|husband|wife|boyfriend"
    r"|girlfriend|bf|gf|son|daughter|flatmate|roommate|housemate|cousin|colleague|uncle|aunt|nan|grandad|kid)"
)
_PLACES_OF_HARM = r"(?:roof|ledge|edge|bridge|railings?|cliffs?|cliff edge|balcony|tracks|parapet|overpass|top floor)"
_INSULT = (
    r"(?:pathetic|a loser|loser|an idiot|idiot|a moron|moron|a joke|joke|a clown|clown|a liar|liar|fake|a fake|a fraud"
    r"|fraud|drama queen|a drama queen|an attention seeker|attention seek\w*|attention whore|a snowflake|snowflake"
    r"|a cry ?baby|cry ?baby|a baby|spoil(?:ed|t)|lazy|weak|selfish|self[- ]?(?:absorbed|obsessed|centred|centered)"
    r"|entitled|a narcissist|narcissistic|toxic|embarrassing|an embarrassment|ridiculous|insufferable|unbearable"
    r"|annoying|exhausting|delusional|crazy|a psycho|psycho|nuts|a nutcase|unhinged|a mess|disgusting|worthless"
    r"|useless|a waste of (?:space|air|time)|a burden|the problem|a walking red flag|a red flag|stupid|dumb|ugly"
    r"|boring|needy|clingy|dramatic|overreacting|too sensitive|spineless|a coward|cringe|cringey|a disgrace"
    r"|a disappointment|a lost cause|beyond help|way too much|far too much|too much|the worst|vile|trash|garbage"
    r"|scum|a failure|manipulative|faking(?: it)?|making it up|full of (?:it|yourself|shit)|a hypocrite|a nobody"
    r"|a freak|freak|creepy|an? (?:terrible|awful|horrible|bad|shit|crap|toxic|selfish|fake|lousy|rubbish|useless|pathetic) (?:friend|person|mother|mum|mom|father|dad|parent|partner|human|human being|daughter|son|wife|husband|girlfriend|boyfriend|sister|brother)|childish|immature|fragile"
    r"|thick|a headcase|hard work|too much work|high maintenance|a brat|brat|(?:an? )?(?:whiny|whingy|spoilt|spoiled|entitled|selfish|pathetic|ungrateful) (?:brat|child|baby|cow|git|kid|princess|snowflake|little \w+)|a misery guts|misery guts|a killjoy|a wet blanket|a leech|a parasite|a drain|draining|a downer|a waste of oxygen|so unlikeable|unlikeable|unlikable|the reason (?:they|he|she|people) left|as pathetic as|so fake|mental|insane|a nightmare"
    r"|a narc|a sad little|miserable to be around|hard to love|unlovable|impossible to like)"
)
SAFETY_STATEMENT = (
    r"(?:i'?m not (?:going to|gonna|about to) (?:do anything|hurt myself|act on|kill myself|do it|do something)"
    r"|i'?m (?:safe|not in danger|not suicidal|not in crisis|not going anywhere)"
    r"|not in (?:any )?(?:danger|crisis)|not (?:a )?dangerous|not dangerous bad|i promise i'?m (?:safe|ok|okay)"
    r"|i won'?t (?:do anything|act on|hurt myself)|no plans? to (?:act|do|hurt)|i would never (?:act|do)"
    r"|don'?t worry,? i'?m (?:not|ok|okay|safe|fine)|i'?m not going to do anything|i'?m safe right now"
    r"|i'?m not going to act on)"
)

# ---------------------------------------------------------------------------------------------------------------
# Context markers (sentence or text level)
# ---------------------------------------------------------------------------------------------------------------
PAST = re.compile(
    r"\b(?:used to|use to|there was a time|it passed|that passed|(?:it|things) got better|years? ago|months? ago|weeks? ago|a while ago|back then|back when|\bat (?:the age of )?(?:1\d|2\d|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)\b|back in (?:school|uni|college|the day|my teens|20\d\d|19\d\d)|at the time|at first|when i was"
    r"|at my (?:lowest|worst)|(?:in|of|through|during) my (?:teens|twenties|thirties|20s|30s|youth|childhood|school days|uni days)|as a (?:teen|teenager|kid|child)"
    r"|(?:days?|weeks?|months?|years?) (?:clean|free|sober|without)|(?:clean|free|sober) (?:for|since)"
    r"|(?:harm|self[- ]?harm|sh|cut|cutting)[- ]free|since my last|in recovery|recovered|recovering|my recovery|recovery (?:started|began)|survived|survivor"
    r"|(?:the|my) (?:old|former|younger) (?:me|self)|no longer|now i'?m|i'?m \d+ now|these days i|i'?m doing (?:much |so |a lot )?better"
    r"|so glad (?:i|she|he|they) (?:stayed|didn'?t|'?m still|am still)|i told my (?:gp|doctor|therapist) instead"
    r"|changed everything|got help|first year|anniversary|haven'?t (?:hurt|harmed|cut|burned) myself|i'?m so proud"
    r"|the person i was|(?:the )?old me|new me|would have (?:hurt|cut|harmed|done|taken|ended)|once(?=\s*[.,!?;]|\s*$)|peer supporter|got through it|was in hospital|was in the psych|i once"
    r"|\d+ (?:days?|weeks?|months?|years?) (?:since|ago|clean|free|today)|(?:one|two|three|four|five|six|seven|eight|nine|ten|eighteen|twelve) (?:days?|weeks?|months?|years?) (?:since|ago|clean|free|now|today))\b"
)
RECENT = re.compile(
    r"\b(?:tonight|(?<!ago )today|right now|just now|last night|this (?:morning|evening|afternoon|week)|earlier|again"
    r"|yesterday|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|currently|at the moment"
    r"|these past|lately|won'?t stop|wish i hadn'?t|anymore|keep|keeps|still want|still think)\b"
)
GENERIC = re.compile(
    r"(?:\bif (?:anyone|anybody|someone|somebody|they|they'?re|he|she|a friend|a loved one)\b|\bif (?:you|u|your)(?:'re| are)? (?:ever |also |too |really |currently |now )?(?:feel|struggl|hav|think|need|want|find|notice|see|in |going through|worried|can|start|get|reading|ever|a|friend|loved|kid|partner|child)"
    r"|\banyone (?:here )?who\b|\bpeople who (?:are|feel|struggle|have|self|think|want|suffer|experience|live|say|need)\b|\bsomeone who\b|\bthose who\b|\bwhen (?:someone|people|you)\b"
    r"|\bfor (?:anyone|anybody|those|people|everyone) (?:who|struggling|going through|out there|reading|in|feeling|that|else)\b|\byou don'?t have to be\b|\bhow (?:do|can|did|should) (?:you|i|we) (?:help|support|talk|ask|tell|spot)"
    r"|\bwhat helped\b|\bwarning signs?\b|\bsigns of\b|\bis it (?:ok|okay|normal|weird|wrong) to\b|\bare you (?:safe|okay|ok|thinking)"
    r"|\b(?:call|text|ring|phone|contact) (?:988|116|999|911|112|111|741741|85258|a helpline|the helpline|samaritans|a crisis line|the crisis line|crisis text|emergency)"
    r"|\bcrisis (?:line|text line)|\bhelplines?\b|\bsupporting (?:a|my|someone)|\bawareness\b|\bstigma\b"
    r"|\bstatistics?\b|\bresearch\b|\bdocumentary\b|\barticle\b|\bbook about\b|\blyrics?\b|\bthe song\b|\bnovel\b|\b(?:the|my|this) character\b|\bin the game\b|\bassignment\b|\bessay\b|\bpodcast\b|\bthe (?:film|movie|episode|show)\b|\bworried about (?:my|a) \w+\b|\bask (?:someone|them|him|her)\b"
    r"|\bthe illness\b|\b(?:are|is) (?:a |an )?(?:symptom|treatable|not a character|part of (?:the|an) illness|more common than)\b|\bnot a character flaw\b|\bsomeone you trust\b|\btalk to someone\b|\bthe depression (?:talking|lying)|\bis lying to you|\bthat'?s the (?:depression|illness)|\bwe want you here|\bplease (?:tell|reach out to|talk to) (?:someone|somebody|a friend|your gp)"
    r"|\bplease (?:stay|call|reach|talk|don'?t (?:do|hurt|give|go|leave|act))|^\s*feeling \w+ (?:is|can be)\b|\bis (?:so |really |totally )?normal\b|\bit'?s (?:so |really |totally )?normal\b|\bbe gentle with yourself\b|\bit'?s (?:ok|okay) to (?:feel|not)\b|\bsomeone (?:at risk|who is at risk)|\bat risk\b|\bgo very calm|\bstart giving)"
)
LAUGH = re.compile(
    r"(?:\blol+\b|\blmf?ao+\b|\brofl\b|\bha(?:ha)+h?\b|\bhehe+\b|\bjk\b|(?<!not )(?<!n't )\bjoking\b|😂|🤣|💀|😅|😆|😹|🥵|🙈"
    r"|\bin a (?:fun|good|funny) way\b|\bfrom laughing\b|\blaughing\b|\bcry(?:ing)? laughing\b|(?<!not )(?<!n't )\bkidding\b)"
)
NEGATION_BEFORE = re.compile(
    r"(?:\bnot|\bnever|\b(?:don|doesn|didn|won|wouldn|isn|aren|wasn|weren|haven|hasn|hadn|shouldn|ain)'?t|\bdont|\bno longer|\bnobody"
    r"|\bno one|\bnothing|\bwithout|\bnor|\bno)\s+(?:\w+\s+){0,2}$"
)
REPORTED_BEFORE = re.compile(
    r"(?:\btold me|\btells me|\btelling me|\bcalled me|\bcalls me|\bcall me|\bsaid|\bsays|\b(?:who|people|others|someone|anyone|they) say|\bsaying|\bwrote|\bpeople think"
    r"|\bthey think|\bhe thinks|\bshe thinks|\byelled|\bshouted|\bmade me feel|\bscreamed|\bused to say|\bwould say"
    r"|\bwhoever said|\bignore|\bdon'?t listen to|\banyone who says|\bif someone says|\bheard|\bi hate when people say"
    r"|\bisn'?t true|\bdon'?t let (?:anyone|anybody|them|people|him|her|it)|\btell you\b|\bnobody thinks|\bno one thinks|\bdoesn'?t mean|\bdoes not mean|\bnot because)[^.!?]{0,40}$"
)
SELF_BEFORE = re.compile(
    r"(?:\bi\b|\bi'?m\b|\bim\b|\bi feel\b|\bfeel(?:ing)?\b|\bme\b|\bmyself\b|\bi am\b|\bi was\b|\bi felt\b)[^.!?]{0,25}$"
)
YOU = re.compile(r"\b(?:you|you'?re|your|u|ur|sounds|they|she|he|them|her|his)\b")
FIRST_PERSON = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|i'?ll|me|my|myself|mine)\b")
RETURNING = re.compile(
    r"\b(?:be back|back (?:on|by|next|in|after|soon|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|home on)|see you (?:all )?(?:soon|next|tomorrow|then|later|after|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the \d+)|in (?:january|february|march|april|may|june|july|august|september|october|november|december|the morning|the new year|a (?:bit|while|week|few|couple)|\d+))"
    r"|catch (?:you|up) (?:soon|later|next)|holiday|vacation|camping|no signal|appointment|visiting|trip|travelling|traveling|moving house|new job|festival|exams?|break from)\b"
)
COPING = re.compile(
    r"\b(?:felt good|feels? good|feel lighter|feeling (?:better|lighter)|doing (?:much |a lot |so )?better|worth it"
    r"|in a (?:fun|good|cosy|cozy|nice) (?:way|kind of way)|cosy|cozy|turned (?:the|my) day around|made my day"
    r"|i'?ll (?:talk to|be fine|be okay|be ok|get through|manage)|small win|got through|proud of myself|grateful"
    r"|but (?:honestly )?it (?:helped|helps|was (?:good|useful|worth))|it was worth|at least|was useful|a good day"
    r"|nothing dramatic|not a big deal|time to (?:look|find|move|start|get)|it'?s helping|is helping|helps a lot|joined a|but i will be|i will be (?:ok|okay|fine)|proud (?:that )?i|kept going|hope tomorrow'?s better|hope (?:it|things|tomorrow) (?:gets?|is) (?:better|easier|kinder)|sending (?:love|hugs|strength)|but it'?s fine|the good kind|good tired|in a good way|changed everything|feeling much better|much better now|try again tomorrow|bed is calling|i'?m okay now|i'?m fine now|much better now|helped a lot|so kind|laughed)\b"
)

# Plain good feeling ("so fun", "it was beautiful", "can't wait"): word statistics alone must not call such a text a
# crisis. Calm words that also come with a decision to die ("peace", "relief", "free") are deliberately absent.
GOOD_FEELING = re.compile(
    r"(?<!not )(?<!n't )\b(?:so (?:fun|good|happy|excited|nice|lovely|proud)|fun|funny|lovely|beautiful|gorgeous|amazing|brilliant"
    r"|awesome|great|excited|exciting|can'?t wait(?! to (?:die|be dead|go|be gone))|love (?:it|this|that|them|him|her)|loved it|enjoy(?:ed|ing)?|bliss|delicious"
    r"|yay|woo+|hooray|congrats|congratulations|thrilled|stoked|wish me luck|hope it helps|helps|helped|worth it"
    r"|honestly (?:been )?fine|been fine|recommend|haha+|lol|lmao)\b|[😂🤣😊😁😄😀🥳🎉☺🙂😍🥰]"
)
# ---------------------------------------------------------------------------------------------------------------
# Rules: (category, name, weight, pattern, tags)
# ---------------------------------------------------------------------------------------------------------------
CRISIS = [
    # Explicit wishes and intentions, present tense.
    (
        "crisis",
        "want_to_die",
        0.85,
        rf"\b(?:want|wanna|wanted|wish|wishing|need|needing|ready|tempted|planning|plan|trying not|want so badly|just want|longing)"
        rf"\s+(?:to\s+|2\s+)?(?:just\W+|really\W+|finally\W+|honestly\W+|simply\W+|actually\W+|go and\s+|quietly\s+|literally\s+)*{_DIE}\b",
        "PGLNY",
    ),
    (
        "crisis",
        "going_to_die",
        0.45,
        r"\b(?:going|gonna|about) to (?:die|be dead)\b(?!\s+(?:of|on|from|laughing|if|when|in|at|before|lol|alone|without|doing|trying|waiting))",
        "PGLNY",
    ),
    ("crisis", "kill_myself", 0.85, rf"\b{_KILL_MYSELF}\b", "PGLN"),
    (
        "crisis",
        "run_together",
        0.8,
        r"(?:wanttodie|wannadie|wanttodi|killmyself|endmylife|enditall|hurtmyself|cutmyself|harmmyself|unalivemyself|nottobehere|sleepforever|takemylife)",
        "",
    ),
    (
        "crisis",
        "end_my_life",
        0.8,
        rf"\b(?:want|wanna|going|gonna|ready|planning|plan|decided|decide|about|tempted|thinking (?:about|of)|think about|need|have|'?ll|will|to)"
        rf"\s+(?:to\s+)?(?:just\s+|finally\s+|really\s+)*{_END_LIFE}\b(?!\s+(?:with|between) )",
        "PGLN",
    ),
    (
        "crisis",
        "end_it_now",
        0.8,
        r"\b(?:end(?:ing)? it|do(?:ing)? it|end(?:ing)? things|end(?:ing)? everything)\s+(?:all\s+)?(?:tonight|today|now|this (?:week|weekend)|soon|tomorrow)\b",
        "PGLNM",
    ),
    (
        "crisis",
        "wish_dead",
        0.85,
        r"\bwish(?:ed|ing)? i(?:'d| had)? never been born\b|\bwish(?:ed|ing)? (?:that )?i (?:was|were|wasn'?t|weren'?t|didn'?t|did not|could|hadn'?t|had never|would|never)\s+(?:just\s+)?"
        r"(?:dead|gone|never born|born|exist|alive|here|around|disappear|die|stop existing|fall asleep and|be gone|woken up|woke up|survived|wake up)\b",
        "PGN",
    ),
    (
        "crisis",
        "not_wake_up",
        0.85,
        r"\b(?:sleep|go to sleep|fall asleep|close my eyes|nap|lie down)\s+and\s+(?:just\s+)?(?:never|not)\s+(?:wake|open|get)\b"
        r"|\b(?:hope|wish|pray|praying)\s+i\s+(?:don'?t|never|won'?t)\s+wake\s+up\b|\bnot (?:to )?wake up (?:tomorrow|again|ever)\b"
        r"|\b(?:never|not) wake up\b(?!\s+(?:early|late|on time|in time|before))|\bstay asleep(?:\s+forever)?\b(?!\s+(?:through|past|until|till|for (?:more|longer)))|\bnever have to wake up\b",
        "PGLN",
    ),
    (
        "crisis",
        "sleep_forever",
        0.8,
        r"\b(?:sleep forever|forever sleep|eternal sleep|permanent sleep|sleep for good|sleep and not come back)\b",
        "PGL",
    ),
    (
        "crisis",
        "suicidal_self",
        0.85,
        rf"\b(?:i'?m|im|i am|i feel|i'?ve been|feeling|felt|been|getting|so|very|really|actively|passively|pretty|quite|kinda|kind of)\s+(?:(?!not\b|never\b|no\b)\w+\s+)?{_SUICIDAL}\b",
        "PGN",
    ),
    (
        "crisis",
        "suicidal_thoughts",
        0.75,
        rf"\b(?:{_SUICIDAL}|{_SUICIDE}(?:al)?)\s+(?:thoughts?|ideation|urges?|feelings?|thinking|plan|note|attempt)\b"
        rf"(?!\s+(?:are common|is common|can|in general|awareness))",
        "PGN",
    ),
    (
        "crisis",
        "suicide_in_head",
        0.75,
        rf"\b{_SUICIDE}\b[^.!?]{{0,30}}\b(?:keeps?|in my head|on my mind|popping|the answer|the only|back|again|calling|feels like|all i (?:can )?think about|all i think about)",
        "PGN",
    ),
    (
        "crisis",
        "think_about_suicide",
        0.7,
        rf"\b(?:i|i'?ve|ive|i'?m|im|been|keep|can'?t stop|always)\s+(?:\w+\s+){{0,2}}(?:thinking|think|thought)\s+(?:about|of|bout)\s+(?:{_SUICIDE}|killing myself|ending it|ending my life|dying|death|jumping|overdosing)\b",
        "PGN",
    ),
    (
        "crisis",
        "suicidal_bare",
        0.55,
        rf"\b{_SUICIDAL}\b(?!\s+(?:people|person|friend|patients?|clients?|ideation is|thoughts are common))",
        "PGLNY",
    ),
    (
        "crisis",
        "suicidal_again",
        0.8,
        rf"\b{_SUICIDAL}\s+(?:again|tonight|today|rn|right now|lately|af|as hell|as fuck|all (?:day|week|the time)|every (?:day|night))\b",
        "PGLN",
    ),
    ("crisis", "suicide_word", 0.35, rf"\b(?:{_SUICIDE}|{_SUICIDAL})\b", "PGLN"),
    (
        "crisis",
        "unalive",
        0.75,
        r"\b(?:unalive|unaliving|self[- ]?delete|delete myself|log off for good|off myself|sewer ?slide)\b",
        "PGLN",
    ),
    (
        "crisis",
        "want_out",
        0.6,
        r"\b(?:i|just|i just|really)\s+want(?:s)?\s+out\b(?!\s+(?:of|from|there|more))|\bproperly out\b|\bout for good\b",
        "PGL",
    ),
    (
        "crisis",
        "dont_want_to_live",
        0.8,
        r"\b(?:don'?t|do not|dont|no longer)\s+(?:really\s+|even\s+)?(?:want|wanna|wish)\s+to\s+(?:live|exist|be alive|be here anymore|be here any more|wake up|keep living|go on|be around anymore|carry on|be on this earth|be on this planet|be in this world|be alive anymore)\b",
        "PGL",
    ),
    (
        "crisis",
        "no_reason_to_live",
        0.8,
        r"\b(?:no|zero|not a single|nothing left|no more)\s+(?:reason|point|purpose)\s+(?:to|in|for)\s+(?:live|living|going on|being alive|being here|staying|carry on|carrying on|keep going|life)\b"
        r"|\bnothing (?:left )?to live for\b|\blife (?:is|feels) (?:pointless|meaningless|not worth it)\b|\b(?:life|living) (?:isn'?t|is not|ain'?t) worth\b|\bnot worth living\b"
        r"|\bwhat'?s the point (?:of|in) (?:living|being alive|going on|life|staying|carrying on|existing)\b"
        r"|\bno point (?:in )?(?:me )?(?:being here|being alive|living|staying|existing|carrying on)\b|\b(?:don'?t|can'?t|do not|cannot)\s+see\s+(?:the|any)\s+point\s+(?:in|of)\s+(?:staying alive|living|being alive|going on|carrying on|being here|life|waking up|existing)\b",
        "PGLN",
    ),
    (
        "crisis",
        "tired_of_living",
        0.75,
        r"\b(?:tired|sick|exhausted|done)[\s.,]+(?:of|with|from)[\s.,]+(?:living|being alive|existing|life|this life|it all|everything)\b(?:[\s.,]+forever)?|\bhad enough of (?:being alive|living|life|existing|this life)\b|\b(?:so )?over (?:being alive|living|life|existing)\b"
        r"|\b(?:not|no longer) (?:scared|afraid|frightened) of (?:dying|death|being dead)\b|\bi'?m ready to (?:die|end it|say goodbye)\b|\bi'?m ready to (?:go|leave)\s*(?:[.!]|$|now\b|tonight|forever|this world|for good)"
        r"|\bi know what i'?m (?:going to|gonna) do\b|\bthis is it for me\b|\bthis is the end(?: for me)?\b(?!\s+of (?:the|an?|my)\b)"
        r"|\bexisting (?:is|feels) (?:exhausting|unbearable|too much|pointless|painful)\b|\bexisting hurts\b",
        "PGLN",
    ),
    (
        "crisis",
        "cant_go_on",
        0.45,
        r"\b(?:can'?t|cannot|can not|don'?t think i can)\s+(?:go on|keep going|do this|take (?:it|this|much more)|carry on|cope)\s*(?:anymore|any more|any longer|much longer|like this)\b",
        "PGL",
    ),
    (
        "crisis",
        "cant_see_myself",
        0.75,
        r"\b(?:don'?t|can'?t|cannot|do not)\s+see\s+myself\s+(?:making it|being (?:here|alive|around)|surviving|lasting|getting (?:to|through)|living|growing old|getting old(?:er)?|reaching|seeing)\b"
        r"|\b(?:hurts|painful|unbearable) to (?:be alive|exist|keep living|wake up)\b|\b(?:don'?t|do not|dont) want to do (?:this|life|this life) (?:anymore|any more|any longer)\b",
        "PGL",
    ),
    (
        "crisis",
        "want_it_to_stop",
        0.55,
        r"\bwant(?:s)?\s+(?:it|everything|the pain|this|all of it|it all|the world|life|my life)\s+(?:to|2)\s+(?:stop|end|be over)\b(?:\s+for\s+(?:good|ever)|\s+forever|\s+permanently)?",
        "PGL",
    ),
    ("crisis", "stop_for_good", 0.8, r"\b(?:stop|end|over)[\s.,]+(?:for good|forever|permanently)\b", "PGLN"),
    # Being a burden; the world without them.
    (
        "crisis",
        "better_off_without_me",
        0.85,
        r"\b(?:better off|happier|relieved|fine|okay|ok|free|lighter|easier|better|simpler)\s+(?:\w+\s+){0,4}(?:without me|if i (?:was|were|wasn'?t|weren'?t|didn'?t|just|died|disappeared|left|stopped|went|was gone|were gone|wasn'?t here|weren'?t here|wasn'?t around|wasn'?t alive|wasn'?t in)"
        r"|if i (?:just )?(?:stopped|was|were) (?:being )?(?:around|here|alive|gone)|if i'?d never (?:been (?:here|born)|existed))|\bbetter off dead\b"
        r"|\b(?:i'?m|i am|im) (?:just )?(?:a )?(?:waste of (?:space|air)|better off dead)\b",
        "PG",
    ),
    (
        "crisis",
        "nobody_would_miss_me",
        0.8,
        r"\b(?:nobody|no one|noone|no-one|none of them|not a single person|who)\s+(?:would|will|'?d|is going to|gonna)\s+(?:even\s+|really\s+|actually\s+|ever\s+)?(?:miss me|care (?:if|when) i(?:'?m| was| were)? (?:gone|dead|died|disappeared|not here|wasn'?t here|wasn'?t around|left|went|killed)|come to my funeral|notice i'?m gone|cry|look for me|know i was gone|notice i was gone)\b"
        r"|\b(?:nobody|no one|noone|no-one)\s+(?:would|will|'?d)\s+(?:even\s+|really\s+)?notice (?:if|when|that) i(?:'?m| was| were)? (?:gone|dead|died|disappeared|not here|wasn'?t here|wasn'?t around|stopped existing|killed myself|left|went)\b"
        r"|\b(?:wouldn'?t|won'?t)\s+(?:even\s+|really\s+)?(?:miss me|notice i'?m gone|notice (?:if|when) i(?:'?m| was)? (?:gone|dead|died|not here))\b"
        r"|\bwouldn'?t (?:even )?hurt anyone if i\b",
        "PG",
    ),
    (
        "crisis",
        "if_i_was_gone",
        0.6,
        r"\bif i (?:just\s+)?(?:wasn'?t|weren'?t) (?:\w+\s+){0,2}(?:in the picture|in the way|in their lives|around anymore|here anymore|alive)\b|\bif i (?:just\s+)?(?:didn'?t exist|wasn'?t here|weren'?t here|was gone|were gone|disappeared|died|was dead|were dead|wasn'?t around|weren'?t around|went|wasn'?t alive|killed myself|ended it|stopped existing|was not here)\b",
        "PGL",
    ),
    (
        "crisis",
        "move_on_without_me",
        0.7,
        r"\b(?:move on|get over it|forget (?:about )?me|be fine|be okay|be better|cope|manage|carry on)\s+(?:\w+\s+){0,4}(?:if|when|after|once)\s+i(?:'?m| am)?\s+(?:died|die|gone|went|go|disappear|disappeared|was gone|kill|left|leave|dead)\b",
        "PG",
    ),
    (
        "crisis",
        "burden",
        0.35,
        r"\b(?:i'?m|i am|im|i feel like|feel like|being)\s+(?:just\s+|such\s+|a\s+|an?\s+)*(?:burden|waste of space|a problem for everyone|a problem to everyone|in everyone'?s way)\b",
        "PGN",
    ),
    (
        "crisis",
        "might_as_well",
        0.35,
        r"\bmight as well(?:\s+(?:just\s+)?(?:die|end it|go|not be here|not exist|be dead))?\s*(?:[.!?]|$)",
        "PGL",
    ),
    (
        "crisis",
        "might_as_well_die",
        0.8,
        r"\bmight as well\s+(?:just\s+)?(?:die|end it|end it all|be dead|not be here|kill myself|not exist)\b",
        "PGL",
    ),
    # Goodbyes, endings and putting affairs in order.
    (
        "crisis",
        "goodbye",
        0.75,
        r"\b(?:this is (?:my )?goodbye|my goodbyes?|said (?:my )?goodbyes?|saying (?:my )?goodbyes?|say (?:my )?goodbyes?|goodbye (?:everyone|all|forever|world|cruel world|for good)"
        r"|final goodbye|last goodbye|farewell (?:everyone|all|world|forever)|see you (?:all )?(?:on|in) (?:the other side|another life|the next life|heaven|the next one)|in another life|see you never)\b"
        r"(?!\s+(?:to (?:my|the|our|this|that) (?:old |little |lovely )?(?:habits?|job|house|flat|home|place|car|city|town|office|school|street|garden|country|team|year|summer|twenties|ex)|party|letter to my old|drinks|do\b))",
        "PGLA",
    ),
    (
        "crisis",
        "last_message",
        0.65,
        r"\b(?:this is|this'?ll be|this will be|it'?s|tonight'?s|tonight is|today'?s|today is)\s+(?:my|the)\s+last\s+(?:day|night|week|post|message|comment|time you'?ll|words|goodbye|note|entry)\b"
        r"(?!\s+(?:at|of|in|on|before|for|with|as|off|until|till|then|here before|of the|at the|at my|working|shift))|\bmy last (?:ever )?(?:words|goodbye)\b|\bfinal (?:post|message|goodbye|words|update|note)s?\b|\blast time you'?ll (?:hear|see|read)\b"
        r"|\blast (?:day|night|week) (?:on earth|alive|of my life)\b",
        "PGLA",
    ),
    (
        "crisis",
        "wont_be_here",
        0.8,
        r"\b(?:won'?t|will not|wont|not going to|aren'?t going to|won'?t be able to)\s+be\s+(?:here|around|alive|here anymore|around anymore|on this earth|in this world|here for long|around for long)\b"
        r"(?!\s+(?:this (?:weekend|week|month|evening)|next (?:week|weekend)|for a (?:few|couple|bit|while)|until|till|because|as|while|on (?:holiday|vacation)|much this|at|over the|tomorrow(?: morning)? as|in the))"
        r"|\b(?:won'?t|will not|not going to|don'?t think i'?ll|doubt i'?ll|not sure i'?ll) (?:make it|be alive|survive) (?:through|to|past|until|till|another)\b"
        r"|\b(?:don'?t think i'?ll|doubt i'?ll|i won'?t|probably won'?t|not sure i'?ll|don'?t think i'?m (?:going to|gonna)|doubt i'?m (?:going to|gonna))\s+(?:still\s+)?be\s+(?:here|around|alive)\s+(?:next|by|in|for|much|at|tomorrow|after)\b|\bi'?ll be gone (?:by|before|soon|tomorrow)\b"
        r"|\bwon'?t be (?:a problem|a burden|bothering anyone|in anyone'?s way) (?:for (?:anyone|anybody|you|them|my family) )?(?:much longer|for (?:much )?longer|for long|anymore|soon)\b"
        r"|\bfuture where i'?m (?:still )?(?:here|alive|around|in it)\b|\b(?:after|when|once) i'?m gone\b|\bso (?:she|he|they) can sort (?:things|everything|it) (?:out )?after\b|\b(?:passwords|bank details|pin numbers?) for (?:my|her|him|them)\b"
        r"|\bnot (?:be )?(?:here|around) (?:much longer|for (?:much )?longer|for long|next (?:week|month|year))\b",
        "PGLA",
    ),
    (
        "crisis",
        "wont_need_to_worry",
        0.5,
        r"\bwon'?t (?:be )?need(?:ing)? (?:it|them|any of it|any of this|any of them|my \w+|anything)(?: anymore| any more| where i'?m going)?\s*(?:[.!]|$)|\b(?:won'?t|will not|wont)\s+(?:need|have)\s+to\s+worry\s+about\s+(?:\w+\s+){0,3}(?:anymore|next|again|much longer)\b|\bwon'?t need (?:it|them|any of it|my things|my stuff) (?:anymore|where i'?m going)\b",
        "PG",
    ),
    (
        "crisis",
        "all_over_soon",
        0.75,
        r"\b(?:it'?ll|it will|this will|this'?ll|everything will|it all will|all this will|it'?s all going to|it'?s going to)\s+(?:all\s+)?(?:be over|end|stop)\s+(?:soon|tonight|shortly|tomorrow|by)\b"
        r"|\bit'?ll all be over\b|\bsoon it (?:will|'?ll) (?:all )?(?:be over|stop|end)\b|\bwon'?t have to (?:deal with|put up with|worry about|see) me\b",
        "PGL",
    ),
    (
        "crisis",
        "not_coming_back",
        0.55,
        r"\b(?:i'?m|im|i am)?\s*not coming back\b(?!\s+(?:to (?:work|this|that|the)|from|here until|until|till))",
        "PGLA",
    ),
    (
        "crisis",
        "sorry_for_everything",
        0.55,
        r"\bsorry for everything\b(?!\s+i (?:said|did|put|wrote))|\btell (?:my \w+|her|him|them) i loved\b|\b(?:it'?s|it is) not (?:his|her|their) fault\b|\btell (?:her|him|them|everyone|my \w+|mum|mom|dad) (?:that )?(?:i'?m sorry|i love|i said sorry|sorry)\b"
        r"|\bif (?:anything|something) (?:happens|were to happen|should happen) (?:to me|tonight|today)\b|\bif you(?:'re| are)? (?:find|finding|read|reading) this\b|\bby the time you (?:read|see|find) this\b|\bit'?s not your fault\b|\bi'?m sorry,? everyone\b|\bi'?m sorry\.?\s*$",
        "PGL",
    ),
    (
        "crisis",
        "decided",
        0.5,
        r"\b(?:i'?ve|i have|ive|i)\s+(?:just\s+|finally\s+|already\s+)?(?:decided|made (?:up )?my mind|made the decision|made my decision|chosen)\s*(?:[.!]|$|\s+(?:it'?s|it is|to go|to end|to do it|and))"
        r"|\bmy mind is made up\b|\bmind'?s made up\b|\bi'?m at peace with (?:it|my decision|this)\b",
        "PGL",
    ),
    (
        "crisis",
        "relief_peace",
        0.35,
        r"\b(?:it'?s|it is|feels like|feel(?:s)?|such)\s+(?:a\s+)?(?:relief|weirdly peaceful|peaceful|calm)\b",
        "GL",
    ),
    (
        "crisis",
        "done_fighting",
        0.65,
        r"\b(?:i'?m|im|i am)\s+(?:so\s+)?done\s+(?:fighting|trying|with (?:life|living|everything|it all|this world|being alive))\b"
        r"|\bi'?m letting go\b|\b(?:tonight|today) i'?m (?:letting go|giving up)\b|\bgiving up on (?:life|living|everything)\b|\bi give up on (?:life|everything)\b",
        "PGL",
    ),
    (
        "crisis",
        "giving_away",
        0.6,
        r"\b(?:who gets my|who'?ll get my|who should have my|left instructions|sorted out my affairs|put my affairs in order|getting my affairs in order)\b"
        r"|\b(?:giving|gave|given|give)\s+(?:away\s+)?(?:all\s+)?(?:of\s+)?my\s+(?:things|stuff|belongings|possessions|everything|games|guitar|jewellery|jewelry|collection)\s*(?:away)?\b(?!\s+to (?:a friend who|charity|the charity))"
        r"|\b(?:gave|giving|given|rehomed|rehoming|rehome|dropped(?: off)?|left)\s+(?:away\s+)?my\s+(?:dog|cat|pets?|rabbit|bird|hamster)\b.{0,80}?(?:i'?m not\b|that'?s not true|not really|it isn'?t|it'?s not|for good|permanently|won'?t be|isn'?t for|can'?t look after|need a new home)"
        r"|\b(?:updated|wrote|written|writing|made|making|sorted)\s+(?:out\s+)?(?:my|a)\s+will\b"
        r"|\bmaking sure (?:my|the) (?:cat|dog|kids|pets?|rabbit) (?:is|are|will be|gets?) (?:looked after|taken care of|cared for|fed)\b",
        "PG",
    ),
    (
        "crisis",
        "letters_for_family",
        0.7,
        r"\b(?:written|wrote|writing|left|leaving|drafted|drafting|finished|scheduled)\s+(?:a\s+)?(?:letters?|notes?|a letter|a note|messages?|texts?|emails?)\s+(?:for|to)\s+(?:each of\s+)?(?:my|everyone|all)\s*(?:\w+\s+)?(?:parents|family|kids|children|mum|mom|dad|sisters?|brothers?|partner|wife|husband|friends|everyone|loved ones)?\b(?:\s+i love)?"
        r"(?!\s+(?:about|explaining|to say thank|for (?:christmas|their birthday)))",
        "PGNY",
    ),
    (
        "crisis",
        "note_written",
        0.55,
        r"\b(?:written|wrote|writing|write|left|leaving|drafted|finished)\s+(?:a|my|the)\s+(?:suicide |goodbye |last |final )?(?:note|letter|letters|notes)\b"
        r"(?!\s+(?:to (?:my |the |our )?(?:old|former|future|younger|self|therapist|habits?|job|landlord|council|gp|doctor|boss|mp|ex|depression|anxiety|eating)|for (?:work|school|my therapist|the (?:gp|doctor|council))|about))",
        "PGN",
    ),
    (
        "crisis",
        "suicide_note",
        0.8,
        rf"\b(?:{_SUICIDE}|goodbye|final)\s+(?:note|letter|message|text|email)s?\b(?!\s+to (?:my |the )?(?:old|former|habits?|job))",
        "PGN",
    ),
    (
        "crisis",
        "found_my_note",
        0.65,
        r"\b(?:found|read|saw|discovered) my (?:note|letter|goodbye letter|suicide note|notes)\b",
        "PGL",
    ),
    (
        "crisis",
        "third_party_wants_to_die",
        0.6,
        rf"\b(?:my\s+(?:\w+\s+)?{_KIN}|he|she|they)\s+(?:says|said|keeps saying|told me|texted|messaged|posted|wrote)\s+(?:that\s+)?(?:he|she|they)(?:'?s|'?re| is| are)?\s+(?:wants?|wanted|going|gonna)\s+to\s+(?:die|kill (?:him|her|them)sel(?:f|ves)|end it|end (?:his|her|their) life)\b",
        "P",
    ),
    ("crisis", "own_funeral", 0.5, r"\bmy (?:own )?funeral\b", "PGLY"),
    (
        "crisis",
        "set_the_date",
        0.8,
        r"\b(?:set|picked|chosen|choose|pick|picking|chose|decided on|settled on)\s+(?:the|a)\s+(?:date|day|time|place|night)\b(?!\s+for (?:the|my|our) (?:party|wedding|trip|move|appointment|interview))"
        r"|\bhaven'?t (?:picked|chosen|set) (?:the|a) (?:day|date|time)\b",
        "PGLM",
    ),
    (
        "crisis",
        "have_a_plan",
        0.55,
        r"\b(?:have|got|made|making|make|had|there'?s)\s+(?:a|my|the)\s+plan\b(?!\s*[:\-(]|\s+(?:for (?:the|this|my|next|a|our|tomorrow|today|tonight|when|after)|to (?:get|go|see|visit|talk|call|start|finish|move|try|quit|leave my job|change)|b\b|with|of action|in place for))"
        r"|\b(?:a|the) plan and the means\b|\bplan (?:and|&) (?:the )?means\b|\bthe means\b",
        "PGLNM",
    ),
    (
        "crisis",
        "know_how",
        0.8,
        r"\b(?:i|i'?ve|ive|i'?m|im)\s+(?:already\s+|keep\s+|been\s+|am\s+|just\s+)?(?:know|knows|worked out|figured out|planned|researched|looked up|been thinking about|thought about|keep thinking about|thinking about|rehears\w*|picturing|imagining|going over|gone over|planning|keep planning)\s+(?:exactly\s+)?(?:how|where|when)\s+(?:i'?d|i would|i will|i'?ll|to|i could|i might)\s+(?:do it|do this|end it|go|jump|kill|die)\b"
        r"|\b(?:researching|looked up|googling|googled|searching|searched)\s+(?:\w+\s+){0,3}(?:methods|ways to die|how to (?:die|kill|end)|lethal|how many \w+ (?:it takes|would))",
        "PGLM",
    ),
    (
        "crisis",
        "tonight_the_night",
        0.8,
        r"\b(?:tonight|today|this weekend|tomorrow)\s+(?:is|'s)\s+the\s+(?:night|day)\b|\btonight'?s the night\b(?!\s+(?:i finally|we|for|of|that we|to (?:celebrate|party|watch)))|\bit ends (?:tonight|today|now)\b|\b(?:tonight|today) is it\b|\b(?:tonight|today)'?s (?:it|the day)\b"
        r"|\btonight i'?m (?:going|gonna|doing it|ending)\b|\bgoing to do it (?:tonight|today|tomorrow)\b"
        r"|\bgoing to (?:use|take) (?:it|them) (?:tonight|today|now)\b",
        "PGLM",
    ),
    # Means and method.
    (
        "crisis",
        "stockpiling",
        0.85,
        rf"\b(?:stockpil\w*|hoard\w*|sav(?:ed|ing)(?: up)?|been saving|collect(?:ed|ing)|stash\w*|squirrel\w* away|keeping|kept|counting|counted out|hiding|hid|put(?:ting)? (?:aside|away|by)|set(?:ting)? aside|stor(?:ed|ing)|building up|held back|holding back|not taking)\s+(?:all\s+|up\s+)?(?:\w+\s+){{0,4}}{_PILLS}\b"
        rf"|\b(?:my|her|his)\s+(?:mum|mom|dad|brother|sister|friend|partner|son|daughter|wife|husband|girlfriend|boyfriend)\s+(?:took|has taken|swallowed)\s+(?:all|a lot of|loads of|a bunch of)\s+(?:(?:her|his|their|the)\s+)?{_PILLS}"
        rf"|\b{_PILLS}\s+(?:\w+\s+){{0,6}}(?:stockpiled|saved up|saved|stashed|put aside|put away|hoarded|lined up|in a pile|counted out|ready|in front of me|on the (?:table|desk|bed|side)|next to me|hidden|stashed)\b"
        rf"|\b(?:have|got) enough (?:now|to do it|{_PILLS})\b|\bhow many {_PILLS}\b|\bhow many (?:would it|does it|will it|do i need to|it would|it'?d|it will|it takes) take\b|\b{_PILLS}\s+(?:\w+\s+){{0,2}}(?:aside|to one side)\b|\bhow many \w+ (?:before it'?s enough|until it'?s enough|would (?:kill|do it)|to (?:die|be enough))\b|\bbefore it'?s enough\b",
        "PGLM",
    ),
    (
        "crisis",
        "took_pills",
        0.85,
        rf"\b(?:took|taken|swallowed)\s+(?:everything|all) i (?:had|have)(?: left)?\b|\b(?:took|taken|swallowed)\s+(?:a|two|three|\w+)\s+(?:week|month|day)'?s'? worth of\b|\b(?:took|taken|swallowed|downed|necked)\s+(?:a bunch of|all (?:of )?(?:my|the)|too many|a handful of|loads of|lots of|a load of|a lot of|\d+|every|the whole (?:box|bottle|packet) of|a whole (?:box|bottle|packet) of|all)\s+(?:\w+\s+)?{_PILLS}\b"
        rf"|\b(?:took|taken|swallowed)\s+(?:them|it)\s+all\b",
        "GLNYM",
    ),
    (
        "crisis",
        "overdose",
        0.55,
        r"\b(?:take|took|taking|tried to|try to|gonna|going to|want to|wanna|planning to|thinking (?:about|of)|about to|could)\s+(?:an\s+)?(?:od|overdose|overdosing|o\.d\.?)\b"
        r"|\b(?:overdos\w*|\bod'?d|\bod'?ing)\b",
        "PGLNM",
    ),
    (
        "crisis",
        "attempt",
        0.7,
        r"\b(?:tried|try|trying|attempted|attempt)\s+(?:to\s+)?(?:kill myself|end (?:it|my life|things)|take my (?:own )?life|od|overdose|hang|die|jump|unalive)\b",
        "PGN",
    ),
    (
        "crisis",
        "survived_regret",
        0.85,
        r"\bwish (?:i|it) (?:hadn'?t|had not|didn'?t|did not)\s+(?:woken|woke|survived|made it|been found|worked|wake)\b|\bwish (?:it|they) (?:had worked|hadn'?t found me|didn'?t find me)\b"
        r"|\bshould(?:n'?t)? have (?:worked|died|survived)\b|\bwhy did (?:they|you|he|she) (?:save|find) me\b",
        "GN",
    ),
    (
        "crisis",
        "place_of_harm",
        0.75,
        rf"\b(?:standing|sitting|stood|sat|climbed|climbing|up|out|perched|balancing)\s+(?:on|over|at|onto)\s+(?:the\s+|a\s+|my\s+)?(?:\w+\s+)?{_PLACES_OF_HARM}\b"
        rf"|\b(?:roof|top|edge) of (?:the|a|my) (?:building|bridge|cliff|car park|multi-storey|multistorey|block|flats|tower)\b"
        rf"|\bslow(?:ing|ed)? down (?:at|by|near) the edge\b|\bnext train\b|\bin front of (?:a|the) (?:train|bus|lorry|truck|car)\b"
        rf"|\b(?:step|stepping|walk|walking|drive|driving|swerve|swerving|crash|crashing)\s+(?:\w+\s+)?(?:off|into|in front of)\s+(?:the|a)\s+(?:edge|bridge|traffic|train|tree|wall|river|sea)\b",
        "PGLM",
    ),
    (
        "crisis",
        "place_calling",
        0.7,
        r"\b(?:bridge|river|water|sea|tracks|trains?|edge|cliffs?|roof|ledge|railway|motorway|pills|blade|rope)\b[^.!?]{0,40}\b(?:calling (?:to )?me|calls (?:to )?me|pulling me|pull me|drawing me|keeps? drawing)\b"
        r"|\b(?:i keep|i'?ve been|i'?m|i am|i was|keep|just|been|sat|sitting|standing)\s+(?:watching|staring at|looking (?:at|down at)|stare at)\s+the\s+(?:trains?|tracks|traffic|drop|edge|cars go)\b"
        r"|\b(?:staring|stare|stared) (?:at|into) the (?:water|river|sea)\b",
        "PGLM",
    ),
    (
        "crisis",
        "at_the_place",
        0.35,
        r"\b(?:i'?m|im|i am|sat|sitting|standing|stood)\s+(?:at|on|by|near)\s+(?:the\s+)?(?:station|platform|river|sea|lake|beach at night)\b",
        "PGL",
    ),
    (
        "crisis",
        "at_a_height",
        0.5,
        r"\b(?:i'?m|im|i am|sat|sitting|standing|stood|up)\s+(?:at|on|by|near)\s+(?:the\s+)?(?:bridge|footbridge|overpass|viaduct|cliffs?|edge|tracks|multi-?storey|car park roof|top floor of (?:the|a) (?:car park|multi-?storey|building|block|flats|hotel|hospital)|top of|roof)\b",
        "PGLM",
    ),
    (
        "crisis",
        "need_quiet",
        0.4,
        r"\b(?:i )?(?:just )?need (?:it|everything|my head|the noise) (?:all )?to (?:be quiet|stop|end|go quiet)\b",
        "PGL",
    ),
    (
        "crisis",
        "eyeing_means",
        0.6,
        r"\b(?:looking|staring|eyeing|looked|stared)\s+(?:at|into)\s+(?:the|my)\s+(?:knife|knives|knife drawer|pills|tablets|meds|razor|razors|blades?|rope|medicine (?:cabinet|cupboard)|bottle of \w+|bathroom cabinet|drawer of pills)\b",
        "PGLM",
    ),
    (
        "crisis",
        "hope_i_die",
        0.75,
        r"\bhope (?:i|that i|something|a car|a bus|the plane)\s+(?:get|gets|will|'?ll|just)?\s*(?:hit|run over|killed|crash(?:es)?|don'?t make it|die|never wake)\b|\bhope (?:the|my) (?:plane|car|train) crashes\b",
        "PGL",
    ),
    (
        "crisis",
        "rather_be_dead",
        0.85,
        r"\b(?:i'?d|i would|id) (?:much )?rather (?:be dead|die|not be alive|not exist|not be here|be gone)\b",
        "PGLN",
    ),
    (
        "crisis",
        "thought_of_not_existing",
        0.75,
        r"\b(?:thought|idea|thinking) of (?:not existing|dying|being dead|not being here|not being alive|ending it|it all ending|never waking up)\b[^.!?]{0,50}\b(?:calms|comforts|comforting|relief|peace|only thing|soothes|helps)\b"
        r"|\b(?:not existing|being dead|dying|death|not being here)\s+(?:sounds|feels|seems)\s+(?:so\s+|really\s+|quite\s+)?(?:nice|peaceful|good|better|like a relief|easier|tempting|appealing|inviting|welcome)\b",
        "PGL",
    ),
    (
        "crisis",
        "disappear_permanently",
        0.7,
        r"\bdisappear\w*\s+(?:permanently|forever|for good|for ever)\b|\bgive up for good\b|\bgiving up for good\b|\bfor good this time\b",
        "PGLN",
    ),
    (
        "crisis",
        "only_thing_stopping",
        0.75,
        r"\b(?:the )?only (?:thing|reason|one|person)s? (?:stopping me|keeping me (?:here|alive|going)|that keeps me (?:here|alive)|i'?m still (?:here|alive))\b|\bonly (?:still )?here (?:because|for) (?:my|the)\b",
        "PGL",
    ),
    (
        "crisis",
        "would_be_easy",
        0.7,
        r"\bwould be (?:so |too |really )?easy to (?:just )?(?:step|jump|walk|drive|let go|end|take|fall|swerve|stop)\b|\bstep(?:ping)? off (?:the )?(?:platform|edge|ledge|bridge|roof|kerb in front)\b"
        r"|\bcrash(?:ing)? (?:my|the) car (?:into|off)\b|\bdriv(?:e|ing) (?:my car )?(?:into|off) (?:a|the) (?:wall|tree|bridge|cliff|river|lorry|road|motorway|edge|barrier)\b",
        "PGLM",
    ),
    (
        "crisis",
        "when_ill_do_it",
        0.8,
        r"\b(?:is when|the day) i'?ll (?:do it|go|end it)\b|\bi'?ll do it (?:on|this|tonight|tomorrow|after|when|at)\b|\b(?:going to|gonna) do it (?:on|this|after|when|at)\b|\bmade (?:my )?peace with (?:it|dying|my decision|leaving|death)\b",
        "PGLNM",
    ),
    (
        "crisis",
        "something_stupid",
        0.75,
        r"\b(?:about to|going to|gonna|might|scared i'?ll|want to) do something (?:stupid|drastic|bad|dangerous|i can'?t take back|permanent)\b",
        "PGLN",
    ),
    (
        "crisis",
        "danger_to_myself",
        0.85,
        r"\b(?:a )?(?:danger|risk|threat) to myself\b|\bnot safe (?:around|with|from) myself\b",
        "PGN",
    ),
    (
        "crisis",
        "wont_see",
        0.75,
        r"\bnot (?:going to|gonna) (?:see|make it to|be (?:around|here) for) (?:christmas|my birthday|next (?:year|week|month)|the new year|summer|another|the weekend|tomorrow)\b"
        r"|\bwon'?t (?:see|be (?:around|here) for) (?:christmas|my birthday|next (?:year|week|month)|the new year|summer|another (?:year|birthday))\b",
        "PGLN",
    ),
    ("crisis", "if_i_dont_wake", 0.75, r"\bif i (?:don'?t|never|didn'?t) wake up\b", "PGL"),
    (
        "crisis",
        "affairs_in_order",
        0.55,
        r"\b(?:everything'?s|everything is|all) (?:in order|sorted|taken care of) now\b|\btying up (?:loose ends|my affairs)\b|\bput (?:my )?(?:affairs|things) in order\b|\bcancelled my (?:therapy|appointments|subscriptions|phone contract)\b",
        "PGL",
    ),
    (
        "crisis",
        "relieved_without_me",
        0.7,
        r"\b(?:everyone|everybody|people|my family|they|all of them)\b[^.!?]{0,30}\b(?:would|'?d) (?:honestly |probably |all |secretly )?be (?:relieved|better off|happier|glad)\b",
        "PGN",
    ),
    (
        "crisis",
        "how_high",
        0.75,
        r"\bhow (?:high|tall|deep|far down|far) (?:the|that|this|my) (?:bridge|building|cliff|drop|car park|balcony|water|river|roof|block)\b|\b(?:fatal|lethal|deadly) (?:dose|amount)\b|\bwould be (?:fatal|lethal|enough to (?:kill|die|end))\b"
        r"|\bhow (?:long|much) (?:does it|would it|will it|it takes|it would take) (?:take )?to (?:die|drown|bleed out|pass out)\b",
        "GLM",
    ),
    (
        "crisis",
        "sat_with_means",
        0.8,
        r"\b(?:sat|sitting|lying|laying|standing|i'?m)\s+(?:in|on|at)\s+[^.!?]{0,30}\bwith (?:a|the|my) (?:razor|blade|knife|rope|pills|gun|bottle of pills|tablets)\b|\bholding (?:a|the|my) (?:razor|blade|knife|rope|gun)\b",
        "PGLM",
    ),
    (
        "crisis",
        "favour_by_dying",
        0.8,
        r"\b(?:dying|my death|me dying|being dead|killing myself|ending it|me being gone|disappearing|me disappearing)\s+(?:would|will|'?d)\s+be\s+(?:the\s+)?(?:kindest|best|right|easiest|a relief|a favou?r|better|kind)\b"
        r"|\bdoing (?:everyone|them|my family|the world|you all) a favou?r (?:by|if i)\b",
        "PGL",
    ),
    (
        "crisis",
        "woke_up_regret",
        0.85,
        r"\b(?:angry|annoyed|disappointed|gutted|upset|sad|pissed off|furious)\s+(?:that\s+)?(?:i\s+)?(?:woke up|survived|am still here|'?m still here|didn'?t die|still alive)\b|\bwak(?:e|ing) up disappointed\b|\bdisappointed (?:to|that i) (?:wake|woke) up\b|\bhad a go at it\b|\bnext time i will\b|\bcouldn'?t go through with it\b",
        "GL",
    ),
    (
        "crisis",
        "waiting_for_everyone",
        0.55,
        r"\b(?:just )?waiting (?:for|until) (?:everyone|them|my (?:family|parents|partner|flatmates?)) (?:to go to (?:sleep|bed)|to leave|to go out|is asleep)\b",
        "PGL",
    ),
    (
        "crisis",
        "look_after_my",
        0.3,
        r"\b(?:look after|take care of|feed|rehome) my (?:cat|dog|kids|plants|pets?|rabbit|fish|children)\b",
        "GL",
    ),
    (
        "crisis",
        "love_you_all",
        0.3,
        r"\blove you all\b|\bthank you for (?:everything|trying)\b|\bthank you (?:all )?for being (?:kind|there|so kind)\b|\bi'?m sorry,? (?:everyone|all of you)\b",
        "GL",
    ),
    (
        "crisis",
        "no_questions_asked",
        0.75,
        rf"\bbought\s+(?:\w+\s+){{0,2}}{_PILLS}\s+from\s+(?:two|three|four|several|different|multiple|a few)\s+(?:different\s+)?(?:shops|pharmacies|chemists|places|stores)\b|\bso (?:nobody|no one) would (?:ask|notice|suspect|question)\b",
        "PGLM",
    ),
    (
        "crisis",
        "take_them_all",
        0.75,
        r"\b(?:take|swallow|down|neck)\s+(?:all of them|them all|every (?:single )?one(?: of them)?|the (?:whole|lot)|the lot)\b",
        "PGLNM",
    ),
    (
        "crisis",
        "planning_it_for",
        0.65,
        r"\bplanning (?:it|to do it|on doing it) (?:for )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|tomorrow|the weekend|this weekend|next week|after)\b|\b(?:think|thinking|know) i'?m (?:going|gonna) (?:to )?do it\b",
        "PGLM",
    ),
    (
        "crisis",
        "no_way_out",
        0.8,
        r"\bno way out (?:except|but|other than) (?:one|this|that|the one)\b|\bonly (?:one )?way out\b|\bone way out\b|\bthe only way out\b",
        "PGLN",
    ),
    (
        "crisis",
        "hidden_means",
        0.55,
        r"\bhid(?:den)? (?:the|my|all the) (?:knives|pills|razors|blades|tablets|meds|rope) (?:from myself|away from myself)\b|\bi know where (?:they|the \w+) (?:are|is)\b",
        "PGL",
    ),
    (
        "crisis",
        "goodbye_actually",
        0.75,
        r"\bgoodbye actually\b|\bactually,? goodbye\b|\bnot goodnight,? goodbye\b|\bgoodnight forever\b|\bgood ?bye for(?:ever| good)\b",
        "PGL",
    ),
    (
        "crisis",
        "take_care_of_each_other",
        0.45,
        r"\b(?:take care of|look after) (?:each other|yourselves|one another)\b",
        "PGL",
    ),
    ("crisis", "relapsed", 0.35, r"\bi (?:relapsed|slipped)\b|\brelapsed (?:again|last night|tonight|today)\b", "PGL"),
    (
        "crisis",
        "death_emoji_soon",
        0.7,
        r"(?:⚰|🪦|💀)\s*(?:soon|tonight|tomorrow|me|bye|goodbye)\b|\b(?:soon|tonight|bye)\s*(?:⚰|🪦)",
        "GL",
    ),
    ("crisis", "the_blade", 0.45, r"\bthe (?:blade|razor)\b|\bmy (?:blades?|razors?)\b", "PGLY"),
    (
        "crisis",
        "found_body",
        0.85,
        r"\b(?:won'?t|wouldn'?t|don'?t want (?:them|her|him|my \w+) to|so (?:they|she|he|nobody|no one) (?:won'?t|doesn'?t|don'?t) (?:have to )?)\s*(?:be the ones? to |have to )?find me\b|\bfind my body\b|\bwho (?:will|would|'?ll) find me\b",
        "PGL",
    ),
    (
        "crisis",
        "already_gone",
        0.5,
        r"\bpart of me (?:is|that'?s|has) already (?:gone|dead|died)\b|\bthe rest (?:of me )?is (?:just )?catching up\b",
        "PGL",
    ),
    (
        "crisis",
        "thinking_about_place",
        0.65,
        r"\b(?:think(?:ing)? about|thinkin bout|picture|picturing|imagine|imagining|keep seeing|dream(?:ing)? about|can'?t stop thinking about|drawn to|obsessed with)\s+(?:the\s+|that\s+|a\s+)?(?:\w+\s+){0,2}(?:bridge|train tracks|tracks|trains?|cliffs?|roof|ledge|edge|river|drop|motorway|railway)\b"
        r"|\b(?:bridge|tracks|trains?|cliffs?|roof|ledge|river|drop)\b[^.!?]{0,30}\bi (?:think about it|think about jumping|think about doing it|imagine it)\b",
        "PGLM",
    ),
    (
        "crisis",
        "sorry_not_stronger",
        0.6,
        r"\bsorry i (?:wasn'?t|couldn'?t be|am not|'?m not|wasn'?t ever) (?:stronger|strong enough|better|enough|braver)\b",
        "PGL",
    ),
    ("crisis", "bare_goodbye", 0.4, r"(?:^|[.!?\n]\s*)goodbye\s*(?:[.!?]|$)", "L"),
    (
        "crisis",
        "help_me_end_it",
        0.75,
        r"\b(?:to|that will|that'?ll|which will|that would|something to) help me (?:end it|die|do it|kill myself|go through with it|end my life|go)\b",
        "PGLM",
    ),
    (
        "crisis",
        "ending_it_is",
        0.8,
        r"\b(?:ending it|ending my life|dying|killing myself|suicide|not being here|death|being dead)\s+(?:is|seems|feels like|would be)\s+(?:the only|my only|the best|the right|a relief|the answer|the solution|so tempting|tempting|appealing|better|the only way)\b",
        "PGLN",
    ),
    (
        "crisis",
        "note_exists",
        0.65,
        r"\b(?:the|my)\s+(?:note|letter|letters|goodbye letter|goodbye note)(?:'?s|\s+is|\s+are)\s+(?:done|written|ready|saved|finished|in my|on my|in the|on the|under)\b|\bfor whoever finds (?:it|me|this)\b",
        "PGL",
    ),
    (
        "crisis",
        "made_my_choice",
        0.65,
        r"\b(?:i'?ve|i have|i)\s+(?:finally\s+|now\s+)?made (?:my|the|a) (?:choice|decision)\b(?!\s*(?:,|:|-|to (?:move|leave|quit|go|start|stop|get|try|take|buy|sell|change|see|tell)|about|on |and ))"
        r"|\b(?:the\s+)?decision'?s (?:been )?made\b|\bthe decision is made\b|\b(?:chosen|picked|decided|deciding|worked out|know) (?:when|how and when|the when|the how)\b(?!\s+(?:to (?:go|start|tell|leave)|i'?ll (?:tell|go|leave|move)))"
        r"|\bi know how and\b|\b(?:got|have|'?ve got) what i need\b(?!\s+(?:for|from)\b)|\bmade (?:my )?peace with (?:everyone|everything|it all|the world|my family|this)\b|\bwon'?t be long now\b",
        "PGLM",
    ),
    (
        "crisis",
        "not_planning_to_be_here",
        0.8,
        r"\bnot (?:planning|planning on|intending|going|gonna) (?:on |to )?(?:be|being) (?:here|around|alive)\b(?!\s+(?:much|this|next|for a|on|at|until|till|over))|\bnot (?:planning|intending|going|gonna) to (?:walk|come|go|drive|make it) (?:back|home)\b"
        r"|\bwon'?t be (?:coming|going) (?:back|home)\b|\bwon'?t (?:read|see) (?:the )?(?:replies|answers|comments|responses)\b|\bwon'?t be (?:around|here) to (?:read|see|hear)\b"
        r"|\bif i'?m not (?:around|here|alive) (?:tomorrow|by|in the morning|next)\b|\bthis is where (?:i stop|it ends|i get off|my story ends)\b|\bno more fighting\b"
        r"|\b(?:people|everyone|they|you all|you lot)\s+(?:would|will|'?ll|'?d)\s+forget (?:about )?me\b|\bone last (?:nice )?(?:christmas|birthday|one|time|summer)\b",
        "PGL",
    ),
    (
        "crisis",
        "burn_method",
        0.7,
        r"\b(?:pressed|held|put|pushed)\s+(?:a\s+|the\s+)?(?:hot|lit|burning|heated)\s+\w+\s+(?:on|against|to|into)\s+my\s+(?:arm|arms|skin|leg|legs|wrist|wrists|thigh|thighs|stomach|hand)\b",
        "PGLN",
    ),
    (
        "crisis",
        "first_time_in_ages",
        0.35,
        r"\bfirst time in (?:ages|a year|a while|months|years|\w+ (?:months|years|weeks))\b",
        "GL",
    ),
    (
        "crisis",
        "means_in_reach",
        0.7,
        rf"\b(?:{_PILLS}|razor|razors|blade|blades|knife|knives|rope|noose|lighter|scissors|gun|belt|cord)(?:'?s)?\s+(?:\w+\s+){{0,4}}?(?:in my hands?|in front of me|on (?:my|the) (?:bed|table|desk|lap|floor|side|pillow)|next to me|beside me|laid out|lined up|counted out|by my bed|in my pocket)\b",
        "PGLM",
    ),
    (
        "crisis",
        "wound_severity",
        0.75,
        r"\b(?:cut|sliced|slashed|carved|burned|burnt|scratched|cutting|slicing)\b[^.!?]{0,30}\b(?:too deep|won'?t stop|can'?t (?:get it to )?stop|still bleeding|needs? stitches|to the bone)\b"
        r"|\b(?:held|put|pressed|pushed)\s+(?:a|the|my)\s+(?:lighter|flame|match|cigarette|lit cigarette|hot \w+)\s+(?:to|on|against|into)\s+my\s+(?:arm|arms|wrist|wrists|skin|leg|legs|thigh|thighs|hand|stomach)\b",
        "PGLM",
    ),
    (
        "crisis",
        "survival_regret",
        0.75,
        r"\b(?:woke up|survived|didn'?t work|still here|still alive|came round|came to)\b[^.!?]{0,20}[.!?,]?\s*[^.!?]{0,40}\b(?:can'?t even get (?:that|this|it) right|can'?t even do that|angry|disappointed|gutted|failed again|typical|of course i did)\b",
        "GL",
    ),
    (
        "crisis",
        "day_is_set",
        0.65,
        r"\b(?:next\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|the weekend)\s+(?:is|'?s)\s+(?:the|my)\s+(?:day|night|last)\b|\b(?:tonight|today|now)\s+i\s+(?:stop|end it|go|leave|finish it|let go)\b",
        "PGLM",
    ),
    (
        "crisis",
        "frightened_of_myself",
        0.75,
        r"\b(?:scared|afraid|frightened|terrified)\s+of\s+myself\b|\bcan'?t fight (?:it |this )?(?:anymore|any more|any longer)\b",
        "PGLN",
    ),
    (
        "crisis",
        "read_after",
        0.7,
        r"\b(?:to read|to find|to open) (?:after|afterwards|when i'?m gone|once i'?m gone|after i'?m gone)\b|\bfor (?:them|my \w+) to (?:read|find) (?:after|afterwards|later)\b",
        "PGL",
    ),
    (
        "crisis",
        "max_dose",
        0.8,
        r"\b(?:max(?:imum)?|lethal|deadly|fatal|how much)\s+(?:dose|amount)?\s*(?:of\s+)?(?:\w+\s+){0,3}[^.!?]{0,30}\b(?:kills?|kill you|fatal|lethal|to die|before (?:it|you) (?:kills?|die))\b",
        "GLM",
    ),
    (
        "crisis",
        "than_with_me",
        0.75,
        r"\bbetter off (?:with|without)\b[^.!?]{0,40}\bthan (?:with )?me\b|\bwould (?:\w+ ){0,2}(?:smoother|easier|calmer|quieter|lighter|better|simpler) without me\b",
        "PGL",
    ),
    (
        "crisis",
        "wont_matter",
        0.4,
        r"\bwon'?t matter\s*(?:[.!]|$|anyway|soon|after)|\bdoesn'?t matter (?:now|anymore)\b",
        "PGL",
    ),
    (
        "crisis",
        "stopped_paying",
        0.45,
        r"\bnot (?:paying|renewing|bothering with|bothering to pay) (?:my )?(?:bills?|rent|lease|phone bill|council tax|mortgage)\b|\b(?:stopping|stopped|standing|pausing|lingering|sitting) at the (?:highest point|edge|top|drop|cliff edge|railing)\b",
        "PGLM",
    ),
    (
        "crisis",
        "for_real_this_time",
        0.45,
        r"\bfor real this time\b|\bnot (?:in )?a holiday\b|\bnot (?:on|for) (?:a|the) holiday\b|\bnot (?:walking|coming|going|driving) (?:home|back)\b|\bone[- ]way\b",
        "PGL",
    ),
    (
        "crisis",
        "more_means",
        0.7,
        r"\btied (?:the|a|my) (?:rope|noose|knot)\b|\b(?:will|'?ll|is going to|are going to) find (?:the|my) (?:letter|note|body)\b|\bwish i(?:'?d| had)? (?:just )?died\b"
        r"|\bthis time i (?:won'?t|will not|'?m not going to) (?:mess it up|fail|chicken out|stop|back out)\b|\bwon'?t (?:mess|screw|fuck) it up this time\b|\bnothing (?:left )?to lose\b",
        "GLM",
    ),
    (
        "crisis",
        "batch11",
        0.75,
        r"\bpretending (?:i want|to want) to (?:be here|live|be alive|stay)\b|\b(?:nobody|no one|you|you all) (?:will|won'?t|is going to|are going to) (?:ever )?hear from me again\b|\bhate (?:being alive|living|existing)\b"
        r"|\bbetter than with me\b|\bif i die (?:tonight|today|tomorrow|soon|this week)\b|\b(?:voices?|they|it) (?:say|says|tell|tells|telling|keep telling) (?:me )?(?:i should|to) (?:die|kill myself|end it|hurt myself)\b"
        r"|\bi (?:should (?:just )?die|should kill myself|deserve to die)\b|\b(?:train|jump|fall|drop|pills|it|bridge) would be (?:so )?(?:quick|painless|easy|fast|instant)\b|\bfinally stop (?:hurting|suffering|feeling anything|the pain)\b"
        r"|\bwant it (?:all )?over\b|\bcutting (?:every|each) (?:night|day)\b|\bbeen cutting\b",
        "PGLN",
    ),
    (
        "crisis",
        "batch11_means",
        0.75,
        rf"\b(?:swallow|take|taking|swallowing|down)\s+(?:everything|all of it|the lot) in (?:the|my) (?:medicine )?(?:cabinet|cupboard|drawer|house|bathroom)\b|\b(?:take|taking|swallow|swallowing)\s+all\s+(?:of\s+)?my\s+{_PILLS}\b"
        rf"|\b{_PILLS}\b[^.!?]{{0,40}}\b(?:wine|vodka|alcohol|whisky|whiskey|gin|booze|beer)\b|\bused (?:it|a \w+|the \w+) on my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin)\b"
        r"|\blooking at (?:the|my) (?:balcony|window|ledge|bridge|knife|pills|rope) for (?:an hour|hours|ages|a while|so long)\b",
        "PGLM",
    ),
    (
        "crisis",
        "dont_worry_about_me",
        0.45,
        r"\bdon'?t worry about me (?:anymore|any more|after (?:today|tonight))\b|\bstop worrying about me,? (?:it|i)'?(?:s| will| ll) (?:be )?(?:over|sorted)\b",
        "PGL",
    ),
    (
        "crisis",
        "batch11_weak",
        0.4,
        r"\bit'?s (?:all )?(?:handled|taken care of|sorted now)\b|\b(?:it'?s|it is) not stopping\b|\bthe (?:flat|house|place) to myself tonight\b|\blast time i'?m (?:asking|reaching out|posting|trying)\b",
        "PGLA",
    ),
    (
        "crisis",
        "fumes",
        0.8,
        r"\b(?:engine|car|exhaust|generator|bbq|barbecue|charcoal)\s+(?:is\s+|still\s+)?(?:running|on|lit)\b[^.!?]{0,40}\b(?:garage|closed|shut|sealed)\b|\bhose ?pipe\b[^.!?]{0,30}\bexhaust\b",
        "PGLM",
    ),
    (
        "crisis",
        "going_to_the_water",
        0.4,
        r"\b(?:going|go|went|drive|driving|drove|walk|walking|keep driving|heading)\s+(?:out\s+|down\s+|up\s+)?(?:to\s+)?(?:the\s+)?(?:cliffs?|bridge|river|tracks|railway|station|sea|lake|woods|quarry|reservoir|motorway|edge|coast|pier|jetty|harbour wall|dock|canal|viaduct)\b(?![^.!?]{0,30}\b(?:for a (?:walk|run|swim|picnic|hike|stroll)|with (?:my|the|friends)|to (?:meet|see|watch|swim)))",
        "PGLM",
    ),
    (
        "crisis",
        "jump",
        0.7,
        r"\b(?:jump|jumping|jumped|leap|leaping|throw myself)\s+(?:off|from|in front of|into|onto)\b|\b(?:thinking|thinkin|think|thought|checking)\s+(?:about|bout|of|abt)\s+jumping\b"
        r"|\b(?:want|wanna|going|gonna)\s+to\s+jump\b(?!\s+(?:in|into the pool|on|at the chance|ship|the queue|through))",
        "PGLNM",
    ),
    (
        "crisis",
        "tools_ready",
        0.8,
        r"\b(?:rope|noose|razor|razors|blade|blades|knife|knives|scissors|gun|lighter|belt|pills|tablets|meds|bottle)\s+(?:is\s+|are\s+)?(?:in my hand|in my hands|ready|in front of me|next to me|on (?:my|the) (?:bed|desk|table|lap)|all in a pile|all lined up|in my (?:bag|pocket|coat|car)|with me)\b"
        r"|\b(?:got|have|bought|buying|holding|hold|found)\s+(?:a\s+|the\s+|my\s+)?(?:rope|noose|razor|razors|blades?|gun|scissors|knife)\b(?!\s+(?:for|to cut (?:my hair|the)|sharpened|ladder|swing|course|bridge|set|block))"
        r"|\b(?:got|have|gathered|ready)\s+everything\s+(?:i need|ready|in place|sorted|prepared)\b|\beverything (?:is )?(?:ready|in place|prepared)\b",
        "PGLM",
    ),
    # Self-harm, recent or urged.
    (
        "crisis",
        "self_harm_act",
        0.7,
        r"\b(?:cut|cutting|burn(?:ed|t|ing)?|hit(?:ting)?|harm(?:ed|ing)?|scratch(?:ed|ing)?|punch(?:ed|ing)?|starv(?:ed|ing)|bang(?:ed|ing)|carv(?:ed|ing)|slash(?:ed|ing)?|slit|sliced?)\s+(?:myself|my (?:arms?|wrists?|legs?|thighs?|skin|stomach|hips?|head))\b"
        r"(?!\s+(?:on the (?:oven|stove|pan|iron|kettle|hob)|cooking|shaving|by accident|accidentally|at the gym|playing))",
        "PGLN",
    ),
    (
        "crisis",
        "hurt_myself",
        0.5,
        r"\b(?:hurt|hurting|hurted|harm|harming)\s+myself\b(?!\s+(?:at the gym|playing|lifting|by accident|accidentally|in|on))",
        "PGLN",
    ),
    (
        "crisis",
        "self_harm_again",
        0.8,
        r"\b(?:cut|cutting|burned|burnt|harmed|hurt myself|sh'?d|self[- ]?harmed|relapsed|slipped)\s+(?:again|tonight|last night|this morning|earlier|today|yesterday)\b"
        r"|\bi (?:cut\b(?! (?:my hair|my fringe|my bangs|his hair|her hair|off|out|back|down|ties|contact|corners|class|school|carbs|sugar|the cord|the grass|the cake|it out|them off|him off|her off))|burned|burnt|hurt myself|self[- ]?harmed|harmed)\b[^.!?]{0,40}\b(?:last night|tonight|today|yesterday|this morning|earlier)\b"
        r"|\b(?:self[- ]?harm(?:ing|ed)?|sh|cutting)\s+(?:again|urges?|tonight|is back)\b|\brelaps(?:ed|e|ing)\s+(?:with|on|into)?\s*(?:self[- ]?harm|sh|cutting|the blade)\b",
        "PGN",
    ),
    (
        "crisis",
        "urge_to_harm",
        0.7,
        r"\b(?:urges?|itch|craving|cravings|want|wanting|wanna|need|needing|tempted)\s+(?:so\s+badly\s+|really\s+badly\s+)?to\s+(?:cut|hurt|harm|burn|self[- ]?harm|sh)\b(?!\s+(?:my hair|back|down|ties|costs|the|you|him|her|them))"
        r"|\b(?:self[- ]?harm|sh) urges?\b",
        "PGLN",
    ),
    (
        "crisis",
        "bleeding",
        0.75,
        r"\b(?:won'?t|wouldn'?t|can'?t|isn'?t)\s+stop(?:ping)?\s+bleeding\b|\bdeeper than (?:i|i'?d) (?:meant|wanted|intended|planned)\b|\b(?:cuts?|scars?|wounds?)\b[^.!?]{0,40}\b(?:still )?(?:bleeding|bled through)\b|\bbleeding through\b|\bneed(?:ed|s)? stitches\b|\bso much blood\b",
        "PGLM",
    ),
    (
        "crisis",
        "trying_not_to",
        0.6,
        r"\btrying (?:so |really )?(?:hard )?not to (?:cut|hurt myself|do it|use (?:it|them)|act on it|jump|take them|harm)\b|\bholding (?:myself )?back from (?:cutting|hurting myself|doing it)\b",
        "PGL",
    ),
    ("crisis", "feel_something", 0.3, r"\b(?:just )?want(?:ed)? to feel something\b", "PGL"),
    # Immediate danger.
    (
        "crisis",
        "scared_of_myself",
        0.8,
        r"\b(?:scared|afraid|terrified|frightened)\s+(?:of\s+)?what\s+i(?:'?m| am| might| will| could|'?ll)?\s+(?:going to |gonna |about to )?(?:do|might do)\b"
        r"|\b(?:don'?t|do not|can'?t)\s+trust\s+myself\b|\bcan'?t keep myself safe\b|\bi'?m not safe\b(?!\s+(?:to drive|driving))"
        r"|\bcan'?t promise (?:i'?ll|i will|to|that i'?ll) (?:stay|be|keep) safe\b|\bnot (?:going to|gonna) (?:make it|survive) (?:through )?(?:the night|tonight|till morning|until morning)\b",
        "PGL",
    ),
    (
        "crisis",
        "come_now",
        0.55,
        r"\b(?:please )?(?:someone|somebody|anyone) please (?:come|help|find me)\b|\bplease (?:someone|somebody|anyone) (?:come|help|find me)\b|\bsomeone (?:please )?come (?:now|quick|before)\b|\bcome before the\b",
        "G",
    ),
    (
        "crisis",
        "third_party",
        0.5,
        rf"\b(?:my|our)\s+{_KIN}\b[^.!?]{{0,80}}\b(?:said|says|texted|messaged|told me|posted|wrote|keeps? saying|has been saying|was saying|is talking|talked|talking|mentioned|threaten\w*|sent)\b[^.!?]{{0,60}}"
        rf"(?:end(?:ing)? it|end (?:her|his|their) life|kill(?:ing)? (?:him|her|them)sel(?:f|ves)|{_SUICIDE}|sorry|goodbye|better off without|fine without (?:him|her|them)|won'?t be (?:around|here)|wants? to die|loves? (?:me|us|you)|take care of)"
        rf"|\b(?:we|they|you)(?:'?d| would)? (?:all )?(?:be fine|be better off|be okay|be ok|be happier|manage|cope|get by|be alright) without (?:him|her|them)\b",
        "P",
    ),
    (
        "crisis",
        "third_party_history",
        0.45,
        rf"\b(?:she|he|they)(?:'?s|'?ve| has| have)? (?:talked|been talking|talking|spoken|said|mentioned|threatened) (?:about |before about |to )?(?:ending it|ending (?:her|his|their) life|killing (?:him|her|them)sel(?:f|ves)|{_SUICIDE}|not being here|wanting to die|taking (?:her|his|their) (?:own )?life)\b",
        "P",
    ),
    (
        "crisis",
        "tried_before",
        0.3,
        r"\b(?:she|he|they)(?:'?s|'?ve| has| have)? (?:tried|attempted) (?:it |this )?before\b|\b(?:has|have) attempted before\b|\bprevious attempts?\b",
        "",
    ),
    (
        "crisis",
        "urgency",
        0.35,
        r"\b(?:phone is off|phone'?s off|isn'?t answering|not answering|won'?t answer|can'?t reach (?:him|her|them)|hasn'?t (?:come out|replied|answered|been seen|come home|picked up)|went quiet|gone quiet"
        r"|what do i do|what should i do|please help|help me|right now|hours|locked (?:himself|herself|themselves) in|not responding|isn'?t picking up|not picking up|won'?t pick up|isn'?t replying|not replying|won'?t open|locked the (?:bathroom )?door|can'?t get hold of|i'?m panicking|scared for (?:him|her|them))\b",
        "",
    ),
    ("crisis", "suicide_emoji", 0.3, r"(?:⚰|🪦|🔪|🩸|💊|🪢|🕊)", "GL"),
]

DISTRESS = [
    (
        "distress",
        "feel_hopeless",
        0.6,
        rf"\b(?:i feel|i'?m feeling|feeling|i felt|i'?m|im|i am|i just feel|makes me feel|i'?ve been feeling|i have been feeling|i'?ve felt|i keep feeling|i still feel|feel)\s+{_INTENS}"
        r"(?:hopeless|worthless|useless|empty|numb|broken|alone|lonely|isolated|invisible|trapped|defeated|crushed|miserable|desperate|helpless|unlovable|unloved|unwanted|dead inside|like nothing|so low|really low|hollow|like a (?:failure|burden|ghost|fraud|mistake|disappointment|waste|shell)|like i'?m (?:drowning|falling apart|coming apart|suffocating|screaming|invisible|not (?:there|here|real)|going under|losing my mind|going crazy|dying inside|failing|a burden|disappearing|fading|vanishing)|like screaming|unreal|sick with \w+|out of control|like a stranger|nothing at all|nothing)\b",
        "PNLYG",
    ),
    (
        "distress",
        "feel_bad",
        0.35,
        rf"\b(?:i feel|i'?m feeling|feeling|i felt|i'?m|im|i am|i just feel|makes me feel|i'?ve been feeling|i keep feeling|i still feel|feel)\s+{_INTENS}"
        r"(?:low|lost|used|ashamed|pathetic|awful|terrible|horrible|disgusting|overwhelmed|exhausted|drained|depleted|so tired|tired all the time|scared all the time|ridiculous|stupid|like an idiot|so stupid|guilty|sick|rubbish|crap|shit|like shit|like crap|heavy|flat|fragile|raw|on edge|sad|so sad|depressed|down)\b",
        "PNLYG",
    ),
    (
        "distress",
        "cant_cope",
        0.55,
        r"\b(?:can'?t|cannot|can not|unable to|couldn'?t|don'?t know how to)\s+(?:stop crying|cope|function|get out of bed|face (?:anything|anyone|people|it|the day|another day|going)|hold it together|keep it together|keep (?:going|up|my head above water)|think straight|feel anything|enjoy anything|see a way out|see the point|break the cycle|stop the tears|look anyone in the eye|do this anymore|do this any more|do (?:this|it) (?:on my own|alone|by myself) (?:anymore|any more|any longer)|take (?:it|this|much more)|stop shaking|get through (?:the day|this)|carry on|breathe|calm down|switch off|cope with (?:anything|any of it|this))\b"
        r"|\b(?:can )?barely (?:breathe|function|cope|move|think|get up|get through)\b|\b(?:failing|fail) at everything\b|\bmess(?:ing)? everything up\b|\bcan'?t do anything right\b",
        "PLYG",
    ),
    (
        "distress",
        "cant_basic",
        0.35,
        r"\b(?:can'?t|cannot|couldn'?t|haven'?t been able to)\s+(?:even\s+)?(?:get dressed|get up|shower|eat|sleep|stop (?:panicking|thinking|replaying|catastrophising|catastrophizing|overthinking|worrying)|explain it|tell anyone|talk to anyone|focus|concentrate|leave the house|face anything|do it|do anything)\b",
        "PLYG",
    ),
    (
        "distress",
        "nothing_helps",
        0.45,
        r"\bnothing\s+(?:i do\s+)?(?:works|helps|is working|is helping|touches|makes (?:it|me feel) better|will (?:ever )?(?:change|matter|get better|help)|matters|gets better|feels real|feels good)\b"
        r"|\b(?:isn'?t|aren'?t|is not|not)\s+(?:working|helping)\s+(?:anymore|tonight|at all)\b|\bnothing i do (?:will )?(?:ever )?matters?\b|\bnothing (?:feels|is|seems) (?:worth it|real|good|right|the same|worth doing)\b",
        "PLYG",
    ),
    (
        "distress",
        "staring",
        0.35,
        r"\bstar(?:e|ing|ed) at the (?:wall|walls|ceiling|screen) for\b|\bjust (?:sit|lie|lay|sat|lay) there\b|\bstar(?:e|ing) at the (?:wall|walls|ceiling)\b",
        "PLYG",
    ),
    (
        "distress",
        "hopeless_word",
        0.5,
        r"\b(?:hollow|shouting into (?:a|the) void|screaming into (?:a|the) void|nobody hears me|hopeless(?:ness)?|worthless(?:ness)?|despair(?:ing)?|desperate|desperation|helpless(?:ness)?|emptiness)\b",
        "PNLYG",
    ),
    (
        "distress",
        "hate_myself",
        0.6,
        r"\b(?:i hate myself|hate myself for|i hate my life|i hate who i am|i hate being me|i'?m (?:such )?a (?:failure|mess|wreck|burden|disappointment)|i'?m (?:so )?(?:useless|worthless|pathetic)|i ruin everything|ruined everything|i'?m the problem|everyone would be happier)\b",
        "PNLG",
    ),
    (
        "distress",
        "losing_hope",
        0.6,
        r"\b(?:losing|lost|lose|losing all|no|out of)\s+(?:all\s+)?hope\b|\bgiving up\b|\bgive up\b|\bgave up on (?:myself|everything)\b",
        "PNLYG",
    ),
    (
        "distress",
        "falling_apart",
        0.5,
        r"\b(?:falling|coming|fall|fell)\s+apart\b|\bbreaking (?:down|me|point)\b|\bbroke down\b|\bat (?:breaking point|my limit|the end of my (?:rope|tether))\b|\brunning on empty\b"
        r"|\b(?:burn(?:ing|t|ed)? ?out|burnout)\b|\bcan'?t keep up\b|\b(?:i'?m|im|i am|like i'?m|feel like i'?m)\s+drowning\b(?!\s+in (?:laundry|work|emails|paperwork|washing|assignments|coursework|homework))"
        r"|\bspiral(?:l?ing|l?ed)\b|\blosing it\b|\blosing my mind\b|\bgoing crazy\b|\bscreaming (?:inside|underwater|into)\b|\bcoming undone\b|\bunravel(?:l)?ing\b"
        r"|\bbarely (?:coping|holding on|holding it together|surviving|getting through|functioning|keeping (?:my head|it together))\b|\brunning on (?:nothing|empty|fumes)\b",
        "PNLYG",
    ),
    (
        "distress",
        "crying_lots",
        0.55,
        r"\bcry(?:ing)?\s+(?:every (?:day|night|morning|evening|shift)|all (?:day|night|the time)|myself to sleep|constantly|non-?stop|in the (?:toilets?|bathroom|car|supply cupboard|shower)|at work|on the way)\b"
        r"|\b(?:cry|crying|sob|sobbing)\s+(?:\w+\s+){0,5}(?:all day|all night|for hours|every (?:day|night|evening|morning)|on and off)\b|\bcried (?:all|every|myself|again|before|in the (?:car|car park|toilets?|loos?|bathroom|office|shower|bus|supermarket|street))\b|\bcried\b[^.!?]{0,60}\bagain\b|\bcan'?t stop (?:crying|sobbing|shaking)\b|\bi keep (?:crying|breaking down|sobbing)\b|\bbeen crying (?:for|all|since|non)\b|\bin tears (?:again|every|all)\b"
        r"|\bwon'?t stop crying and neither will i\b|\bneither will i\b|\bsobbing\b",
        "PLYG",
    ),
    (
        "distress",
        "panic",
        0.35,
        r"\b(?:anxiety is (?:through the roof|so bad|awful|unbearable|off the charts)|had to (?:hide|leave|get off|walk out|go home)|panic attacks?|panicking|panicked|anxiety attacks?|heart attack|can'?t breathe|chest (?:is |feels )?(?:so |really )?tight|something (?:terrible|awful|bad|horrible) is (?:going to|gonna|about to) happen|(?:sense of|impending) doom|my heart (?:is )?(?:racing|pounding)|hyperventilat\w*|sick with (?:panic|worry|dread|anxiety|fear)|the dread|dread)\b",
        "PLYG",
    ),
    (
        "distress",
        "haven_t_basic",
        0.45,
        r"\bhaven'?t\s+(?:eaten|slept|showered|left (?:the house|my room|my bed|bed|my (?:flat|house|home|apartment))|spoken to (?:anyone|another person|a soul|a single person)|talked to anyone|felt (?:happy|okay|ok|like myself|anything|good)|been (?:able to|out|outside))\b"
        r"|\b(?:in|stayed in|been in) bed (?:since|all day|for (?:days|a week))\b",
        "PLYG",
    ),
    (
        "distress",
        "nobody_there",
        0.5,
        r"\b(?:nobody|no one|noone|no-one)\s+(?:ever\s+|even\s+|at home\s+|here\s+|around me\s+|in my (?:family|life|house|class)\s+|at (?:work|school)\s+)?(?:texts me|asks me|checks on me|notices me|understands me|knows how bad|can hear me|listens to me|cares about me|talks to me|calls me|wants me|likes me|hears me|sees me|remembers me|ever asks|even asks|ever notices|ever checks)\b"
        r"|\b(?:so|all|completely|totally|really|very)\s+(?:alone|lonely|isolated)\b|\blonely (?:tonight|bad|all the time)\b|\b(?:no friends|no one to talk to|nobody to talk to)\b|\b(?:don'?t|do not) have (?:anyone|anybody|any friends|a single friend)\b|\b(?:have|got) (?:no one|nobody|no-one)\b|\bon my own (?:every|all|again|constantly)\b"
        r"|\beveryone (?:else )?(?:is |seems (?:to be )?)?(?:getting on with|moving on with|living) (?:their|my) lives\b|\beveryone else (?:seems|has it)\b|\b(?:stuck|trapped) (?:at the bottom|in a (?:hole|pit|well)|in the dark)\b|\bhaven'?t (?:made|got) (?:a single|any) friends?\b|\b(?:weekends|evenings|nights|days|sundays) are (?:so )?(?:long|lonely|hard|quiet|empty)\b",
        "PLYG",
    ),
    (
        "distress",
        "nobody_there_bare",
        0.5,
        r"\b(?:nobody|no one|noone|no-one)\s+(?:ever\s+|even\s+|really\s+)?(?:asks|notices|noticed|understands|knows|listens|cares|gets it|is there|would notice|replies|answers)\b",
        "PLYGF",
    ),
    (
        "distress",
        "like_a_ghost",
        0.55,
        r"\b(?:feel|feels|feeling|felt)\s+like\s+(?:a|an|i'?m an?)\s+(?:complete\s+|total\s+|utter\s+|massive\s+|huge\s+|useless\s+)?(?:ghost|burden|failure|fraud|outsider|mistake|disappointment|waste|stranger|shell|robot|zombie)\b"
        r"|\blike i'?m not (?:there|here|real)\b|\btalks? (?:around|over) me\b",
        "PNLYG",
    ),
    (
        "distress",
        "unreal",
        0.5,
        r"\b(?:don'?t|do not)\s+know\s+who\s+i\s+am\s+anymore\b|\beverything (?:feels|is|seems) (?:so )?(?:unreal|fake|grey|gray|pointless|heavy|hopeless|too much|wrong|dark|meaningless|numb|far away)\b"
        r"|\b(?:can'?t|cannot|couldn'?t)\s+(?:feel|enjoy)\s+(?:anything|a thing)\b|\bfeel(?:ing)? nothing\b|\bnumb(?:ness)?\b|\bjust grey\b|\bheaviness\b",
        "PNLYG",
    ),
    (
        "distress",
        "ever_stop",
        0.5,
        r"\b(?:does|will|when does|when will) (?:it|this|the pain|grief) ever (?:stop|get (?:better|easier)|end|go away)\b",
        "PLYG",
    ),
    (
        "distress",
        "loud_head",
        0.45,
        r"\bmy (?:head|brain|mind) (?:is|feels) (?:so |really )?(?:loud|noisy|full|heavy|foggy|dark)\b|\b(?:brain|head|mind|thoughts) (?:won'?t|will not|wont) (?:stop|shut up|be quiet|switch off|slow down)\b|\bracing thoughts\b"
        r"|\b(?:hit|hitting) (?:a wall|rock bottom)\b|\bat rock bottom\b",
        "PLYG",
    ),
    (
        "distress",
        "anyone_awake",
        0.35,
        r"\b(?:anyone|anybody|is anyone) (?:awake|around|up|there|online)\b\s*\?",
        "PLY",
    ),
    (
        "distress",
        "never_again",
        0.55,
        r"\bnever (?:feel|be|get) (?:normal|okay|ok|happy|myself|better|well) again\b|\bwill never get better\b|\bi hate feeling (?:like this|this way)\b|\b(?:sick|tired) of myself\b|\beverything i do is wrong\b"
        r"|\b(?:don'?t|do not|can'?t) recogni[sz]e myself\b|\bmiss (?:who|the person) i (?:was|used to be)\b|\bfeels? like a mountain\b|\beverything (?:feels|is) (?:impossible|too hard|so hard)\b"
        r"|\bwant (?:someone|somebody|anyone) to (?:hold me|hug me|tell me|talk to me|be here|listen)\b|\bso isolating\b|\bisolating\b",
        "PLYG",
    ),
    (
        "distress",
        "more_pain",
        0.5,
        r"\bmakes? me (?:cry|want to cry|panic|shake|fall apart|break down)\b|\bscared of my (?:own )?(?:thoughts|mind|head|brain|feelings)\b"
        r"|\b(?:the )?(?:loneliness|pain|sadness|grief|anxiety|emptiness|guilt|exhaustion)\s+(?:is|has been|gets)\s+(?:so\s+|just\s+)?(?:unbearable|too much|crushing|suffocating|overwhelming|relentless|constant)\b",
        "PLYG",
    ),
    (
        "distress",
        "losing_battle",
        0.5,
        r"\b(?:a battle|a fight|a war) i'?m losing\b|\blosing the (?:battle|fight)\b|\bevery day (?:feels like|is) (?:a|such a) (?:battle|struggle|fight)\b|\b(?:don'?t|do not) know who to (?:turn to|talk to|ask|go to)\b"
        r"|\b(?:messed|screwed|fucked|mucked) (?:everything|it all) up\b|\bcan'?t fix (?:it|this|anything)\b",
        "PLYG",
    ),
    (
        "distress",
        "falling_behind",
        0.5,
        r"\bfalling behind (?:everyone|in everything|with everything)\b|\bcan'?t catch up\b",
        "PLYG",
    ),
    (
        "distress",
        "batch11_distress",
        0.5,
        r"\blost (?:all )?interest in (?:everything|anything|things|life)\b|\bnothing (?:interests|excites) me\b|\bweight on my chest\b|\bsuch a (?:disappointment|failure|burden|letdown)\b",
        "LYG",
    ),
    (
        "distress",
        "whats_the_point",
        0.45,
        r"\b(?:what'?s|whats|what is) the point\b|\bno point (?:in )?(?:anything|trying|getting up)\b|\bpointless\b",
        "PNLYG",
    ),
    (
        "distress",
        "pretending",
        0.5,
        r"\bgoing through the motions\b|\bpretending (?:to be|i'?m|that i'?m|everything is) (?:fine|okay|ok|happy|alright)\b|\bpretending\b|\bput(?:ting)? on a (?:brave |happy )?face\b"
        r"|\bsmile\b[^.!?]{0,40}\bthen\b[^.!?]{0,30}\b(?:fall apart|cry|break down)\b|\bfake (?:smile|being okay|being fine)\b|\bthe strong one\b",
        "PLYG",
    ),
    (
        "distress",
        "tired_of",
        0.5,
        r"\b(?:so\s+)?(?:tired|sick|exhausted)\s+(?:of|from)\s+(?:everything|being|feeling|pretending|fighting|this|it all|trying|always|the|crying)\b|\btired all the time\b|\bexhausted from being\b"
        r"|\bi'?m (?:(?:so|just|really|completely|totally)\s+)*(?:exhausted|drained|worn out|worn down|ground down|running on fumes)\b|\bwading through (?:mud|treacle|concrete)\b|\bgetting through (?:each|every) day\b",
        "PLYG",
    ),
    (
        "distress",
        "fear",
        0.25,
        r"\b(?:i'?m|im|i am|i feel|feeling|i was|so|really)\s+(?:so\s+|really\s+|very\s+|absolutely\s+|completely\s+)?(?:scared|terrified|frightened|petrified|anxious|panicky|afraid|shaky|on edge)\b(?!\s+stiff)"
        r"|\bscared to (?:sleep|be awake|be alone|go outside|leave the house|go home|close my eyes)\b|\b(?:so|really) scared\b",
        "PLYG",
    ),
    (
        "distress",
        "body_anxiety",
        0.25,
        r"\b(?:hands?|legs?|whole body)\s+(?:won'?t stop|keeps?|keep|are|is)\s+(?:shaking|trembling)\b|\bshaking\b|\bbeen sick\b|\bthrowing up\b|\bthrew up\b|\bstomach (?:hurts|churning|in knots|is in knots)\b"
        r"|\bfeel sick\b|\bwhole body aches\b|\bbody (?:aches|hurts)\b|\bcatastrophi[sz]ing\b|\bcan'?t stop replaying\b|\breplaying\b",
        "PLYG",
    ),
    ("distress", "nightmares", 0.35, r"\bnightmares?\b|\bflashbacks?\b|\bintrusive (?:thoughts|memories)\b", "PLYG"),
    (
        "distress",
        "shame",
        0.4,
        r"\b(?:so |really |deeply )?ashamed\b|\b(?:let|letting|lets)\s+(?:everyone|them|my \w+|you all|everybody|him|her|people)\s+down\b|\bruined everything\b"
        r"|\bi feel (?:so |really )?(?:awful|terrible|horrible|guilty|disgusting)\b|\bcan'?t look (?:anyone|them|her|him) in the eye\b|\bfeel like such a\b",
        "PNLYG",
    ),
    (
        "distress",
        "life_event",
        0.3,
        r"\b(?:cancer|tumou?r|dementia|terminal|chemo|miscarriage|stillbirth)\b|\b(?:lost|losing)\s+my\s+(?:job|home|house|mum|mom|dad|baby|partner|wife|husband|son|daughter|brother|sister|best friend|savings)\b"
        r"|\b(?:got dumped|dumped me|broke up with me|left me|cheated on me|rejected|failed my)\b|\b(?:divorce|custody|evicted|eviction|repossess\w*|bailiffs|redundan\w*|laid off|fired|debt|debts|gambl\w*)\b|\bcan'?t (?:pay|afford) (?:the )?(?:rent|bills|mortgage)\b"
        r"|\b(?:don'?t|do not)\s+know\s+how\s+i'?m\s+(?:going|gonna)\s+to\b|\bpicked on\b|\bbull(?:ied|ying)\b|\babus(?:e|ive|ed)\b|\bsince the (?:crash|accident|attack|assault)\b"
        r"|\b(?:she|he|they) (?:left|died|passed)\b|\bmy \w+ (?:died|passed away|passed)\b|\bpassed away\b|\bfuneral\b|\bgrie(?:f|ving)\b",
        "PLYG",
    ),
    (
        "distress",
        "miss_so_much",
        0.45,
        r"\bmiss (?:her|him|them|my \w+) so (?:much|badly)\b|\b(?:physically )?hurts\b",
        "PLYG",
    ),
    ("distress", "getting_worse", 0.35, r"\bgetting worse\b|\bworse every day\b|\bworse and worse\b", "PLYG"),
    (
        "distress",
        "bad_night",
        0.5,
        r"\b(?:tonight|today|this week|this morning|right now|everything)\s+(?:is|has been|'s)\s+(?:really\s+|so\s+|just\s+)?(?:bad|hard|awful|rough|terrible|unbearable|too much|a lot)\b"
        r"|\blonely bad\b|\brough (?:night|day|week)\b",
        "PLYG",
    ),
    (
        "distress",
        "bad_day",
        0.3,
        r"\b(?:awful|horrible|terrible|shit|crap|rubbish|bad|miserable) (?:day|night|week)\b",
        "PLYGN",
    ),
    (
        "distress",
        "reach_out",
        0.4,
        r"\b(?:can|could|would)\s+(?:someone|anyone|somebody)\s+(?:please\s+)?(?:say hi|talk to me|reply|message me|call me|be here|stay with me|just talk)\b"
        r"|\bi (?:just )?need(?:ed)? (?:to hear a voice|to talk to someone|to tell someone|someone to talk to|someone)\b|\bi needed to tell someone\b|\bcan someone\b",
        "PLYG",
    ),
    (
        "distress",
        "not_okay",
        0.5,
        r"\b(?:i'?m|im|i am)\s+(?:really\s+|just\s+|so\s+|honestly\s+)?not\s+(?:okay|ok|alright|all right|fine|coping|doing (?:well|great|good))\b(?!\s+with\b)(?!\s*\(in a fun way\))"
        r"|\b(?:can'?t|don'?t) remember the last time i (?:felt|was) (?:okay|ok|happy|good|myself|normal|alright)\b|\b(?:can'?t|don'?t) see (?:a|any) (?:future|way out|way forward)\b|\b(?:i'?m|im|i am)\s+(?:so\s+|really\s+)?(?:struggling|in a (?:really |very |pretty )?(?:bad|dark) (?:place|way)|at rock bottom|a mess|a wreck|breaking|on the edge)\b",
        "PNLYG",
    ),
    (
        "distress",
        "want_to_hide",
        0.45,
        r"\bwant(?:s)? to (?:stay in my room|hide|crawl into a hole|run away|disappear|vanish|curl up)\b(?:\s+(?:forever|and never))?|\b(?:stay|hide) in my room forever\b",
        "PLYG",
    ),
    (
        "distress",
        "pushing_away",
        0.45,
        r"\bpush(?:ing)? (?:everyone|people|them|him|her) away\b|\bisolat(?:ing|ed) myself\b|\bkeep (?:pushing|ruining)\b",
        "PLYG",
    ),
    (
        "distress",
        "dont_know_what_to_do",
        0.45,
        r"\b(?:don'?t|do not) know (?:what to do|how much (?:longer|more) i can)\b|\bdon'?t know (?:how to|if i can) (?:keep|carry|go) (?:going|on)\b|\bi can'?t do it\b|\bi can'?t do this\b",
        "PLYG",
    ),
    ("distress", "alone_word", 0.25, r"\b(?:alone|lonely|loneliness|isolated)\b", "PNLYG"),
    (
        "distress",
        "sad_word",
        0.2,
        r"\b(?:sad|sadness|depressed|depression|down|low|heavy|grey|gray|empty|miserable|awful|exhausted|overwhelmed|overwhelming|terrified|scared|frozen|freeze|paralysed|paralyzed|heartbroken|devastated|gutted|broken)\b",
        "PNLYG",
    ),
    (
        "distress",
        "every_day_same",
        0.4,
        r"\bevery day (?:is |feels )?the same\b|\bhaven'?t felt (?:happy|okay|good|like myself) in\b|\bsame empty\b",
        "PLYG",
    ),
    (
        "distress",
        "sleepless",
        0.3,
        r"\b(?:barely|hardly|can'?t|haven'?t)\s+(?:sleep|eat|slept|ate|eaten)\b|\binsomnia\b|\bup all night\b",
        "PLYG",
    ),
]

HOSTILE = [
    (
        "hostile",
        "you_are_insult",
        0.75,
        rf"\b(?:you|u|ya)(?:'?re|r| are| re)\s+(?!not\b)(?:(?:so|such|a|an|just|the|being|really|way|truly|literally|actually|totally|honestly|clearly|obviously|officially|still|pretty|very|complete|absolute|utter|total|massive|huge|fucking|bloody|one|nothing but|nothing more than|exactly|always|only|the most|kind of|kinda|simply|beyond)\s+)*{_INSULT}\b",
        "RN",
    ),
    (
        "hostile",
        "you_two_insult",
        0.7,
        rf"\byou (?:two|both|all|lot|people|guys) (?:are|'re)\s+(?:(?:so|just|as|such|a|an)\s+)*{_INSULT}\b",
        "RN",
    ),
    (
        "hostile",
        "post_is_insult",
        0.6,
        r"\b(?:this|your|that|the)\s+(?:post|comment|thread|story|rant|sob story|whining|moaning|life|attitude|face)\s+(?:is|was)\s+(?:so\s+|just\s+|a\s+|such\s+a\s+)*(?:pathetic|a joke|embarrassing|cringe|ridiculous|made up|fake|boring|attention seeking|sad|a mess|laughable|tragic|exhausting)\b"
        r"|\bso is this post\b",
        "RN",
    ),
    (
        "hostile",
        "what_a_insult",
        0.6,
        r"\b(?:what|such)\s+an?\s+(?:loser|joke|clown|drama queen|snowflake|crybaby|cry baby|attention seeker|baby|idiot|moron|waste of space|fraud|liar|child|pathetic \w+)\b",
        "RSNT",
    ),
    (
        "hostile",
        "insult_noun",
        0.55,
        r"\b(?:misery guts|killjoy|drama queen|attention[- ]?seek(?:er|ers|ing)|attention whore|snowflake|crybaby|cry baby|loser|moaner|whiner|whinger|waste of space|pity party|sob story|victim mentality|playing the victim|play the victim)\b",
        "RSNT",
    ),
    (
        "hostile",
        "imagine_being",
        0.7,
        r"\bimagine (?:being|getting|needing|crying|posting) (?:this|so|such a)\b|\bimagine (?:being|needing) (?:a )?(?:therapy|therapist|meds)\b",
        "R",
    ),
    (
        "hostile",
        "taunt_wanting_to_die",
        0.85,
        r"\bif you (?:really|actually|truly|genuinely) (?:wanted|meant|were going|want)\b[^.!?]{0,40}\b(?:done it|by now|already)\b|\byou'?d have (?:done it|gone through with it) (?:already|by now)\b|\bstill here,? (?:huh|then|i see)\b",
        "R",
    ),
    (
        "hostile",
        "loves_attention",
        0.7,
        r"\byou (?:\w+ )?(?:love|want|crave|need|like|enjoy|live for) (?:the|all the|this) (?:attention|drama|sympathy|pity)\b|\bimagine (?:thinking|believing) (?:anyone|people|we|someone|anybody) (?:cares?|care)\b"
        r"|\b(?:no one|nobody|noone)(?:'?s| is) (?:reading|listening|interested)\b|\bcry (?:harder|more|about it)\b|\bkeep (?:crying|whining|moaning|sulking)\b|\b(?:crying|whining|moaning|sulking|keep crying),? (?:it'?s|this is) (?:hilarious|funny|entertaining)\b"
        r"|\bpeople like you (?:are (?:the|why|what)|make (?:\w+ ){0,3}worse|ruin|should (?:leave|go|be banned|not)|shouldn'?t|don'?t belong)\b|\bact (?:like it|your age)\b|\bgrow a pair\b|\b(?:you'?re|you are) a grown (?:man|woman|adult)\b"
        r"|\b(?:your|ur) (?:therapist|family|friends|mum|mom|dad|partner|kids|husband|wife|boyfriend|girlfriend|ex|parents|colleagues) (?:must |probably |clearly |obviously )?(?:hates?|can'?t stand|(?:is|are) sick of|avoids?|dreads?|(?:is|are) embarrassed by) you\b",
        "RSI",
    ),
    (
        "hostile",
        "put_downs",
        0.7,
        r"\bevery (?:week|day|time|single day) with this\b|\b(?:find|get) a (?:new )?hobby\b|\btouch grass\b|\bnobody'?s forcing you\b|\bgo (?:cry|whine|moan|complain) to (?:your|someone)\b|\bcry to your (?:mummy|mommy|mum|mom)\b"
        r"|\byou deserve to be (?:lonely|alone|miserable|unhappy|sad|left|dumped)\b|\byou'?re (?:just |really |simply )?not (?:very |that |particularly )?(?:likeable|likable|nice|fun|interesting|lovable|worth)\b"
        r"|\b(?:whiners|moaners|losers|idiots|snowflakes|freaks|attention seekers|crybabies|drama queens|clowns)\s+like you\b"
        r"|\bwithout (?:people like you|you in it|you around)\b|\bregrets? (?:having|having had|giving birth to|meeting|dating|marrying|adopting) you\b|\bcope harder\b|\bseethe\b",
        "RSI",
    ),
    (
        "hostile",
        "contempt_phrases",
        0.65,
        r"\bstop dumping\b|\bdumping (?:this|it|all this|your \w+) on\b|\btrauma dump\w*\b|\bfeeling sorry for yourself\b|\balways the victim\b|\bprofessional victim\b|\bwaste of (?:a post|a thread|bandwidth|my time|everyone'?s time)\b"
        r"|\bnot you again\b|\b(?:oh|ugh) (?:god|great|no),? (?:it'?s )?you\b|\binstead of (?:whining|moaning|complaining|crying|sulking|whinging)\b|\bmake (?:everything|it all|this|it) about (?:yourself|you)\b|\bowes? you (?:sympathy|anything|attention|pity)\b"
        r"|\b(?:people|everyone|everybody|they|we|friends)(?:'?s|'?re)?\s+(?:get|are|is|got|getting|grow|so)?\s*(?:sick|tired) of (?:you|your (?:posts|moaning|whining|drama|sob stories|crap|complaining|nonsense))\b|\bkarma'?s a bitch\b|\bthat'?s karma\b|\binstant karma\b|\bkarma got you\b|\ba you problem\b|\bwaa*h(?:[ ,]+waa*h)+\b|\byou'?re (?:sad|upset|depressed|crying|struggling|anxious|suicidal|miserable) again\b"
        r"|\bwhat a (?:coincidence|surprise|shock)\b|\bcolou?r me surprised\b|\b(?:depression|anxiety|mental illness|being sad|sadness|ptsd|self[- ]harm) (?:is|are) (?:a|just a) (?:choice|decision|mindset|myth|trend|fad|lie)\b"
        r"|\b(?:your|ur) (?:anxiety|depression|pain|trauma|story|problem|situation|feelings?|life) (?:isn'?t|is not|aren'?t|are not) (?:special|unique|that bad|a big deal|interesting|real)\b|\bdelete (?:this|your (?:account|post))\b|\blog off\b(?!\s+for)"
        r"|\bbe (?:so )?(?:embarrassed|ashamed) (?:of|by) you\b|\b(?:third|fourth|fifth|tenth|100th|hundredth|nth) time this (?:week|month)\b|\byou'?ve ['\"]",
        "RSI",
    ),
    (
        "hostile",
        "more_contempt",
        0.7,
        r"\b(?:depression|anxiety|mental illness|ptsd|adhd|trauma|your illness) (?:isn'?t|is not|aren'?t|ain'?t) (?:real|a thing|an illness)\b|\bgo for a (?:walk|run) and (?:get over|stop)\b"
        r"|\byour (?:husband|wife|partner|ex|boyfriend|girlfriend|friends|mates|family|kids|mum|mom|dad) (?:left|leaves|cheated|hates you|avoids you|stopped talking|ghosted you|dropped you|dumped you|blocked you)\b[^.!?]{0,30}\bbecause\b|\byou never shut up\b"
        r"|\bwho (?:even )?asked\b|\byou sound (?:so |really |honestly |absolutely |just )?(?:exhausting|insufferable|annoying|unbearable|pathetic|spoiled|spoilt|entitled|dramatic|like a (?:nightmare|child|baby|brat|spoilt brat))\b"
        r"|\bwoe is me\b|\byawn\b|\bdo it then\b[^.!?]{0,5}\b(?:coward|chicken|loser)\b",
        "RSI",
    ),
    ("hostile", "coward", 0.55, r"\bcoward\b|\bchicken\b(?=\W*$)", "RSIT"),
    (
        "hostile",
        "they_dont_like_you",
        0.75,
        r"\b(?:they|people|your friends|your mates|everyone|nobody)\s+(?:don'?t|do not|doesn'?t)\s+(?:even\s+|actually\s+|really\s+)?(?:like|want|care about|love|rate)\s+you\b|\bthink happy thoughts\b|\b(?:isn'?t|it'?s not|not) rocket science\b"
        r"|\b(?:gen ?z|millennials|kids these days|snowflakes|young people)\s+(?:can'?t|cannot|don'?t know how to)\s+(?:cope|handle|deal)\b",
        "RSI",
    ),
    (
        "hostile",
        "more_put_downs",
        0.65,
        r"\bnobody likes (?:a|an) (?:whiner|moaner|complainer|drama queen|attention seeker|crybaby|victim)\b|\bnobody likes you\b|\bugh,? you again\b|\bgive it up\b(?=\W*$)|\byou deserved (?:it|this|that)\b"
        r"|\bstop bringing (?:everyone|us|the whole \w+) down\b|\bgo away\b(?!\s+(?:for|on|to|this|next))|\b(?:just )?die already\b",
        "RSI",
    ),
    (
        "hostile",
        "batch11_hostile",
        0.7,
        r"\bstop making (?:everything|it|this) (?:a tragedy|about you|so dramatic|a drama|a big deal)\b|\byou'?re not (?:that |so |very )?special\b(?!,? you'?re)|\bself[- ]pity\b|\bwallowing\b"
        r"|\btry (?:working|having|getting) a real \w+\b|\bsee how (?:depressed|anxious|sad|tired|stressed) you are then\b|\bi'?d (?:leave|dump|block|ghost|avoid) you too\b|\bexcuse for a (?:human|person|man|woman|mother|father|parent|friend)\b"
        r"|\bi dare you\b|\byou chose (?:to be )?(?:miserable|sad|unhappy|depressed|this life|to suffer)\b|\bjust log off\b",
        "RSI",
    ),
    (
        "hostile",
        "this_person",
        0.65,
        r"\b(?:this|that|these)\s+(?:loser|idiot|clown|moaner|whiner|attention seeker|drama queen|freak|moron|nutcase|person again|one again|weirdo)\b",
        "RN",
    ),
    (
        "hostile",
        "imperative_dismissal",
        0.7,
        r"\b(?:get|grow)\s+(?:a grip(?! on| of)|a life|over (?:it|yourself)|up\b|a backbone|some (?:thicker )?skin|real\b|a job)|\bman up\b|\btoughen up\b|\bharden up\b|\bsuck it up\b|\bcry me a river\b|\bboo+ ?hoo+\b"
        r"|\b(?:quit|stop|enough with the|enough of the)\s+(?:your\s+|the\s+|all the\s+)?(?:moaning|whining|whinging|complaining|crying|bitching|sulking|being (?:so |such a )?(?:dramatic|sensitive|soft|a baby|pathetic|needy|a drama queen|a victim)|playing the victim|feeling sorry for yourself|attention seeking|making (?:it|everything) about you|posting (?:the same|every)|threatening)\b"
        r"|\bgive it a rest\b|\bshut (?:up|it)\b|\b(?:learn to )?take a hint\b|\bget over yourself\b|\bpull yourself together\b|\bsnap out of it\b|\bjust (?:think positive|be happy|cheer up|get over it|move on already)\b"
        r"|\b(?:it'?s|its)\s+not\s+that\s+(?:hard|deep|difficult|serious)\b|\bthe rest of us (?:manage|cope|get on|deal with it)\b|\bkeep (?:a diary|it to yourself)\b|\bwrite it in a diary\b|\bnext\.?\s*$",
        "RNI",
    ),
    (
        "hostile",
        "nobody_cares",
        0.65,
        r"\b(?:nobody|no one|noone|no-one|nobody here|no one here)\s+(?:cares|asked|wants to (?:read|hear|see|know)|needs to (?:hear|read|know|see)|is interested|gives a|scrolls|comes here)\b(?!\s+(?:about me|if i|whether i|how i|what i|when i))"
        r"|\bwho asked\b|\bwho cares\b|\bdidn'?t ask\b|\bnobody (?:scrolls|reads|comes) (?:down )?(?:here )?to\b",
        "RN",
    ),
    (
        "hostile",
        "invalidation",
        0.75,
        r"\byou'?re not (?:really |actually |even |truly )?(?:depressed|anxious|sick|ill|traumati[sz]ed|suicidal|disabled|bipolar|autistic|mentally ill|struggling|sad)\b(?!\s+(?:alone|a burden|weak|broken|lazy|too much))"
        r"|\b(?:depression|anxiety|mental illness|your diagnosis|a diagnosis|being sad|ptsd|adhd|your (?:illness|condition|trauma|past))\s+(?:is|isn'?t|is not|ain'?t)\s+(?:an|no|not an)\s+excuse\b"
        r"|\byou don'?t (?:need|have) (?:therapy|a therapist|meds|medication|depression|anxiety|real problems|a diagnosis|trauma)\b"
        r"|\bnobody needs (?:a therapist|therapy|meds|this much (?:help|attention))\b|\bneeds? a therapist this much\b"
        r"|\bif you (?:actually|really|genuinely|truly) (?:had|were|have)\s+(?:\w+\s+)?(?:depression|anxiety|ptsd|trauma|adhd|bpd|ocd|depressed|anxious|ill|suicidal|problems)\b|\b(?:people with|those with|if you had|if you were|someone with)\s+(?:real|actual|genuine|proper|really)\s+(?:depression|anxiety|trauma|problems|mental illness|issues|suffering|depressed|anxious|ptsd)\b"
        r"|\b(?:real|actual|genuine)\s+(?:trauma|depression|anxiety|problems|ptsd)(?:\s+(?:survivors|sufferers|victims|people|patients))?\s+would\b|\b(?:try having|get some|when you have|come back when you have)\s+(?:real|actual|proper)\s+problems\b|\byou (?:whine|moan|whinge|complain|cry|sulk)\b|\bhiding behind (?:your|a|the|their) (?:diagnosis|illness|label|depression|anxiety|mental health|condition|meds)\b"
        r"|\busing (?:it|your \w+|that|depression|anxiety|your \w+ \w+) as (?:an excuse|a shield|a crutch|cover|an out)\b|\bnot depressed,? (?:you'?re|just)\b|\byou need (?:a reality check|to get a grip|to toughen up|to grow up|to man up)\b"
        r"|\b(?:just|it'?s just) (?:an excuse|attention)\b|\bfirst world problems?\b|\bcan'?t handle (?:one|a single|any|a little|basic)\b|\btypical (?:gen ?z|millennial|boomer|snowflake|teenager|teen|woman|man|lefty)\b",
        "RN",
    ),
    (
        "hostile",
        "for_attention",
        0.65,
        r"\b(?:made|making|make)\s+(?:it|this|that|all this|this whole thing|stuff)\s+up\b|\bobviously (?:made up|fake|lying|a lie)\b|\bsounds (?:made up|fake|like (?:bs|bullshit|a lie|attention seeking|a you problem))\b|\bcan you (?:just )?not\b|\b(?:for|just for|all for|wants?|craving|desperate for)\s+(?:the\s+)?(?:attention|sympathy|likes|clout|pity)\b"
        r"|\b(?:fishing|begging|angling)\s+for\s+(?:sympathy|attention|compliments|likes|pity)\b|\bseeking (?:attention|sympathy)\b|\battention seeking again\b",
        "RSN",
    ),
    (
        "hostile",
        "sarcasm",
        0.6,
        r"\bso brave\b|\bgive (?:this person|him|her|them|you|that person|this guy|this girl) a medal\b|\bhow (?:tragic|sad|awful|terrible)\b|\b(?:oh )?no,? (?:someone|somebody|the world|people) (?:was|were|is|are) (?:mean|unfair|rude)\b"
        r"|\b(?:weekly|daily|monthly|usual|another|regular)\s+(?:meltdown|sob story|pity party|rant|breakdown|drama|crisis)\b|\bright on (?:schedule|cue|time)\b|\bhere we go again\b|\boh look\b"
        r"|\bofficially (?:crazy|insane|mental|nuts|a psycho)\b|\bcongrats,? i guess\b|\b(?:crying|cry|whining|moaning|sobbing)\s+(?:on|to)\s+the\s+internet\b|\b(?:crying|whining|moaning|sobbing) online\b|\bsort yourself out\b|\bpull your socks up\b|\bgrown (?:adult|man|woman|person)\s+(?:crying|whining|moaning)\b"
        r"|🙄|🎻|\bworld'?s smallest violin\b|\bboo hoo\b|\bcall the waaa+mbulance\b|\bwaaa+h?\b|\bshocking\.?\s*$|\bcongratulations,? you\b|\bsomeone was mean to you\b",
        "RN",
    ),
    (
        "hostile",
        "blame",
        0.7,
        r"\byou brought (?:this|it|all this) on yourself\b|\b(?:lol|lmao|haha|honestly|well|tbh),? you deserve (?:it|this|that)\b|\byou deserve (?:it|this|that)\s*(?:lol|lmao|😂|🤣)|\byou deserve (?:what you get|to be alone|to feel (?:this|bad|like this|awful)|everything you get|all of this)\b|\bserves you right\b|\b(?:your|you'?re|ur) own fault\b"
        r"|\bno wonder (?:nobody|no one|people|they|he|she|your|you'?re (?:single|alone|lonely|miserable))\b|\bdon'?t expect (?:pity|sympathy|people to|us to|anyone to)\b|\bi feel sorry for (?:your|the people around you|anyone who)\b|\bi pity (?:your|anyone who|the people)\b|\bnever ends with you\b|\bwith you,? (?:does it|isn'?t it|is there)\b|\balways something with you\b"
        r"|\bwhy you'?re (?:single|alone|lonely|still single)\b|\b(?:people|they|everyone|friends)\s+(?:keep\s+)?(?:leav\w*|left you|avoid you)\b[^.!?]{0,30}\bbecause\b|\bbecause you'?re\s+(?:unbearable|annoying|exhausting|toxic|the problem|selfish|a \w+)\b"
        r"|\bmakes? everyone (?:around (?:them|you|her|him) )?(?:miserable|unhappy|sad|uncomfortable)\b|\bput up with you\b|\bonly (?:put up with|tolerate|talk to|like|invite) you\b|\bout of pity\b"
        r"|\b(?:nobody|no one)\s+(?:wants|likes|wants to hang out with|would want|loves|will ever love)\s+you\b|\b(?:you|you'?re)\s+(?:the|exactly the)\s+(?:kind|type|sort)\s+of\s+person\s+(?:who|that)\b"
        r"|\byou wonder why\b|\byou'?ll (?:never|always) be\b|\bthe reason (?:they|he|she|people) left\b|\bof course you'?d say that\b",
        "RN",
    ),
    (
        "hostile",
        "encourage_self_harm",
        0.9,
        r"\b(?:go\s+|just\s+|then\s+|pls\s+|please\s+)?(?:kill yourself|kys|unalive yourself|end yourself|hang yourself|slit your (?:wrists|throat)|go jump|jump off a (?:bridge|cliff|building)|go die|drop dead|neck yourself|off yourself)\b"
        r"|\b(?:then|just|so|go on,?)\s+(?:go through with it|go ahead and do it|follow through)\b|\b(?:(?:and|just|then|go) get it over with|stop threatening|all talk|stop talking about it and do it)\b|\byou(?:'ll| will)? never (?:actually )?do it\b|\byou won'?t (?:actually )?(?:do it|do anything)\b|\bbig talk\b|\bjust end it (?:then|already)\b|(?:^|[.!?]\s*)end it (?:then|already)\b|\b(?:nobody|no one)(?:'?d| would)\s+(?:even\s+)?(?:notice|care|miss you)\s+if you\s+(?:disappeared|died|left|were gone|killed yourself|went)\b"
        r"|\b(?:nobody|no one) would (?:even )?miss you\b|\b(?:the world|everyone|we) (?:would be|'?d be|is) better (?:off )?without you\b|\bdo (?:us|everyone|the world) a favou?r\b"
        r"|\bsave (?:us|everyone|everybody|the world) the (?:trouble|bother|drama)\b|\bone less (?:\w+ )?(?:moaner|whiner|loser|attention seeker|person|problem|drama queen|of you)\b|\bgood riddance\b|\b(?:just\s+)?jump already\b|\bspare (?:us|everyone|everybody) the (?:drama|trouble|theatrics|bother)\b"
        r"|\b(?:nobody|no one|noone)\s+(?:is going to|'?s going to|gonna|will|would)\s+(?:even\s+)?miss you\b|\bhope you (?:do it|go through with it|succeed|finally do it|actually do it|die|kill yourself)\b|\bnobody would miss you,? so why not\b|\b(?:just\s+)?go\s+(?:then|already)\b|\bjust go\b(?!\s+(?:for it|to|and|with|easy|slow))",
        "R",
    ),
    ("hostile", "kys_spaced", 0.9, r"\bk[\W_]{1,2}y[\W_]{1,2}s\b", "R"),
    # An order to harm oneself, said to someone: "cut deeper then", "jump then", "swallow the whole bottle".
    (
        "hostile",
        "harm_imperative",
        0.85,
        r"(?:^|[.!?]\s*)(?:(?:just|go|then|so|pls|please|go on|well|ok|okay)[, ]+)*(?:cut|jump|hang|drown|overdose|od|slit|stab|starve|swallow)\b"
        r"(?! (?:your pride|it down|in\b|into the (?:pool|water|sea|lake)))(?: [\w']+){0,4}? (?:yourself|then(?=\s*(?:[.!?,]|$))|already|deeper|harder|the whole|the lot|everything|see if)\b",
        "RN",
    ),
    (
        "hostile",
        "threat",
        0.7,
        r"\b(?:i know|found out|i found) where you (?:live|work|study)\b|\bfound you\b|\b(?:i'?ll|i will|maybe i'?ll|gonna|going to)\s+(?:come|find|visit|see|track)\s+(?:and\s+)?(?:you|and ask you|down)\b"
        r"|\bask you in person\b|\bwatch your back\b|\byou'?ll regret\b|\b(?:i'?ll|gonna|going to) (?:hurt|get|make) you\b|\bcoming for you\b",
        "R",
    ),
    (
        "hostile",
        "harass_campaign",
        0.7,
        r"\bflood (?:it|her|his|their|the)\b|\b(?:everyone|everybody|y'?all|let'?s|go)\s+(?:go\s+)?(?:message|spam|report|tell|dm|email)\s+(?:her|him|them)\b|\btell (?:her|him|them) what an? \w+\b"
        r"|\b(?:everyone|everybody|y'?all|let'?s all|we should all)\s+(?:go\s+)?ask (?:him|her|them) why (?:he|she|they)\b|\bexpose (?:her|him|them)\b|\beveryone should know\b|\bwhat a fake (?:she|he) is\b|\b(?:she|he)'?s such a (?:liar|fake|fraud)\b",
        "R",
    ),
    (
        "hostile",
        "mods_ban",
        0.6,
        r"\bmods?,?\s+(?:can|could|please|pls|will)\s+(?:we|you)?\s*(?:ban|remove|stop|kick|block|get rid of|delete)\b|\bban (?:this|her|him|them)\b",
        "R",
    ),
    (
        "hostile",
        "profanity_at_you",
        0.8,
        r"\b(?:fuck|f\*+k|f\*+|screw|sod)\s+(?:you|off|u)\b|\bpiss off\b|\bstfu\b|\bgtfo\b|\bshut the (?:fuck|hell) up\b|\byou (?:fucking|bloody|stupid|absolute|pathetic)\s+(?!(?:legend|star|angel|gem|hero|icon|queen|king|genius|champion|sweetheart|darling|diamond|babe|saint|treasure|beauty|unit|madman|madwoman|lad)\b)(?:\w+)\b"
        r"|\b(?:you|ur|you'?re)\s+(?:a\s+)?(?:cunt|bitch|dickhead|prick|twat|wanker|asshole|arsehole|dick|bastard)\b",
        "RN",
    ),
    (
        "hostile",
        "embarrassing",
        0.45,
        r"\b(?:this|that|it)(?:'?s| is| was)\s+(?:so\s+|just\s+|honestly\s+|frankly\s+)?(?:embarrassing|pathetic|cringe|laughable|a joke|sad to watch)\b(?!\s+(?:weather|for a|game|performance|attempt|effort|service|wifi))|\bembarrassing to (?:read|watch|see)\b",
        "RSNT",
    ),
    (
        "hostile",
        "pathetic_word",
        0.45,
        r"\b(?:pathetic|loser|idiot|moron|clown|cringe|spoiled|spoilt|lazy|crazy|attention)\b(?!\s+(?:weather|excuse for a|game|performance|attempt|effort|service|wifi|team|buys|pays|gets|has to|does|span|to detail|deficit))",
        "RSNT",
    ),
    (
        "hostile",
        "scare_quotes_feelings",
        0.5,
        r"\byour ['\"](?:feelings|trauma|depression|anxiety|mental health|struggles|illness)['\"]",
        "R",
    ),
    ("hostile", "laugh_at", 0.3, r"\b(?:lol|lmao|haha)\b|😂|🙃|🤣", ""),
]

SPAM = [
    (
        "spam",
        "link_in_bio",
        0.75,
        r"\blink in (?:my |the |our )?(?:bio|profile|description|comments|first comment)\b|\b(?:check|see|click) (?:the )?link\b|\bclick (?:here|below|the link|now)\b",
        "",
    ),
    (
        "spam",
        "my_channel",
        0.7,
        r"\b(?:check out|visit|subscribe to|follow|watch|listen to|read|see|sub to)\s+(?:my|our)\s+(?:new\s+)?(?:channel|page|blog|website|site|shop|store|profile|account|podcast|youtube|tiktok|insta|instagram|newsletter|videos?|content)\b"
        r"|\bplease (?:like and )?subscribe\b|\bsmash (?:that|the) like\b|\bfollow (?:me|us) for (?:daily|more|tips|updates|motivation|inspiration)\b",
        "",
    ),
    (
        "spam",
        "my_product",
        0.35,
        r"\b(?:my|our)\s+(?:\w+\s+){0,2}(?:course|programme|program|ebook|e-book|book|audiobook|app|retreat|workshop|webinar|masterclass|coaching|journal|podcast|channel|blog|shop|store|brand|product|products|supplements?|method|system|community|membership|newsletter|mindset course|business|services?|agency|drops|gummies|oils|sessions|readings?|packages?|team)\b",
        "",
    ),
    (
        "spam",
        "buy_now",
        0.5,
        r"\b(?<!in )(?<!of )(?:buy|order|shop|book|download|sign up|signup|enrol|enroll|join|claim|register|grab|subscribe|apply|install|purchase|get it|get yours|try it|start)\s+(?:it\s+|free\s+|for free\s+|now\s+)?(?:now|today|here|online|at|through|via|while|before)\b|\b(?<!in )(?<!of )(?:buy|order) (?:online|now|cheap|here)\b|\bshop (?:the link|now|our)\b",
        "",
    ),
    (
        "spam",
        "promo_code",
        0.75,
        r"\b(?:use|with|enter|apply)\s+(?:my\s+|the\s+)?(?:code|coupon|promo)\b|\b(?:discount|promo|coupon|referral|invite) (?:code|link)\b|\bcode [a-z0-9]{3,}\b|\bthrough my link\b|\bmy (?:referral|affiliate|invite) link\b|/invite/",
        "",
    ),
    (
        "spam",
        "sale",
        0.55,
        r"\b\d{1,3}\s?% off\b|\bhalf price\b|\bearly bird\b|\bflash sale\b|\bon sale\b|\bsale\b|\blimited (?:time|offer|spots|places)\b|\btoday only\b|\bends (?:friday|today|tonight|soon|sunday|monday|midnight)\b"
        r"|\bonly \d+ (?:spots|places|seats) (?:left|remaining)\b|\b\d+ (?:spots|places|seats) (?:left|remaining)\b|\bspots? left\b|\b(?:cheap|best|low|affordable|great) (?:rates|prices)\b|\bfirst month (?:free|half price)\b|\b\d+% (?:discount|cheaper)\b|\bdeal\b|\bdiscount\b|\boffer\b",
        "",
    ),
    (
        "spam",
        "price",
        0.35,
        r"(?:£|\$|€|usd|gbp|eur)\s?\d[\d,.]*k?\b|\b\d[\d,.]*\s?(?:pounds|dollars|quid|usd|gbp|bucks)\b|\bonly \d|\bfrom £|\bper session\b|\ba month\b|\bper month\b",
        "",
    ),
    (
        "spam",
        "free_offer",
        0.5,
        r"\bfree (?:trial|gift|webinar|consultation|reading|spins|shipping|delivery|ebook|sample|gift card|session|masterclass|download|for \d+ days)\b|\bunlock (?:premium|pro)\b|\bpremium free\b|\bfor free\b|\bno cost\b|\bjoin (?:my|our) free\b",
        "",
    ),
    (
        "spam",
        "cure_claim",
        0.5,
        r"\b(?:cures?|cured|curing|heals?|healed|fixe[sd]|fix|reverses?|reversed|eliminates?|got rid of|beat)\s+(?:my|your|her|his|their|the)?\s*(?:sister'?s\s+|mum'?s\s+|husband'?s\s+)?(?:depression|anxiety|ptsd|adhd|insomnia|eczema|everything|it all|for good|panic|stress|trauma|overthinking)\b"
        r"|\bcured (?:me|my)\b|\b(?:simple|weird|one|this) (?:simple )?trick\b|\bdoctors (?:don'?t|hate|won'?t)\b|\b(?:don'?t|doesn'?t) want you to know\b|\bnatural (?:cure|remedy|anxiety cure)\b|\bmiracle\b|\bin \d+ days\b",
        "",
    ),
    (
        "spam",
        "guarantee",
        0.6,
        r"\bguarantee[ds]?\b|\b100% (?:natural|guaranteed|safe|legit|genuine)\b|\brisk[- ]free\b|\bno (?:questions asked|prescription|rx|script)\b|\bshipped (?:worldwide|discreetly)\b|\bdiscreet (?:shipping|delivery|packaging)\b|\bgenuine quality\b|\bmoney[- ]back\b|\bthousands of (?:five[- ]star |happy |satisfied )?(?:reviews|customers|clients)\b|\bfive[- ]star reviews\b",
        "",
    ),
    (
        "spam",
        "money_scheme",
        0.75,
        r"\b(?:earn|make|made|making|turned|grew|generate)\s+(?:£|\$|€)?\d[\d,.]*k?\s+(?:a|per|in a|every|in|into)\s+(?:day|week|month|hour|weeks?|days?)\b|\bsix[- ]figures?\b|\bseven[- ]figures?\b|\bpassive income\b|\bfinancial freedom\b"
        r"|\b(?:turned|grew|made) (?:£|\$|€)\d[\d,.]*k? into\b|\binvestment (?:manager|opportunity|platform|plan|advisor|adviser)\b|\bcrypto\w*\b|\bbitcoin\b|\bforex\b|\btrading (?:signals|platform|account)\b|\bdropshipping\b"
        r"|\bwork from (?:home|your phone)\b|\bfrom (?:your|my) phone\b|\bpaid off (?:all )?my debts\b|\bask me how\b|\bcashflow\b|\bside (?:hustle|income)\b|\beasy money\b|\bhiring for remote\b|\bremote roles\b|\bjoin (?:my|our) team\b|\bmlm\b|\bbe your own boss\b",
        "",
    ),
    (
        "spam",
        "prize_scam",
        0.75,
        r"\byou (?:have |'?ve )?won\b|\bwinner\b|\bclaim (?:your|it|now|the)\b|\bgift ?cards?\b|\bvouchers?\b|\bsweepstakes?\b|\bcasino\b|\bfree spins\b|\bspins\b|\bjackpot\b|\blottery\b|\bbetting\b|\bprize\b|\breward(?:s)? (?:waiting|for sharing)\b",
        "",
    ),
    (
        "spam",
        "delivery_scam",
        0.7,
        r"\b(?:parcel|package|delivery|order)\s+(?:could not|couldn'?t|was not|wasn'?t|failed to|cannot|can'?t) be\s+(?:delivered|dispatched|processed)\b|\breschedule (?:your )?(?:delivery|at)\b|\bredeliver\w*\b|\bcustoms fee\b",
        "",
    ),
    (
        "spam",
        "phishing",
        0.8,
        r"\b(?:verify|confirm|update)\s+your\s+(?:identity|account|details|password|payment|information)\b|\baccount (?:has been|will be|is|was) (?:flagged|suspended|locked|closed|compromised|limited)\b|\bavoid (?:suspension|being locked)\b|\burgent:|\baction required\b",
        "",
    ),
    (
        "spam",
        "dating_scam",
        0.65,
        r"\b(?:lonely|hot|sexy|single|beautiful)\s+(?:women|girls|singles|men|ladies|milfs)\b|\bsingles near you\b|\bverified singles\b|\bcompanionship\b|\bnear you tonight\b|\bno strings\b|\bhook ?up\b|\bflirt\w*\b|\bhey (?:handsome|sexy|babe|dear)\b|\bchat privately\b|\blet'?s chat (?:privately|in private)\b|💋|😘",
        "",
    ),
    (
        "spam",
        "drugs_sale",
        0.8,
        r"\b(?:cheap|buy|order|best price|discount|selling|sell|supply|plug)\s+(?:\w+\s+){0,2}(?:adderall|oxy\w*|xanax|ativan|valium|viagra|tramadol|codeine|diazepam|modafinil|ketamine|pills|meds|medication)\b"
        r"|\b(?:adderall|oxy\w*|ativan|xanax|valium|tramadol)\b[^.!?]{0,60}\b(?:shipped|cheap|order|buy|sale|no questions|wickr|telegram)\b|\bno rx\b|\bwithout (?:a )?prescription\b|\bonline pharmacy\b|\bpharma\w*\b|\bpills order\b",
        "",
    ),
    (
        "spam",
        "woo_product",
        0.3,
        r"\b(?:spell caster|love spell|spells?|psychic|tarot|reiki|angels?|angelic|channel(?:l)?ing|readings?|manifest\w*|chakras?|crystal healing|crystals?|colloidal silver|cbd|hemp|gummies|supplements?|essential oils?|detox|keto|breathwork|energy healing|blocked energy|sound bath|herbal|remedy|calming face mask|face mask|earbuds|noise-cancelling|skincare|self-care kit|journal|webinar|retreat|masterclass|1:1|one[- ]to[- ]one|coaching|coach|accredited|certification|enrol|enroll|programme|course|donation|early bird|premium|download)\b",
        "",
    ),
    (
        "spam",
        "business_contact",
        0.4,
        r"\b(?:call|phone|ring|text|whatsapp|contact|message)\s+(?:us|our (?:friendly |lovely |expert )?(?:team|office|staff)|[a-z]+)\s+(?:on|at)\s+(?:\+|\d|zero|oh)",
        "",
    ),
    (
        "spam",
        "services_ad",
        0.35,
        r"\b(?:payday|loans?|ccjs?|credit (?:score|check|repair)|debt (?:relief|free)|consolidat\w+|man with a van|removals?|cheap rates|best rates|plumber|cleaning services?|essays?|assignments?|homework|expert writers|seo|followers|subscribers|likes and follows|grow your|boost your|designer (?:handbags|bags|watches)|replica|outlet|handbags|watches|insurance|quotes|broadband|mortgages?|sunglasses|shipping|delivery|wholesale)\b",
        "",
    ),
    (
        "spam",
        "grow_followers",
        0.75,
        r"\b(?:grow|boost|gain|get)\s+(?:your\s+)?(?:\w+\s+)?(?:to\s+)?\d[\d,.]*k?\s+(?:followers|subscribers|likes|views)\b|\b(?:like for like|l4l|f4f|follow (?:for|4) follow|follow back|follow and i'?ll follow|sub4sub|drop your (?:handle|@))\b",
        "",
    ),
    (
        "spam",
        "i_am_seller",
        0.35,
        r"\b(?:i'?m|i am|we are|we'?re)\s+(?:an?\s+)?(?:certified\s+|accredited\s+|licensed\s+|spiritual\s+|life\s+|wellness\s+|holistic\s+|business\s+|professional\s+|award[- ]winning\s+)*(?:coach|healer|investment manager|psychic|reader|consultant|practitioner|trader|seller|vendor|agency|company|brand|team)\b"
        r"|\bi (?:sell|make and sell|run|offer|host)\b|\bour team at\b|\bwe (?:offer|sell|provide|deliver|ship)\b|\bcontact (?:dr|mr|mrs)\b|\bi channel\b",
        "",
    ),
    (
        "spam",
        "pitch",
        0.45,
        r"\b(?:cheaper|better|faster)\s+than\s+(?:a\s+|real\s+|seeing\s+a\s+|going to\s+)*(?:therapy|therapist|meds|medication|doctor|a real therapist|counselling)\b|\btherapy is a scam\b|\bskip the (?:waitlist|queue|wait)\b"
        r"|\b(?:dm|pm|message|inbox|email|text|whatsapp|contact)\s+me\s+(?:for|to (?:start|book|join|order|buy|get|learn)|now|today|'?\w+'?\s*[💫✨🙏]|the word)\b|\bdm me ['\"]?\w+['\"]?\b|\bbook (?:a|your|my) (?:\w+ )?(?:session|reading|call|spot|place|appointment|consultation)\b|\bsession with me\b"
        r"|\b(?:sign up|join|enrol|book|order|download|grab|get|try|buy)\s+(?:my|our|the|this|it|a|your)\b[^.!?]{0,40}(?:£|\$|%|\.com|\.net|\.io|link|today|now|off\b)|\bbtw\b|\banyway,? (?:check|cheap|if you|i sell|get|visit|try)\b|\bjoin (?:my|our) team\b|\bby the way,? (?:check|if you|i sell)\b|\bif you like this\b|\byou'?ll love my\b|\bsign up\b|\bdownload now\b|\bout now\b",
        "",
    ),
]

SEO_WORDS = re.compile(
    r"\b(?:best|cheap|cheapest|buy|order|online|price|discount|uk|usa|fast|top|rated|near me|delivery|2024|2025|shop|store|natural|treatment|pills|cure|reviews?|now)\b"
)

# Domains that belong to health services and charities: linking them is help, not promotion.
SAFE_DOMAINS = re.compile(
    r"(?:^|\.)(?:nhs\.uk|gov\.uk|gov|nhs\.net|samaritans\.org|mind\.org\.uk|988lifeline\.org|crisistextline\.org|findahelpline\.com|who\.int"
    r"|nami\.org|mhanational\.org|pieta\.ie|hse\.ie|beyondblue\.org\.au|lifeline\.org\.au|papyrus-uk\.org|giveusashout\.org|childline\.org\.uk"
    r"|rethink\.org|youngminds\.org\.uk|thecalmzone\.net|samhsa\.gov|nimh\.nih\.gov|kidshelpphone\.ca|talkingtherapies\.nhs\.uk|wikipedia\.org)$"
)
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>\"']+|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|net|org|io|xyz|info|shop|bet|deals|app|co|uk|biz|online|store|site|club|me|ly|gg|tv|win|click|link|live|top|vip|health|life|us|ca|ie|au|de|fr|es|it|nl|eu|in|ai|dev|care|fit|coach|academy|today|news|blog|page|space|website|world|ru|cn|cc|to)\b(?:/[^\s<>\"']*)?"
)
URL_SHORTENER = re.compile(
    r"\b(?:bit\.ly|tinyurl\.com|t\.co|goo\.gl|linktr\.ee|ow\.ly|is\.gd|buff\.ly|rebrand\.ly|cutt\.ly|shorturl\.at)\b"
)
SEO_FUNCTION_WORDS = re.compile(
    r"\b(?:i|you|we|he|she|they|it|is|are|was|were|am|be|been|the|a|an|and|but|or|so|to|of|in|on|at|for|with|my|your|this|that|me|have|has|had|do|does|did|not|if|when|just|what|how|can|will|would)\b"
)

# Personal information. Phone-like digit runs, e-mails (plain and spelled out), handles and addresses.
EMAIL = re.compile(r"[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+")
_LOCAL = r"[a-z0-9][a-z0-9._-]*(?:\s+(?:underscore|dot|dash|hyphen|_|\.|-)\s+[a-z0-9._-]+|\s+\d+)*"
_TLD = r"(?:com|net|org|co|uk|io|me|edu|ie|ca|au|de|fr|info)(?:\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*(?:uk|au|nz|za|in))?\b"
_MAIL_HOSTS = r"(?:gmail|googlemail|hotmail|yahoo|outlook|icloud|proton(?:mail)?|aol|live|msn|gmx|btinternet|sky|ymail|yandex|zoho|mail)"
EMAIL_SPELLED = re.compile(
    # "name (at) host (dot) com", "name at gmail.com", "name at host dot com"; not "book at shop.com".
    rf"(?:\(at\)|\[at\]|\{{at\}}|<at>|\s@\s)\s*[a-z0-9-]+\s*(?:\(dot\)|\[dot\]|\{{dot\}}|<dot>|\s+dot\s+|\.)\s*{_TLD}"
    rf"|\sat\s+{_MAIL_HOSTS}\s*(?:\(dot\)|\[dot\]|\s+dot\s+|\.)\s*{_TLD}"
    rf"|\sat\s+[a-z0-9-]+\s*(?:\(dot\)|\[dot\]|\s+dot\s+)\s*{_TLD}"
)
EMAIL_LOCAL_PART = re.compile(rf"{_LOCAL}\s*$")
PHONE = re.compile(
    r"(?<![\w£$€.,/:%-])(?:\+\s?\d{1,3}[\s.-]?)?\(?\d{2,5}\)?(?:[\s.-]{1,2}\d{2,6}){0,4}(?![\w%/]|[.,]\d)"
)
PHONE_WORDS = re.compile(
    r"\b(?:(?:plus|zero|oh|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|hundred|\d)(?:[\s,.-]+|$)){6,}"
)
DIGIT_WORDS = {
    "zero": 1,
    "oh": 1,
    "nought": 1,
    "one": 1,
    "two": 1,
    "three": 1,
    "four": 1,
    "five": 1,
    "six": 1,
    "seven": 1,
    "eight": 1,
    "nine": 1,
    "hundred": 2,
}
SERVICE_CONTEXT = re.compile(
    r"\b(?:helplines?|hotlines?|lifeline|crisis|samaritans|pieta|shout|childline|text line|textline|support line|nhs|gp|surgery|reception"
    r"|front desk|clinic|hospital|practice|a&e|emergency|service|charity|freephone|24/7|24 hours|day and night|papyrus|calm|mind|rethink|sane"
    r"|switchboard|befrienders|beyond blue|kids help|trevor|trans lifeline|national|domestic abuse|refuge|police|ambulance|111|poison|walk-in|pharmacy|dentist|council|citizens advice)\b"
)
KNOWN_SERVICE_NUMBERS = frozenset(
    {
        "116123",
        "116111",
        "988",
        "741741",
        "85258",
        "1800247247",
        "08001111",
        "0800585858",
        "999",
        "911",
        "112",
        "111",
        "08088025544",
        "03001233393",
        "0800689999",
        "18002738255",
        "0800068414",
        "116117",
        "131114",
        "18662741",
        "0330 094 5717",
    }
)
PLATFORM = (
    r"(?:snap(?:chat)?|discord|telegram|whats ?app|signal|wickr|kik|skype|insta(?:gram)?|ig|tiktok|tik tok|twitter|threads|facebook|fb|tumblr"
    r"|reddit|youtube|wechat|viber|steam|xbox|psn|twitch)"
)
HANDLE_AFTER_PLATFORM = re.compile(
    rf"\b{PLATFORM}(?:'s|s)?\s*(?:me|is|name|handle|username|id|account|acc)?\s*(?:is|'s|:|-|=|on|at)?\s*[:\-]?\s*(@?[a-z0-9][a-z0-9._]{{2,}}[a-z0-9])\b"
)
# A handle-looking word (dots, underscores or trailing digits) in the same sentence as a platform: "snapchat, it's kat_99".
HANDLE_NEAR_PLATFORM = re.compile(
    rf"\b{PLATFORM}\b[^.!?\n]{{0,40}}?(?<![\w@.])@?((?:[a-z][a-z0-9]*[._][a-z0-9._]*[a-z0-9])|(?:[a-z]{{3,}}\d{{2,}}))\b"
)
PLATFORM_SAME_NAME = re.compile(
    rf"\b(?:on|via|at|my)\s+{PLATFORM}\b[^.!?]{{0,40}}\b(?:same (?:user ?name|name|handle|as here|as my)|add me|message me|msg me|dm me|hit me up|find me|hmu|look me up)\b"
    rf"|\b{PLATFORM}(?:'?s| is)?\s+(?:the\s+)?same\s+as\s+(?:my|here|this|on here)\b|\bsame (?:user ?name|name|handle) (?:on|over on) {PLATFORM}\b"
    rf"|\b(?:find|add|message|msg|dm|follow|text|call|reach|contact)\s+me\s+(?:on|via|at)\s+{PLATFORM}\b[^.!?]{{0,20}}\b(?:same|username|name|@)\b"
)
CONTACT_CUE = re.compile(
    rf"\b(?:my|mine|mine'?s|me|add|follow|dm|message|msg|text|contact|reach|find|hit me up|hmu|handle|username|account|{PLATFORM})\b"
)
HANDLE = re.compile(r"(?<![\w@.])@[a-z0-9_](?:[a-z0-9._]*[a-z0-9_])?")
# Case-sensitive patterns for names and places run on the original text.
_CAP = r"[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?"
STREET_TYPES = r"(?:Street|St|Road|Rd|Lane|Ln|Avenue|Ave|Close|Drive|Dr|Way|Crescent|Cres|Gardens|Place|Pl|Court|Ct|Terrace|Grove|Row|Square|Mews|Walk|Hill|Boulevard|Blvd|Parade|Rise|View)"
STREET_ADDRESS = re.compile(
    rf"\b\d{{1,4}}[a-zA-Z]?,?\s+(?:{_CAP}\s+){{1,3}}{STREET_TYPES}\b|\b(?:{_CAP}\s+){{1,3}}{STREET_TYPES},?\s+(?:number|no\.?|num|house|flat|apt|apartment)\s*\d+\b"
    rf"|\b(?:flat|apt|apartment|unit)\s+\d+[a-zA-Z]?,?\s+\d*\s*(?:{_CAP}\s+){{1,3}}{STREET_TYPES}\b"
    rf"|\b(?:i live|we live|living|i'?m|im|i am|come)\s+(?:on|at|in)\s+(?:{_CAP}\s+){{1,3}}{STREET_TYPES}\b"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b|\b(?:zip|postcode|post code)\s*:?\s*[A-Z0-9]{3,}\b")
NOT_NAMES = frozenset(
    "I Im I'm The This That It It's Its And But So Yes No Not Hey Hi Hello Thanks Thank Sorry Please Same Me My We You Your They He She Mods Mod Everyone Anyone "
    "Someone Nobody Today Tonight Tomorrow Yesterday Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July "
    "August September October November December God Lol Ok Okay Oh Wow Well Honestly Literally Just Also Really Now Then Here There What When Where Why How "
    "Who Still Back Going Good Great Fine Tired Done Sure Agreed Bless Update Edit Crisis Samaritans Mind Calm Shout Pieta Nhs NHS Gp GP A&E Reddit Google "
    "English British Irish Scottish Welsh American Canadian Christmas Easter Covid Instagram Discord Snapchat Telegram Whatsapp WhatsApp Signal Skype Threads "
    "Tiktok TikTok Twitter Facebook Anxiety Depression Therapy Grief Life Love Ireland England Scotland Wales Canada Australia London Leeds Glasgow Manchester "
    "Big Small Little Not Feeling Proud Happy Sad Safe Stay Sending Hugs Hang Welcome Congrats Congratulations Dear Mum Mom Dad Nan Gran Grandad Doctor Dr "
    "Mr Mrs Ms Miss Sir Madam Ma'am Bro Mate Guys Folks All Team Bye Goodbye Night Morning Evening Afternoon Friend Friends Love Lovely Kind Strong Brave "
    "Best Worst First Last Next Every Each One Two Three Four Five Six Seven Eight Nine Ten Twenty Thirty Please Pls Ugh Hmm Yeah Yep Nope Haha Omg Idk Tbh "
    "Btw Imo Fyi Ptsd Adhd Ocd Dbt Cbt Emdr Ssri Jesus Lord Allah Buddha Spring Summer Autumn Winter".split()
)


# ---------------------------------------------------------------------------------------------------------------
# Patterns the engine applies in code: thread replies, composites, names and places
# ---------------------------------------------------------------------------------------------------------------
# The last subject before a phrase tells whose words they are: "if you feel you want to die" is not the writer's.
SUBJECT = re.compile(
    r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|i'?ll|me|my|myself|you|you'?re|youre|your|u|ur|they|they'?re|them|he|he'?s|she|she'?s|him|her"
    r"|someone|somebody|anyone|anybody|people|others|sounds|we|we'?re|(?:it|that|this) must|must (?:feel|be|have been)|gen ?z|millennials|boomers|kids these days|snowflakes)\b"
)
OTHER_SUBJECTS = frozenset(
    {
        "you",
        "you're",
        "youre",
        "your",
        "u",
        "ur",
        "they",
        "they're",
        "theyre",
        "them",
        "he",
        "he's",
        "hes",
        "she",
        "she's",
        "shes",
        "him",
        "her",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "people",
        "others",
        "sounds",
    }
    | {f"{w} must" for w in ("it", "that", "this")}
    | {f"must {w}" for w in ("feel", "be", "have been")}
    | {"gen z", "genz", "millennials", "boomers", "kids these days", "snowflakes"}
)
NOT_IMPERATIVE = re.compile(
    r"(?:\b(?:can'?t|cannot|couldn'?t|won'?t|to|i|i'?ll|i'?d|i'?m|not|never|we|they|he|she|trying to|want to|wish i could|help me|how (?:do|can) i|can'?t seem to|unable to|me)\s+(?:\w+\s+)?)$"
)
SECOND_PERSON = re.compile(
    r"\b(?:you|you'?re|your|yours|yourself|u|ur|op|this post|this person|this guy|this girl|y'?all)\b"
)
THIRD_OR_SELF = re.compile(
    r"\b(?:i|i'?m|im|i'?ve|me|my|myself|we|our|us|he|she|his|her|him|they|their|them|brother|sister|mum|mom|dad|landlord|boss|partner|ex)\b"
)
# Compositional fallbacks, for wording no phrase rule anticipates.
C_SELF = re.compile(r"\b(?:i|i'?m|im|i'?ve|ive|i'?d|id|i'?ll|me|my|myself)\b")
C_INTENT = re.compile(
    r"\b(?:want|wanna|wish|hope|going to|gonna|about to|plan(?:ning)?|ready|decided|tempted|thinking (?:about|of)|thinkin|fantasi[sz]\w*|imagin\w*|picturing"
    r"|can'?t stop thinking|urges?|would be (?:so )?easy|easier|need to|have to|will|'ll|keep thinking|considering|daydream\w*|dream(?:ing)? (?:about|of)|longing"
    r"|ready to|waiting to|can'?t wait to|looking forward to|wish(?:ing)? (?:i could|to)|deserve to|should just|might just|better off)\b"
)
C_DEATH = re.compile(
    r"\b(?:die|dying|be dead|death|kill(?:ing)? myself|end(?:ing)? (?:it|it all|my life|things|everything|myself)|not (?:be )?(?:here|around|alive)|not exist\w*|stop existing"
    r"|never wake|not wake|suicid\w*|overdos\w*|jump(?:ing)? (?:off|in front)|step(?:ping)? off|hang(?:ing)? myself|cut(?:ting)? myself|hurt(?:ing)? myself|harm(?:ing)? myself"
    r"|unalive|kms|be gone|disappear\w* (?:forever|for good|permanently)|take my (?:own )?life|no longer (?:be )?(?:here|alive)|my (?:own )?funeral|stop breathing|my heart to stop"
    r"|happier dead|better dead|(?:get|got|getting) hit by (?:a|the) (?:bus|car|train|lorry|truck)|live or die|sleep forever|stay asleep forever|(?:plane|car) (?:goes down|crashes)"
    r"|being dead|be dead|dead|not waking up|never waking up|my last (?:day|night|breath)|gone for good|off (?:a|the) (?:bridge|roof|cliff|building)|in front of (?:a|the) (?:train|bus|car|lorry))\b"
)
C_IDIOM = re.compile(
    r"\b(?:die|dying|dead|death|kill\w*)\s+(?:of|for|to|from|laughing|tired|on my feet|inside|a little|over)\b|\bdeath of me\b|\bdying to\b|\bdie for (?:my|her|him|them|you)\b"
    r"|\b(?:battery|phone|laptop|plant|plants|car|wifi|charger)\b|\bkill(?:ed|ing)? (?:it|time)\b|\bdie on (?:the|my|a)\b"
    r"|\b(?:thought|felt like|thinking|nearly|almost|sure) (?:i was|i'?d|i) (?:going to |gonna )?(?:die|pass out)\b"
    r"|\bend (?:it|things) (?:with|between)\b|\bbe gone (?:all|for the|this|next|until|till|from)\b|\bnot (?:be )?around (?:much|this|next|for a|until|till)\b"
)
AFFECT_STRONG = re.compile(
    r"\b(?:hopeless\w*|worthless|useless|empty|numb|broken|trapped|breakdown|miserable|heartbroken|sobbing|crying|cried|tears|alone|lonely|loneliness|isolat\w*|ashamed|guilty"
    r"|terrified|scared|afraid|frightened|exhausted|overwhelmed|struggling|failing|failure|burden|nightmares?|panic\w*|anxious|depressed|despair|dread\w*|hate myself"
    r"|hurting|devastated|shaking|can'?t cope|falling apart|drowning|suffocating|unbearable|awful|horrible|terrible|stressed|desperate|helpless|defeated|lost|stuck|drained|sadness|grief|grieving)\b"
)
AFFECT_WEAK = re.compile(
    r"\b(?:tired|sad|low|down|hate|wrong|nothing|nobody|no one|never|can'?t|anymore|any more|hurts|pain|worried|worry|anxiety|depression|heavy|dark|alone|cry|scary|mess|sick|ruined|rubbish|shit)\b"
)
CONTEMPT = re.compile(
    r"\b(?:pathetic|ridiculous|embarrassing|cringe|annoying|exhausting|dramatic|drama|attention|pity|sympathy|whin\w*|moan\w*|complain\w*|sob|victim"
    r"|excuses?|fake|faking|lying|liar|made up|grow up|get over|deal with it|nobody|no one|cares|again|always|every (?:day|week|time)|literally|seriously|obviously"
    r"|clearly|lol|lmao|yawn|boring|stupid|idiot|lazy|weak|soft|spoilt|spoiled|entitled|selfish|dumb|shut|enough|sick of|tired of|get a|typical|likes|clout|sad|loser)\b"
    r"|🙄|🤡|😂|🥱|🤣"
)
KINDNESS = re.compile(
    r"\b(?:not alone|proud|hugs?|sending|hope|sorry (?:to hear|you|that)|here for you|deserve (?:better|support|kindness|help|love|to)|be kind|gentle|it'?s (?:ok|okay)"
    r"|you'?ve got this|well done|brave|strong|love|care|safe|glad|thank|thanks|valid|understand|feel for you|with you|support|matter|worth|not your fault"
    r"|you'?re not|you are not|don'?t (?:let|listen|believe)|ignore|whoever|anyone who|if someone|deserve it|go for it|good luck|enjoy|treat yourself"
    r"|comes first|worth it|you can do|rooting for|so happy|congrats|congratulations|amazing|brilliant|lovely|beautiful|well deserved)\b"
)
# Advice and gentle questions to "you" ("have you told your GP?", "you could ask her", "why not write to him"): the
# word model alone reads their "you" as hostile, so it may not hold them on its own.
ADVICE = re.compile(
    r"\b(?:have you|did you|do you|could you|would you|can you|will you|are you able|why not|why don'?t you|what if you|you could|you can|you might|you may"
    r"|maybe you|perhaps you|it might help|try (?:to|telling|asking|talking|writing|saying)|ask (?:your|the|her|him|them)|tell (?:your|her|him|them)"
    r"|talk to|speak to|write to|reach out|you (?:two|both)|each other|you (?:should|need to|ought to) (?:talk|tell|ask|speak|write|see|try|bring|go|call|text|message))\b"
)
# Thread context: short replies whose meaning comes from what they answer.
AGREE = re.compile(
    r"^\W*(?:honestly\s+|literally\s+|yeah,?\s+|omg\s+)?(?:same(?:\s+here)?|samee+|me too|me\b(?=\W*$|\s*[.!,])|me neither|yeah|yes|yep|yup|this|mood|relatable|i feel this|i do|i have|i am"
    r"|i'?m the same|every (?:day|night)|all the time|constantly|been there|right there with you|i relate|so do i|so am i|i know the feeling|i know that feeling"
    r"|i get it|i'?ve been there|twice|again|mine'?s|mine is|i'?ve got one|i have one|i'?ve written)\b"
)
REFUSE_SAFETY = re.compile(
    r"^\W*(?:(?:honestly|tbh|truthfully|um+|uh+|well|not sure|i guess|probably|to be honest|sorry)\W+)?(?:i can'?t(?: promise(?: that| anything| you that)?)?|i cannot promise|can'?t promise|no|nope|not really|not tonight|i don'?t know|idk|i won'?t|probably not"
    r"|i'?m not sure|i don'?t think so|i'?m sorry|sorry|i can'?t do that|not this time|i'?ll try|maybe|i tried|too late|it'?s too late|already (?:did|have|done)|i already have"
    r"|i don'?t think i can|i doubt it|can'?t do that|i won'?t lie|no promises)\b"
)
ENCOURAGE = re.compile(
    r"^\W*(?:(?:just|then|so|actually|well|honestly|go on|seriously)\W+)*(?:go and do it|do it|go on then|go on|go ahead|go for it|about time|finally|bye|good ?bye|bye then|cya|see ya|good riddance|ok bye|k bye|k|kk"
    r"|ok|okay|whatever|who cares|cool story|prove it|sure you will|get on with it|then do it|what are you waiting for|yawn|noted|and\?|so\?|don'?t let us stop you"
    r"|nobody'?s stopping you|no one'?s stopping you|see you never|enjoy|have fun|do us a favou?r|at last|thank god|good|great|cool|lol|lmao|haha"
    r"|maybe you should|you should|yes you should|please do|then do it|do it then|bet you won'?t|you won'?t|you never will|nobody would notice|no one would (?:notice|care|miss you)"
    r"|nobody cares|no one cares|sure|whatever you say|if you say so|cya|later|byee*|adios|ciao|bye bye|nobody would stop you|no one would stop you|no one'?s stopping you)\b"
)
SUPPORT = re.compile(
    r"\b(?:don'?t|do not|call|text|reach out|here for you|love you|hug|hugs|safe|stay|help|helpline|samaritans|988|116|crisis|talk to|with you|we want you|worth|matter|alive"
    r"|not alone|care about|sorry you|proud|you can|it gets better|hang on|hold on|wait|breathe|happy for|well done|brilliant|lovely|good luck|congrats|yay|amazing)\b"
)
SAFETY_ASK = re.compile(
    r"\b(?:promise\b[^.?!]{0,30}\b(?:safe|won'?t hurt|won'?t do)|promise (?:me )?(?:you'?ll|you will|to) (?:call|ring|text|reach out|talk|tell)|keep yourself safe|are you safe|will you (?:be|stay) safe|can you (?:stay|keep) (?:yourself )?safe|stay safe tonight"
    r"|promise (?:me )?you won'?t|are you (?:going to|gonna) be (?:ok|okay|safe)|do you have a plan|are you thinking (?:about|of) (?:suicide|ending|killing)"
    r"|please (?:don'?t|do not) (?:hurt yourself|do anything|do it|kill yourself|give up)|please stay safe|stay with us)\b"
)
CRISIS_ASK = re.compile(
    r"\b(?:do you (?:ever |still |often )?(?:think|thought) (?:about|of) (?:killing yourself|suicide|ending (?:it|your life)|dying|hurting yourself|not being here)|are you (?:still )?(?:thinking (?:about|of) (?:suicide|ending|killing|hurting|taking)|suicidal|going to (?:hurt|kill|do)|planning)|do you (?:want to die|have a plan|feel suicidal|have the means)"
    r"|have you (?:hurt yourself|cut|self[- ]?harmed|taken anything|got (?:pills|a plan))|is it (?:tonight|today)|when are you (?:going|planning)"
    r"|how (?:often|long|much) (?:do|have|did) you (?:think|thought|been thinking) (?:about|of) (?:ending|killing|suicide|dying|hurting|not being)"
    r"|(?:are you having|have you had|do you (?:have|get)) (?:any )?(?:thoughts|urges) (?:of|about) (?:suicide|self[- ]?harm|hurting yourself|ending|killing)"
    r"|what (?:are you planning|were you planning|would you) (?:to )?use|how (?:are|were|would) you (?:planning|going) to do it|what'?s your plan)\b"
)
AFFIRM_CRISIS = re.compile(
    r"^\W*(?:(?:honestly|tbh|truthfully|um+|well)\W+)?(?:yes|yeah|yep|yup|ye|i am|i do|i have|maybe|kind of|kinda|sort of|a bit|a little|always|tonight|today|soon|probably"
    r"|honestly yes|i think so|every (?:day|night|morning|hour)|all the time|constantly|daily|often|a lot|most (?:days|nights)|more and more|the (?:pills|tablets|rope|knife|bridge|train|car))\b"
)
MEANS_WORD = re.compile(
    r"\b(?:pills|tablets|meds|rope|knife|razor|blades?|bridge|train|tracks|car|gun|jump|overdose|od|cliff|roof|river|sea)\b"
)
CRISIS_QUESTION = re.compile(
    r"\b(?:anyone|anybody|who)\s+(?:else\s+)?(?:\w+\s+){0,3}(?:can'?t go on|written a (?:goodbye|suicide) (?:letter|note)|a goodbye letter|a suicide note|not being (?:here|around|alive)|not existing|dying|disappearing|ending it|ending things|cut(?:ting)?\b(?! (?:my hair|my fringe|my bangs|his hair|her hair|off|out|back|down|ties|contact|corners|class|school|carbs|sugar|the cord|the grass|the cake|it out|them off|him off|her off))|self[- ]?harm\w*|sh\b|hurt (?:themselves|yourself)|think(?:ing)? about (?:ending|dying|suicide|killing)|want(?:s)? to die|wish(?:es)? (?:they|you) (?:were|was) dead"
    r"|suicidal|relaps\w*|overdos\w*|wants? (?:everything )?to (?:end|stop))"
)
BLEAK_QUESTION = re.compile(
    r"\b(?:does|would|will|do) (?:anyone|anybody|people|you all|you guys|my friends) (?:even |actually |really )?(?:notice|care|miss me|like me|want me|read|listen)\b|\bam i (?:even )?(?:missed|wanted|liked|needed)\b"
)
CONFIRM_BLEAK = re.compile(
    r"^\W*(?:no|nope|nah|not really|nobody|no one|noone|who would|why would they|probably not|doubt it|of course not|not a chance)\b"
)
GLOAT = re.compile(
    r"^\W*(?:ha+|haha+|lol|lmao|good|great|excellent|karma|deserved|serves (?:you|u) right|about time|finally|cool|nice|yay|lmfao|get rekt|rekt|boo hoo|cry more)"
    r"(?:\W+(?:good|karma|deserved|lol|haha|finally|lmao|great))?\W*$"
)
SELF_DOUBT = re.compile(
    r"\b(?:i'?m|i am|am i|i might be|i'?m probably|i feel like(?: i'?m)?|i worry i'?m|i think i'?m)\s+(?:such\s+)?(?:\w+\s+){0,2}(?:too much|a burden|annoying|boring|unlikeable|unlovable|a bad (?:friend|person|mum|mom|dad|parent)|the problem|a failure|selfish|too needy|needy|exhausting|a mess|ugly|stupid|hard to love|a lot)\b"
    r"|\b(?:will|would|do) (?:they|people|my friends|anyone) (?:say no|hate me|think i'?m|find me)\b"
)
AFFIRM = re.compile(
    r"^\W*(?:yes|yeah|yep|yup|you are|you do|you will|you were|they will|they would|true|correct|exactly|100%|definitely|pretty much|honestly yes|obviously|probably|you really are|it'?s you)\b"
)
NOT_HANDLES = frozenset(
    {
        "too",
        "same",
        "the",
        "and",
        "with",
        "here",
        "me",
        "you",
        "them",
        "him",
        "her",
        "it",
        "is",
        "are",
        "was",
        "for",
        "but",
        "now",
        "later",
    }
)
NAME_CUE = re.compile(
    r"(?:\b(?:I'?m|I am|Im|[Mm]y name'?s|[Mm]y name is|[Ii]t'?s|[Tt]his is|[Cc]all me|[Hh]ey|[Hh]i|[Hh]ello|[Ff]ound you|[Ii]s this|[Ii]sn'?t this|[Aa]ren'?t you|[Tt]hat'?s|[Ii]t was"
    r"|[Nn]amed|[Cc]alled|[Aa]sk for|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Miss)[,]?\s+)"
    r"([A-Z][a-z'’]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z'’]+(?:-[A-Z][a-z]+)?)?)\b"
)
NAME_BEFORE_PLACE = re.compile(
    r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s+(?:from|who works at|who works in|who coaches|who teaches|at|in)\s+(?:the\s+)?(?:\w+\s+){0,3}(?:at\s+)?[A-Z]"
)
PLACE = re.compile(
    r"\b(?:from|at|in|on|near|outside|behind|by|to)\s+(?:the\s+)?([A-Z][a-z'’]+(?:'s)?(?:\s+(?:[A-Z][a-z'’]+|of|on|upon|under))*)"
    r"|\b([A-Z][a-z]+(?:'s)?(?:\s+[A-Z][a-z]+)*\s+(?:High|School|College|Academy|Comp|University|Uni|Hospital|Clinic|Station|Park|Surgery|Dental|Logistics|Ltd|Primary"
    r"|Secondary|Infirmary|Centre|Center|Library|Church|Leisure|Gym|Pharmacy|Practice|Estate|Street|Road|Lane|Avenue|Close|Drive|Way))\b"
    r"|\b(?:work|works|working|worked|shift|nurse|teacher|receptionist|cashier|barista|volunteer|coach|coaches|manager|student)\s+(?:\w+\s+){0,4}(?:at|in|for|on)\s+(?:the\s+)?([A-Z][a-z'’]+)"
    r"|\b(?:i|she|he|they)\s+(?:work|works|volunteer|volunteers|teach|teaches)\s+(?:at|in|for)\s+(the\s+[a-z]+(?:\s+(?:by|on|in|near)\s+the\s+[a-z]+)?)"
)
NOT_PLACES = frozenset(
    "I The This That My Your Our Their Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September "
    "October November December Christmas Easter Halloween Ramadan Eid Diwali Hanukkah UK US USA England Scotland Wales Ireland Britain Europe America Canada "
    "Australia Africa Asia India Reddit Discord Instagram Snapchat Telegram Whatsapp WhatsApp Signal Skype Threads Tiktok TikTok Twitter Facebook Google "
    "Youtube YouTube Netflix Spotify Calm Headspace NHS Samaritans Shout Mind Crisis A&E God Heaven Lol Ok Okay Dr Mr Mrs Ms All Everyone Anyone "
    "Someone Nothing Me You Him Her Them Us It Therapy Group Uni School College Work Home Dad Mum Mom Nan Grandad Gran".split()
)
VOCATIVE = re.compile(
    r"(?:^|[,.!?]\s+|\b(?:thanks|thank you|cheers|sorry|remember|right)\s*,?\s+)?,\s+([A-Z][a-z]+)\s*[,?!]"
)

# How a short reply stands to a parent at risk. Identifying: the reply's writer says it is theirs too. Caring: it
# reaches out, reassures or asks after them. Answering: it tells what the parent asked about. Dismissing: it doubts,
# mocks or shrugs at the risk.
IDENTIFIES = re.compile(
    r"\b(?:same|me too|me neither|too|as well|either|mine|also|relate|felt (?:that|this)|that'?s me|this is me"
    r"|i know (?:that|the|this) feeling|right there|in the same (?:boat|place|spot)|not the only one|exactly (?:how|where|what)"
    r"|been there|i'?m there|with you on (?:this|that)|so do i|so am i|so have i|i do too|i have too|i am too|ditto|twinning)\b"
)
CARES = re.compile(
    r"\b(?:please|call|text|ring|reach out|here for you|here if|with you|love you|hug|safe|stay|helpline|samaritans|988|116|999|911|112"
    r"|talk to|can you|could you|will you|are you|do you|have you|would you|want to talk|dm|message me|i'?m here|we'?re here|we want you"
    r"|proud|worth|matter|sorry|hang on|hold on|don'?t|do not|not alone|it gets|it will get|you deserve|glad|thank|hope you|take care of yourself)\b|\?"
)
DENIES = re.compile(
    r"^\W*(?:no\b|nope|nah\b|not at all|i'?m (?:ok|okay|fine|safe|good|alright|all right|doing better)|i promise|i got rid|i threw|i gave (?:them|it) back"
    r"|don'?t worry|i'?m not going to|i won'?t|all good|false alarm|it was a joke|joking|i called|i'?m with|i'?m at (?:my|a) (?:friend|mum|mom|sister|brother)|i flushed|i binned|i handed)"
)
DISMISSES = re.compile(
    r"\b(?:groundbreaking|pics or it didn'?t happen|bet you (?:won'?t|wont|are not|aren'?t|'?re not|don'?t)|said that (?:in|last|before|yesterday|too)|heard (?:it|that) before"
    r"|yawn|boring|cool story|who asked|nobody asked|ok and|so what|drama|attention|actual problems|real problems|must be nice|cry me a river|get over it"
    r"|can'?t argue with that|you do you|consider this|here'?s hoping|fingers crossed (?:it|she|he|they|for)|hope (?:it|she|he|they) (?:does|do|fails|goes)"
    r"|the rest of us|convenient|find another|or you could (?:just )?not|we noticed|again\?|third (?:note|time)|every (?:week|day|time)|sure you (?:are|will|did|do)|whatever)\b|🍿|🙄|🤡"
)

# A comment about self-harm as something happening (asked about or told), not cutting off family or scratching bites.
SELF_HARM_TALK = re.compile(
    r"\bself[- ]?harm\w*|\bsh\b(?= (?:again|urges?|scars?|marks?)|\W*$)|\bsh'?ing\b"
    r"|\b(?:cut|cutting|cuts|burn(?:ed|t|ing)?|hurt(?:ing)?|hit(?:ting)?|harm(?:ed|ing)?|scratch(?:ed|ing)?|punch(?:ed|ing)?)\s+(?:my|them|your|our|him|her)sel(?:f|ves)"
    r"|\bcut(?:ting)?\b(?! (?:off|out|back|down|ties|contact|corners|it out|them off|him off|her off|class|school|my hair|your hair|the cord|sugar|carbs))(?=\W+(?:again|deeper|tonight|today|last night|when|till|until|\W*$))"
    r"|\bcut again\b|\burges? to (?:cut|burn|hurt|scratch|harm|hit)\b|\bfresh (?:cuts|ones|marks|wounds|scars)\b"
    r"|\b(?:hide|hiding|cover|covering|show|showing) (?:the |my |your |our |their )?(?:marks|scars|cuts|arms|wrists)\b|\brazor|\bblade\b"
    r"|\b(?:scratch\w*|pick\w*|bit\w*|hit\w*) (?:till|until) (?:it|they|i|you) (?:bleed|bled|bruise)|\bhit(?:ting)? my head\b|\blast (?:time you|time i) (?:cut|did it|hurt)"
    r"|\bharm[- ]free (?:streak|days?|since)\b|\b(?:since (?:you|i) last|last) cut\b(?! (?:out|off|back|down|ties|contact))"
)
# A reply that tells of the writer's own self-harm as now: how often, how recent, a streak reset, fresh marks.
ONGOING_HARM = re.compile(
    r"\b(?:again|tonight|today|this (?:morning|evening|afternoon|week|month|year)|yesterday|last night|earlier|just now"
    r"|an? (?:hour|few hours|couple of hours|minute|few minutes) ago|(?:\d+|a|one|two|three|four|five|six|seven|few|couple of) (?:nights?|days?|times?|hours?)(?: in a row| ago| running)?"
    r"|in a row|every (?:day|night|evening|morning|time|week)|most (?:nights|days|evenings|mornings)|all (?:year|summer|the time)|daily|nightly"
    r"|since (?:last|the|two|a|\d)|still (?:going|doing it|at it|do(?: it)?|happening)|new ones|fresh ones|reset|back to (?:day )?(?:0|zero|one|1|square one)"
    r"|lost (?:that|the|my) (?:fight|battle)|did it|do it too|doing it too|relapsed|slipped)\b"
)
# The writer's own: "I", "mine", "same", "me too", or fresh marks spoken of as theirs.
OWN_HARM = re.compile(
    r"\b(?:i|i'?m|im|i'?ve|ive|me|my|mine|myself|same|ditto|too|also|as well|either|yeah|yes|yep|yup)\b|\b(?:new|fresh) ones\b"
    r"|^\W*(?:every|most|daily|nightly|lost|still|back to|\d|two|three|four|five|six|seven)"
)
# Self-harm told as behind the writer ("I used to", "three years clean"), unless it has started again.
HARM_BEHIND = re.compile(
    r"\b(?:used to|(?:years?|months?) (?:clean|free|without)|clean (?:for|since)|recovered|in recovery)\b"
)
HARM_AGAIN = re.compile(r"\b(?:again|relapse\w*|reset|back to|slipped)\b")
# The writer says they are where the person they answer is: "me too", "right there with you", "I've got mine too".
IDENTIFY_SELF = re.compile(
    r"\b(?:me too|same here|same (?:thoughts|feelings|nights|here|for me)|right there with you|i'?m there too|i'?m the same|that'?s me|this is me"
    r"|so do i|so am i|so have i|i do too|i have too|i am too|i get it completely|i feel (?:exactly )?the same|i'?m the same"
    r"|in (?:exactly )?(?:that|the same) (?:spot|place|boat|state)|mine (?:\w+ ){0,3}too|i'?ve got mine)\b"
)
# "where you said you've worked out how": what the writer reports of the person they answer, read as if it were theirs.
YOU_SAID = re.compile(
    r"\b(?:the (?:bit|part|line) (?:about|where)|where|when|how)?\s*(?:you|i) (?:said|wrote|described|mentioned|talked about|say|write)(?: that)?\b"
)
