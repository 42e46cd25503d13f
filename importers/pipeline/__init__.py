"""The shared import pipeline. Every source's records take the same road (``run``):

1. the run is recorded in ``import_runs``, and the importer reads its file as two
   streams of records, structures then services;
2. a batch at a time, each record gets its identity (``identity``): a key the file
   already listed is rejected; records of sources the catalogue holds are fingerprinted
   and compared with it in the database, and an unchanged one is only *sighted*;
3. the others are prepared by worker processes (``workers``, ``preparation``):
   validated with data·inclusion's own models, normalised, located, attached to their
   structure, and staged through ``COPY``;
4. the import's transaction (``transaction``: one connection, one queue of statements)
   inserts each prepared batch while the next are read and prepared (``stages``);
5. a full import archives (never deletes) what its sources no longer list; records are
   linked across sources (``links``);
6. the report (``report``) says what happened to every record, and the run is closed.

The whole import is one transaction: a failure writes nothing. Only a few batches of
the file are in memory at a time, and the keys it listed.
"""

from importers.pipeline.identity import record_uid
from importers.pipeline.report import ImportReport
from importers.pipeline.run import run_import

__all__ = ["ImportReport", "record_uid", "run_import"]
