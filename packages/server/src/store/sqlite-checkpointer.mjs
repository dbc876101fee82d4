// The WAL checkpointer thread of a SQLite file store (started by sqlite-database.ts): copies the
// write-ahead log back into the database file with its own connection, so the engine's thread no
// longer pays the page copies and fsyncs of a checkpoint (~100 ms each in the e2e bench) inside a
// commit. PASSIVE mode never waits for nor blocks the engine's connection; the engine's connection
// keeps SQLite's auto-checkpoint as a backstop (it then finds the log mostly copied already and
// restarts it). Plain JavaScript on purpose: Node runs it as is from the sources and from dist/.
//
// workerData: { file, everyMs }. Messages in: 'stop' (close the connection and end the thread).
import { parentPort, workerData } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';

const db = new BetterSqlite3(workerData.file, { fileMustExist: true });
// A checkpoint copies frames from the log to the file without going through the page cache: keep the
// connection's cache tiny (the engine's process is held to a memory budget).
db.pragma('cache_size = -64');

/** Copies what the log holds beyond what was copied already; nothing (not even an fsync) when up to date. */
function checkpoint() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // SQLITE_BUSY (another checkpoint in progress, e.g. the backstop) or a transient I/O error:
    // the next tick or the engine's own auto-checkpoint catches up.
  }
}

const timer = setInterval(checkpoint, workerData.everyMs);

parentPort.on('message', (message) => {
  if (message !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
