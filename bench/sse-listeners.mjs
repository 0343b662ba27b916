// bench:booking's display-board listeners, in a process of their own: 1,000 SSE clients parsing
// events in the server's process would charge their work to the server and skew call-to-screen.
// Told { port, path, listeners } by the parent; answers { ready }, then { all: label } once every
// listener heard a number, and on { report } the time (ms since the epoch, sub-millisecond) each
// listener first heard each number.
import http from 'node:http';

const clock = () => performance.timeOrigin + performance.now();

process.once('message', async ({ port, path, listeners }) => {
  const heardAt = Array.from({ length: listeners }, () => new Map());
  const heardBy = new Map();
  const streams = [];
  await Promise.all(
    Array.from(
      { length: listeners },
      (_, k) =>
        new Promise((resolve, reject) => {
          const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
            res.setEncoding('utf8');
            let buffer = '';
            res.on('data', (chunk) => {
              buffer += chunk;
              let end = buffer.indexOf('\n\n');
              while (end >= 0) {
                const event = buffer.slice(0, end);
                buffer = buffer.slice(end + 2);
                const data = /^data: (.*)$/m.exec(event)?.[1];
                if (data) {
                  const now = clock();
                  for (const c of JSON.parse(data).calls) {
                    if (heardAt[k].has(c.number)) continue;
                    heardAt[k].set(c.number, now);
                    const n = (heardBy.get(c.number) ?? 0) + 1;
                    heardBy.set(c.number, n);
                    if (n === listeners) process.send({ all: c.number });
                  }
                }
                end = buffer.indexOf('\n\n');
              }
            });
            resolve();
          });
          req.on('error', reject);
          streams.push(req);
        }),
    ),
  );
  process.send({ ready: streams.length });
  process.on('message', (m) => {
    if (!m.report) return;
    process.send({ heard: heardAt.map((m) => Object.fromEntries(m)) }, () => {
      for (const s of streams) s.destroy();
      process.exit(0);
    });
  });
});
