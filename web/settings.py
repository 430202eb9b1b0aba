"""Settings from CITYQA_* environment variables; the CLI's flags override them."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.answer import ANSWER_CONFIDENCE, MAX_K, MIN_CONFIDENCE, TOP_K
from bot.retrieve import LEXICAL_WEIGHT
from index.embed import DEFAULT_ENCODER, DEFAULT_MODEL, Embedder, default_cache_dir
from index.qdrant_backend import QdrantLocation
from web.database import Database
from web.ratelimit import Rate, parse_rate
from web.shared_limits import shared_storage_uri

MIN_ADMIN_TOKEN_CHARS = 16  # guessing a token that long is hopeless at the few tries a minute /admin allows


class Settings(BaseSettings):
    """Every setting of cityqa. Each is also an environment variable: `corpus` is CITYQA_CORPUS."""

    model_config = SettingsConfigDict(env_prefix="CITYQA_", extra="ignore")

    corpus: Path = Field(Path("corpus"), description="folder of source documents to index")
    index: Path = Field(Path("var/index"), description="where the built index lives")
    model: str = Field(DEFAULT_MODEL, description="sentence-transformers model: a bundled name or a local folder")
    encoder: Literal["int8", "fp32"] = Field(
        DEFAULT_ENCODER, description="int8: the model exported to ONNX with 8-bit weights (faster); fp32: full precision"
    )
    encoder_cache: Path = Field(default_factory=default_cache_dir,
                                description="where the int8 export of the model is kept (made once, at the first ingest)")
    host: str = Field("127.0.0.1", description="address `cityqa serve` listens on")
    port: int = Field(8000, ge=1, le=65535, description="port `cityqa serve` listens on")
    top_k: int = Field(TOP_K, ge=1, le=MAX_K, description="passages shown per answer")
    min_confidence: float = Field(MIN_CONFIDENCE, ge=0.0, le=1.0, description="below this confidence (the calibrated probability that the top passage answers) the bot says the record does not say")
    answer_confidence: float = Field(ANSWER_CONFIDENCE, ge=0.0, le=1.0, description="below this confidence, and not below min_confidence, the bot shows the closest passages as possibly not answering directly")
    answer_model: Path | None = Field(None, description="the learned answer model (bot/answer_model.json) for confidence, highlight and reranking; unset: the hand-set rules")
    lexical_weight: float = Field(LEXICAL_WEIGHT, ge=0.0, le=1.0, description="share of BM25 in the fused score (English)")
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="origins that may embed the chat widget and call the API (comma-separated)"
    )
    data: Path = Field(Path("var/data"), description="folder of the runtime database: questions asked, feedback")
    backend: Literal["faiss", "qdrant"] = Field(
        "faiss", description="where `cityqa ingest` puts the search structures: faiss (files in the index) or qdrant"
    )
    qdrant_url: str | None = Field(None, description="Qdrant server for CITYQA_BACKEND=qdrant, e.g. http://qdrant:6333")
    qdrant_path: Path | None = Field(
        None, description="folder of qdrant-client's local mode for CITYQA_BACKEND=qdrant (one process)"
    )
    database_url: SecretStr | None = Field(
        None, description="PostgreSQL shared by replicas, postgresql://user:password@host/name; unset: SQLite in `data`"
    )
    redis_url: SecretStr | None = Field(
        None, description="Redis shared by replicas for the rate limits, redis://host:6379/0; unset: each counts alone"
    )
    admin_token: SecretStr | None = Field(
        None, description="token of the staff view /admin, 16 characters at least; unset or empty, /admin is off"
    )
    admin_session_minutes: int = Field(480, ge=1, le=7 * 24 * 60, description="how long an /admin sign-in lasts")
    rate_limit: str = Field("60/minute", description="questions and feedback per client address, e.g. 30/minute; 0 or empty: no limit")
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For/-Proto count (comma-separated)",
    )
    answer_cache: int = Field(1024, ge=0, description="answers kept for repeated questions by the server (0: none)")
    batch_size: int = Field(64, ge=1, le=1024, description="questions answered together at most, under load")
    max_pending: int = Field(
        64, ge=1, description="questions being answered (not from the cache) at once beyond which the server answers 503"
    )
    upload_max_mb: int = Field(20, ge=1, le=500, description="largest file staff may upload or fetch on /admin/documents, in MB")
    admin_fetch_loopback: bool = Field(False, description="let /admin/documents fetch URLs on this machine (127.0.0.1; for tests)")
    approximate_above: int = Field(200_000, ge=1, description="chunks past which the vector index is approximate (IVF, SQ8)")

    @field_validator("allowed_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        """'https://a.example, https://b.example' → a list, each entry trimmed (origins lose a trailing slash)."""
        if isinstance(value, str):
            value = value.split(",")
        if isinstance(value, list | tuple):
            return [str(v).strip().rstrip("/") for v in value if str(v).strip()]
        return value

    @field_validator("database_url")
    @classmethod
    def _database_is_postgres(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            Database(url=value.get_secret_value())  # ValueError names the expected form
        return value if value is not None and value.get_secret_value() else None

    @field_validator("redis_url")
    @classmethod
    def _redis_is_readable(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and value.get_secret_value():
            shared_storage_uri(value.get_secret_value())
        return value if value is not None and value.get_secret_value() else None

    def qdrant_location(self) -> QdrantLocation | None:
        """Where ingest writes the collections when the backend is Qdrant; None for FAISS files."""
        if self.backend == "faiss":
            return None
        return QdrantLocation(url=self.qdrant_url or None,
                              path=str(self.qdrant_path) if self.qdrant_path and not self.qdrant_url else None)

    @model_validator(mode="after")
    def _qdrant_has_a_place(self) -> Settings:
        if self.backend == "qdrant" and not (self.qdrant_url or self.qdrant_path):
            raise ValueError("CITYQA_BACKEND=qdrant needs CITYQA_QDRANT_URL (a server) "
                             "or CITYQA_QDRANT_PATH (local mode)")
        return self

    def runtime_database(self) -> Database:
        """The question log's database: PostgreSQL when `database_url` is set, else SQLite in `data`."""
        if self.database_url is not None:
            return Database(url=self.database_url.get_secret_value())
        return Database(path=self.data / "feedback.sqlite3")

    @field_validator("admin_token")
    @classmethod
    def _token_is_long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        length = len(value.get_secret_value()) if value is not None else 0
        if 0 < length < MIN_ADMIN_TOKEN_CHARS:
            raise ValueError(f"the admin token must be at least {MIN_ADMIN_TOKEN_CHARS} characters, not {length}; "
                             "make one with: python -c 'import secrets; print(secrets.token_urlsafe(24))'")
        return value

    _rate: Rate | None = PrivateAttr(None)

    @model_validator(mode="after")
    def _rate_is_readable(self) -> Settings:
        try:
            self._rate = parse_rate(self.rate_limit)  # parsed here, once: the app takes `rate`
        except ValueError as error:  # raised after the fields, so the message names its variable itself
            raise ValueError(f"CITYQA_RATE_LIMIT: {error}") from None
        return self

    @property
    def rate(self) -> Rate | None:
        """The rate limit per client address, read from `rate_limit`; None: no limit."""
        return self._rate

    def embedder(self, announce: Callable[[str], None] | None = None) -> Embedder:
        """The embedder these settings describe (not loaded yet)."""
        return Embedder(self.model, encoder=self.encoder, cache_dir=self.encoder_cache, announce=announce)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
