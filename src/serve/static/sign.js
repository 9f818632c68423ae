/* The signature pad: pointer events draw on the canvas (mouse, pen or
 * finger), Clear wipes it, and the form posts it as a PNG data URL. */
'use strict';
(function () {
	var pad = document.getElementById('pad');
	var out = document.getElementById('png');
	var clear = document.getElementById('clear');
	if (!pad || !out || !pad.getContext)
		return;
	var ctx = pad.getContext('2d');
	var drawing = false;
	var drawn = false;

	ctx.lineWidth = 3;
	ctx.lineCap = 'round';
	ctx.lineJoin = 'round';
	ctx.strokeStyle = '#000';

	function at(e) {
		var r = pad.getBoundingClientRect();
		return { x: (e.clientX - r.left) * pad.width / r.width,
		         y: (e.clientY - r.top) * pad.height / r.height };
	}
	pad.addEventListener('pointerdown', function (e) {
		var p = at(e);
		drawing = true;
		pad.setPointerCapture(e.pointerId);
		ctx.beginPath();
		ctx.moveTo(p.x, p.y);
		e.preventDefault();
	});
	pad.addEventListener('pointermove', function (e) {
		if (!drawing)
			return;
		var p = at(e);
		ctx.lineTo(p.x, p.y);
		ctx.stroke();
		drawn = true;
	});
	function stop() {
		drawing = false;
	}
	pad.addEventListener('pointerup', stop);
	pad.addEventListener('pointercancel', stop);
	if (clear)
		clear.addEventListener('click', function () {
			ctx.clearRect(0, 0, pad.width, pad.height);
			drawn = false;
		});
	pad.closest('form').addEventListener('submit', function (e) {
		if (!drawn) {
			e.preventDefault();
			return;
		}
		out.value = pad.toDataURL('image/png');
	});
}());
