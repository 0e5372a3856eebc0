// The parse limit: xml2js alone, with the options of packages/manifest/src/xml.ts, nothing else.
import { parentPort } from 'node:worker_threads';
import { parseStringPromise } from 'xml2js';

const OPTIONS = { explicitArray: true, explicitRoot: true, xmlns: false, async: false, strict: true, trim: false, normalize: false };

parentPort.on('message', async (message) => {
  const started = performance.now();
  let bytes = 0;
  for (const body of message.bodies) {
    await parseStringPromise(Buffer.from(body).toString('utf8'), OPTIONS);
    bytes += body.byteLength;
  }
  parentPort.postMessage({ ms: performance.now() - started, bytes });
});
