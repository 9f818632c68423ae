// Every page of the desk, as each role sees it, in English and in Welsh:
// axe-core's WCAG 2.2 AA rules find nothing, and the page logs no console
// error, no CSP violation, no script error.  axe runs through
// page.evaluate, since the CSP rightly blocks an injected script tag.
// Then the desk on a 10-inch tablet held upright: nothing wider than it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
	REF, check, context, failures, language, launch, login, noProblems, test,
} from './lib.mjs';

const axeSource = readFileSync(fileURLToPath(new URL(
	'./node_modules/axe-core/axe.min.js', import.meta.url)), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const PAGES = {
	'': ['/login'],
	sam: ['/desk', '/borrowers', '/borrowers?q=si%C3%A2n',
		`/borrowers/${REF.sian}`, `/borrowers/${REF.sian}/edit`,
		'/devices', '/devices?kind=tablet&status=available', '/devices/RTL-00001',
		'/d/RTL-00001',
		`/loans/${REF.sianLoan}`, `/loans/${REF.sianLoan}/sign`, '/holds',
		'/overdue', `/borrowers/${REF.missingBorrower}`],
	chloe: ['/my/borrowers', `/borrowers/${REF.sian}`],
	ada: ['/admin/members', '/admin/sites', '/admin/users', '/admin/settings',
		'/admin/import', '/admin/retention', `/borrowers/${REF.xss}`, '/reports'],
	fred: ['/reports'],
};

async function axe(page) {
	if (!await page.evaluate(() => typeof window.axe === 'object'))
		await page.evaluate(axeSource);
	const res = await page.evaluate((tags) => window.axe.run(document,
		{ runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), TAGS);
	return res.violations.map((v) => `${v.id} (${v.impact}): ` +
		v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}

// Each language, each role's pages; the forms that make records last.
const jobs = [];
for (const lang of ['en', 'cy'])
	for (const [user, paths] of Object.entries(PAGES))
		jobs.push([lang, user, paths]);
jobs.push(['en', 'sam', ['/borrowers/new']], ['cy', 'sam', ['/borrowers/new']]);

const browser = await launch();
await test('the desk and a borrower at 800 x 1280 (a tablet upright): nothing wider', async () => {
	const ctx = await context(browser, { viewport: { width: 800, height: 1280 } });
	const page = await ctx.newPage();
	await login(page, 'sam');
	for (const path of ['/desk', `/borrowers/${REF.sian}`, `/loans/${REF.sianLoan}`]) {
		await page.goto(path);
		const w = await page.evaluate(() => document.documentElement.scrollWidth);
		check(w <= 800, `${path} is ${w} px wide`);
	}
	noProblems(ctx);
	await ctx.close();
});

for (const [lang, user, paths] of jobs) {
	const ctx = await context(browser);
	const page = await ctx.newPage();
	let ready = true;
	await test(`${user || 'nobody'} (${lang}) comes in`, async () => {
		ready = false;
		if (user)
			await login(page, user);
		else
			await page.goto('/login');
		if (lang === 'cy')
			await language(page, 'cy');
		ready = true;
	});
	for (const path of ready ? paths : []) {
		await test(`${path} as ${user || 'nobody'} (${lang}): axe finds nothing, no console error`, async () => {
			if (path.endsWith(REF.missingBorrower))
				ctx.expect404.add(new URL(path, 'http://x').pathname);
			const r = await page.goto(path);
			check(r.status() === (path.endsWith(REF.missingBorrower) ? 404 : 200),
				`status ${r.status()}`);
			check(await page.getAttribute('html', 'lang') === lang, 'html lang');
			const v = await axe(page);
			check(v.length === 0, v.join('\n'));
			noProblems(ctx);
		});
	}
	await ctx.close();
}

await browser.close();
process.exit(failures() ? 1 : 0);
