"""Staff corrections to the speakers the parser found, kept in a document's sidecar `<name>.meta.json`:

    "speakers": {"MS. PSAKI": {"name": "Jen Psaki", "role": "White House Press Secretary"}}

The key is the speaker's name as the parser gave it (case, spacing and punctuation ignored); the value the
name and role to show instead. An empty role removes a role the parser guessed wrongly."""

from __future__ import annotations

from dataclasses import replace

from ingest.errors import IngestError
from ingest.models import Speaker, SpeakerOverride, Transcript
from ingest.names import key

FIELD = "speakers"
_MAX_CHARS = 200


def parse_overrides(value: object, relative: str) -> tuple[SpeakerOverride, ...]:
    """The overrides of a sidecar's "speakers" field; raises IngestError naming the file and the entry."""
    if value is None:
        return ()
    if not isinstance(value, dict):
        raise IngestError(relative, f"metadata field '{FIELD}' must map a printed name to {{\"name\", \"role\"}}")
    overrides = []
    for printed, fix in value.items():
        if not isinstance(fix, dict) or not isinstance(fix.get("name", printed), str) \
                or not isinstance(fix.get("role") or "", str):  # fmt: skip
            entry = str(printed)[:60]
            raise IngestError(relative, f"metadata '{FIELD}' entry '{entry}' needs text \"name\" and \"role\"")
        name = (fix.get("name") or printed).strip()[:_MAX_CHARS]
        role = (fix.get("role") or "").strip()[:_MAX_CHARS] or None
        overrides.append(SpeakerOverride(str(printed), name, role))
    return tuple(overrides)


def overrides_field(overrides: tuple[SpeakerOverride, ...]) -> dict[str, dict[str, str]]:
    """The sidecar form of overrides (the inverse of parse_overrides)."""
    return {o.printed: {"name": o.name, "role": o.role or ""} for o in overrides}


def apply_overrides(transcript: Transcript, overrides: tuple[SpeakerOverride, ...]) -> Transcript:
    """The transcript with each overridden speaker replaced in every turn and in the speaker list."""
    if not overrides:
        return transcript
    fixed = {key(o.printed): Speaker(o.name, o.role) for o in overrides}

    def fix(speaker: Speaker | None) -> Speaker | None:
        return fixed.get(key(speaker.name), speaker) if speaker is not None else None

    turns = (replace(turn, speaker=fix(turn.speaker)) for turn in transcript.turns)
    return transcript.respoken(turns, (fix(s) for s in transcript.speakers))  # two fixed to one person stay one
