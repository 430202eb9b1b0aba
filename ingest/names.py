"""Word-level tests shared by label and roster parsing: is this a person's name, a title, a role?"""

from __future__ import annotations

import re

UP = "A-ZÀ-ÖØ-Þ"
LO = "a-zß-öø-ÿ"
# "Lin", "McINTOSH", "O'DOWD", "Jean-Pierre", "CCTV4": a capital, then letters, apostrophes, hyphens.
_NAME_WORD = re.compile(rf"(?:Mc|Mac|O['’]|D['’])?[{UP}][{UP}{LO}'’\-]*[{UP}{LO}]\d?|[{UP}]{{2,}}\d")
_INITIAL = re.compile(rf"[{UP}]\.(?:-?[{UP}]\.)*|St\.|ST\.|Ste\.")
_LETTER = re.compile(rf"[{UP}]")  # 'A' in 'Mr A SMITH', 'E' in Hansard's broken 'Mr ALBANES E'
_PARTICLES = frozenset("van von de der den du da di le la del st of".split())
_CAPS_WORD = re.compile(rf"(?:Mc|Mac|O['’]|D['’])?[{UP}][{UP}'’\-]*[{UP}]\d?")
CONNECTORS = frozenset("of and the de del der van von da di du la le al bin & for".split())

# Honorifics and offices that may precede a name ("Attorney General MEESE", "Lieut.-Colonel HEADLAM").
TITLES = frozenset(
    """mr mrs ms miss mx dr doctor prof professor sir dame lord lady baroness baron viscount earl marquess
    duke countess senator sen rep representative congressman congresswoman chairman chairwoman chair
    chairperson vice president secretary attorney general minister premier mayor councillor councilor
    councilman councilwoman councilmember commissioner governor ambassador admiral colonel lieutenant lieut
    lt captain capt major commander cmdr sergeant sgt judge justice director administrator acting deputy
    assistant associate under rev reverend father hon honourable speaker sheriff chief agent detective
    officer madam madame alderman delegate cllr inspector superintendent bishop rabbi imam spokesperson
    spokesman spokeswoman press prime""".split()
)
# Words that make a capitalised phrase an office rather than a name ("The Prime Minister", "The CHAIR").
OFFICES = frozenset(
    """speaker chair chairman chairwoman chairperson president minister secretary clerk chancellor attorney
    solicitor leader earl marquess duke lord lady baroness viscount deputy treasurer premier mayor governor
    commissioner director ambassador spokesperson spokesman spokeswoman moderator prime""".split()
)
# A role printed after a name must contain one of these ("member of ...", "Director of ...").
ROLE_WORDS = frozenset(
    """member members director president minister chairman chairwoman chair chairperson secretary mayor
    deputy head chief commissioner governor spokesperson spokesman spokeswoman representative officer
    manager professor researcher expert editor correspondent reporter founder ceo leader ambassador
    councillor councilor delegate dean principal general senator vice adviser advisor consultant analyst
    economist engineer owner citizen resident student teacher lawyer judge partner executive coordinator
    administrator inspector superintendent chancellor treasurer clerk official staff doctor physician
    scientist academician fellow entrepreneur deputies mp mla mep""".split()
)
# Capitalised words that open sentences, headings and notes, not names ("Regarding X:", "Our plan:").
STARTERS = frozenset(
    """i in on at as but and so if here there this that these those what when where why how who which our
    my we you he she it they their his her its let please first second third fourth fifth finally lastly
    meanwhile however regarding according between after before during under for to from with without also
    yes no well now then today yesterday tomorrow tonight a an one two three some many all every each both
    note notes source sources update example step part chapter section table figure appendix item option
    result results conclusion summary background question questions answer answers topic subject re date
    time place venue location address tel phone fax email website link photo video image credit by via see
    watch read listen live special dear hello hi thanks thank sorry ok okay besides moreover furthermore
    therefore thus hence indeed again still yet only even just never always perhaps maybe overall instead
    otherwise likewise similarly additionally specifically particularly especially importantly
    unfortunately fortunately hopefully frankly actually breaking exclusive warning caution important
    attention key goal purpose agenda outcome overview status issue problem solution response reply
    statement comment comments quote headline title end is are was were do does did can could will would
    should may might must not never nor or any other such same more most less least very much""".split()
    + "january february march april may june july august september october november december".split()
    + "monday tuesday wednesday thursday friday saturday sunday".split()
)
# Nouns of headings and note labels ('Next Steps:', 'Key Findings:'): never part of a bare speaker label.
HEADING_WORDS = frozenset(
    """points steps items findings recommendations issues notes highlights details facts figures results
    measures tasks goals objectives requirements conditions terms questions answers comments remarks
    conclusions conclusion summary overview background progress plan plans priorities
    achievements challenges lessons actions outcomes updates""".split()
)
FIRST_PERSON = re.compile(r"\b(?:I|I'm|we|We|our|Our|us|my|My|you|You|your|Your)\b")
_REPORTING = re.compile(
    r"\b(?:said|says|told|added|noted|stated|explained|wrote|argued|will|would|is|was|were|has|had)\b"
)


def key(name: str) -> str:
    """Identity key: case, spacing and punctuation ignored ("Mr. ALBANES E" == "Mr Albanese")."""
    return "".join(ch for ch in name.casefold() if ch.isalnum())


def is_title(word: str) -> bool:
    """'Mr.', 'SECRETARY', 'Lieut.-Colonel' are titles."""
    parts = word.replace(".", "").casefold().split("-")
    return all(part in TITLES for part in parts) and bool(parts[0])


def is_name_word(word: str) -> bool:
    return bool(_NAME_WORD.fullmatch(word) or _INITIAL.fullmatch(word))


def is_caps_word(word: str) -> bool:
    """'MORRISON', 'McINTOSH', "O'DOWD": printed in capitals (Hansard surnames, US transcript labels)."""
    return bool(_CAPS_WORD.fullmatch(word))


def is_name_words(words: list[str], max_words: int = 5, *, after_title: bool = False) -> bool:
    """Capitalised words with inner connectors only ('Lord Bassam of Brighton', 'Sun Lijie'). After a
    title a name may also start with a particle ('Mr. van Straubenzee') and hold bare capital letters."""
    if not 1 <= len(words) <= max_words or words[-1] in CONNECTORS:
        return False
    if words[0] in CONNECTORS and not (after_title and words[0] in _PARTICLES and len(words) > 1):
        return False
    return all(
        is_name_word(w) or w.casefold() in CONNECTORS or (after_title and _LETTER.fullmatch(w)) for w in words
    )


def is_plain_name(words: list[str]) -> bool:
    """An untitled personal name of 2-3 words ('Sun Lijie', 'Zhu Tieyi'), not a phrase or an office."""
    if not 2 <= len(words) <= 3 or not all(_NAME_WORD.fullmatch(w) for w in words):
        return False
    lowered = [w.casefold() for w in words]
    return lowered[0] not in STARTERS and not any(w in ROLE_WORDS or w in TITLES for w in lowered)


def is_role(text: str) -> bool:
    """A role as printed after a name: 'member of Qingdao Municipal CPPCC and president of ...'."""
    words = text.split()
    if not 1 <= len(words) <= 20 or FIRST_PERSON.search(text) or _REPORTING.search(text):
        return False
    if ". " in text or ":" in text or "?" in text:
        return False
    first = words[0]
    if not (first[0].islower() or is_title(first) or first.casefold() in ROLE_WORDS):
        return False
    return any(w.casefold().strip(".,") in ROLE_WORDS for w in words)
