"""Who asked and who answered: speakers, their turns and the exchanges of every hearing, for pages and the API."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import BadFilter
from bot.models import document_url
from index.records import ExchangeRecord, SpeakerSummary, TurnRecord, search_words
from index.store import DocumentInfo, Store
from ingest.models import Speaker

MAX_FILTER_CHARS = 200


@dataclass(frozen=True)
class TurnView:
    speaker: Speaker | None
    text: str  # the words, without the printed label
    paragraph: int  # 1-based number of the paragraph the turn starts in
    url: str  # the document view at that paragraph
    kind: str
    document: DocumentInfo


@dataclass(frozen=True)
class ExchangeView:
    id: str
    document: DocumentInfo
    question: TurnView
    answers: tuple[TurnView, ...]


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

    def turns_of(self, speaker: SpeakerSummary) -> list[TurnView]:
        return [self._turn(turn) for turn in self.store.speaker_turns(speaker.id)]

    def exchanges(self, speaker: str | None = None, document: str | None = None) -> list[ExchangeView]:
        """Exchanges in reading order, of the hearing `document` (an id) and with a speaker `speaker` matches."""
        speaker = check_speaker_filter(speaker)
        if document is not None and document not in self.documents:
            raise BadFilter(f"document: no hearing has the id '{document[:40]}'")
        return [self._exchange(e) for e in self.store.exchanges(speaker, document)]

    def _exchange(self, exchange: ExchangeRecord) -> ExchangeView:
        return ExchangeView(exchange.id, self.documents[exchange.document_id], self._turn(exchange.question),
                            tuple(self._turn(a) for a in exchange.answers))  # fmt: skip

    def _turn(self, turn: TurnRecord) -> TurnView:
        return TurnView(turn.speaker, turn.text, turn.first_paragraph,
                        document_url(turn.document_id, turn.first_paragraph), turn.kind,
                        self.documents[turn.document_id])  # fmt: skip


def narrowed(exchanges: list[ExchangeView], official: str | None = None, questioner: str | None = None,
             date: str | None = None) -> list[ExchangeView]:
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
