"""Case ids seen twice: found exactly, in memory that does not grow with the input.

A case id twice in one input would be counted twice without a word. :func:`jsonl_index`
reads a JSON Lines file once before it is counted, decoding each line's ``id`` alone: the
64-bit hash of each id and its line go to a few temporary files by the hash's leading bits
(16 bytes a case on disk, none kept in memory), each file is then sorted on its own, and ids
whose hashes meet are compared as text (their lines are read again), so two different ids
never count as one. The same pass counts the lines before each cut of the file, so that the
parts of a job run in several processes number their lines as the whole file does.

:func:`parquet_index` does the same for a Parquet file, reading its ``id`` column alone.

For input that cannot be read twice (a stream, a table, cases in memory), :class:`Seen`
keeps every id as it goes (its memory grows with the number of cases, about 100 bytes each).

>>> import tempfile, pathlib
>>> folder = tempfile.TemporaryDirectory()
>>> path = pathlib.Path(folder.name) / "cases.jsonl"
>>> _ = path.write_text('{"id": "A"}\\n{"id": "B"}\\n\\n{"id": "A"}\\n')
>>> jsonl_index(path).twice
{4: 1}
>>> folder.cleanup()
"""

from __future__ import annotations

import operator
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, BinaryIO

import attrs
import msgspec
import numpy as np
import numpy.typing as npt

from civicflow._arguments import guard
from civicflow.exchange._extras import extra
from civicflow.exchange.documents import InputError

__all__ = ["Index", "Seen", "duplicate_error", "jsonl_index", "parquet_index"]

I64 = npt.NDArray[np.int64]

#: Lines read at a time.
_BATCH = 65_536
#: Bits of the hash that choose a bucket file (64 buckets).
_BUCKET_BITS = 6


class _Id(msgspec.Struct, gc=False):
    id: str


_IDS = msgspec.json.Decoder(_Id)

_ID = operator.attrgetter("id")

#: The 64-bit hash of an id (a name of its own so that a test can make hashes meet).
_hash = hash


def duplicate_error(line: int, first: int, case_id: str, unit: str = "line") -> InputError:
    """The error of a case whose id came before."""
    return InputError(
        line,
        (f"case id {case_id!r} was read on {unit} {first} already: each case once",),
        unit=unit,
    )


@attrs.frozen
class Index:
    """What :func:`jsonl_index` found.

    Attributes:
        twice: line -> the line its case id was first on, for every line whose id came before.
        ids: the id of each line in ``twice``.
        lines: the lines before each of the byte offsets asked for.
        unit: what the numbers count: a ``line`` of text or a ``row`` of a table.
    """

    twice: dict[int, int]
    ids: dict[int, str]
    lines: tuple[int, ...]
    unit: str = "line"

    def error(self, line: int) -> InputError:
        """The error of line ``line``, one of :attr:`twice`."""
        return duplicate_error(line, self.twice[line], self.ids[line], self.unit)


def jsonl_index(path: str | Path, cuts: Sequence[int] = ()) -> Index:
    """The lines of JSON Lines file ``path`` whose case id came before, and the lines before
    each byte offset of ``cuts`` (each at the start of a line)."""
    wanted = sorted(set(cuts))
    before: dict[int, int] = {}
    with tempfile.TemporaryDirectory(prefix="civicflow-ids-") as folder:
        buckets = [Path(folder) / f"{k:02d}" for k in range(1 << _BUCKET_BITS)]
        handles = [b.open("wb") for b in buckets]
        try:
            _hash_lines(Path(path), wanted, before, handles)
        finally:
            for h in handles:
                h.close()
        candidates = _meeting(buckets)
    twice, ids = _confirmed(Path(path), candidates)
    return Index(twice, ids, tuple(before[c] for c in cuts))


def parquet_index(path: str | Path) -> Index:
    """The rows of Parquet file ``path`` (civicflow's layout, rows numbered from 1) whose
    case id came before, found as :func:`jsonl_index` finds lines: hashes spilled to files,
    ids whose hashes meet compared as text. A row without an id, and a file that cannot be
    read or is not in the layout, are left to the reader, which names what is wrong."""
    pa = extra("pyarrow", "parquet", "reading Parquet")
    pq = extra("pyarrow.parquet", "parquet", "reading Parquet")
    try:
        with pq.ParquetFile(str(path)) as source:
            if "id" not in source.schema_arrow.names:
                return Index({}, {}, (), unit="row")
            groups = _parquet_groups(source)
            wanted = sorted({n for g in groups for n in g})
            column = source.read(columns=["id"]).column(0) if wanted else None
    except (OSError, ValueError, pa.ArrowException):
        return Index({}, {}, (), unit="row")
    ids = {n: column[n - 1].as_py() for n in wanted} if column is not None else {}
    twice, named = _twice(groups, ids)
    return Index(twice, named, (), unit="row")


def _parquet_groups(source: Any) -> list[list[int]]:
    """Groups of rows whose ids have the same hash."""
    with tempfile.TemporaryDirectory(prefix="civicflow-ids-") as folder:
        buckets = [Path(folder) / f"{k:02d}" for k in range(1 << _BUCKET_BITS)]
        handles = [b.open("wb") for b in buckets]
        try:
            row = 0
            for part in source.iter_batches(batch_size=_BATCH, columns=["id"]):
                ids = part.column(0).to_pylist()
                kept = [k for k, i in enumerate(ids) if isinstance(i, str)]
                if kept:
                    found = [ids[k] for k in kept]
                    hashes = np.fromiter(map(_hash, found), np.int64, len(found))
                    _spill(hashes, np.asarray(kept, dtype=np.int64) + row + 1, handles)
                row += part.num_rows
        finally:
            for h in handles:
                h.close()
        return _meeting(buckets)


def _hash_lines(
    path: Path, cuts: list[int], before: dict[int, int], handles: Sequence[BinaryIO]
) -> None:
    """Write (hash, line) of every line with an id to the bucket files, and note the lines
    before each cut."""
    line = offset = 0
    with path.open("rb") as f:
        while True:
            chunk = f.readlines(_BATCH * 128)
            if not chunk:
                break
            ends = offset + np.cumsum(np.fromiter(map(len, chunk), np.int64, len(chunk)))
            for c in cuts:
                if offset <= c < ends[-1]:
                    before[c] = line + int(np.searchsorted(ends, c, side="right"))
            kept = np.flatnonzero(np.fromiter(map(len, map(bytes.strip, chunk)), np.int64))
            texts = [chunk[k] for k in kept.tolist()] if kept.size < len(chunk) else chunk
            found = _ids(texts)
            if None in found:
                some = [k for k, i in enumerate(found) if i is not None]
                kept = kept[some]
                found = [found[k] for k in some]
            if found:
                hashes = np.fromiter(map(_hash, found), np.int64, len(found))
                _spill(hashes, kept + line + 1, handles)
            line += len(chunk)
            offset = int(ends[-1])
    for c in cuts:
        before.setdefault(c, line)


def _ids(texts: list[bytes]) -> list[str | None]:
    """Each line's case id, ``None`` where it has none (the count says why)."""
    try:
        return list(map(_ID, _IDS.decode_lines(b"\n".join(texts))))
    except (msgspec.DecodeError, msgspec.ValidationError):
        found: list[str | None] = []
        for t in texts:
            try:
                found.append(_IDS.decode(t).id)
            except (msgspec.DecodeError, msgspec.ValidationError):
                found.append(None)
        return found


def _spill(hashes: I64, lines: I64, handles: Sequence[BinaryIO]) -> None:
    bucket = (hashes.view(np.uint64) >> np.uint64(64 - _BUCKET_BITS)).astype(np.int64)
    order = np.argsort(bucket, kind="stable")
    pairs = np.stack([hashes[order], lines[order]], axis=1)
    bounds = np.searchsorted(bucket[order], np.arange(1 << _BUCKET_BITS + 1))
    for k, handle in enumerate(handles):
        part = pairs[bounds[k] : bounds[k + 1]]
        if part.size:
            handle.write(part.tobytes())


def _meeting(buckets: list[Path]) -> list[list[int]]:
    """Groups of lines whose ids have the same hash (each group in line order)."""
    groups: list[list[int]] = []
    for b in buckets:
        pairs = np.fromfile(b, dtype=np.int64).reshape(-1, 2)
        if pairs.shape[0] < 2:
            continue
        order = np.lexsort((pairs[:, 1], pairs[:, 0]))
        h, lines = pairs[order, 0], pairs[order, 1]
        heads = np.flatnonzero(np.concatenate([[True], h[1:] != h[:-1], [True]]))
        for lo, hi in zip(heads[:-1].tolist(), heads[1:].tolist(), strict=True):
            if hi - lo > 1:
                groups.append(lines[lo:hi].tolist())
    return groups


def _confirmed(path: Path, groups: list[list[int]]) -> tuple[dict[int, int], dict[int, str]]:
    """Of lines whose ids share a hash, those whose id is the text of an earlier one's."""
    if not groups:
        return {}, {}
    wanted = sorted({n for g in groups for n in g})
    ids: dict[int, str] = {}
    with path.open("rb") as f:
        at = 0
        for n, text in enumerate(f, 1):
            if n == wanted[at]:
                found = _ids([text])[0]
                if found is not None:
                    ids[n] = found
                at += 1
                if at == len(wanted):
                    break
    return _twice(groups, ids)


def _twice(groups: list[list[int]], ids: dict[int, str]) -> tuple[dict[int, int], dict[int, str]]:
    """Of each group of lines whose ids share a hash, those whose id is an earlier one's."""
    twice: dict[int, int] = {}
    for group in groups:
        first: dict[str, int] = {}
        for n in group:
            case_id = ids.get(n)
            if case_id is None:
                continue
            if case_id in first:
                twice[n] = first[case_id]
            else:
                first[case_id] = n
    return twice, {n: ids[n] for n in twice}


class Seen:
    """The ids of the cases read so far, each with its line: for input read only once."""

    def __init__(self, unit: str = "line") -> None:
        self.first: dict[str, int] = {}
        self.unit = unit

    def check(self, ids: Iterable[str], lines: Iterable[int]) -> dict[int, InputError]:
        """The errors of the ids among ``ids`` (one per line of ``lines``) seen before,
        by line; the others are remembered."""
        errors: dict[int, InputError] = {}
        for case_id, line in zip(ids, lines, strict=True):
            first = self.first.get(case_id)
            if first is None:
                self.first[case_id] = line
            else:
                errors[line] = duplicate_error(line, first, case_id, self.unit)
        return errors


guard(globals())
