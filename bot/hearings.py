"""Who asked and who answered: speakers, their turns and the exchanges of every hearing, for pages and the API."""

from __future__ import annotations

from bot.errors import BadFilter, UnknownSpeaker
from index.records import SpeakerSummary, search_words
from index.store import Store
from ingest.models import DocumentInfo, Exchange, Turn

MAX_FILTER_CHARS = 200


class Hearings:
    """Read-only views of the speakers, turns and exchanges of one index."""

    def __init__(self, store: Store, documents: dict[str, DocumentInfo]) -> None:
        self.store = store
        self.documents = documents

    def speakers(self, speaker: str | None = None) -> list[SpeakerSummary]:
        """Every speaker, or those whose name or role `speaker` matches ('sports bureau')."""
        return self.store.speakers(check_speaker_filter(speaker))

    def speaker(self, slug: str) -> SpeakerSummary | None:
        return self.store.speaker(slug)

    def turns_of(self, speaker: SpeakerSummary) -> list[Turn]:
        return self.store.speaker_turns(speaker.id)

    def exchanges(self, speaker: str | None = None, document: str | None = None) -> list[Exchange]:
        """Exchanges in reading order, of the hearing `document` (an id) and with a speaker `speaker` matches."""
        speaker = check_speaker_filter(speaker)
        if document is not None and document not in self.documents:
            raise BadFilter(f"document: no hearing has the id '{document[:40]}'")
        return self.store.exchanges(speaker, document)


def narrowed(exchanges: list[Exchange], official: str | None = None, questioner: str | None = None,
             date: str | None = None) -> list[Exchange]:
    """The exchanges in which `official` answers, `questioner` asks (exact names) and whose hearing is of `date`."""
    return [
        e for e in exchanges
        if (official is None or any(a.speaker is not None and a.speaker.name == official for a in e.answers))
        and (questioner is None or (e.question.speaker is not None and e.question.speaker.name == questioner))
        and (date is None or e.document.date == date)
    ]


def check_speaker_filter(speaker: str | None) -> str | None:
    """The filter with surrounding space removed, None when blank; BadFilter when it cannot match anyone."""
    if speaker is None or not speaker.strip():
        return None
    speaker = " ".join(speaker.split())
    if len(speaker) > MAX_FILTER_CHARS:
        raise BadFilter(f"speaker: the filter is longer than {MAX_FILTER_CHARS} characters ({len(speaker)})")
    if not search_words(speaker):
        raise BadFilter("speaker: give a word of a name or a role, e.g. 'sports bureau'")
    return speaker


def chosen_speakers(store: Store, speaker: str | None) -> list[SpeakerSummary] | None:
    """The speakers a speaker filter chooses (None: no filter); raises BadFilter when it is not one, and
    UnknownSpeaker when nobody in the record matches it."""
    wanted = check_speaker_filter(speaker)
    if wanted is None:
        return None
    chosen = store.speakers(wanted)
    if not chosen:
        raise UnknownSpeaker(f"speaker: nobody in the record matches '{wanted}'")
    return chosen
