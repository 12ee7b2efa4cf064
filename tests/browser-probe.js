// tests/browser-probe.js - appended to a copy of an HTML report by
// tests/browser.t, runs once the page is laid out and writes what it
// measured as JSON into <pre id="probe"> for chromium --dump-dom:
//   w, sw     the viewport's width and the page's scroll width
//   over      elements whose right edge passes the viewport and that
//             are not inside a box that scrolls sideways
//   shapes    region shapes of the map (svg.map [data-region]), and
//   distinct  how many regions they name
//   regions   rows of the regions table (its region codes)
//   text      the smallest font size, in CSS pixels as drawn, of a
//             visible chart text
(function () {
	var W = window.innerWidth, out = { w: W,
	    sw: document.documentElement.scrollWidth, over: [], shapes: 0,
	    regions: 0, text: 0 };
	function scrolls(e) {
		for (var p = e.parentElement; p; p = p.parentElement) {
			var ox = getComputedStyle(p).overflowX;
			if (ox === 'auto' || ox === 'scroll')
				return true;
		}
		return false;
	}
	var all = document.body.getElementsByTagName('*'), i, min = 0;
	for (i = 0; i < all.length; i++) {
		var e = all[i], r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0)
			continue;
		if (r.right > W + 0.5 && !scrolls(e))
			out.over.push(e.tagName.toLowerCase() +
			    (e.id ? '#' + e.id : '') + (e.tagName === 'text' ?
			    '"' + e.textContent + '"' : ''));
	}
	var sh = document.querySelectorAll('svg.map [data-region]'), seen = {};
	for (i = 0; i < sh.length; i++)
		seen[sh[i].getAttribute('data-region')] = 1;
	out.shapes = sh.length;
	out.distinct = Object.keys(seen).length;
	out.regions = document.querySelectorAll(
	    'table.regions tbody tr:not(.total)').length;
	// A chart's font size times the scale its viewBox is drawn at.
	var ts = document.querySelectorAll('figure svg text');
	for (i = 0; i < ts.length; i++) {
		var t = ts[i], svg = t.ownerSVGElement, vb, h;
		while (svg.ownerSVGElement)
			svg = svg.ownerSVGElement;
		vb = svg.viewBox.baseVal;
		if (t.getBoundingClientRect().height === 0 ||
		    t.textContent.trim() === '' || !vb || vb.width === 0)
			continue;
		h = parseFloat(getComputedStyle(t).fontSize) *
		    svg.getBoundingClientRect().width / vb.width;
		if (min === 0 || h < min)
			min = h;
	}
	out.text = Math.round(min * 10) / 10;
	var pre = document.createElement('pre');
	pre.id = 'probe';
	pre.textContent = JSON.stringify(out);
	document.body.appendChild(pre);
})();
