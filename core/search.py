"""Search across the public content, ignoring Vietnamese diacritics and case.

The index (``SearchEntry``) holds, for every public object, its public text normalized by
``normalize``: decomposed (NFD), combining marks dropped, đ/Đ → d, case-folded, spaces
collapsed. A query is normalized the same way and every word of it must occur in the
entry's text ("phuoc hoi" finds "Phước Hội", whether the marks were typed precomposed or
decomposed). On PostgreSQL a trigram index on the normalized text keeps the substring
match fast on large tables; SQLite scans.

Each kind of public object is registered once with ``register`` (activities, organizations
and units in each app's ``indexing`` module); its services call ``index(obj)`` after a change, which
adds, refreshes or (for an object that is no longer public) removes its entry.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Case, Count, F, Value, When
from django.db.models.functions import Length
from django.utils import translation

from .models import SearchEntry

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
BATCH_SIZE = 1000

_SPACES = re.compile(r"\s+")
# Letters that do not decompose into a base letter and a mark.
_LETTERS = str.maketrans({"đ": "d", "Đ": "d", "Ð": "d", "ð": "d"})


def normalize(text: str) -> str:
    """``"  Phước  HỘI "`` → ``"phuoc hoi"``; the same for NFC and NFD input."""
    decomposed = unicodedata.normalize("NFD", text)
    without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SPACES.sub(" ", without_marks.translate(_LETTERS).casefold()).strip()


def query_terms(raw: str) -> tuple[str, list[str]]:
    """The normalized query (cut to a sane length) and its distinct words (at most ``MAX_TERMS``)."""
    query = normalize(raw[: MAX_QUERY_LENGTH * 2])[:MAX_QUERY_LENGTH].strip()
    terms = list(dict.fromkeys(query.split()))[:MAX_TERMS]
    return query, terms


@dataclass(frozen=True)
class SearchDocument:
    """What the index keeps of one public object. ``text`` must hold only public text."""

    title: str
    url: str
    text: str
    summary: str = ""
    date: datetime.date | None = None
    subtype: str = ""
    is_demo: bool = False


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    result_type: str
    label: str
    to_document: Callable[[models.Model], SearchDocument | None]
    public_objects: Callable[[], Iterable[models.Model]]
    subtype_labels: Mapping[str, str] = field(default_factory=dict)
    weight: int = 5


_registry: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    result_type: str,
    label: str,
    to_document: Callable[[models.Model], SearchDocument | None],
    public_objects: Callable[[], Iterable[models.Model]],
    subtype_labels: Mapping[str, str] | None = None,
    weight: int = 5,
) -> None:
    """Make ``model`` searchable (call it from the app's ``AppConfig.ready``).

    ``to_document(obj)`` returns the public document of ``obj``, or None when ``obj`` is not
    public (then ``index(obj)`` removes its entry). ``public_objects()`` yields every public
    object, for ``rebuild`` (give it a QuerySet with what ``to_document`` reads prefetched).
    ``label`` names the type of result on the results page; ``subtype_labels`` name the
    documents' subtypes (e.g. the kinds of activity). Among results that match equally well,
    those of a lower ``weight`` come first (units and organizations before activities).
    """
    _registry[model] = Registration(
        model=model,
        result_type=result_type,
        label=label,
        to_document=to_document,
        public_objects=public_objects,
        subtype_labels=dict(subtype_labels or {}),
        weight=weight,
    )


def registrations() -> list[Registration]:
    return list(_registry.values())


def registration_for_type(result_type: str) -> Registration | None:
    return next((r for r in _registry.values() if r.result_type == result_type), None)


def _registration(model: type[models.Model]) -> Registration:
    concrete = model._meta.concrete_model
    if concrete not in _registry:
        raise LookupError(f"{concrete.__name__} is not registered with core.search.register().")
    return _registry[concrete]


def _entry(
    registration: Registration, content_type: ContentType, pk: int, doc: SearchDocument
) -> SearchEntry:
    return SearchEntry(
        content_type=content_type,
        object_id=pk,
        result_type=registration.result_type,
        subtype=doc.subtype,
        title=doc.title[:300],
        summary=doc.summary[:500],
        url=doc.url,
        date=doc.date,
        is_demo=doc.is_demo,
        normalized_title=normalize(doc.title)[:300],
        normalized=normalize(f"{doc.title} {doc.summary} {doc.text}"),
        weight=registration.weight,
    )


def index(obj: models.Model) -> SearchEntry | None:
    """Add or refresh the entry of ``obj``; remove it when ``obj`` is not public."""
    registration = _registration(type(obj))
    document = registration.to_document(obj)
    if document is None:
        unindex(obj)
        return None
    content_type = ContentType.objects.get_for_model(registration.model)
    entry = _entry(registration, content_type, obj.pk, document)
    with transaction.atomic():
        SearchEntry.objects.filter(content_type=content_type, object_id=obj.pk).delete()
        entry.save()
    return entry


def unindex(obj: models.Model) -> None:
    unindex_id(type(obj), obj.pk)


def unindex_id(model: type[models.Model], pk: int) -> None:
    """Remove the entry of the object ``pk`` of ``model`` (e.g. after it was deleted)."""
    content_type = ContentType.objects.get_for_model(model._meta.concrete_model)
    SearchEntry.objects.filter(content_type=content_type, object_id=pk).delete()


def rebuild(models_: Iterable[type[models.Model]] | None = None) -> dict[str, int]:
    """Rebuild the entries of the registered models (all by default); how many of each type."""
    chosen = [_registration(m) for m in models_] if models_ is not None else registrations()
    counts: dict[str, int] = {}
    for registration in chosen:
        content_type = ContentType.objects.get_for_model(registration.model)
        with transaction.atomic():
            SearchEntry.objects.filter(content_type=content_type).delete()
            batch: list[SearchEntry] = []
            count = 0
            for obj in registration.public_objects():
                document = registration.to_document(obj)
                if document is None:
                    continue
                batch.append(_entry(registration, content_type, obj.pk, document))
                if len(batch) >= BATCH_SIZE:
                    SearchEntry.objects.bulk_create(batch)
                    count += len(batch)
                    batch = []
            SearchEntry.objects.bulk_create(batch)
            counts[registration.result_type] = count + len(batch)
    return counts


@dataclass
class SearchResults:
    query: str
    terms: list[str]
    entries: models.QuerySet
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def search(raw_query: str) -> SearchResults:
    """Entries matching every word of the query, the best matches first.

    First the entries whose title holds the whole query, then those whose text holds it, then
    the others; among equals, the lower weight (units, organizations), the shorter title and
    then the newest.
    ``counts`` (one query) gives the number of results of each type; ``entries`` is lazy.
    """
    query, terms = query_terms(raw_query)
    if not terms:
        return SearchResults(query=query, terms=[], entries=SearchEntry.objects.none(), counts={})
    entries = SearchEntry.objects.all()
    for term in terms:
        # The text is already case-folded, so a plain (case-sensitive) LIKE is enough and can
        # use PostgreSQL's trigram index; Django escapes % and _ in the term.
        entries = entries.filter(normalized__contains=term)
    counts = dict(entries.order_by().values_list("result_type").annotate(n=Count("pk")))
    rank = Case(
        When(normalized_title__contains=query, then=Value(0)),
        When(normalized__contains=query, then=Value(1)),
        default=Value(2),
    )
    # Among titles that hold the query, the shortest is the closest match ("Phường Phước Hội"
    # before "Chi đoàn khu phố 11, phường Phước Hội").
    closeness = Case(
        When(normalized_title__contains=query, then=Length("normalized_title")), default=Value(0)
    )
    entries = (
        entries.defer("normalized", "normalized_title")
        .annotate(rank=rank, closeness=closeness)
        .order_by("rank", "weight", "closeness", F("date").desc(nulls_last=True), "-pk")
    )
    return SearchResults(query=query, terms=terms, entries=entries, counts=counts)


_labels: dict[tuple[str, str], str] = {}


def labels_in_all_languages(choices: type, value: str) -> str:
    """The label of ``value`` in every language of the portal, so that both can be searched."""
    key = (choices.__qualname__, value)
    if key not in _labels:
        try:
            label = choices(value).label
        except ValueError:
            label = value
        texts = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                texts.append(str(label))
        _labels[key] = " ".join(dict.fromkeys(texts))
    return _labels[key]
