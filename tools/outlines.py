#!/usr/bin/env python3
"""outlines.py - region outlines for telestat's maps, from GeoJSON.

    tools/outlines.py --country PE|MX --tolerance DEG --source TEXT \
        --licence TEXT [--map FIELD=VALUE:CODE] [--union CODE:OTHER] \
        GEOJSON[:FIELD[:FILTER]] ... > share/regions/XX.outline

Reads the polygons of each GeoJSON file, names each feature by its
region code (through share/regions/XX.tsv: the code, an INEGI/UBIGEO
code or a name or alias of the feature's FIELD, accents and case
ignored), simplifies every ring with Douglas-Peucker at DEG degrees,
drops rings that simplify to fewer than 4 points and, with --min-area,
rings smaller than that many square degrees (but a feature's largest
ring), and writes the
outline format of telestat-report(1) (MAP): comment lines "# ...", then
one line per ring, "CODE<TAB>X,Y X,Y ...", longitude and latitude in
thousandths of a degree, rings of a code in a row. Features listed in a
later file are drawn after (over) those of an earlier one; --inside
CHILD:PARENT writes a "%inside CHILD PARENT" line (CHILD is drawn, over
PARENT, only when a map has a value for it). FILTER is
FIELD2=VALUE: only features whose FIELD2 is VALUE are read.

--map FIELD=VALUE:CODE names the features whose FIELD is VALUE CODE,
before (and whatever) their name says: a source's stable identifier
(Natural Earth's adm1_code) where its names are ambiguous or wrong.
--union CODE:OTHER adds OTHER's polygons to CODE's, dissolving the
borders they share (edges found in both, in opposite directions) before
simplifying, so that CODE is drawn as one shape with no seam: Peru's
Lima department is Natural Earth's "Lima" (the region) with "Lima
Province" (Lima Metropolitana) joined back into it.

Only the Python standard library is used (Debian's python3).
"""
import argparse
import json
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize('NFKD', s)
    s = ''.join(c for c in s if not unicodedata.combining(c))
    return ' '.join(s.lower().replace('-', ' ').replace('.', ' ').split())


def region_index(path):
    idx = {}
    with open(path, encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            if line.startswith('#') or not line.strip():
                continue
            row = dict(zip(head, line.rstrip('\n').split('\t')))
            code = row['iso']
            names = [code, row.get('name_es', ''), row.get('name_en', '')]
            names += row.get('codes', '').split('|')
            names += row.get('aliases', '').split('|')
            for n in names:
                if n:
                    idx.setdefault(norm(n), code)
    return idx


def dp(points, tol):
    """Douglas-Peucker on an open polyline; keeps both ends."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        ax, ay = points[a]
        bx, by = points[b]
        dx, dy = bx - ax, by - ay
        d2 = dx * dx + dy * dy
        best, far = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            if d2 == 0:
                dist = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
            else:
                dist = abs(dy * px - dx * py + bx * ay - by * ax) / d2 ** 0.5
            if dist > best:
                best, far = dist, i
        if far >= 0 and best > tol:
            keep[far] = True
            stack.append((a, far))
            stack.append((far, b))
    return [p for p, k in zip(points, keep) if k]


def simplify_ring(ring, tol):
    ring = [tuple(p[:2]) for p in ring]
    if ring[0] != ring[-1]:
        ring.append(ring[0])
    # A closed ring is split at its point farthest from the first, so
    # that both ends of each half are fixed points of the outline.
    far = max(range(len(ring)), key=lambda i: (ring[i][0] - ring[0][0]) ** 2 +
              (ring[i][1] - ring[0][1]) ** 2)
    out = dp(ring[:far + 1], tol)[:-1] + dp(ring[far:], tol)
    pts = []
    for x, y in out:
        q = (round(x * 1000), round(y * 1000))
        if not pts or pts[-1] != q:
            pts.append(q)
    return pts if len(pts) >= 4 else None


def area(r):
    """Area of a ring of thousandths of a degree, in their squares."""
    return abs(sum(r[i][0] * r[i - 1][1] - r[i - 1][0] * r[i][1]
                   for i in range(len(r)))) / 2


def oriented(ring):
    """RING (closed, points as tuples) turned counter-clockwise."""
    s = sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
            for i in range(len(ring) - 1))
    return ring if s > 0 else ring[::-1]


def dissolve(rings):
    """The outer rings RINGS joined where they share edges: every edge
    whose reverse is also an edge is dropped and the rest chained into
    rings again. Needs shared borders to have the same points in both
    polygons, as Natural Earth's topology has; raises ValueError if not."""
    edges = []
    for r in rings:
        r = oriented([tuple(p[:2]) for p in r])
        if r[0] != r[-1]:
            r.append(r[0])
        edges += list(zip(r, r[1:]))
    present = set(edges)
    nxt = {}
    for a, b in edges:
        if (b, a) not in present:
            if a in nxt:
                raise ValueError('point %r starts two outer edges' % (a,))
            nxt[a] = b
    out = []
    while nxt:
        start, b = nxt.popitem()
        ring = [start, b]
        while b != start:
            b = nxt.pop(b, None)
            if b is None:
                raise ValueError('the joined outline does not close')
            ring.append(b)
        out.append([list(p) for p in ring])
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--country', required=True)
    ap.add_argument('--tolerance', type=float, required=True)
    ap.add_argument('--source', action='append', default=[])
    ap.add_argument('--licence', required=True)
    ap.add_argument('--min-area', type=float, default=0.0,
                    help='drop rings smaller than this (square degrees), '
                    'except the largest of a feature')
    ap.add_argument('--inside', action='append', default=[],
                    help='CHILD:PARENT: CHILD lies within PARENT')
    ap.add_argument('--map', action='append', default=[],
                    help='FIELD=VALUE:CODE: features whose FIELD is VALUE '
                    'are CODE')
    ap.add_argument('--union', action='append', default=[],
                    help='CODE:OTHER: CODE also covers OTHER, shared '
                    'borders dissolved')
    ap.add_argument('inputs', nargs='+')
    a = ap.parse_args()
    cc = a.country.lower()
    idx = region_index('share/regions/%s.tsv' % cc)
    fixed = []
    for spec in a.map:
        fv, code = spec.rsplit(':', 1)
        field, value = fv.split('=', 1)
        fixed.append((field, value, code))
    raw = {}
    order = []
    for spec in a.inputs:
        parts = spec.split(':')
        path, field = parts[0], parts[1] if len(parts) > 1 else 'name'
        filt = parts[2].split('=', 1) if len(parts) > 2 else None
        with open(path, encoding='utf-8') as f:
            gj = json.load(f)
        for feat in gj['features']:
            props = feat['properties']
            if filt and str(props.get(filt[0])) != filt[1]:
                continue
            name = str(props.get(field) or '')
            code = next((c for fl, v, c in fixed
                         if str(props.get(fl)) == v), None) or \
                idx.get(norm(name))
            if code is None:
                print('outlines.py: %s: no region for %r: left out' %
                      (path, name), file=sys.stderr)
                continue
            geom = feat['geometry']
            polys = geom['coordinates'] if geom['type'] == 'MultiPolygon' \
                else [geom['coordinates']]
            if code not in raw:
                raw[code] = []
                order.append(code)
            raw[code].append(polys)
    for spec in a.union:
        code, other = spec.split(':')
        outer = [poly[0] for polys in raw[code] + raw[other]
                 for poly in polys]
        if any(len(poly) > 1 for polys in raw[code] + raw[other]
               for poly in polys):
            sys.exit('outlines.py: --union %s: polygons with holes are '
                     'not joined' % spec)
        raw[code] = [[[r] for r in dissolve(outer)]]
    for spec in a.inside:
        # A child is drawn over its parent: after it, whatever the order
        # of the features in the input.
        child = spec.split(':')[0]
        if child in order:
            order.remove(child)
            order.append(child)
    rings = {}
    for code in order:
        rings[code] = []
        for polys in raw[code]:
            kept = []
            for poly in polys:
                for ring in poly:
                    r = simplify_ring(ring, a.tolerance)
                    if r:
                        kept.append(r)
            if kept:
                big = max(area(r) for r in kept)
                rings[code] += [r for r in kept if area(r) == big or
                                area(r) >= a.min_area * 1e6]
    print('# %s.outline - simplified region outlines of %s for telestat\'s'
          ' maps' % (cc, a.country.upper()))
    for s in a.source:
        print('# source: %s' % s)
    print('# licence: %s' % a.licence)
    print('# method: tools/outlines.py, Douglas-Peucker at %g degrees; rings'
          ' of fewer than 4 points, and islands under %g square degrees'
          ' (but a region\'s largest ring), dropped' %
          (a.tolerance, a.min_area))
    for spec in a.union:
        print('# joined: %s drawn with %s, their shared border dissolved'
              ' before simplifying' % tuple(spec.split(':')))
    print('# format: CODE<TAB>X,Y X,Y ... one ring a line; X longitude and'
          ' Y latitude in thousandths of a degree')
    for spec in a.inside:
        child, parent = spec.split(':')
        print('%%inside %s %s' % (child, parent))
    total = 0
    for code in order:
        for r in rings[code]:
            total += len(r)
            print('%s\t%s' % (code, ' '.join('%d,%d' % p for p in r)))
    print('outlines.py: %d regions, %d rings, %d points' %
          (len(order), sum(len(rings[c]) for c in order), total),
          file=sys.stderr)


if __name__ == '__main__':
    main()
