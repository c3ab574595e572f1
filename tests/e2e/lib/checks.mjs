// Named steps with a pass/fail record, the browser findings turned into checks, and the
// command line of the browser tests.

export function parseArgs(argv) {
  const opts = { artifacts: 'e2e-artifacts', chromium: '/usr/bin/chromium', service: [], upstream: [] };
  let list = null;
  for (let i = 0; i < argv.length; i += 1) {
    const a = argv[i];
    if (a === '--service' || a === '--upstream') list = opts[a.slice(2)];
    else if (list === null && (a === '--artifacts' || a === '--chromium')) opts[a.slice(2)] = argv[++i];
    else if (list) list.push(a);
    else throw new Error(`unknown argument ${a}`);
  }
  if (!opts.service.length) throw new Error('--service BIN ARGS… is required');
  return opts;
}

export function checks() {
  const started = Date.now();
  const at = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const passed = [];
  const failed = [];
  return {
    async step(name, fn) {
      try {
        await fn();
        passed.push(name);
        console.log(`ok   ${name} (at ${at()})`);
      } catch (err) {
        this.fail(name, err);
        throw err;
      }
    },
    fail(name, err) {
      failed.push(name);
      console.log(`FAIL ${name}: ${err?.message ?? err}`);
    },
    // allowedConsole: a pattern of console errors expected in this phase (e.g. refused sockets).
    checkFindings(phase, findings, allowedConsole = null) {
      const consoleErrors = findings.consoleErrors.filter((m) => !(allowedConsole && allowedConsole.test(m)));
      const failedRequests = findings.failedRequests.filter((m) => !(allowedConsole && /\/graphql/.test(m)));
      const groups = {
        'no console error': consoleErrors,
        'no uncaught page error': findings.pageErrors,
        'no failed request': failedRequests,
        'no request leaving loopback': findings.offLoopback,
      };
      for (const [name, items] of Object.entries(groups)) {
        const label = `${name} (${phase})`;
        if (items.length) this.fail(label, `\n    ${items.join('\n    ')}`);
        else {
          passed.push(label);
          console.log(`ok   ${label}`);
        }
      }
      if (!findings.sockets.length) this.fail(`a WebSocket to the service was opened (${phase})`, 'none');
      findings.consoleErrors.length = 0;
      findings.pageErrors.length = 0;
      findings.failedRequests.length = 0;
    },
    report() {
      console.log(`${failed.length ? 'RESULT: FAIL' : 'RESULT: PASS'}\n${passed.length} passed, ${failed.length} failed`);
      return failed.length ? 1 : 0;
    },
  };
}
