/* The desk's scan queue: every line the scanner types is queued and sent
 * in order with fetch(), one at a time, so that none is lost at scanner
 * speed and the focus stays in the box (a page load per scan dropped the
 * first keys and the Enter).  Without JavaScript the form posts as is. */
'use strict';
(function () {
	var form = document.getElementById('scan');
	var box = document.getElementById('line');
	var log = document.getElementById('log');
	if (!form || !box || !log || !window.fetch)
		return;
	var csrf = form.querySelector('input[name=csrf]').value;
	var queue = [];
	var busy = false;

	/* A check-out's documents, the links of the page's template (no list
	 * inside the log's items: each item is one line). */
	function documents(li, loan) {
		var tpl = document.getElementById('offer-links');
		if (!tpl || !/^[A-Za-z0-9-]+$/.test(loan))
			return;
		tpl.content.querySelectorAll('a').forEach(function (a) {
			var b = a.cloneNode(true);
			b.setAttribute('href',
			               a.getAttribute('href').replace('__LOAN__', loan));
			li.appendChild(document.createTextNode(' '));
			li.appendChild(b);
		});
	}

	function add(kind, text, href, offer) {
		var li = document.createElement('li');
		li.className = kind === 'ok' || kind === 'warn' ? kind : 'error';
		li.textContent = text;
		if (href) {
			var a = document.createElement('a');
			a.href = href;
			a.textContent = log.getAttribute('data-open') || 'Open';
			li.appendChild(document.createTextNode(' '));
			li.appendChild(a);
		}
		if (offer)
			documents(li, offer);
		log.appendChild(li);
	}

	function next() {
		if (busy || queue.length === 0)
			return;
		busy = true;
		var line = queue[0];
		var body = new URLSearchParams();
		body.set('line', line);
		body.set('csrf', csrf);
		fetch('/desk/scan', {
			method: 'POST',
			credentials: 'same-origin',
			headers: { 'Accept': 'application/json', 'X-CSRF': csrf },
			body: body
		}).then(function (r) {
			if (r.status === 401) {
				/* The login ended: the lines not sent stay unsent. */
				window.location.assign('/login');
				throw new Error('signed out');
			}
			var type = r.headers.get('Content-Type') || '';
			if (type.indexOf('application/json') !== 0)
				return { kind: 'error', text: line + ' (HTTP ' + r.status +
				         ')', href: '' };
			return r.json();
		}).then(function (j) {
			queue.shift();
			add(j.kind, j.text, j.href, j.offer);
			busy = false;
			next();
		}).catch(function (e) {
			if (e && e.message === 'signed out')
				return;
			/* Not sent (the network): kept at the head, tried again. */
			busy = false;
			window.setTimeout(next, 1000);
		});
	}

	function send(line) {
		queue.push(line);
		next();
	}

	form.addEventListener('submit', function (e) {
		e.preventDefault();
		send(box.value);
		box.value = '';
		box.focus();
	});
	var end = document.getElementById('end');
	if (end)
		end.addEventListener('submit', function (e) {
			e.preventDefault();
			send(e.submitter && e.submitter.name === 'undo' ? 'undo'
			                                                : 'done');
			box.focus();
		});
}());
