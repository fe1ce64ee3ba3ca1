// Preloaded into Azurite by scripts/chaos.sh (node --require): makes an acknowledged write survive SIGKILL.
//
// Azurite keeps its blob, queue, table and extent metadata in LokiJS databases in memory and writes them to disk
// every 5 s (autosaveInterval). A SIGKILL therefore loses up to 5 s of writes it already answered 2xx for, and
// loses them per database (a table row can survive while the blob it points at does not). Azure Storage never
// does that to an acknowledged write, so a chaos test on stock Azurite would blame the app for the emulator.
// Here no response leaves Azurite while a database it may reflect has unsaved changes or a save in flight: the
// response waits for a save that started after the change (LokiJS queues saves, so concurrent responses share
// one). The bytes of blobs (extent files) are already written before Azurite answers; a killed process keeps what
// it wrote, so "on disk" here means handed to the kernel, which is what surviving SIGKILL needs.
'use strict';
const http = require('http');
const path = require('path');

const azurite = path.dirname(require.resolve('azurite/package.json', { paths: [process.cwd(), path.join(__dirname, '..', '..')] }));
const Loki = require(require.resolve('lokijs', { paths: [azurite] }));

const databases = new Set();
for (const name of ['addCollection', 'getCollection']) {
  const original = Loki.prototype[name];
  Loki.prototype[name] = function (...args) {
    databases.add(this);
    return original.apply(this, args);
  };
}

function pending(db) {
  return db.persistenceAdapter && db.filename && (db.throttledSavePending || db.autosaveDirty());
}

function saved() {
  const waits = [];
  for (const db of databases) {
    if (!pending(db)) continue;
    waits.push(new Promise((resolve) => db.saveDatabase((err) => {
      if (err) console.error(`azurite-durable: saving ${db.filename} failed: ${err}`);
      resolve();
    })));
  }
  return Promise.all(waits);
}

const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function (...args) {
  if (![...databases].some(pending)) return end.apply(this, args);
  saved().then(() => end.apply(this, args));
  return this;
};
