// A toy service for the supervisor's tests. TOY_MODE=crash exits 3 after TOY_LIFE_MS; otherwise it
// runs until SIGTERM or SIGINT and exits 0 (or, with TOY_IGNORE_TERM=1, ignores SIGTERM and must be killed).
const mode = process.env.TOY_MODE ?? 'serve';
// The SIGTERM handler goes in before "toy started" is logged: tests send SIGTERM as soon as they read
// that line, and a signal arriving before the handler killed the toy instead of stopping it (exit by
// signal, so a restart, not the clean exit 0 the test waits for; seen under the full suite's load).
if (mode === 'serve') {
  // Services exit 0 on SIGINT too; the toy says which signal reached it.
  process.on('SIGINT', () => {
    console.log(JSON.stringify({ msg: 'toy got SIGINT' }));
    process.exit(0);
  });
  process.on('SIGTERM', () => {
    if (process.env.TOY_IGNORE_TERM === '1') return;
    console.log(JSON.stringify({ msg: 'toy stopping' }));
    process.exit(0);
  });
}
console.log(JSON.stringify({ msg: 'toy started', pid: process.pid, instance: process.env.HELIOS_INSTANCE, node: process.env.HELIOS_NODE, args: process.argv.slice(2) }));
if (mode === 'crash') {
  setTimeout(() => process.exit(3), Number(process.env.TOY_LIFE_MS ?? 50));
} else if (mode === 'usage') {
  process.exit(2);
} else {
  setInterval(() => undefined, 1000);
}
