// The desk's work in the browser (issue 16's first acceptance point):
// logging in in English and Welsh, a scanner burst at 5 ms a key, a lone
// tag checked in, the slip and agreement PDFs, a signature drawn with the
// mouse, a renewal, a hold, a session logged by a champion.
import {
	REF, SIAN, check, checksum, context, failures, faviconErrors, fetchIn,
	language, launch,
	login, noProblems, pdfImages, pdfText, sql, submit, test,
} from './lib.mjs';

const browser = await launch();

await test('log in in English: the desk, its scan box focused', async () => {
	const ctx = await context(browser);
	const page = await ctx.newPage();
	await login(page, 'sam');
	await page.goto('/desk');
	check(await page.getAttribute('html', 'lang') === 'en', 'html lang is not en');
	check(await page.locator('main h1').count() === 1, 'no single h1 in main');
	check(await page.evaluate(() => document.activeElement &&
		document.activeElement.id) === 'line', 'the scan box #line has no focus');
	noProblems(ctx);
	await ctx.close();
});

await test('log in in Welsh: chosen on the login page, kept after it', async () => {
	const ctx = await context(browser);
	const page = await ctx.newPage();
	await page.goto('/login');
	await language(page, 'cy');
	await login(page, 'sam');
	check(await page.getAttribute('html', 'lang') === 'cy',
		`html lang is '${await page.getAttribute('html', 'lang')}' after logging in`);
	await page.goto('/desk');
	check(await page.getAttribute('html', 'lang') === 'cy', 'the desk is not in Welsh');
	await language(page, 'en');
	noProblems(ctx);
	await ctx.close();
});

await test('Welsh from Accept-Language before any choice', async () => {
	const ctx = await context(browser, { locale: 'cy-GB' });
	const page = await ctx.newPage();
	await page.goto('/login');
	check(await page.getAttribute('html', 'lang') === 'cy', 'the login page is not in Welsh');
	noProblems(ctx);
	await ctx.close();
});

const ctx = await context(browser);
const page = await ctx.newPage();
await login(page, 'sam');
let docs = [];

// The chronological log: the desk may put the newest line first.
async function logLines() {
	const items = await page.locator('#log li').evaluateAll((li) =>
		li.map((e) => ({ text: e.textContent, kind: e.className })));
	const first = items.findIndex((i) => i.text.includes(SIAN));
	return first > 0 && first === items.length - 1 ? items.reverse() : items;
}

async function scanBurst(lines) {
	for (const l of lines) {
		await page.keyboard.type(l, { delay: 5 });
		await page.keyboard.press('Enter');
	}
}

async function waitLog(n) {
	await page.waitForFunction((k) => document.querySelectorAll('#log li').length >= k,
		n, { timeout: 15000 }).catch(() => {});
}

await test('a scanner burst at 5 ms a key lends two devices and a kit, in order, focus kept', async () => {
	await page.goto('/desk');
	await page.focus('#line');
	const before = await page.locator('#log li').count();
	await scanBurst([REF.sian, 'RTL-00001', 'RTL-00002', 'KIT-1', 'done']);
	await waitLog(before + 5);
	const log = (await logLines()).slice(-5);
	const want = [SIAN, 'RTL-00001', 'RTL-00002', 'KIT-1', REF.burstLoan];
	const got = log.map((l) => `${l.kind}: ${l.text.trim()}`).join('\n');
	check(log.length === 5, `the log holds ${log.length} new lines:\n${got}`);
	want.forEach((w, i) => check(log[i].text.includes(w),
		`line ${i + 1} of the log does not name '${w}':\n${got}`));
	check(!log.some((l) => /\berror\b/.test(l.kind)), `an error in the log:\n${got}`);
	const focus = await page.evaluate(() => [document.activeElement.id,
		document.getElementById('line').value]);
	check(focus[0] === 'line' && focus[1] === '',
		`focus on '${focus[0]}', the box holds '${focus[1]}'`);
	const tags = sql(`SELECT group_concat(tag, ',') FROM (SELECT d.tag FROM loan_item i
		JOIN loan l ON l.id = i.loan_id JOIN device d ON d.id = i.device_id
		WHERE l.ref = '${REF.burstLoan}' ORDER BY d.tag)`);
	check(tags === 'KIT-1,KIT-1A,KIT-1B,RTL-00001,RTL-00002',
		`${REF.burstLoan} holds '${tags}'`);
	noProblems(ctx);
});

// With JavaScript the log's line links to the loan, whose page offers them.
await test('the end of a check-out offers signing, the slip and the agreement', async () => {
	const loan = `/loans/${REF.burstLoan}`;
	const link = page.locator(`#log li a[href="${loan}"]`);
	check(await link.count() > 0, `no line of the log links to ${loan}`);
	await Promise.all([page.waitForNavigation(), link.last().click()]);
	docs = await page.locator('main a[href]').evaluateAll((els) =>
		els.map((e) => e.getAttribute('href')));
	for (const w of ['/sign', '/slip.pdf?size=receipt80', '/slip.pdf?size=a6',
		'/agreement.pdf?lang=en', '/agreement.pdf?lang=cy'])
		check(docs.some((h) => h === loan + w), `${loan} offers no ${loan}${w}`);
	check(docs.filter((h) => h.startsWith(`${loan}/agreement.pdf`)).length === 3,
		'not three agreements (en, cy, both)');
	await page.goto('/desk');
	noProblems(ctx);
});

await test('a lone tag checks in, to quarantine', async () => {
	const before = await page.locator('#log li').count();
	await scanBurst(['RTL-00002']);
	await waitLog(before + 1);
	const log = await logLines();
	check(log.length === before + 1 && log[log.length - 1].text.includes('RTL-00002'),
		`the last line is '${log.length ? log[log.length - 1].text : ''}'`);
	const st = sql("SELECT status FROM device WHERE tag = 'RTL-00002'");
	check(st === 'quarantine', `RTL-00002 is ${st}`);
	check(await page.evaluate(() => document.activeElement.id) === 'line',
		'the scan box lost focus');
});

await test('a lone tag of a device held for another says so', async () => {
	const before = await page.locator('#log li').count();
	await scanBurst(['RTL-00004']);
	await waitLog(before + 1);
	const log = await logLines();
	const last = log[log.length - 1] || { text: '', kind: '' };
	check(last.text.includes('RTL-00004') && /\bwarn\b/.test(last.kind),
		`the last line is ${last.kind}: '${last.text}'`);
	noProblems(ctx);
});

async function pdf(path) {
	const r = await fetchIn(page, path);
	check(r.status === 200, `${path}: status ${r.status}`);
	check(r.type.startsWith('application/pdf'), `${path}: content-type ${r.type}`);
	check(!/attachment/.test(r.disposition), `${path} is not inline: ${r.disposition}`);
	return r.body;
}

await test('the slip (80 mm and A6) and the agreement (en, cy, both) read back', async () => {
	const l = `/loans/${REF.burstLoan}`;
	for (const size of ['receipt80', 'a6']) {
		const t = pdfText(await pdf(`${l}/slip.pdf?size=${size}`));
		for (const w of [SIAN, 'RTL-00001', 'KIT-1', REF.burstLoan])
			check(t.includes(w), `the ${size} slip lacks '${w}'`);
	}
	// en, cy and both, as the loan page links them.
	const links = docs.filter((h) => h.startsWith(`${l}/agreement.pdf`));
	check(links.length === 3, 'the loan page offers no three agreements');
	const texts = [];
	for (const h of links) {
		texts.push(pdfText(await pdf(h)));
		check(texts.at(-1).includes(SIAN) && texts.at(-1).includes('RTL-00001'),
			`${h} lacks the borrower or the device`);
	}
	check(texts[0] !== texts[1], 'the Welsh agreement is the English one');
	check(texts[2].length > texts[0].length && texts[2].length > texts[1].length,
		'the bilingual agreement is not the longest');
});

await test('a signature drawn with the mouse appears in the agreement', async () => {
	const l = `/loans/${REF.burstLoan}`;
	const before = pdfImages(await pdf(`${l}/agreement.pdf?lang=en`)).length;
	await page.goto(`${l}/sign`);
	const box = await page.locator('canvas').first().boundingBox();
	check(box, 'no canvas on the signing page');
	await page.mouse.move(box.x + 20, box.y + box.height / 2);
	await page.mouse.down();
	for (let i = 1; i <= 30; i++)
		await page.mouse.move(box.x + 20 + i * (box.width - 40) / 30,
			box.y + box.height / 2 + (i % 2 ? -1 : 1) * box.height / 4, { steps: 2 });
	await page.mouse.up();
	await submit(page, page.locator('form:has(canvas)'));
	const n = sql(`SELECT count(*) FROM loan_signature s JOIN loan l ON l.id = s.loan_id
		WHERE l.ref = '${REF.burstLoan}'`);
	check(n === '1', `${n} signatures stored for the loan`);
	const after = pdfImages(await pdf(`${l}/agreement.pdf?lang=en`));
	check(after.length > before, `pdfimages lists ${after.length} images, ${before} before signing`);
	noProblems(ctx);
});

await test('renew a loan from its page', async () => {
	const due = () => sql(`SELECT group_concat(due_on) FROM loan_item i JOIN loan l
		ON l.id = i.loan_id WHERE l.ref = '${REF.sianLoan}' AND i.returned_at IS NULL`);
	const before = due();
	await page.goto(`/loans/${REF.sianLoan}`);
	await submit(page, page.locator('form[action$="/renew"]'));
	check(due() > before, `due ${due()}, ${before} before renewing`);
	noProblems(ctx);
});

await test('a hold placed for a borrower, listed on /holds', async () => {
	const count = () => sql(`SELECT count(*) FROM hold h JOIN borrower b
		ON b.id = h.borrower_id WHERE b.ref = '${REF.sian}'`);
	const before = count();
	await page.goto(`/borrowers/${REF.sian}`);
	let form = page.locator('form[method="post"][action*="hold"]');
	if (await form.count() === 0) {
		await page.goto('/holds');
		form = page.locator('form[method="post"][action*="hold"]');
	}
	check(await form.count() > 0, 'no form posting a hold on the borrower page or /holds');
	form = form.first();
	const borrower = form.locator('[name="borrower"]');
	if (await borrower.count())
		await borrower.fill(REF.sian);
	const kind = form.locator('[name="kind"]');
	if (await kind.evaluate((e) => e.tagName) === 'SELECT')
		await kind.selectOption('tablet');
	else
		await kind.fill('tablet');
	await submit(page, form);
	check(count() === String(Number(before) + 1), `${count()} holds, ${before} before`);
	await page.goto('/holds');
	const text = await page.locator('main').textContent();
	check(text.includes('H-000001') && text.includes('H-000002'),
		'/holds does not list H-000001 and H-000002');
	noProblems(ctx);
});
await ctx.close();

await test('a champion logs a session on their borrower\'s page', async () => {
	const c = await context(browser);
	const p = await c.newPage();
	await login(p, 'chloe');
	await p.goto('/my/borrowers');
	check((await p.locator('main').textContent()).includes(SIAN),
		'/my/borrowers does not list their borrower');
	await p.goto(`/borrowers/${REF.sian}`);
	const form = p.locator('form[method="post"]:has([name="minutes"])').first();
	const before = checksum();
	await form.locator('[name="minutes"]').fill('45');
	await form.locator('[name="topic"]').fill('online banking');
	await submit(p, form);
	const n = sql(`SELECT count(*) FROM support_session s JOIN borrower b
		ON b.id = s.borrower_id WHERE b.ref = '${REF.sian}' AND s.minutes = 45`);
	check(n === '1' && checksum() !== before, `${n} sessions of 45 minutes recorded`);
	noProblems(c);
	await c.close();
});

// Chromium asks for /favicon.ico by itself, once: its 404 is a console
// error on whichever page it came first.
await test('Chromium finds an icon: no 404 for /favicon.ico', async () => {
	const f = faviconErrors();
	check(f.length === 0, `${f.join('\n')}\n(an icon link such as rel="icon" ` +
		'href="data:," or an answer at /favicon.ico would do)');
});

await browser.close();
process.exit(failures() ? 1 : 0);
