// Reading the packages the tests open (.vsix, .nupkg: both zip files), shared by vsix.test.js and tool.test.js.
const yauzl = require('yauzl');

/** Every entry of a zip: name -> a function reading its first bytes. */
function entries(file) {
  return new Promise((resolve, reject) => yauzl.open(file, { lazyEntries: true, autoClose: false }, (error, zip) => {
    if (error) return reject(error);
    const found = new Map();
    zip.on('entry', entry => {
      found.set(entry.fileName, { size: entry.uncompressedSize, mode: (entry.externalFileAttributes >>> 16) & 0o777, head: () => new Promise((ok, fail) => zip.openReadStream(entry, (e, stream) => {
        if (e) return fail(e);
        const parts = []; let length = 0;
        stream.on('data', d => { if (length < 1 << 20) { parts.push(d); length += d.length; } });
        stream.on('end', () => ok(Buffer.concat(parts)));
        stream.on('error', fail);
      })) });
      zip.readEntry();
    });
    zip.on('end', () => resolve({ found, zip }));
    zip.on('error', reject);
    zip.readEntry();
  }));
}

module.exports = { entries };
