// What the desk's browser tests share: Debian's Chromium driven by
// playwright-core, a reporter printing the "ok - NAME" / "not ok - NAME"
// lines tests/run.sh counts, logins, the language, the watch for console
// errors, CSP violations and alert() on every page, PDFs read back, and a
// checksum of the database's records.
//
// Set by tests/cli/027-browser.sh: LEND_URL (the server), LEND (the lend
// binary), LEND_DB (its database, SQLite), LEND_TMP (a scratch directory).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const URL_ = process.env.LEND_URL;
export const TMP = process.env.LEND_TMP;
const LEND = process.env.LEND;
const DB = process.env.LEND_DB;

// The fixture's refs (tests/cli/027-browser.sh makes them).
export const REF = {
	sian: 'B-000001',           // Siân Prys-Ŵynne, RBH, supported by chloe
	xss: 'B-000002',            // named <img src=x onerror=alert(1)>
	held: 'B-000003',           // waits for a laptop, supported by colin
	xssLoan: 'L-000001',        // the XSS borrower's loan of RTL-00003
	sianLoan: 'L-000002',       // Siân's loan of RTL-00006
	burstLoan: 'L-000003',      // made by the scanner burst in desk.mjs
	missingBorrower: 'B-999999',
	missingLoan: 'L-999999',
};
export const SIAN = 'Siân Prys-Ŵynne';
export const XSS_NAME = '<img src=x onerror=alert(1)>';
export const XSS_LINE = '"><script>alert(1)</script>';

export function password(user) {
	return `${user} desk password`;
}

let failed = 0;

// Run FN as test NAME: "ok - NAME", or "not ok - NAME" and its reason as
// "# " lines.  A test throws to fail; problems() collects several.
export async function test(name, fn) {
	try {
		await fn();
		console.log(`ok - ${name}`);
	} catch (e) {
		failed++;
		console.log(`not ok - ${name}`);
		for (const l of String(e && e.stack ? e.message : e).split('\n'))
			console.log(`# ${l}`);
	}
}

export function check(cond, why) {
	if (!cond)
		throw new Error(why);
}

export function failures() {
	return failed;
}

export async function launch() {
	return chromium.launch({
		executablePath: '/usr/bin/chromium',
		headless: true,
		args: ['--no-sandbox', '--disable-background-networking',
			'--disable-component-update', '--disable-sync',
			'--no-first-run'],
	});
}

// Every page of CONTEXT watched: console errors, page errors, CSP
// violations and dialogs (an alert() is an injection that ran) are kept in
// CONTEXT.problems as "URL: what".  Expected 404s of a missing ref say so
// in the console; CONTEXT.expect404 lists those paths.  A 404 for the
// icon Chromium asks for by itself is kept apart (faviconErrors()).
export async function context(browser, opts = {}) {
	const ctx = await browser.newContext({
		baseURL: URL_,
		locale: opts.locale || 'en-GB',
		viewport: opts.viewport || { width: 1280, height: 800 },
	});
	ctx.problems = [];
	ctx.expect404 = new Set();
	ctx.on('page', (p) => watch(ctx, p));
	return ctx;
}

// Chromium asks for the icon once per browser: any context may see it.
const favicon = [];
export function faviconErrors() {
	return favicon;
}

function watch(ctx, page) {
	page.on('console', (m) => {
		if (m.type() !== 'error')
			return;
		const t = m.text();
		const at = m.location() && m.location().url ? new URL(m.location().url, URL_) : null;
		if (t.startsWith('Failed to load resource') && at) {
			// Chromium asks for /favicon.ico by itself: one test of its own.
			if (at.pathname === '/favicon.ico') {
				favicon.push(`${page.url()}: ${t}`);
				return;
			}
			if (/status of 404/.test(t) && ctx.expect404.has(at.pathname))
				return;
		}
		ctx.problems.push(`${page.url()}: console: ${t}`);
	});
	page.on('pageerror', (e) => ctx.problems.push(`${page.url()}: error: ${e.message}`));
	page.on('dialog', async (d) => {
		ctx.problems.push(`${page.url()}: ${d.type()} dialog: ${d.message()}`);
		await d.dismiss().catch(() => {});
	});
}

// Throw when CTX's pages reported anything since the last call.
export function noProblems(ctx) {
	const p = ctx.problems.splice(0);
	check(p.length === 0, p.join('\n'));
}

// Log in as USER through the login form of PAGE; returns the response of
// the page landed on.
export async function login(page, user, pass = password(user)) {
	await page.goto('/login');
	await page.fill('input[name="name"]', user);
	await page.fill('input[name="password"]', pass);
	const [resp] = await Promise.all([
		page.waitForNavigation(),
		submitOf(page.locator('form:has(input[name="password"])')).click(),
	]);
	return resp;
}

// Switch PAGE to LANG (en|cy) with the language form every page carries.
export async function language(page, lang) {
	await Promise.all([
		page.waitForNavigation(),
		page.click(`button[name="lang"][value="${lang}"]`),
	]);
	const got = await page.getAttribute('html', 'lang');
	check(got === lang, `html lang is '${got}' after choosing ${lang}`);
}

// The page's csrf token (the hidden field of its forms).
export async function csrf(page) {
	return page.locator('input[name="csrf"]').first().getAttribute('value');
}

// The text and the image list of PDF bytes BUF (poppler-utils).
let pdfs = 0;
export function pdfText(buf) {
	const f = join(TMP, `t${++pdfs}.pdf`);
	writeFileSync(f, buf);
	return execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-'], { encoding: 'utf8' });
}

export function pdfImages(buf) {
	const f = join(TMP, `i${++pdfs}.pdf`);
	writeFileSync(f, buf);
	const out = execFileSync('pdfimages', ['-list', f], { encoding: 'utf8' });
	return out.split('\n').slice(2).filter((l) => l.trim() !== '');
}

// The records a request could change, as one hash: every row of the
// tables of people, devices, loans, holds, support and events (not the
// login sessions, whose last use moves with every request).
const TABLES = ['borrower', 'device', 'loan', 'loan_item', 'hold',
	'support', 'support_session', 'card_scan', 'event', 'kit_part',
	'member', 'site', 'setting', 'loan_outcome'];
export function checksum() {
	const sql = TABLES.map((t) => `SELECT '${t}', * FROM ${t};`).join('\n');
	const out = execFileSync('sqlite3', [DB], { input: sql, encoding: 'utf8' });
	return createHash('sha256').update(out).digest('hex');
}

// `lend ARGS...` as the admin, its standard output.
export function lend(...args) {
	return execFileSync(LEND, args, {
		encoding: 'utf8',
		env: { ...process.env, LEND_DB: DB, LEND_USER: 'ada' },
	});
}

export function sql(query) {
	return execFileSync('sqlite3', [DB, query], { encoding: 'utf8' }).trim();
}

// PATH fetched from within PAGE, with its cookies as the page's own
// scripts would send them (Playwright's request API keeps Secure cookies
// for https only): {status, type, disposition, body (a Buffer), text}.
// OPTS: method, form (an object, sent urlencoded), headers, redirect.
export async function fetchIn(page, path, opts = {}) {
	const r = await page.evaluate(async ([p, o]) => {
		const init = { method: o.method || 'GET', headers: o.headers || {},
			credentials: 'same-origin', redirect: o.redirect || 'follow' };
		if (o.form)
			init.body = new URLSearchParams(o.form);
		const res = await fetch(p, init);
		const buf = new Uint8Array(await res.arrayBuffer());
		let bin = '';
		for (let i = 0; i < buf.length; i += 8192)
			bin += String.fromCharCode.apply(null, buf.subarray(i, i + 8192));
		return { status: res.status, url: res.url, type: res.headers.get('content-type') || '',
			disposition: res.headers.get('content-disposition') || '', b64: btoa(bin) };
	}, [path, opts]);
	r.body = Buffer.from(r.b64, 'base64');
	r.text = r.body.toString('utf8');
	delete r.b64;
	return r;
}

// The submit button of FORM (a locator): a <button> without a type is one.
export function submitOf(form) {
	return form.locator('button:not([type="button"]):not([type="reset"]), input[type="submit"]').first();
}

// Submit FORM (a locator) on PAGE and wait for the page it leads to.
export async function submit(page, form) {
	await Promise.all([page.waitForNavigation(), submitOf(form).click()]);
}
