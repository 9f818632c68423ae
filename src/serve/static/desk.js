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

	function add(kind, text, href) {
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
			if (r.status === 401)
				window.location.assign('/login');
			return r.json();
		}).then(function (j) {
			queue.shift();
			add(j.kind, j.text, j.href);
			busy = false;
			next();
		}).catch(function () {
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
