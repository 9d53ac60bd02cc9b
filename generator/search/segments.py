"""Writing a big batch of passages into new Whoosh segments: postings held in memory, one
process per core.

A full build at 1,000 episodes adds 2.4 million postings. Whoosh's writer passes each one
through a pool that pickles sorted runs to disk and merges them back, then reads every
posting's field length back from the segment it is writing: 35 s in one process, 19 s with
Whoosh's own multi-process writer (which also pickles every document to hand it over). Here a
SegmentWriter keeps its postings in compact arrays grouped by term, already in document order,
and hands the codec the field lengths it recorded as it wrote them; forked processes inherit
the passages instead of unpickling them. What reaches the codec is what Whoosh's own writer
gives it, so the segments hold the same (tests/test_segments.py compares them).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import TypeVar

from ..workers import Worker, WorkerFailed, stop_all
from .whoosh_internals import SegmentWriter, byte_to_length, length_to_byte


class _PostingsInMemory:
    """A stand-in for Whoosh's PostingPool: (field, term) -> document numbers, weights and
    encoded values, in the order added. A writer adds documents with growing numbers (and a
    merge adds those of the segments it folds in after them), so each term's postings are
    already sorted; only the terms need sorting."""

    def __init__(self):
        self.terms: dict = {}
        self.fieldnames: set = set()

    def add(self, item) -> None:
        fieldname, text, docnum, weight, value = item
        postings = self.terms.get((fieldname, text))
        if postings is None:
            postings = self.terms[fieldname, text] = (array("I"), array("d"), bytearray(), array("I"))
            self.fieldnames.add(fieldname)
        if value is None:
            raise TypeError(f"posting without a value in field {fieldname!r}")  # no format of ours does this
        numbers, weights, values, ends = postings
        numbers.append(docnum)
        weights.append(weight)
        values += value
        ends.append(len(values))

    def iter_postings(self):
        for fieldname, text in sorted(self.terms):
            numbers, weights, values, ends = self.terms[fieldname, text]
            start = 0
            for docnum, weight, end in zip(numbers, weights, ends, strict=True):
                yield fieldname, text, docnum, weight, bytes(values[start:end])
                start = end

    def cleanup(self) -> None:
        self.terms.clear()


class _RecordedLengths:
    """The field lengths a writer stored, read back as its segment would give them (rounded
    to the byte Whoosh keeps): what the codec asks for every posting it writes."""

    def __init__(self):
        self.lengths: dict = {}

    def record(self, docnum: int, fieldname: str, length: int) -> None:
        self.lengths[docnum, fieldname] = byte_to_length(length_to_byte(length))

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        return self.lengths.get((docnum, fieldname), default)


class InMemorySegmentWriter(SegmentWriter):
    """Whoosh's SegmentWriter with its postings in memory (_PostingsInMemory) and its field
    lengths recorded as they are written (_RecordedLengths)."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool = _PostingsInMemory()
        self._recorded = _RecordedLengths()
        store_field = self.perdocwriter.add_field

        def add_field(fieldname, fieldobj, value, length):
            if length:
                self._recorded.record(self.docnum, fieldname, length)
            store_field(fieldname, fieldobj, value, length)

        self.perdocwriter.add_field = add_field

    def _flush_segment(self):
        self.perdocwriter.close()
        self.fieldwriter.add_postings(self.schema, self._recorded, self.pool.iter_postings())
        self.fieldwriter.close()


_Item = TypeVar("_Item")


def write_segments(
    ix,
    items: list[_Item],
    processes: int,
    fields_of: Callable[[_Item], dict],
    summarize: Callable[[list[dict]], object],
) -> list:
    """Add one passage per item to `ix`, as new segments, one per process, in one commit: all
    of them or, if anything fails, none. Each process makes its share's Whoosh fields
    (`fields_of(item)`) and `summarize(fields)` of them, whose results come back in share order."""
    shares = [items[i::processes] for i in range(processes)]
    writer = InMemorySegmentWriter(ix)  # holds the index's lock until the commit
    writers: list[Worker] = []
    try:
        writers = [
            Worker(_write_share_apart, ix, share, fields_of, summarize, name=f"segment writer {number}")
            for number, share in enumerate(shares[1:], start=2)
        ]  # forked: they inherit the passages
        summaries = [_write_share(writer, shares[0], fields_of, summarize)]
        own = writer._finalize_segment()  # while the others finish theirs
        segments = []
        for other in writers:
            segment, summary = _collect(other)
            segments.append(segment)
            summaries.append(summary)
    except BaseException:
        stop_all(writers, grace=0)
        writer.cancel()
        raise
    # Nothing is merged (all segments are new); the last one's passages number last, as before.
    writer._commit_toc(writer._merge_segments(None, False, False) + segments + [own])
    writer._finish()
    return summaries


def _write_share(writer, share: list, fields_of, summarize):
    fields = [fields_of(item) for item in share]
    for passage in fields:
        writer.add_document(**passage)
    return summarize(fields)


def _write_share_apart(ix, share: list, fields_of, summarize):
    """In a worker process: one segment, written without taking the index's lock (the parent
    holds it), and the share's summary."""
    writer = InMemorySegmentWriter(ix, _lk=False)
    summary = _write_share(writer, share, fields_of, summarize)
    return writer._finalize_segment(), summary


def _collect(other: Worker):
    try:
        return other.result()
    except WorkerFailed as failure:  # raised in the build as an error of ours, naming what failed
        raise RuntimeError(f"a segment-writing process failed: {failure}") from None
