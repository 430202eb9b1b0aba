"""Checking what staff upload or ask the server to fetch, before any of it is stored.

A file is accepted by what it is, not by what it is called: a `.pdf` must start like a PDF, every other
accepted type must be UTF-8 text that is not a known binary format. It is stored under a name the server
makes up (date, a slug of the original name, random hex), never under a path from the request.

A URL is fetched by hand, one redirect at a time: every hop must be http(s) and its host must resolve to
public addresses only (no private, loopback, link-local or reserved ones), so that a URL cannot make the
server read its own network; the request goes to the address that was checked. Tests allow loopback
through the `admin_fetch_loopback` setting."""

from __future__ import annotations

import ipaddress
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ingest.errors import CityqaError

ACCEPTED = (".txt", ".md", ".markdown", ".html", ".htm", ".pdf")
MAX_FILES = 10  # files in one upload
MAX_REDIRECTS = 5
_FETCH_SECONDS = 20.0
# Known binary formats, named so a rejection can say what the file really is.
_MAGIC = (
    (b"MZ", "a Windows program"), (b"\x7fELF", "a Linux program"), (b"\xcf\xfa\xed\xfe", "a macOS program"),
    (b"PK\x03\x04", "a ZIP archive (Word .docx files are ZIP archives; save it as PDF or text)"),
    (b"\x1f\x8b", "a gzip archive"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"%PDF-", "a PDF"), (b"\xd0\xcf\x11\xe0", "an old Word or Excel file"),
    (b"#!", "a script"),
)
_CONTENT_TYPES = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
                  "text/plain": ".txt", "text/markdown": ".md"}  # fmt: skip


class UploadRejected(CityqaError, ValueError):
    """A file or URL that is not stored; the message says why, in a sentence for staff."""

    status = 422


@dataclass(frozen=True)
class Upload:
    original: str  # the name it was uploaded as (shown to staff, never used as a path)
    suffix: str  # the accepted type, e.g. ".pdf"
    data: bytes


def check_upload(original: str, data: bytes, max_bytes: int) -> Upload:
    """The upload if it is an accepted type whose bytes match its name; raises UploadRejected otherwise."""
    shown = display_name(original)
    suffix = "." + shown.rsplit(".", 1)[-1].lower() if "." in shown else ""
    if suffix not in ACCEPTED:
        raise UploadRejected(f"{shown}: '{suffix or 'no extension'}' files are not accepted; give "
                             f"{', '.join(ACCEPTED[:4])} or .pdf")  # fmt: skip
    if len(data) > max_bytes:
        raise UploadRejected(f"{shown}: {len(data) / 2**20:.1f} MB is over the {max_bytes / 2**20:.0f} MB limit; "
                             "split it into smaller files")  # fmt: skip
    if not data.strip():
        raise UploadRejected(f"{shown}: the file is empty")
    found = next((what for magic, what in _MAGIC if data.startswith(magic)), None)
    if suffix == ".pdf":
        if found != "a PDF":
            raise UploadRejected(f"{shown}: named .pdf but it is {found or 'not a PDF'}; the file was not stored")
        return Upload(shown, suffix, data)
    if found is not None or b"\x00" in data[:8192]:
        raise UploadRejected(f"{shown}: named {suffix} but it is {found or 'a binary file, not text'}")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UploadRejected(f"{shown}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
                             "re-save it as UTF-8") from None  # fmt: skip
    return Upload(shown, suffix, data)


def display_name(original: str) -> str:
    """The last part of an uploaded name, without directories, control characters or more than 120 characters."""
    base = re.split(r"[\\/]", original or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip().lstrip(".")
    return base[:120] or "unnamed"


def generated_name(original: str, suffix: str) -> str:
    """A new file name for an upload: '20260102-council-hearing-3fa2c1d0.txt'."""
    stem = display_name(original).rsplit(".", 1)[0].lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:40].strip("-") or "document"
    return f"{datetime.now(timezone.utc):%Y%m%d}-{slug}-{secrets.token_hex(4)}{suffix}"


def fetch_url(url: str, max_bytes: int, allow_loopback: bool = False) -> Upload:
    """The document at an http(s) URL, following at most MAX_REDIRECTS redirects, each one checked."""
    try:
        return _fetch(url, max_bytes, allow_loopback)
    except httpx.HTTPError as error:
        where = str(error.request.url) if _has_request(error) else url
        failure = f"{type(error).__name__} at {_short(where)}"
        raise UploadRejected(f"{_short(url)}: could not be fetched ({failure})") from None


def _has_request(error: httpx.HTTPError) -> bool:
    try:
        return error.request is not None
    except RuntimeError:  # httpx raises when an error has no request
        return False


def _fetch(url: str, max_bytes: int, allow_loopback: bool) -> Upload:
    with httpx.Client(follow_redirects=False, timeout=_FETCH_SECONDS, trust_env=False) as client:
        for _ in range(MAX_REDIRECTS + 1):
            address = check_public_url(url, allow_loopback)
            pinned, headers, extensions = _pinned(url, address)
            with client.stream("GET", pinned, headers=headers, extensions=extensions) as response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("location", ""))
                    continue
                if response.status_code != 200:
                    raise UploadRejected(f"{_short(url)}: the server answered {response.status_code}, not a document")
                data = _read_limited(response, max_bytes, url)
                return check_upload(_name_of(url, response.headers.get("content-type", "")), data, max_bytes)
    raise UploadRejected(f"{_short(url)}: more than {MAX_REDIRECTS} redirects")


def check_public_url(url: str, allow_loopback: bool = False) -> str:
    """The address to connect to for the URL; raises UploadRejected unless the URL is http(s) and its host
    resolves to public addresses only."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise UploadRejected(f"{_short(url)}: only http and https addresses can be fetched, not "
                             f"'{parts.scheme or 'no scheme'}:'")  # fmt: skip
    if not parts.hostname:
        raise UploadRejected(f"{_short(url)}: the address has no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 80, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise UploadRejected(f"{_short(url)}: the host '{parts.hostname}' is not known") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if allow_loopback and address.is_loopback:
            continue
        if not address.is_global or address.is_multicast:
            raise UploadRejected(f"{_short(url)}: '{parts.hostname}' is a private, loopback or link-local address "
                                 f"({address}); only public addresses can be fetched")  # fmt: skip
    if not addresses:
        raise UploadRejected(f"{_short(url)}: the host '{parts.hostname}' has no address")
    return str(min(addresses, key=lambda a: a.version))  # IPv4 first: more hosts answer on it


def _pinned(url: str, address: str) -> tuple[str, dict[str, str], dict[str, object]]:
    """The request for `url` sent to the checked `address`, so that a second DNS answer (rebinding) cannot
    send it elsewhere: the URL with the address as host, the Host header, and for https the name that TLS
    sends and verifies the certificate against."""
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = host + (f":{parts.port}" if parts.port else "")
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    headers = {"Host": parts.netloc.rsplit("@", 1)[-1], "Accept": "text/html, text/plain, application/pdf"}
    return pinned, headers, {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}


def _read_limited(response: httpx.Response, max_bytes: int, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise UploadRejected(f"{_short(url)}: {int(declared) / 2**20:.1f} MB is over the "
                             f"{max_bytes / 2**20:.0f} MB limit")  # fmt: skip
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise UploadRejected(f"{_short(url)}: larger than the {max_bytes / 2**20:.0f} MB limit")
        chunks.append(chunk)
    return b"".join(chunks)


def _name_of(url: str, content_type: str) -> str:
    """A name whose extension says the type: the URL's last path part, with the served type's extension."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] or urlsplit(url).hostname or "page"
    suffix = _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())
    if suffix is None:
        return last  # check_upload judges its extension (and refuses a type it does not accept)
    return last if last.lower().endswith(suffix) else f"{last.rsplit('.', 1)[0] if '.' in last else last}{suffix}"


def _short(url: str) -> str:
    return url if len(url) <= 80 else url[:77] + "..."
