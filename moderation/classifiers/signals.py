"""Warning signs read as combinations of ideas, the way clinical guides describe them, not as set phrases.

Each idea (a preparatory act, finality, sudden calm, a decision, a time, means, a dangerous place, ...) is a broad
pattern over normalised text. One idea alone is ordinary ("we set a date for the wedding", "I gave my sofa away"); a
warning sign is the combination a trained reader looks for: a preparatory act together with finality or calm, a
decision with calm or a time, means kept with a reason to keep them, lingering at a height. The signs come from the
Columbia suicide severity scale's behaviour items and the warning signs national crisis lines publish; the words
are broad on purpose. Pure: text in, matches out.
"""

import re
from dataclasses import dataclass

# ruff: noqa: E501  (a pattern reads best on one line; splitting alternations hides their structure)

_I = r"(?:i|i'?m|im|i'?ve|ive|i'?d|i'?ll|me|my|myself|mine)"


def _c(source: str) -> re.Pattern:
    return re.compile(source)


# --- ideas ------------------------------------------------------------------------------------------------------

PREPARATION = _c(
    r"\b(?:(?:gave|giving|given|give) (?:away )?(?:my|all my|most of my|the) (?:\w+ ){0,2}(?:to|away)"
    r"|(?:gave|giving|given) (?:\w+ ){0,3}away|found (?:a )?(?:new )?homes? for|rehom(?:ed|ing)"
    r"|(?:who|someone|somebody|[a-z]+) (?:will|would|can|could|is going to|'?ll) (?:look after|take care of|take in|feed|walk|have) (?:my|the)"
    r"|(?:made|making|make|sorted|sorting|put|putting|got|getting|set|setting) (?:all )?(?:my |the |final )?(?:arrangements|affairs|paperwork)"
    r"|(?:put|putting|got|getting|set|setting|have) (?:\w+ ){0,2}(?:in order|straight)|tied up (?:all )?(?:the )?loose ends|tying up loose ends"
    r"|(?:wrote|written|writing|updated|made|make|making|doing) (?:out |up )?(?:a |my |the )?(?:will|wills|letters?|notes?|lists?) (?:for|to|so)"
    r"|(?:wrote|written|writing) (?:\w+ ){0,3}(?:down|out) (?:\w+ ){0,4}(?:passwords|logins|pin|bank|accounts)|passwords|bank logins"
    r"|(?:paid|paying|pay) (?:off|back) (?:\w+ ){0,3}(?:debts?|owed|loans?|everyone|what i owe)|settl(?:ed|ing) (?:my|all my|the) (?:debts?|accounts|bills)"
    r"|(?:cancel(?:l?ed|l?ing)?) (?:\w+ ){0,3}(?:everything|all of it|the lot|appointments?|therapy|sessions?|slot|plans|subscriptions?|contract|gym|dentist|(?:eye|blood) test|intake|referral)"
    r"|(?:emptied|emptying|closed|closing|cleared|clearing) (?:out )?(?:my|the) (?:\w+ )?(?:account|savings|room|desk|locker|flat)"
    r"|(?:won'?t|not) (?:be )?renew\w*|(?:told|telling|tell) (?:\w+ ){0,3}(?:where (?:everything|the \w+) is|what to do with)"
    r"|(?:blue |a )?folder (?:\w+ ){0,4}(?:name|for)|(?:said|saying|say) (?:my )?goodbyes?|(?:wrote|writing|written) (?:a |my )?(?:goodbye|farewell)"
    r"|thank(?:ed|ing)? (?:\w+ ){0,3}for everything|(?:last|final) (?:post|message|time (?:i|you'?ll))|(?:deleted|deleting|delete) (?:all )?(?:my )?(?:accounts?|photos|messages))"
)
FINALITY = _c(
    r"\b(?:(?:won'?t|will not|wont|isn'?t going to|is not going to|not going to|ain'?t gonna|not gonna|aren'?t going to) (?:be )?(?:around|here|there|needing|need(?:ed)?|have to worry|see)"
    r"|(?:isn'?t|is not|won'?t be|not be) (?:\w+ ){0,2}(?:around|here) (?:for|much|long|by|after|to)"
    r"|(?:when|after|once) (?:i'?m|i am) (?:gone|not here|not around|finished)|(?:i'?m|i am) (?:finished|done) (?:too|as well|after|for good|with (?:all|everything|it all|this life|life))"
    r"|nobody (?:has|will have|needs?|'?ll need) to (?:worry|deal|clean|sort)|no (?:one|body) (?:has|will have) to (?:worry|deal|clean|sort)"
    r"|(?:doing|do|manage|managing) (?:it|things|this) on (?:his|her|their) own (?:after|from)|for (?:them|her|him) after|after (?:this month|this week|friday|sunday|that)(?! i)"
    r"|no point (?:having|making|planning|booking|keeping|buying|renewing)|no (?:more )?future|the end (?:of me|for me)|(?:one|a) last (?:time|look|walk|visit)"
    r"|(?:version of me|me) that (?:isn'?t|won'?t|is not|will not)|how (?:this|it|the story) ends|it (?:will|'?ll) (?:all )?be over|all be over|(?:not|won'?t) (?:be )?(?:here|around) (?:much )?longer"
    r"|take (?:care|care of yourselves|care of each other) (?:for me|when i'?m)|look after (?:\w+ ){0,2}for me|(?:my|the) last (?:christmas|birthday|summer|week)"
    r"|(?:going|gone) (?:away )?for good|not coming back|(?:disappear|vanish|fade)(?:ing|ed)? (?:out |away )?(?:for good|quietly|for ever|forever)"
    r"|stop (?:ticking|existing|being a problem)|(?:before|so) (?:it|things) (?:ever )?gets? (?:that|too) far|sort it out myself"
    r"|(?:be|manage|cope|do|get on) (?:\w+ )?(?:alright|all right|fine|okay|ok|better) without me(?! for (?:one|an|the|a|a few|two) )|won'?t (?:even )?remember me|(?:made|make) (?:my )?peace with (?:that|it|this)"
    r")"
)
CALM = _c(
    r"\b(?:(?:never|first time|haven'?t) (?:\w+ ){0,4}(?:felt|been|feel) (?:so )?(?:lighter|calmer|so calm|at peace|peaceful|relieved)"
    r"|(?:feel|feeling|felt) (?:so |much |strangely |weirdly |oddly )?(?:lighter|calm|calmer|at peace|peaceful|relieved|relief|free)"
    r"|(?:lighter|calmer|more at peace|more peaceful) (?:than )?i (?:feel|felt|have felt|'?ve felt)"
    r"|(?:such a|a|what a|it'?s a|it is a) (?:huge |strange |weird )?relief|(?:the )?(?:fear|noise|weight|panic) (?:has )?(?:simply |just )?(?:gone|lifted|switched off|stopped)"
    r"|(?:switched|turned) (?:the noise|it all) off|(?:weirdly|strangely|oddly) quiet|nothing left to (?:wrestle|fight|worry)|at peace with (?:it|my decision|that)"
    r"|(?:felt|feels|feel) like (?:a )?relief|(?:doesn'?t|does not|doesnae|don'?t|no longer) (?:scare|frighten) me|not (?:scared|afraid|frightened) (?:any ?more|now)|(?:strangely|weirdly|oddly) (?:calm|tidy|peaceful))"
)
DECISION = _c(
    r"\b(?:(?:made|make|making|came to|come to|reached) (?:my|the|a|up my) (?:firm )?(?:decision|mind|choice|view)"
    r"|(?:decision|mind)(?:'s| is| has been) (?:made|set)|(?:i'?ve|i have|i had|i'?d|i) (?:finally |already )?decided(?! to (?:\w+ )?(?:quit|leave|stay|go back|move|try|take|start|stop therapy|end therapy|book|tell|see|call|apply))"
    r"|(?:know|knew|decided) (?:exactly |now )?(?:what i'?m (?:going to|gonna) do|how (?:this|it) ends|when (?:and how|i'?m going)|what (?:to|i will) do)"
    r"|(?:my|the) (?:mind is|choice is) made|(?:i'?m|i am) (?:set|settled|sure) (?:on|about) it"
    r"|how it'?(?:ll| will) go|(?:settled|decided|fixed) on (?:a |the )?(?:date|day|night|time|\d|sunday|monday|tuesday|wednesday|thursday|friday|saturday)|(?:picked|chose|chosen|set) (?:a |the )(?:date|day|night|time))"
)
TIME = _c(
    r"\b(?:tonight|tomorrow night|this weekend|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|(?:the )?\d{1,2}(?:st|nd|rd|th)"
    r"|(?:the )?(?:first|second|third|fourth|fifth|tenth|twentieth) of|next (?:week|month|friday|sunday|monday)|after (?:the|my|everyone|christmas|the wedding|the funeral|exams|my shift)"
    r"|(?:and|roughly|exactly) when|(?:a|the) date|by (?:christmas|spring|the summer|the end of)|soon|not long now)\b"
)
CONDITIONAL = _c(
    r"\b(?:once|after|when|if|the day|as soon as)\b[^.!?]{0,90}?\b(?:(?:then )?that'?s it(?: for me)?|i'?m (?:done|finished|out|gone)(?! with)|i (?:can|'?ll|will) (?:stop|go|be done|check out)(?! (?:worrying|working|smoking|drinking|paying|going))|it'?s over for me)"
)
CHOSEN_TIME = _c(
    r"\b(?:tonight|tomorrow(?: night)?|(?:this |next )?(?:sunday|monday|tuesday|wednesday|thursday|friday|saturday)(?: night)?|the \d{1,2}(?:st|nd|rd|th)?|next week) (?:is|'?s|will be) (?:when|the day|the night|it)\b"
)
UNFOUND = _c(
    r"\b(?:(?:nobody|no one|no-one) (?:will be|'?ll be|is|would be) (?:home|around|there|in|back) (?:to|who could) (?:stop|find)|before (?:anyone|anybody|somebody|someone) (?:finds|can find|gets (?:home|back)|notices|could stop))"
)
# "that's it, I'm selling the house", "I'm finished with running": a plan with an ordinary object.
_DONE_WITH_SOMETHING = _c(
    r"\b(?:(?:done|finished) with (?!it all|everything|life|this life|all of it)|i'?m (?:selling|moving|quitting|leaving|retiring|going back|handing in|resigning)|for good and|and (?:moving|selling|going))"
)
MEANS = _c(
    r"\b(?:(?:saving|saved|stockpil\w+|hoard\w+|collecting|collected|keeping|kept|hiding|hidden|stashed|stashing|counting|got) (?:\w+ ){0,3}(?:pills|tablets|meds|medication|prescriptions?|paracetamol|painkillers|sleeping pills|insulin|doses)"
    r"|(?:pills|tablets|meds|painkillers) (?:\w+ ){0,3}(?:saved|stashed|hidden|kept|in (?:a|the|my) (?:drawer|box|bag|tin|jar))"
    r"|(?:a|the) (?:rope|noose|blade|razor|gun|shotgun|rifle) (?:\w+ ){0,4}(?:in|under|on|behind|at)|(?:bought|got|ordered|have|kept|keeping) (?:a |the )?(?:rope|noose|blades?|razors?|gun|charcoal)"
    r"|what i(?:'ve| have)? (?:been )?(?:keeping|kept|saved|hidden|got) in (?:the|my) (?:drawer|box|bag|cupboard|car|glovebox)"
    r"|(?:knowing|know) (?:it'?s|they'?re|that they'?re|that it'?s) (?:there|in the \w+)|how (?:many|much) (?:\w+ ){0,2}(?:would|it would|would it) take)"
)
MEANS_COMFORT = _c(
    r"\b(?:(?:the )?only thing (?:that )?(?:gets|keeps|makes)|(?:makes|gets) me (?:up|through)|comfort(?:ing)?|just in case|for (?:when|if) i (?:can'?t|need)|(?:so|just so) i know (?:they'?re|it'?s) there|backup|my way out|(?:an|the) exit)\b"
)
PLACE = _c(
    r"\b(?:bridge|railing|railings|ledge|edge|cliff|cliffs|roof|rooftop|top (?:floor|level|storey|story)|multi[- ]?stor(?:e)?y|car ?park|tracks|platform|overpass|viaduct|balcony|the water|the river|the sea|the quarry|the motorway)\b"
)
LINGER = _c(
    r"\b(?:lean|leaned|leant|leaning|linger\w*|look(?:ing|ed)? (?:straight )?down|(?:stare|staring|stared) (?:down|at the (?:water|drop|tracks))|watch(?:ing|ed)? (?:the )?(?:trains|water|traffic) (?:\w+ ){0,3}(?:under|below|go past|pass)"
    r"|keep (?:going|coming) back|kept (?:going|coming) back|(?:a bit|a little|each time|every time|bit) (?:closer|further|longer|nearer)|at the (?:railing|edge|ledge)|(?:over|past) the (?:railing|edge|barrier)|close to the (?:edge|tracks|water|drop|rails)|stay (?:later|longer) every|long after the (?:trains|last train))\b"
)
NOT_A_HEIGHT = _c(
    r"\bedge of (?:the |my |a )?(?:bed|bath|sofa|seat|chair|table|desk|my seat|reason|glory|the world)\b|\bon edge\b|\bedgy\b"
)
RECENT_DANGER = _c(
    r"\b(?:tonight|tomorrow|right now|now|again|still|keeps?|every (?:night|day|time)|last night|this (?:morning|evening|week)|today|yesterday|at the moment|won'?t stop|since (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|last))\b"
)
ACCIDENT = _c(
    r"\b(?:(?:look|looks|looked|seem|seems|pass) (?:\w+ ){0,2}(?:like )?(?:an? )?(?:accident|mistake)|seat ?belt off|(?:the )?belt off|(?:not|no longer|stopped) (?:bothering with |wearing |putting on )(?:my |the )?seat ?belt|without (?:my |a |the )?seat ?belt"
    r"|(?:drive|driving|drove|swerve|swerving|steer|steering) (?:\w+ ){0,3}(?:into|off|at) (?:a |the )?(?:tree|wall|lorry|truck|bridge|barrier|oncoming|river|ditch)"
    r"|insurance (?:\w+ ){0,4}(?:pays?|paid) out|pays? out (?:either way|if it'?s an accident)|(?:by|an) accident on purpose|mix(?:ed|ing)? (?:them|it|the \w+) (?:by mistake|accidentally))"
)
INTENT_AT = _c(
    r"\b(?:on purpose|deliberately|hoping|i hope|wouldn'?t mind|would(?:n'?t)? be (?:so )?bad|if something happened|save everyone)\b"
)
ABORTED = _c(
    r"\b(?:(?:started|began|was about to|tried to|went to|got as far as|halfway through|in the middle of) (?:\w+ ){0,3}(?:going through with it|do it|doing it|ending it|end it|the top|the bridge|the edge|taking them)"
    r"|(?:came|got) (?:home|back) early (?:\w+ ){0,6}(?:and )?(?:i )?(?:stopped|couldn'?t|panicked)|(?:i|and i) (?:couldn'?t go through|didn'?t go through|bottled it|chickened out)"
    r"|(?:interrupted|walked in|knocked on (?:my|the) door|found me)(?! out)|don'?t know if i'?m glad)\b"
)
PRACTICE = _c(
    r"\b(?:practi[cs](?:e|ed|ing)|rehears\w+|(?:trying|tried|try) it out|(?:see|seeing|saw) how it (?:would|'?d) feel|(?:a |kind of |sort of )?(?:trial|test|dry) run|(?:to|just to) (?:see|know|feel) (?:how it would feel|what it would feel like|if i (?:could|would|can|'?d be able)|how (?:near|close|far)|whether i could)"
    r"|how (?:near|close|far) i (?:can|could) (?:come|get|go))\b"
)
BURDEN = _c(
    r"\b(?:(?:better|easier|happier|lighter|freer) off (?:\w+ ){0,3}without (?:\w+ ){0,4}(?:me|my|having me)|(?:cost|worry|trouble|bother|weight|expense|mess) of (?:having )?me\b"
    r"|(?:i'?m|i am|i'?ve become|i have become|been) (?:just )?(?:a |such a )?(?:burden|drain|weight|problem|expense) (?:to|on|for)"
    r"|(?:save|saving|spare|sparing) (?:them|everyone|her|him|my \w+) (?:the )?(?:trouble|cost|bother|worry|money|having to)|(?:do|doing) (?:them|everyone) a favou?r|in (?:their|everyone'?s) way)\b"
)
NOT_LIVING = _c(
    r"\b(?:(?:haven'?t|have not|not|hardly) (?:eaten|had (?:anything|food|a meal))(?: (?:properly|anything|much))? (?:in|for|since) (?:days|a week|\w+ days|sunday|monday|tuesday|wednesday|thursday|friday|saturday)"
    r"|(?:stopped|stop|stopping) eating(?! (?:lunch|breakfast|dinner|meat|out|sugar|junk|after|before|late|bread|dairy|crisps))|(?:stopped|stop|stopping) (?:taking )?(?:my )?(?:insulin|heart (?:pills|tablets|meds)|blood pressure (?:pills|tablets|meds)|meds|medication|tablets|pills|dialysis|inhaler)"
    r"|(?:skipping|skipped|not taking|stopped taking|quit) (?:my )?(?:insulin|dialysis|heart (?:pills|tablets|meds)|medication|meds)(?! because| for a| to)|(?:fade|waste|wither|starve)(?:d|ing)? (?:out|away))\b"
)
DANGER_FROM_OTHER = _c(
    r"\b(?:(?:he|she|they|my (?:partner|husband|wife|boyfriend|girlfriend|ex|dad|father|stepdad|mum|mother|brother|son|landlord)) (?:\w+ ){0,2}(?:threatened|threatens|said he'?d|said she'?d|swore|says he'?ll|says she'?ll|is going to|will) (?:\w+ ){0,2}(?:kill|hurt|strangle|stab|shoot|end) (?:me|us|the kids|himself and)"
    r"|(?:won'?t|will not|doesn'?t|does not) let me (?:leave|go out|out|call|see)|locked (?:me|us) (?:in|out)|took my (?:phone|keys|passport)|(?:hit|punched|choked|strangled|kicked|pushed) me"
    r"|(?:following|followed|follows|stalking|stalks) me|(?:waiting|sitting|parked|standing|hanging around) outside my \w+|knows (?:where i live|which bus|my route|what time i)|(?:scared|afraid|terrified) to (?:go out|leave|go home)|so (?:he|she|they) (?:doesn'?t|don'?t|can'?t) see|(?:outside|at) my (?:door|house|flat|work|window) (?:again|every|right now|tonight|now)|(?:hiding|hid) from (?:him|her|them)|(?:scared|afraid|terrified) (?:he|she|they)(?:'ll| will| is going to) (?:kill|hurt)|has a (?:knife|gun|weapon))"
)
THIRD_PERSON = _c(
    r"\b(?:(?:my|a|our) (?:friend|mate|sister|brother|flatmate|roommate|housemate|son|daughter|partner|husband|wife|mum|mom|dad|cousin|girlfriend|boyfriend|colleague|bestie|best friend) (?:\w+ ){0,3}"
    r"(?:(?:has |just |'s )?(?:taken|took|swallowed) (?:an? )?(?:overdose|od|pills|tablets|the lot|a bottle|everything)|(?:said|texted|sent|messaged) (?:me )?(?:goodbye|bye|a goodbye|sorry for everything)|(?:is|'s) (?:on|at) (?:the|a) (?:bridge|roof|ledge|edge|tracks)|has (?:a|the|his|her|dad'?s) (?:gun|knife|rifle|shotgun|blade)|(?:isn'?t|is not|won'?t|not) (?:answering|picking up|responding)|(?:cut|cutting) (?:\w+ )?(?:deep|badly|again)|(?:is|'s) (?:missing|unconscious|not breathing|bleeding))"
    r"|(?:overdose|od'?d|took (?:an overdose|the pills|pills)) (?:\w+ ){0,3}(?:an hour|tonight|just now|minutes) ago)"
)
# Someone else doing something dangerous now, told with "he" or "she" as often as with "my brother": a farewell, the
# whole supply of tablets taken, a gun gone from where it is kept. Counted only with urgency nearby (THIRD_URGENT).
_FAREWELL_WORDS = (
    r"(?:goodbye|good-bye|bye|a farewell|sorry for everything|thanks? (?:you )?for everything|thank(?:ed|ing)? (?:me|us|them|him|her) for everything"
    r"|(?:he|she|they)(?:'s| is| was| were| are) sorry|the best (?:sister|brother|mum|mom|dad|friend|mate|son|daughter|of us)"
    r"|lov(?:ed|es) (?:us|me|them|you) all|(?:a |his |her )?(?<!voice )note|won'?t see (?:us|me|them))"
)
THIRD_ACT = _c(
    r"\b(?:he|she|they|my \w+|our \w+)\b(?: \S+){0,8}? (?:said|saying|says|texted|messaged|sent|rang|called|told|left|to say)(?: \S+){0,6}? "
    + _FAREWELL_WORDS
    + r"|\bto say (?:goodbye|good-bye|bye|sorry)\b"
    r"|\b(?:he|she|they)(?:'d|'s| had| has| just)? (?:\w+ ){0,2}?(?:took|taken|swallowed|downed) (?:a whole|whole|a load of|loads of|all|every|the whole"
    r"|everything|(?:a|one|two) (?:box|bottle|packet|strip|load|handful|pile)s? of)(?: \S+){0,5}? (?:tablets|pills|meds|medication|medicine|painkillers"
    r"|paracetamol|insulin|sleeping|antidepressants|prescription|them|it|(?:her|his|their|the) (?:bathroom )?(?:cabinet|drawer))\b"
    r"|\b(?:gun|shotgun|rifle|pistol)(?: \w+){0,3}? (?:is |'s |was )?(?:missing|gone|isn'?t (?:in|there)|not (?:in|there))"
    r"|\b(?:he|she|they)(?: \w+){0,2}? (?:took|taken|has|had|got|'s got) (?:the |his |her |their |dad'?s |a )(?:gun|shotgun|rifle|pistol)(?! (?:licen[cs]e|club|range|safety))"
    r"|\b(?:he|she|they)(?:'s| is| are| was)? (?:standing )?(?:on|at|up on) (?:the |a )?(?:roof|bridge|ledge|cliff|edge|tracks|railway)"
)
THIRD_ALARM = _c(
    r"\b(?:(?:not|isn'?t|won'?t) (?:pick(?:ing)? (?:up|my calls|the phone)|answer(?:ing)?|respond(?:ing)?|reply(?:ing)?)"
    r"|(?:goes|going|went) (?:straight )?to voicemail|rings? out|phone(?:'s| is) (?:off|dead)|switched (?:his|her|their) phone off"
    r"|(?:rung|rang|called|calling|ringing|phoned) (?:the )?(?:police|cops|999|911|112|000|an ambulance|ambulance|the guards|emergency))\b"
)
THIRD_URGENT = _c(
    r"\b(?:(?:not|isn'?t|won'?t) (?:pick(?:ing)? (?:up|my calls|the phone)|answer(?:ing)?|respond(?:ing)?|reply(?:ing)?)"
    r"|(?:goes|going|went) (?:straight )?to voicemail|rings? out|(?:rung|rang|called|calling|ringing|phoned|rung) (?:the )?(?:police|cops|999|911|112|000|an ambulance|ambulance|the guards|emergency)"
    r"|\d+ (?:minutes|mins) ago|(?:an|half an) hour ago|just now|right now|(?:gone|went|driven|drove|out) (?:out )?(?:to )?(?:look|search)(?:ing)? for)\b"
)
# What makes each of these ordinary: a move, a holiday, a diagnosis in the family, a job, a pet's treatment.
ORDINARY_REASON = _c(
    r"\b(?:mov(?:e|ed|ing) (?:house|flat|abroad|out|in|to|back|country|cities)|emigrat\w+|relocat\w+|new (?:flat|house|job|place|city)|downsiz\w+|(?:the |my )?retire\w*"
    r"|wedding|holiday|vacation|trip|honeymoon|exam|exams|finals|revision|graduat\w+|declutter\w*|spring clean\w*|charity shop|car boot|moving day|the move|new baby"
    r"|(?:my|his|her|mum'?s|dad'?s|nan'?s|grandad'?s|the dog'?s|the cat'?s) (?:diagnosis|funeral|chemo|treatment|estate|will)|vet|probate|(?:pharmacy|pharmacist|dispensary|shift|ward|hospice)|"
    r"for (?:work|my job|the course)|to save money|(?:my )?(?:last|final) (?:session|shift|day (?:at|of)|exam|week (?:at|of))"
    r"|quit(?:ting)? (?:my|the|teaching|nursing|work)|resign\w*|(?:hand(?:ed|ing)?|gave|giving) (?:in )?(?:my )?notice|leav(?:e|ing) (?:teaching|nursing|the job|my job|work|the company|the force|the army|uni)|career|retrain\w*"
    r"|this (?:job|place|company|team|course)|maternity leave|paternity leave|(?:new|old|the) job"
    r"|(?:end|ending|ended|finish|finishing|finished) (?:\w+ )?(?:therapy|counselling|counseling|sessions|treatment|with (?:my|her|him) (?:therapist|counsellor|counselor)))\b"
)


_ATTEMPT = _c(
    r"\b(?:going through with it|go through with it|went through with it|ending it|(?:set(?:ting)?|getting) (?:everything|it all|it) (?:up|ready)|put(?:ting)? everything back|(?:to|about to|started to|tried to) (?:do it|end it|jump|take (?:them|the pills|it all))|the (?:pills|tablets|rope|blade|edge|ledge)|the drawer|what i (?:keep|kept|have been keeping)|it in my hand)\b"
)
_INTERRUPTION = _c(
    r"\b(?:came (?:home|back|in)|walked in|knocked|rang|called|found me|interrupted|stopped|couldn'?t|didn'?t|bottled|panicked|chickened|the (?:guard|security|police)|someone (?:came|saw))\b"
)
_ORDINARY_PRACTICE = _c(
    r"\b(?:piano|guitar|violin|driving|speech|presentation|interview|yoga|mindfulness|breathing|lines|football|exam|dbt|skills|conversation|what (?:to|i'?d|i would|i will) say|say (?:it|to)|telling|tell (?:her|him|them|my)|saying no|boundar\w+|script|role[- ]?play)\b"
)


class _Lazy:
    """A yes/no worked out the first time it is asked (most texts never need to ask)."""

    __slots__ = ("compute", "value")

    def __init__(self, compute):
        self.compute, self.value = compute, None

    def __bool__(self) -> bool:
        if self.value is None:
            self.value = bool(self.compute())
        return self.value


# Every sign signs() may return.
NAMES = frozenset(
    {
        "preparing_to_go", "decided_and_calm", "no_future", "deferred_plan", "chosen_time", "nobody_to_stop_it",
        "keeping_means", "lingering_at_height", "planned_accident", "interrupted_attempt", "rehearsal", "burden",
        "stopping_to_live", "danger_from_someone", "someone_in_danger",
    }
)  # fmt: skip


# Signs of a plan, means, a method, a place or a time: a crisis flag they raise is "high".
PLANNED = frozenset(
    {"deferred_plan", "chosen_time", "nobody_to_stop_it", "keeping_means", "lingering_at_height",
     "planned_accident", "interrupted_attempt", "rehearsal"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Sign:
    name: str
    weight: float
    start: int  # where its decisive idea sits in the text read
    end: int


def signs(text: str, near: str = "", far: str = "") -> list[Sign]:
    """Warning signs in text (a sentence, or a short comment), each located at its decisive idea inside text.
    near: the neighbouring sentences, which may give an idea an ordinary reason ("because we're moving"); far: the
    sentences two either side as well, whose ideas may complete a combination (the calm that follows the folder of
    passwords)."""
    found: list[Sign] = []
    close = f"{text} {near}" if near else text
    wide = f"{text} {far}" if far else close
    ordinary = _Lazy(lambda: ORDINARY_REASON.search(close) is not None)

    def add(name: str, weight: float, match: re.Match | None) -> None:
        if match is not None:
            found.append(Sign(name, weight, match.start(), match.end()))

    prep = PREPARATION.search(text)
    final = FINALITY.search(text)
    calm = CALM.search(text)
    decision = DECISION.search(text)
    if prep and not ordinary and (FINALITY.search(wide) or CALM.search(wide) or DECISION.search(wide)):
        add("preparing_to_go", 0.75, prep)
    if decision and (CALM.search(wide) or FINALITY.search(wide)) and not ordinary:
        add("decided_and_calm", 0.75, decision)
    if calm and not decision and DECISION.search(wide) and not ordinary:
        add("decided_and_calm", 0.7, calm)
    if final and not ordinary:
        # Alone, talk of not being around is a hint (it may be a move nobody named); with another idea it counts.
        add("no_future", 0.45, final)
    conditional = CONDITIONAL.search(text)
    if conditional and not _DONE_WITH_SOMETHING.search(close):
        # "if the results are bad, then that's it" may mean "we face it": it counts as a plan with a decision, a
        # farewell, preparation or means around it, and is only a hint on its own or next to an ordinary reason.
        settled = DECISION.search(wide) or FINALITY.search(wide) or PREPARATION.search(wide) or MEANS.search(wide)
        add("deferred_plan", 0.75 if settled and not ordinary else 0.45, conditional)
    add("chosen_time", 0.75, CHOSEN_TIME.search(text))
    add("nobody_to_stop_it", 0.8, UNFOUND.search(text))
    means = MEANS.search(text)
    if means and (MEANS_COMFORT.search(close) or FINALITY.search(wide) or TIME.search(text)):
        add("keeping_means", 0.8, means)
    place = PLACE.search(text)
    if place and LINGER.search(close) and not NOT_A_HEIGHT.search(text):
        add("lingering_at_height", 0.75, place)
    accident = ACCIDENT.search(text)
    if accident and (INTENT_AT.search(close) or "accident" in accident.group() or "mistake" in accident.group()):
        add("planned_accident", 0.8, accident)
    aborted = ABORTED.search(text)
    if aborted and _ATTEMPT.search(close) and _INTERRUPTION.search(close):
        add("interrupted_attempt", 0.8, aborted)
    practice = PRACTICE.search(text)
    if (
        practice
        and (MEANS.search(close) or PLACE.search(close) or _ATTEMPT.search(close))
        and not _ORDINARY_PRACTICE.search(close)
    ):
        add("rehearsal", 0.75, practice)
    add("burden", 0.75, BURDEN.search(text))
    add("stopping_to_live", 0.75, NOT_LIVING.search(text))
    if RECENT_DANGER.search(close):
        add("danger_from_someone", 0.8, DANGER_FROM_OTHER.search(text))
    add("someone_in_danger", 0.85, THIRD_PERSON.search(text))
    act = THIRD_ACT.search(text)
    if act and not ordinary:
        # A plain goodbye is said every day; it counts only when they cannot be reached or help is on its way.
        plain = re.search(r"(?:good-?)?bye$", act.group()) is not None
        if (THIRD_ALARM if plain else THIRD_URGENT).search(wide):
            add("someone_in_danger", 0.8, act)
    return found
