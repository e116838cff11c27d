// The browser half of DashboardBrowserIT: opens the dashboard in Debian's headless chromium and
// checks what it shows, step by step. Protocol with the Java test: this script prints
// "STEP <name>" when a step's checks passed and then waits for a line on stdin before the next
// step (the test changes Kafka's inputs in between); "PASS" at the end; any failure exits 1.
// Usage: node dashboard-check.mjs URL PROPOSAL_ID SCREENSHOT_DIR PROFILE_DIR
import readline from 'node:readline';
import { chromium } from 'playwright-core';

const [url, proposalId, shots, profile] = process.argv.slice(2);
const TIMEOUT = 15_000;

const input = readline.createInterface({ input: process.stdin });
const pending = [];
let waiting = null;
input.on('line', (line) => (waiting ? (waiting(line), (waiting = null)) : pending.push(line)));
const nextLine = () => (pending.length ? Promise.resolve(pending.shift()) : new Promise((resolve) => (waiting = resolve)));
const step = async (name) => {
  console.log(`STEP ${name}`);
  await nextLine();
};
const check = (condition, message) => {
  if (!condition) throw new Error(message);
};
// Waits until the text of selector passes test (the page updates live, event by event); fails naming the last text seen.
const waitForText = async (page, selector, test, expected) => {
  const deadline = Date.now() + TIMEOUT;
  let last = `no ${selector}`;
  while (Date.now() < deadline) {
    const text = await page.textContent(selector, { timeout: 1_000 }).catch(() => null);
    if (text !== null && test(text)) return text;
    last = text ?? last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${expected}; last seen: ${last}`);
};

// The calendar row of the approved upgrade: height, estimated time ± uncertainty from one-second blocks, drift, ready power bar.
const checkCalendar = async (page, id) => {
  const row = `#calendar tr[data-calendar="cutover-devnet/${id}"]`;
  const text = await waitForText(page, row, (t) => t.includes('30 / 40'), 'the calendar does not show 30 of 40 voting power ready');
  check(text.includes('1,000') && text.includes('needs 27'), `calendar height or threshold: ${text}`);
  check(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ ± 1 s/.test(text), `calendar estimate: ${text}`);
  check(/in \d+ s/.test(text), `calendar countdown: ${text}`);
  const drift = await page.getAttribute(`${row} td[data-drift]`, 'data-drift');
  check(drift !== '' && !Number.isNaN(Number(drift)), `calendar drift: ${drift}`);
  check((await page.$$(`${row} .bar .mark`)).length === 1, 'no threshold mark on the ready power bar');
  check((await page.$$('#calendar-conflicts .alert')).length === 0, 'a conflict shown for one network');
  await page.locator('section.calendar').screenshot({ path: `${shots}/dashboard-calendar.png` });
};

const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
  viewport: { width: 1400, height: 1050 },
  colorScheme: 'dark',
});
let exitCode = 1;
const page = context.pages()[0] || (await context.newPage());
try {
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let navigations = 0;
  page.on('framenavigated', (frame) => frame === page.mainFrame() && navigations++);

  // 1. the page loads and shows the network and the proposal submitted during the test
  await page.goto(url);
  await page.waitForSelector('#connection[data-state="live"]');
  await page.waitForSelector(`#proposals-open [data-proposal-id="${proposalId}"][data-status="PENDING"]`);
  check((await page.textContent('#chain-id')) === 'cutover-devnet', 'chain id not shown');
  await page.waitForFunction(() => document.querySelectorAll('#validators tr[data-validator]').length === 4);
  check((await page.textContent('#total-power')) === '40', 'total power not shown');
  await page.waitForFunction(() => document.getElementById('network-height').textContent === '900');
  await page.waitForSelector('#nodes tr[data-node="validator-4"][data-phase="RUNNING"]');
  await page.evaluate(() => (window.__sameDocument = true));
  await page.screenshot({ path: `${shots}/dashboard-loaded.png`, fullPage: true });
  await step('loaded');

  // 2. live, without reload: the approval, node phases, and the halt warning near the height
  await page.waitForSelector(`#proposals-past [data-proposal-id="${proposalId}"][data-status="APPROVED"]`);
  await page.waitForSelector('#nodes tr[data-node="validator-1"][data-phase="READY"]');
  await page.waitForSelector('#nodes tr[data-node="validator-4"][data-phase="FAILED"]');
  await page.waitForSelector(`#upgrades [data-upgrade="${proposalId}"]`);
  // the warning first shows the upgrade as approved, then the agents' reports one network event at a time
  await waitForText(page, '#halt-warning', (w) => w.includes('would halt') && w.includes('Only 10 of 40'),
    'no warning that the network would halt with only 10 of 40 ready');
  check(await page.evaluate(() => window.__sameDocument === true), 'the page was reloaded');
  await page.screenshot({ path: `${shots}/dashboard-halt-warning.png`, fullPage: true });
  await step('warned');

  // 3. enough validators staged the release: the warning goes away, the countdown moves on
  await page.waitForSelector('#nodes tr[data-node="validator-3"][data-phase="READY"]');
  await page.waitForSelector('#halt-warning', { state: 'detached' });
  await page.waitForSelector(`#upgrades [data-upgrade="${proposalId}"] [data-blocks-left="20"]`);
  check(await page.evaluate(() => window.__sameDocument === true), 'the page was reloaded');
  check(navigations === 1, `the page navigated ${navigations} times`);
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${shots}/dashboard.png`, fullPage: true });
  await checkCalendar(page, proposalId);
  await step('ready');

  // 4. nodes following the chain's own upgrade (a Visor home, no network file): shown as announced by the chain, by node count
  await page.waitForSelector('#upgrades [data-upgrade="v1.2.0@1500"][data-origin="ANNOUNCED_BY_CHAIN"]');
  // the first node's report alone shows the upgrade: wait for the second node's to be counted
  const announced = await waitForText(page, '#upgrades [data-upgrade="v1.2.0@1500"]', (a) => a.includes('1 / 2'),
    'not 1 of 2 nodes ready for the upgrade announced by the chain');
  check(announced.includes('Announced by the chain'), `not labelled as announced by the chain: ${announced}`);
  check(announced.includes('Ready nodes'), `readiness not by node count: ${announced}`);
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.waitForFunction((id) => [...document.querySelectorAll('#calendar tr[data-calendar]')].map((r) => r.dataset.calendar)
    .join(' ') === `cutover-devnet/${id} cutover-devnet/v1.2.0@1500`, proposalId);
  await page.screenshot({ path: `${shots}/dashboard-announced.png`, fullPage: true });
  await step('announced');

  // 5. the height reached: the chain waits there while nodes come back on v1.1.0 (20 of 40, then 30 of 40)
  const back = await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .power-back`, (b) => b.includes('20 / 40'),
    'not 20 of 40 voting power back online on v1.1.0');
  check(back.includes('Back online on v1.1.0') && back.includes('waiting for more voting power'), `power back during the switch: ${back}`);
  // the chain is at the height, not past it: the card says the nodes are switching, not that the upgrade took effect
  await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .badge.warn`, (b) => b === 'At the height · switching',
    'the upgrade reached is not shown as switching at the height');
  // the nodes' timelines side by side: nobody past the height yet, so the moment 2/3 is back is a dashed forecast,
  // and validator-4 (its release never verified) holds it back
  await page.waitForSelector('#timelines .tl-line.forecast[data-mark="forecast"]');
  await waitForText(page, '#timeline-summary', (s) => s.startsWith('Forecast:'), 'no forecast of the power back');
  await waitForText(page, '#holding-back', (s) => s.includes('validator-4'), 'validator-4 not named as holding back');
  await page.waitForFunction(() => document.querySelectorAll('#timelines .tl-row[data-node="validator-1"] .tl-mark').length === 5);
  await page.waitForFunction(() => document.querySelectorAll('#timelines .tl-row[data-node="validator-3"] .tl-mark').length === 3);
  await page.waitForSelector('#timelines .tl-row[data-node="validator-4"][data-holding-back]');
  check((await page.textContent('#timelines .tl-row[data-node="validator-2"] .tl-label')).includes('host-2'), 'host not shown');
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.locator('#timelines').screenshot({ path: `${shots}/dashboard-timeline-forecast.png` });
  await step('switching');
  const resumed = await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .power-back`, (b) => b.includes('30 / 40'),
    'not 30 of 40 voting power back online on v1.1.0');
  check(resumed.includes('More than the threshold is back'), `power back after the switch: ${resumed}`);
  // every timeline complete for validators 1-3: a solid mark where more than 2/3 was back, nobody holding it back
  await page.waitForSelector('#timelines .tl-line.back[data-mark="back"]');
  await waitForText(page, '#timeline-summary', (s) => s.includes('was back at'), 'the power back not marked on the timelines');
  await page.waitForFunction(() => document.querySelectorAll('#timelines .tl-row[data-node="validator-3"] .tl-mark').length === 6);
  check(await page.locator('#holding-back').count() === 0, 'nodes still named as holding back once the power is back');
  check(await page.locator('#timelines .tl-line.forecast').count() === 0, 'the forecast still shown once the power is back');
  await page.locator('#timelines').screenshot({ path: `${shots}/dashboard-timeline-back.png` });
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${shots}/dashboard-power-back.png`, fullPage: true });
  await step('resumed');

  // 6. the release fails at the next block: a hot-fix approved by three validators, two nodes running it again
  const recoveryId = `${proposalId}/hot-fix/v1.1.1`;
  const recovery = await waitForText(page, `#recoveries [data-recovery="${recoveryId}"][data-status="APPROVED"]`,
    (r) => r.includes('20 / 40'), 'the approved hot-fix does not show 20 of 40 voting power back online');
  check(recovery.includes(`Failed upgrade ${proposalId}`) && recovery.includes('hot-fix v1.1.1'), `recovery card: ${recovery}`);
  check(recovery.includes('30 / 40') && recovery.includes('validator-3: RECOVERING'), `recovery tally and steps: ${recovery}`);
  // the chain still at the height with a recovery of the upgrade listed: its card says it failed
  await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .badge.bad`, (b) => b === 'Failed · recovering',
    'the failed upgrade is not shown as failed and recovering');
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${shots}/dashboard-recovery.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: `${shots}/dashboard-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await step('recovering');

  // 7. the chain moves past the height on the hot-fix: the recovery card goes, the upgrade took effect as the hot-fix
  await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .badge.ok`, (b) => b === 'Took effect · hot-fix v1.1.1',
    'the upgrade is not shown as having taken effect as the hot-fix');
  await page.waitForSelector(`#recoveries [data-recovery="${recoveryId}"]`, { state: 'detached' });
  const backOnFix = await waitForText(page, `#upgrades [data-upgrade="${proposalId}"] .power-back`, (b) => b.includes('30 / 40'),
    'not 30 of 40 voting power back online on the hot-fix');
  check(backOnFix.includes('Back online on the hot-fix v1.1.1'), `power back after the hot-fix: ${backOnFix}`);
  check(errors.length === 0, `script errors: ${errors.join('; ')}`);
  await page.screenshot({ path: `${shots}/dashboard-recovered.png`, fullPage: true });
  console.log('PASS');
  exitCode = 0;
} catch (e) {
  console.log(`FAIL ${e.message.split('\n')[0]}`);
  console.error(e);
  await page.screenshot({ path: `${shots}/dashboard-failure.png`, fullPage: true }).catch(() => {});
} finally {
  await context.close();
  input.close();
}
process.exit(exitCode);
