"""Questions about people: which speaker a question names, which turns answer it, and the lead that says who.

Detection is deterministic. A speaker is named by their full name, or by one part of it of at least
three letters as a whole word ('Sun', 'Lijie'), or by the content words of their role ('propaganda
minister' ~ 'Minister of Propaganda'). A question is about what someone said when it names a speaker
and a verb of speaking ('what did Sun Lijie say'), or asks 'who asked' / 'who answered'. A question
asking who a speaker is ('Who is the Minister of Propaganda?', 'Who is Che Jinghua?') is answered from
the passages that name them. Other questions, even ones naming a person, are answered as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bot.background import NAME_RARITY, rarity
from bot.models import Lead
from bot.wording import told_and_asked
from index.lexical import is_stopword, tokenize
from index.records import SpeakerSummary
from index.store import Store
from ingest.models import Chunk
from ingest.names import OFFICES, TITLES

# Verbs of what someone said or answered, and the rest of the verbs of speaking (asking among them).
_SAYING_VERBS = """say says said answer answers answered respond responds responded reply replies replied tell tells
told explain explains explained field fields fielded""".split()
_SPEAKING_VERBS = _SAYING_VERBS + """ask asks asked speak speaks spoke mention mentions mentioned talk talks talked
promise promises promised propose proposes proposed""".split()
# ...and 'how did the president rate the impact', 'how does she see it': how someone judged something, in what they
# said (not 'the interest rate', 'see the plan').
_SPEAKING = re.compile(rf"\b(?:{'|'.join(_SPEAKING_VERBS)})\b"
                       r"|\bhow\s+(?:did|does|do|would)\b[^?.]*\b(?:rate|assess|judge|characteri[sz]e|view|see)\b"
                       # ...and 'what was the association president's question', 'Psaki's answer'
                       r"|['’]s?\s+(?:question|questions|answer|answers|reply|replies|response|responses)\b",
                       re.IGNORECASE)
# 'The report mentions …', 'what does the article say …', 'does the trade part of the plan say anything', 'does
# the marine tourism plan say': the record speaks, or a part of it, not anyone in it.
_RECORD_SPEAKING = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?"
                              r"(?:report|record|article|document|transcript|minutes|story|piece|text|news|plan|plans|"
                              r"part|section|chapter|policy|strategy|programme|program)"
                              r"\s+(?:also\s+)?(?:says?|said|mentions?|mentioned|talks?|talked)\b"
                              # ...or 'the president of the association mentioned in the report'
                              r"|\b(?:mentioned|named|cited|quoted)\s+in\s+(?:the|this|that)\s+(?:report|record|article|"
                              r"document|transcript|minutes|story|piece|text|news)\b"
                              # ...or a Chinese question's glosses: '报告里有说吗' reads 'inform report lining interior said'
                              r"|\b(?:report|article|essay)\s+(?:[a-z]+\s+){0,3}?(?:said|say|says|mention|mentioned)\b",
                              re.IGNORECASE)
# 'Tell me about the marine tourism cluster', 'can you explain ...': the asker's request, not anyone's speaking.
_REQUEST = re.compile(r"^\W*(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?(?:tell|explain|describe)"
                      r"(?:\s+(?:to\s+)?(?:me|us))?\b", re.IGNORECASE)
# 'who from the sports bureau was there', 'who came from the commerce bureau', 'who represented the trade council':
# which official was there for that body (as '体育局谁来的' is read).
_CAME_FROM = re.compile(r"^\W*who\s+(?:(?:from|of)\s+(?P<of>.+?)\s+(?:was|were|is|are|came|attended|showed\s+up)"
                        r"(?:\s+(?:there|present))?|(?:came|was\s+there|were\s+there)\s+(?:from|for)\s+(?P<came>.+?)"
                        r"|represented\s+(?P<represented>.+?))\W*$", re.IGNORECASE)
# 'what did Lin Qing want to know': what she asked.
_WANTED_TO_KNOW = re.compile(r"\bwant(?:s|ed)?\s+to\s+know\b", re.IGNORECASE)
# 'What did Li Suman say about the night economy': what was said on a topic, not only what someone said.
_ABOUT = re.compile(r"\b(?:about|regarding|concerning)\b(?=\s*[\w\"“‘'])", re.IGNORECASE)  # (not 'talk about?')
# 'According to the propaganda minister, ...' asks what he said as 'what did he say about' does, when it names
# one speaker (in a large record, 'according to the Home Office' names no one, or several by their roles).
# A question ending 'per Sullivan' or 'per the minister' asks the same (not 'per day', 'per cent').
_ACCORDING = re.compile(r"\baccording\s+to\b|\bper\s+(?!(?:cent|capita|annum|head|person|people|day|night|week|month"
                        r"|year|hour|minute|second|time|unit|dose|household|family|student|child|trip|mile|gallon)s?\b)"
                        r"(?=(?:the\s+)?[\w.'’-]+(?:\s+[\w.'’-]+)?\W*$)", re.IGNORECASE)
# 'Which official answered ...', 'what city official was there for ...': a question asking for a person.
_PERSON = (r"(?:which|what)\s+(?:[\w'’-]+\s+){0,2}?(?:officials?|person|people|ministers?|directors?|leaders?|"
           r"members?|deput(?:y|ies)|representatives?|spokes(?:person|man|woman)|heads?|chiefs?|witness(?:es)?)")
_ASKING_VERB = r"(?:asked|asks|questioned|raised|queried|posed|(?:brought|brings)\s+up)\b"
# ...and those who ask at a briefing or in a chamber ('which reporter asked', 'which news agency asked')
_ASKER = (r"(?:which|what)\s+(?:[\w'’-]+\s+){0,2}?(?:reporters?|journalists?|correspondents?|outlets?|agency|agencies"
          r"|media|newspapers?|MPs?|senators?|congress(?:man|woman|members?))")
# A question about the asking ('who asked about covid', 'what did Lin Qing ask', '谁问的'), whose answer is the
# asker's turn, not the reply it got.
_ABOUT_ASKING = re.compile(rf"\b(?:ask|asking|raise|raising|brought\s+up)\b|\b{_ASKING_VERB}|问|提了|提出|提到",
                           re.IGNORECASE)
# 'who asked', 'which member raised', 'who was (the person) asking about ...', 'who was the questioner', 'whose
# question was Sun Lijie answering'
_WHO_ASKED = re.compile(rf"\b(?:who|{_PERSON}|{_ASKER})\s+{_ASKING_VERB}"
                        r"|\bwho\s+(?:is|was|are|were)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,2}?asking\b"
                        r"|\bwho\s+(?:is|was|are|were)\s+the\s+(?:[\w'’-]+\s+)?(?:questioners?|askers?)\b"
                        r"|\bwhose\s+(?:questions?|inquir(?:y|ies)|query|queries)\b",
                        re.IGNORECASE)
# 'Who is …' or 'who heads …' (not 'who was Biden meeting': whom he met), which official was there for a bureau,
# and what someone's job is ('what is Sun Lijie's position', "Lin Qing's position", 'what does the director do').
_WHO_IS = re.compile(rf"^\W*(?:who|{_PERSON})\s+(?:is|was|are|were)\b"
                     r"(?!\s+(?:(?!(?:the|a|an)\b)[\w'’-]+\s+){0,2}(?-i:[a-z]{2,}ing)\b)"
                     rf"|^\W*(?:who|{_PERSON})\s+(?:runs|heads|leads|chairs|directs|ran|headed|led|chaired|directed)\b"
                     r"|\bwhat(?:\s+(?:is|was|are|were)|['’]s)\s+\S.*?['’]s?\s+"
                     r"(?:job|position|role|title|post|office)s?\b"
                     r"|^\W*(?:[\w'’.-]+\s+){1,3}?[\w.-]+['’]s?\s+(?:job|position|role|title)s?\W*$"
                     r"|\bwhat\s+(?:jobs?|positions?|roles?|titles?|posts?|offices?)\s+(?:does|did|do)\b"
                     r"|^\W*what\s+(?:does|did)\s+\S.*?(?<!\bto)\s+do\W*$", re.IGNORECASE)  # not 'plan to do'
# 'Lin Qing is president of what association', 'which group is Lin Qing the president of': who someone is, asked
# of a person the question names (by name: the words are those of many roles).
_AFFILIATION = re.compile(r"\b(?:president|head|director|chair(?:man|woman|person)?|member|leader|boss|chief)\s+of\s+"
                          r"(?:what|which)\b|\b(?:what|which)\s+(?:association|organi[sz]ation|group|body|bureau|"
                          r"department|agency|company|party|committee|council|ministry|office|union|chamber)s?\s+"
                          r"(?:is|was|does|did|do)\b", re.IGNORECASE)
# Verbs of taking a question in hand ('who handled the question ...'): who answered it.
_HANDLING_VERBS = "handled handles tackled tackles addressed addresses"
# Who answered ('who gave that answer', 'who fielded it'), and who said something ('someone said the pandemic helped
# online businesses: who said that?', and '哪位领导说', read 'who leader said'): an answer said it.
_WHO_ANSWERED = re.compile(rf"\b(?:who|{_PERSON})\s+(?:(?:leaders?|officials?)\s+)?"
                           r"(?:answered|answers|replied|replies|responded|responds|said|says|fielded|fields"
                           r"|(?:gave|gives|give|made|provided)\s+(?:that|this|the|an?)\s+"
                           r"(?:answer|reply|response)s?"
                           # 'which official took the question from ...', 'who handled that one'
                           rf"|(?:took|takes|{'|'.join(_HANDLING_VERBS.split())})\s+"
                           r"(?:that|this|the|his|her|their)\s+(?:[\w'’-]+\s+){0,2}?"
                           r"(?:questions?|one|query|queries|inquir(?:y|ies)))\b",
                           re.IGNORECASE)
# ...asked only who answered ('which officials answered questions at the meeting?'), not about what
_ANSWERED_ALONE = re.compile(r"\s+(?:to\s+)?(?:(?:the|all|any|those|these)\s+)?(?:questions|inquiries|queries)"
                             r"(?:\s+(?:at|in|during)\s+(?:the|this|that)\s+[\w\s'’-]*?)?\W*$", re.IGNORECASE)
# The verbs say how someone spoke, not what about: they are no topic the answer must cover.
_SPEAKING_TERMS = frozenset(tokenize(" ".join([*_SPEAKING_VERBS, "according", _HANDLING_VERBS])))
_MIN_NAME_PART = 3
_FEW_PASSAGES, _PASSAGES_PER_NAMING_WORD = 5, 200
# Words of a news outlet's name, which a briefing's transcript gives for its reporter.
_OUTLET_WORDS = frozenset("""Daily News Radio Press Agency TV Television Times Post Service Media Broadcasting Journal
Network Channel Review Tribune Herald Weekly Magazine Gazette Telegraph Chronicle""".split())
_MAX_SHARING = 4  # a name word shared by more speakers (a surname: variants of one label count apart) names none
_MAX_INTRODUCED = 3  # a 'who is' question matching more speakers than this is answered as any other
# Titles written as part of a name ('Secretary SHULTZ', 'Admiral POINDEXTER'): a title alone names no one.
_HONORIFICS = frozenset("""mr mrs ms miss dr prof sir lord lady hon madam chairman chairwoman senator secretary admiral
general colonel major captain lieutenant sergeant president governor judge justice ambassador minister""".split())


@dataclass(frozen=True)
class Focus:
    """How a question about people is answered: only from these chunk rows, leaving out these terms when
    judging whether a passage covers the question (they name the speaker, not the topic)."""

    rows: frozenset[int]
    speakers: tuple[SpeakerSummary, ...]
    ignored_terms: frozenset[str]
    about_speech: bool = True  # False: the question asks who someone is, not what they said


def focus_of(question: str, store: Store, speakers: Sequence[SpeakerSummary],
             chosen: Sequence[SpeakerSummary] | None = None,
             mentions: Callable[[str], frozenset[int]] | None = None,
             everyday: Callable[[str], bool] | None = None) -> Focus | None:  # fmt: skip
    """The focus of a question, or None when it is not about a speaker.

    `chosen` are the speakers of an explicit filter: the question is then answered from their turns.
    `mentions` finds the rows of the passages that name someone, for questions asking who they are.
    `everyday` (default: `everyday_in(store)`) says which words are too common to name a speaker alone."""
    if chosen is not None:
        return Focus(store.turn_rows([s.id for s in chosen]), tuple(chosen), _ignored(chosen))
    question = _read_as_asked(question)
    everyday = everyday or everyday_in(store)
    if mentions is not None and not _SPEAKING.search(_RECORD_SPEAKING.sub(" ", question)) \
            and not _WHO_ASKED.search(question) and (
            _WHO_IS.search(question)
            or (_AFFILIATION.search(question) and any(_names(question, s.name) for s in speakers))):
        return _introduction(question, speakers, mentions, everyday)
    according = _ACCORDING.search(question)
    if not _SPEAKING.search(question) and not _WHO_ASKED.search(question) and not according \
            and not _WHO_ANSWERED.search(question):
        return None  # the common case, decided before the pass over every speaker's name and role
    if _WHO_TOLD.search(question):
        return None  # 'which senator told North ...': North is whom it was said to, the one who said it is asked
    named = named_speakers(_before_what_was_said(question), speakers, everyday)
    if _COUNTING_PEOPLE.search(question) and not any(_names(question, s.name) for s in named):
        return None  # 'how many deputies, CPPCC members and citizens asked': a count, not what one of them said
    if according and not _SPEAKING.search(question) and not _WHO_ASKED.search(question):
        # One speaker, or a few who share the name given ('according to Morrison': the Prime Minister, and a
        # Robert Morrison who spoke once); those who never speak (a misread label) are no one to quote.
        speaking = [s for s in named if s.turns]
        by_name = 1 < len(speaking) <= _MAX_INTRODUCED and all(_names(question, s.name) for s in speaking)
        rows = store.turn_rows([s.id for s in speaking]) if len(speaking) == 1 or by_name else frozenset()
        return Focus(rows, tuple(speaking), _ignored(speaking)) if rows else None
    ids = [s.id for s in named] or None
    answered = _WHO_ANSWERED.search(question)
    # 'Which foreign ministry spokesperson responded to ...' says whose answers to look in; 'who answered Mr
    # Jones' or 'who answered the question from the head of ...', whom they answered.
    answering = named_speakers(answered.group(), speakers, everyday) if answered else []
    if answering:
        named = answering
        rows = store.turn_rows([s.id for s in answering], part="answer")
    elif answered:
        if ids is None and _ANSWERED_ALONE.match(question, answered.end()):
            return None  # 'which officials answered questions at the meeting': whoever did, as the record says
        rows = store.turn_rows(part="answer", exchanged_with=ids)
    elif _WHO_ASKED.search(question):
        rows = store.turn_rows(part="question", exchanged_with=ids)
    elif named and _SPEAKING.search(question):
        # 'what did Morrison say when Albanese asked about electric cars': Morrison's answers to Albanese.
        # Named only as the asker ('what was the answer to Sharkie'): the answers they got.
        askers = [s for s in named if _asking(question, s.name)]
        answerers = [s.id for s in named if s not in askers]
        rows = frozenset()
        if askers and (answerers or not wants_the_asking(question)):
            rows = store.turn_rows(answerers or None, part="answer", exchanged_with=[s.id for s in askers])
        rows = rows or store.turn_rows(ids)
    else:
        return None
    # A named speaker who never speaks in the record (a roster member): answer as any other question.
    return Focus(rows, tuple(named), _ignored(named)) if rows else None


def _introduction(question: str, speakers: Sequence[SpeakerSummary],
                  mentions: Callable[[str], frozenset[int]],
                  everyday: Callable[[str], bool]) -> Focus | None:  # fmt: skip
    """'Who is the Minister of Propaganda?': the passages naming the speakers whose name or role it gives.

    In a large record the role's words also occur in passages about other people; the roster says whose
    role it is, so the answer comes from where that person is named. No word is ignored: the sentence
    to highlight is the one that carries the name or the role the question gives."""
    named = named_speakers(question, speakers, everyday, introduced=True)
    if not named or len(named) > _MAX_INTRODUCED:
        return None  # nobody, or a role so general that it says little about whom
    if _WHO_OPENS.match(question) and any(_possessed(question, s.name) for s in named):
        return None  # 'who was Hakim's account meant for': not who Hakim is (but 'what is Sun Lijie's position')
    rows = frozenset().union(*(mentions(s.name) for s in named))
    return Focus(rows, tuple(named), frozenset(), about_speech=False) if rows else None


_WHO_OPENS = re.compile(r"^\W*who\b", re.IGNORECASE)


def _possessed(question: str, name: str) -> bool:
    """Whether the question names someone as having something ('Hakim's account', 'North's secretary')."""
    return any(re.search(rf"(?<!\w){re.escape(part)}['’]s?\s+\w", question, re.IGNORECASE)
               for part in _name_parts(name))


def silent_speakers(question: str, speakers: Sequence[SpeakerSummary],
                    everyday: Callable[[str], bool] = lambda term: False) -> list[SpeakerSummary]:
    """Asked what someone said ('What did the sports bureau director say?') who is named in the record but
    never speaks in it (a roster member): those people; empty when anyone named speaks, or nobody is named."""
    question = _read_as_asked(question)
    if not _SPEAKING.search(_RECORD_SPEAKING.sub(" ", question)) or _WHO_ASKED.search(question) \
            or _WHO_ANSWERED.search(question):
        return []
    question = _before_what_was_said(question)
    named = named_speakers(question, speakers, everyday)
    if not named or len(named) > _MAX_INTRODUCED or any(s.turns for s in named):
        return []
    # One word of a role names no one who never speaks ('青岛世界体育城这个项目咋说的': what is said of the World
    # Sports City, not what the Director of the Sports Bureau said): the name, two words of the role, or one and
    # a word for whoever holds it ('the sports bureau chief').
    # (a word in most roles, 'Qingdao', says no one's)
    frequency = Counter(term for s in speakers for term in set(tokenize(s.role or "")))
    terms = {term for term in tokenize(question) if frequency[term] * 2 <= len(speakers)}
    if not any(_names(question, s.name) or len(terms & set(tokenize(s.role or ""))) >= 2 for s in named) \
            and not _HOLDER.search(question):
        return []
    return named


def _before_what_was_said(question: str) -> str:
    """Asked who said something, the question up to what was said, whose words name no one ('somebody explained
    that culture, tourism, sports ... count as tertiary industries': not the culture and tourism bureau's director,
    nor the sports bureau's)."""
    said = _WHO_SAID.search(question)
    return question[: said.end()] if said else question


_WHO_SAID = re.compile(r"(?:\bwho\b|\bwhich\b|\b(?:somebody|someone|anyone)\b)[^?]*?"
                       r"\b(?:said|say|says|explained|stated|mentioned|claimed|argued|noted|told|talked|talks?"
                       r"|spoke|speaks?|discussed|promised|proposed|commented|stressed|emphasi[sz]ed|pointed\s+out"
                       r"|brought\s+up)\b", re.IGNORECASE)
_HOLDER = re.compile(r"\b(?:director|head|chief|boss|minister|president|chair(?:man|woman|person)?|official|leader"
                     r"|secretary|commissioner|spokes(?:man|woman|person))s?\b", re.IGNORECASE)


def _read_as_asked(question: str) -> str:
    """The question in the words the speaker focus reads: without a request to tell ('tell me about ...'), 'who
    from the sports bureau was there' as 'which official was there for the sports bureau', 'want to know' as 'ask'."""
    question = _REQUEST.sub(" ", _asked_sentences(question))
    came = _CAME_FROM.match(question)
    if came:
        question = f"which official was there for {came['of'] or came['came'] or came['represented']}"
    return _asking_said(question)


def _asked_sentences(question: str) -> str:
    """The sentence of `question` that asks, when it also has sentences that only tell (bot.wording.told_and_asked:
    'A friend said the meeting had CPPCC members asking. Which day was it held?'): who spoke in those is not whom the
    question is about. Not when the one that asks is too short to stand alone ('Mr Jones asked. Who answered?')."""
    told, asked = told_and_asked(question)
    return asked if told and len(asked.split()) > _STANDS_ALONE else question


_STANDS_ALONE = 3  # words an asking sentence needs to stand without what was told before it


def _asking_said(question: str) -> str:
    """'what did Lin Qing want to know' as 'what did Lin Qing ask'."""
    return _WANTED_TO_KNOW.sub("ask", question)


def about_a_topic(question: str) -> bool:
    """Whether a question asks what was said about something ('what did Li Suman say about the night economy'),
    not only what someone said ('what did the sports bureau director say')."""
    return _ABOUT.search(question) is not None


def silent_lead(speakers: Sequence[SpeakerSummary]) -> Lead:
    """'Che Jinghua (Director of Qingdao Sports Bureau) is named in the record but does not speak in it.'"""
    if len(speakers) == 1:
        return Lead(speakers[0].name, speakers[0].role or None, "named")
    named = [Lead(s.name, s.role or None, "named").who for s in speakers]
    return Lead(f"{', '.join(named[:-1])} and {named[-1]}", None, "named", several=True)


def everyday_in(store: Store) -> Callable[[str], bool]:
    """Whether a term is too common in the record to name anyone by itself: 'city' names the Minister for
    Cities in a corpus where half the hearings are about cities (in more than one passage in 200, or 5)."""
    limit = max(_FEW_PASSAGES, store.chunk_count() / _PASSAGES_PER_NAMING_WORD)
    return lambda term: store.passage_frequency(term) > limit


def named_speakers(question: str, speakers: Sequence[SpeakerSummary],
                   everyday: Callable[[str], bool] = lambda term: False,
                   introduced: bool = False) -> list[SpeakerSummary]:  # fmt: skip
    """The speakers a question names: by name if any, otherwise by the most words of one role that are not
    `everyday` in the record (by one word only when no other role has it). Asked who holds a role (`introduced`),
    by everyday words too when two or more of one role's are given: the question is about the role."""
    shared = _shared_parts(speakers)
    cased = writes_capitals(question)
    by_name = [s for s in speakers if _names(question, s.name, shared, cased)]
    if by_name:
        return _by_whole_name(question, by_name)
    # A member of a parliament is named by the seat, which the record gives as the start of the role ('the
    # member for Bass': 'Mrs Archer (Bass)', 'Mr Albanese (Grayndler—Prime Minister)').
    if _MEMBER_FOR.search(question):
        seated = [s for s in speakers if s.role and re.search(
            rf"\bmember\s+for\s+{re.escape(s.role.split('—')[0].strip())}(?!\w)", question, re.IGNORECASE)]
        if seated:
            return seated
    # 'the Treasurer', 'the Press Secretary': a title held, as the record writes it, names whoever holds it, however
    # often the record uses its words.
    titled = {s.id: len(title) for s in speakers for title in _titles(s.role)
              if re.search(rf"\bthe\s+{re.escape(title)}\s+(?:{_SAID})\b", question, re.IGNORECASE)}
    if titled:
        longest = max(titled.values())
        return [s for s in speakers if titled.get(s.id) == longest]
    terms = set(tokenize(question)) - _SPEAKING_TERMS
    roles = {s.id: set(tokenize(s.role or "")) for s in speakers}
    # A word in most roles ('Qingdao', 'director') does not say whose role it is.
    frequency = Counter(term for role in roles.values() for term in role)
    scores = {}
    for speaker in speakers:
        # Words the record uses everywhere ('minister', 'government', 'scheme' in a parliament's) name no role
        # together either: 'the Scottish Office minister ... a minimum prices scheme' is not the Minister for the
        # National Disability Insurance Scheme.
        matched = {t for t in terms & roles[speaker.id] if introduced or not everyday(t)}
        distinctive = [t for t in matched if frequency[t] * 2 <= len(speakers)]
        if distinctive and (len(matched) >= 2 or (frequency[distinctive[0]] == 1 and not everyday(distinctive[0]))):
            scores[speaker.id] = len(matched)
    best = max(scores.values(), default=0)
    return [s for s in speakers if scores.get(s.id) == best] if best else []


def _titles(role: str | None) -> list[str]:
    """The titles a role holds, after its seat ('Rankin—Treasurer': Treasurer; 'Deputy Prime Minister and Minister
    for Infrastructure, Transport and …': Deputy Prime Minister, Minister for Infrastructure): each names who holds
    it ('Transport' is no title)."""
    held = (role or "").split("—")[-1]
    return [title.strip() for title in _TITLE_PARTS.split(held) if _TITLE.fullmatch(title.strip())]


_SAID = "|".join(_SAYING_VERBS)
_TITLE_PARTS = re.compile(r",\s*|\s+and\s+(?=[A-Z])")
_TITLE = re.compile(r"(?:[A-Z][\w'’-]*\s+){0,3}(?:Treasurer|Minister|Secretary|Spokesperson|Spokesman|Spokeswoman"
                    r"|Leader|Whip|Speaker|Director|President|Chair|Chairman|Commissioner|Attorney-General|Advisor"
                    r"|Adviser|Coordinator|Administrator)(?:\s+(?:of|for)\s+[\w\s'’-]+)?")


def _by_whole_name(question: str, named: list[SpeakerSummary]) -> list[SpeakerSummary]:
    """Of the speakers a question names, those it names in full ('Jake Sullivan') and the labels that are part of
    that name ('Mr. Sullivan'), not another who shares a part of it ('Joseph Sullivan')."""
    whole = [set(_own_words(s.name)) for s in named if len(_own_words(s.name)) > 1
             and re.search(rf"(?<!\w){re.escape(s.name)}(?!\w)", question, re.IGNORECASE)]
    if not whole:
        return named
    return [s for s in named if any(set(_own_words(s.name)) <= name for name in whole)]


def _own_words(name: str) -> list[str]:
    """A name's words without honorifics or titles ('Mr. Sullivan': Sullivan)."""
    return [word.lower() for word in re.findall(r"[\w'’-]+", name) if word.lower() not in _HONORIFICS]


# Whom a question asks about as its subject ('how did Poindexter brief the President', 'did North admit ...',
# 'Weinberger: was he against ...'): their own turns answer likelier than those of whoever questioned them.
_SUBJECT = re.compile(r"^\W*(?:(?:how|why|when|where|what|who|whom|which)\s+)?(?:did|does|do|didn['’]?t|doesn['’]?t"
                      r"|was|wasn['’]?t|is|isn['’]?t|has|had|have|would|could|will)\s+((?:[\w'’.-]+\s+){1,3})"
                      r"|^\W*((?:[\w'’.-]+\s+){0,2}[\w'’.-]+)\s*:", re.IGNORECASE)


def subject_speakers(question: str, speakers: Sequence[SpeakerSummary]) -> list[SpeakerSummary]:
    """The speakers who speak in the record and whom the question names as its subject, by name."""
    match = _SUBJECT.search(question)
    if match is None:
        return []
    span = match.group(1) or match.group(2)
    lowered = span.lower()
    # (a name part not in the span at all rules its speaker out before any pattern is compiled for it)
    near = [s for s in speakers if s.turns and any(part.lower() in lowered for part in _name_parts(s.name))]
    if not near:
        return []
    shared, cased = _shared_parts(speakers), writes_capitals(question)
    return [s for s in near if _names(span, s.name, shared, cased)]


def _names(question: str, name: str, shared: frozenset[str] = frozenset(), cased: bool | None = None) -> bool:
    """Whether the question names the speaker: by the whole name, or by a part of it that is not `shared`. A
    part that is an everyday English word ('Foot', 'Day', 'National') names the speaker only written with its
    capital, when the question writes names with theirs (`cased`: 'foot-and-mouth vaccine doses for Indonesia')."""
    cased = writes_capitals(question) if cased is None else cased
    return any(re.search(rf"(?<!\w){re.escape(part)}(?!\w)", question,
                         0 if cased and part != name and _everyday_english(part) else re.IGNORECASE)
               for part in _name_parts(name) if part == name or part.lower() not in shared)


def writes_capitals(question: str) -> bool:
    """Whether the question writes a word with a capital other than at the start of a sentence (or 'I'): its
    writer capitalises names, so a lowercase word is none ('what did morrison say' tells nothing)."""
    return _CAPITALISED_INSIDE.search(question) is not None


_CAPITALISED_INSIDE = re.compile(r"(?<![.?!:;\n]\s)(?<=[\s\"'‘“(\[-])(?!I\b|I['’])[A-Z]")


@lru_cache(maxsize=4096)
def _everyday_english(word: str) -> bool:
    """Whether a word is one English text uses every day ('foot', 'day', 'north'), as against a name ('Psaki')."""
    terms = tokenize(word)
    return bool(terms) and rarity(terms[0]) < NAME_RARITY


def _shared_parts(speakers: Sequence[SpeakerSummary]) -> frozenset[str]:
    """Words of more speakers' names than _MAX_SHARING, which name none of them alone: 'China' of China Daily,
    China News Service and China Review News, asked about the China-India boundary talks."""
    counts = Counter(part.lower() for s in speakers for part in set(_name_parts(s.name)[1:]))
    return frozenset(part for part, count in counts.items() if count > _MAX_SHARING)


_OFFICE_WORDS = OFFICES | TITLES


def _name_parts(name: str) -> list[str]:
    """The whole name, and each part of it that names the person alone: "The Paper" is not named by "the",
    "Mr Jones" not by "Mr"; a speaker a transcript describes rather than names ('a White House Aide') only by
    the whole description, not by 'White'; a news outlet asking at a briefing ('Beijing Daily', 'Associated Press
    of Pakistan') only by its whole name, not by 'Beijing' or 'press'; an office printed for a name ('Deputy
    Speaker') only by the whole office, not by 'deputy' (the deputy prime minister is not the Deputy Speaker)."""
    described = name.split(maxsplit=1)[0].lower() in {"a", "an", "the"} or not _OUTLET_WORDS.isdisjoint(name.split()) \
        or all(part.lower().rstrip(".") in _OFFICE_WORDS for part in name.split())
    return [name, *(
        part for part in name.split()
        if len(part) >= _MIN_NAME_PART and not is_stopword(part) and part.lower().rstrip(".") not in _HONORIFICS
        and not described
    )]


def _asking(question: str, name: str) -> bool:
    """Whether the question names `name` as the one who asked ('when Albanese asked', 'asked by Mr Jones',
    'Jones's question', 'the answer to Sharkie', 'what did the minister tell Sharkie'), not as the one who answered
    ('how did Morrison respond when asked')."""
    return any(re.search(rf"(?<!\w){re.escape(part)}(?:\s+(?:had|has|also|then|first|later|just))?\s+{_ASKING_VERB}"
                         rf"|(?<!\w){re.escape(part)}['’]s?\s+question"
                         rf"|{_ASKING_VERB}\s+by\s+(?:\w+\s+){{0,2}}?{re.escape(part)}(?!\w)"
                         rf"|{_ANSWER_TO}\s+(?:\w+\s+){{0,2}}?{re.escape(part)}(?!\w)"
                         rf"|\b(?:tell|tells|told|telling)\s+(?:\w+\s+)?{re.escape(part)}(?!\w)",
                         question, re.IGNORECASE)
               for part in _name_parts(name))


_WHO_TOLD = re.compile(r"\b(?:who|which\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+)\s+(?:told|tells|warned|assured|informed)\s+"
                       r"(?!(?:the\s+)?(?:reporters?|press|media|journalists?)\b)", re.IGNORECASE)
_MEMBER_FOR = re.compile(r"\bmember\s+for\s+\w", re.IGNORECASE)
_ANSWER_TO = r"\b(?:answer|answers|reply|replies|response|responses|answered|replied|responded)\s+to"


_COUNTING_PEOPLE = re.compile(r"\bhow\s+many\s+(?:[\w'’-]+\s+){0,2}?(?:people|persons|individuals|officials|"
                              r"questioners|askers|speakers|members|deputies|representatives|leaders|ministers|"
                              r"directors|entrepreneurs|citizens)\b", re.IGNORECASE)


def _ignored(speakers: Sequence[SpeakerSummary]) -> frozenset[str]:
    words = " ".join(f"{s.name} {s.role or ''}" for s in speakers)
    return frozenset(tokenize(words)) | _SPEAKING_TERMS


def lead_for(chunk: Chunk, store: Store) -> Lead | None:
    """Who said the passage, and in answer to whom: 'Sun Lijie (...) answered Lin Qing's question:'."""
    turn = store.turn_at(chunk.document_id, chunk.paragraph)
    if turn is None or turn.speaker is None:
        return None
    speaker, role = turn.speaker.name, turn.speaker.role or None
    exchange = store.exchange(chunk.document_id, turn.exchange) if turn.exchange else None
    if exchange is None or turn.part == "resumed":
        return Lead(speaker, role, "said")
    if turn.part == "question":
        return Lead(speaker, role, "asked")
    asker = exchange.question.speaker
    return Lead(speaker, role, "answered", asker.name if asker else None)


def about_asking(question: str) -> bool:
    """Whether the question asks about the asking: who asked, what someone asked or raised."""
    return _ABOUT_ASKING.search(_asking_said(question)) is not None


def names(question: str, name: str) -> bool:
    """Whether the question names the speaker (bot.speakers._names)."""
    return _names(question, name)


def asks_who_spoke(question: str) -> bool:
    """Whether the question asks who asked, answered or said something ('who raised the epidemic?', 'which
    official answered ...'), not who did it ('who pays for the repairs?')."""
    question = _read_as_asked(question)
    return any(pattern.search(question) for pattern in (_WHO_ASKED, _WHO_ANSWERED, _WHO_SAID))


def wants_the_asking(question: str) -> bool:
    """Whether the answer is an asker's turn itself: who asked, or what someone asked or raised ('what did the
    citizen representative ask about?'), not what was said when asked ('what did Psaki say when asked ...')."""
    question = _asking_said(question)
    return _WHO_ASKED.search(question) is not None or (
        _WHAT_ASKED.search(question) is not None and _ANSWERING.search(question) is None)


# 'what did X ask (about)', 'what question did X raise', 'what was X's question', 'X asked what', 'X问了什么', '问的是什么',
# '提了什么问题'
# (not 'what kinds of people were allowed to ask questions': who the askers were)
_WHAT_ASKED = re.compile(r"\bwhat\b(?:\s+[\w'’-]+){0,3}?\s+(?:did|does|do|was|were|will)\s+(?:[\w'’-]+\s+){0,6}?"
                         r"(?<!\bto\s)(?:ask|asked|raise|raised|query|bring\s+up)\b(?!\s+questions?\b)"
                         r"|\b(?:asked|raised)\s+(?:what|which)\b|问(?:了|的是|的)?什么|提(?:了|出了?)?什么问题"
                         r"|\bwhat\s+(?:was|is|were|are)\s+(?:[\w'’-]+\s+){0,4}?"
                         r"[\w-]+['’]s?\s+(?:questions?|query|inquiry)\b"
                         # ...and the fragment 'Lin Qing's question?', 'the senator's questions'
                         r"|^\W*(?:[\w.'’-]+\s+){0,4}?[\w.-]+['’]s?\s+(?:questions?|query|inquiry)\W*$",
                         re.IGNORECASE)
_ANSWERING = re.compile(rf"\b(?:{'|'.join(_SAYING_VERBS)})\b|回答|答复|回应|说", re.IGNORECASE)


def question_answered(chunk: Chunk, store: Store) -> str:
    """The question a passage answers, when it is part of an answer ('' otherwise): 'who answered
    Mr Jones about net zero' is answered by a turn that need not repeat 'net zero'."""
    turn = store.turn_at(chunk.document_id, chunk.paragraph)
    if turn is None or turn.part != "answer" or turn.exchange is None:
        return ""
    exchange = store.exchange(chunk.document_id, turn.exchange)
    return exchange.question.text if exchange else ""
