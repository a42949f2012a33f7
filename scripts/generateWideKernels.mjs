// Writes src/core/kernels/wideWasm.ts: the register-tiled kernels of full-covariance EM on wide data
// (see src/core/wideKernels.ts) as a WebAssembly module with 128-bit SIMD (two doubles per
// instruction), emitted byte by byte here so that the build needs no assembler. The module is a
// kilobyte; the TypeScript file holds its bytes and compiles it at run time (Node and
// browsers' workers alike). Two modules, the same kernels:
// - plain: every kernel does exactly the arithmetic, in exactly the order, of its JavaScript twin
//   in wideTiles.ts or widePrecisionTiles.ts (IEEE add and multiply per lane), so both give the
//   same bits (tested);
// - fused: each SIMD multiply-add is relaxed SIMD's f64x2.relaxed_madd, a fused multiply-add (one
//   rounding) where the CPU has one: a third more arithmetic per cycle, results within rounding
//   of the plain module's, the same on every thread of one machine. It needs an engine with
//   relaxed SIMD (V8 11.4+, or Node 20's flag: src/compute/relaxedSimd.ts).
// test/unit/core/kernels/generatedKernels.test.ts regenerates the file and compares.
// usage: node scripts/generateWideKernels.mjs [--check]   (--check: exit 1 if the file is out of date)
import * as path from 'node:path';
import { writeGenerated } from './writeGenerated.mjs';

// ---------------------------------------------------------------------------------------------
// A tiny assembler: enough of the binary format for functions of i32 and v128 locals.

const uleb = n => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n !== 0) { b |= 0x80; } out.push(b); } while (n !== 0); return out; };
const sleb = n => {
  const out = [];
  for (;;) {
    const b = n & 0x7f; n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) { out.push(b); return out; }
    out.push(b | 0x80);
  }
};
const vec = items => [...uleb(items.length), ...items.flat()];
const section = (id, bytes) => [id, ...uleb(bytes.length), ...bytes];
const name = s => vec([...Buffer.from(s, 'utf8')]);

const I32 = 0x7f, F64 = 0x7c, V128 = 0x7b;
const simd = code => [0xfd, ...uleb(code)];
const memarg = (align, offset) => [...uleb(align), ...uleb(offset)];

/** A function body under construction: named locals, instructions as byte arrays. */
class Fn {
  constructor(params, results = []) {
    this.params = params;
    this.results = results;
    this.locals = new Map(params.map((p, i) => [p, { index: i, type: I32 }]));
    this.extra = [];
    this.code = [];
  }
  local(id, type) {
    if (!this.locals.has(id)) { this.locals.set(id, { index: this.locals.size, type }); this.extra.push(type); }
    return id;
  }
  idx(id) { const l = this.locals.get(id); if (!l) { throw new Error(`no local ${id}`); } return l.index; }
  emit(...bytes) { this.code.push(...bytes.flat()); return this; }
  get(id) { return this.emit(0x20, uleb(this.idx(id))); }
  set(id) { return this.emit(0x21, uleb(this.idx(id))); }
  i32(n) { return this.emit(0x41, sleb(n)); }
  // i32 arithmetic on the stack
  add() { return this.emit(0x6a); }
  mul() { return this.emit(0x6c); }
  shl() { return this.emit(0x74); }
  ltU() { return this.emit(0x49); }
  leU() { return this.emit(0x4d); }
  ne() { return this.emit(0x47); }
  sub() { return this.emit(0x6b); }
  eq() { return this.emit(0x46); }
  gtU() { return this.emit(0x4b); }
  geU() { return this.emit(0x4f); }
  shrU() { return this.emit(0x76); }
  and() { return this.emit(0x71); }
  /** (a, b, condition) on the stack → condition ? a : b */
  select() { return this.emit(0x1b); }
  /** local id += value (i32) */
  inc(id, value) { return this.get(id).i32(value).add().set(id); }
  incBy(id, other) { return this.get(id).get(other).add().set(id); }
  // SIMD
  zero(id) { return this.emit(simd(12), new Array(16).fill(0)).set(id); }
  /** pushes the v128 of two doubles (a, b) */
  vconst(a, b) { return this.emit(simd(12), [...new Uint8Array(new Float64Array([a, b]).buffer)]); }
  load(ptr, offset) { return this.get(ptr).emit(simd(0), memarg(3, offset)); }
  splat(ptr, offset) { return this.get(ptr).emit(simd(10), memarg(3, offset)); }
  store(ptr, offset, value) { return this.get(ptr).get(value).emit(simd(11), memarg(3, offset)); }
  /** v128 load from the address on the stack (+ offset bytes) */
  loadTop(offset) { return this.emit(simd(0), memarg(3, offset)); }
  vadd() { return this.emit(simd(240)); }
  vmul() { return this.emit(simd(242)); }
  vsub() { return this.emit(simd(241)); }
  lane(i) { return this.emit(simd(33), [i]); }
  /**
   * acc += a · b, the operands pushed by pushOperands: in the plain module a multiply then an add
   * (each rounded, as JavaScript does), in the fused one relaxed SIMD's f64x2.relaxed_madd, which
   * the engine makes one fused multiply-add (one rounding) where the CPU has it.
   */
  mac(acc, pushOperands) {
    if (fused) { pushOperands(); return this.get(acc).emit(simd(0x107)).set(acc); }
    this.get(acc); pushOperands();
    return this.vmul().vadd().set(acc);
  }
  madd(acc, a, b) { return this.mac(acc, () => this.get(a).get(b)); }
  // scalar f64
  f64load(ptr, offset) { return this.get(ptr).emit(0x2b, memarg(3, offset)); }
  /** f64 load from the address on the stack (+ offset bytes) */
  f64loadTop(offset) { return this.emit(0x2b, memarg(3, offset)); }
  /** f64 store of (address, value) on the stack (+ offset bytes) */
  f64storeTop(offset) { return this.emit(0x39, memarg(3, offset)); }
  f64add() { return this.emit(0xa0); }
  f64mul() { return this.emit(0xa2); }
  f64sub() { return this.emit(0xa1); }
  f64div() { return this.emit(0xa3); }
  f64sqrt() { return this.emit(0x9f); }
  f64const(x) { const b = new Uint8Array(new Float64Array([x]).buffer); return this.emit(0x44, [...b]); }
  f64store(ptr, offset, value) { this.get(ptr); value(); return this.emit(0x39, memarg(3, offset)); }
  call(index) { return this.emit(0x10, uleb(index)); }
  ifThen(body) { this.emit(0x04, 0x40); body(); return this.emit(0x0b); }
  ifElse(then, otherwise) { this.emit(0x04, 0x40); then(); this.emit(0x05); otherwise(); return this.emit(0x0b); }
  ret() { return this.emit(0x0f); }
  // structured control
  loop(body) { this.emit(0x03, 0x40); body(); return this.emit(0x0b); }
  block(body) { this.emit(0x02, 0x40); body(); return this.emit(0x0b); }
  brIf(depth) { return this.emit(0x0d, uleb(depth)); }
  br(depth) { return this.emit(0x0c, uleb(depth)); }
  eqz() { return this.emit(0x45); }
  bytes() {
    const groups = [];
    for (const t of this.extra) {
      const last = groups[groups.length - 1];
      if (last && last[1] === t) { last[0]++; } else { groups.push([1, t]); }
    }
    const body = [...vec(groups.map(([n, t]) => [...uleb(n), t])), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

// ---------------------------------------------------------------------------------------------
// Kernels. Pointers are byte offsets into the module's memory; dp (the padded d) is a multiple of 4.

/**
 * mahalanobis(z, p, out, nTiles, dp): out[i] += Σⱼ yᵢⱼ² for the rows of nTiles tiles of 4, with
 * y = z P, P upper triangular. z packed by row tile: tile t, column l, row r at ((t·dp + l)·4 + r)·8;
 * p packed by column tile: tile q, row l, column c at ((q·dp + l)·4 + c)·8 (rows l < 4q + 4 read).
 * For each column tile (4 columns), each row tile: 4 × 4 sums over l in registers (from 0, l
 * ascending), then out[i] = out[i] + y₀² + y₁² + y₂² + y₃²: every sum in the order of the generic
 * loop of gmmKernels.ts (the products with P's zeros below the diagonal add nothing), so the same bits.
 */
function mahalanobis() {
  const f = new Fn(['z', 'p', 'out', 'nTiles', 'dp']);
  ['q', 't', 'l', 'zt', 'pq', 'zptr', 'pptr', 'outp', 'tileBytes'].forEach(id => f.local(id, I32));
  const acc = [0, 1, 2, 3].map(r => [0, 1].map(h => f.local(`a${r}${h}`, V128)));
  ['pv0', 'pv1', 'zs', 'v', 'v2'].forEach(id => f.local(id, V128));
  f.get('dp').i32(5).shl().set('tileBytes');
  f.get('nTiles').eqz().brIf(0);
  f.i32(0).set('q').get('p').set('pq');
  f.loop(() => {
    // column tile q: columns 4q … 4q + 3, rows l < 4q + 4 of P
    f.i32(0).set('t').get('z').set('zt').get('out').set('outp');
    f.loop(() => {
      acc.flat().forEach(a => f.zero(a));
      f.get('zt').set('zptr').get('pq').set('pptr').get('q').i32(4).add().set('l');
      f.loop(() => {
        f.load('pptr', 0).set('pv0').load('pptr', 16).set('pv1');
        for (let r = 0; r < 4; r++) {
          f.splat('zptr', 8 * r).set('zs');
          f.madd(acc[r][0], 'zs', 'pv0').madd(acc[r][1], 'zs', 'pv1');
        }
        f.inc('zptr', 32).inc('pptr', 32);
        f.get('l').i32(-1).add().set('l').get('l').brIf(0);
      });
      for (let r = 0; r < 4; r++) {
        const [a0, a1] = acc[r];
        f.get(a0).get(a0).vmul().set('v').get(a1).get(a1).vmul().set('v2');
        f.get('outp').f64load('outp', 8 * r).get('v').lane(0).f64add().get('v').lane(1).f64add()
          .get('v2').lane(0).f64add().get('v2').lane(1).f64add().emit(0x39, memarg(3, 8 * r));
      }
      f.incBy('zt', 'tileBytes').inc('outp', 32).inc('t', 1);
      f.get('t').get('nTiles').ltU().brIf(0);
    });
    f.incBy('pq', 'tileBytes').inc('q', 4);
    f.get('q').get('dp').ltU().brIf(0);
  });
  return f;
}

/**
 * mahalanobisBounded(z, p, out, limit, nTiles, dp): mahalanobis' sums, tile by tile (row tile
 * outer, column tiles inner), and a row tile stops before its next column tile once all four of
 * its rows have out[i] > limit[i] (limit: one double per row, as out). The sums a tile does make
 * are mahalanobis' own, in its order, so a tile that runs to the end has the same bits; one that
 * stopped holds a partial sum, a lower bound (every term is a square). With limit +∞ (or NaN) a
 * tile never stops; with −∞ it does nothing. The E-step passes the limit past which a component's
 * density cannot survive its row's normalisation (see wideKernels.ts).
 */
function mahalanobisBounded() {
  const f = new Fn(['z', 'p', 'out', 'limit', 'nTiles', 'dp']);
  ['q', 't', 'l', 'zt', 'pq', 'zptr', 'pptr', 'tileBytes'].forEach(id => f.local(id, I32));
  const acc = [0, 1, 2, 3].map(r => [0, 1].map(h => f.local(`a${r}${h}`, V128)));
  ['pv0', 'pv1', 'zs', 'v', 'v2'].forEach(id => f.local(id, V128));
  f.get('dp').i32(5).shl().set('tileBytes');
  f.get('nTiles').eqz().brIf(0);
  f.i32(0).set('t').get('z').set('zt');
  f.loop(() => {
    f.i32(0).set('q').get('p').set('pq');
    f.block(() => {
      f.loop(() => {
        // all four rows past their limits (f64x2.gt, v128.and, i64x2.all_true): this tile is done
        f.get('out').loadTop(0).get('limit').loadTop(0).emit(simd(74));
        f.get('out').loadTop(16).get('limit').loadTop(16).emit(simd(74)).emit(simd(78)).emit(simd(195)).brIf(1);
        acc.flat().forEach(a => f.zero(a));
        f.get('zt').set('zptr').get('pq').set('pptr').get('q').i32(4).add().set('l');
        f.loop(() => {
          f.load('pptr', 0).set('pv0').load('pptr', 16).set('pv1');
          for (let r = 0; r < 4; r++) {
            f.splat('zptr', 8 * r).set('zs');
            f.madd(acc[r][0], 'zs', 'pv0').madd(acc[r][1], 'zs', 'pv1');
          }
          f.inc('zptr', 32).inc('pptr', 32);
          f.get('l').i32(-1).add().set('l').get('l').brIf(0);
        });
        for (let r = 0; r < 4; r++) {
          const [a0, a1] = acc[r];
          f.get(a0).get(a0).vmul().set('v').get(a1).get(a1).vmul().set('v2');
          f.get('out').f64load('out', 8 * r).get('v').lane(0).f64add().get('v').lane(1).f64add()
            .get('v2').lane(0).f64add().get('v2').lane(1).f64add().emit(0x39, memarg(3, 8 * r));
        }
        f.incBy('pq', 'tileBytes').inc('q', 4);
        f.get('q').get('dp').ltU().brIf(0);
      });
    });
    f.incBy('zt', 'tileBytes').inc('out', 32).inc('limit', 32).inc('t', 1);
    f.get('t').get('nTiles').ltU().brIf(0);
  });
  return f;
}

/**
 * scatter(w, z, s, nRows, dp, panel): s[j][l] += Σᵢ w[i][j] · z[i][l] for the 4 × 4 tiles on and
 * below the diagonal (l0 ≤ j0), rows in order; s row-major with row length dp; w and z packed in
 * panels of four columns: column j of row i at ((j >> 2)·panel + 4i + (j & 3))·8, so that a tile
 * reads two contiguous runs (the w panel stays in L1 for all tiles of its row of tiles, instead of
 * two cache lines a row at a stride of d). Each tile's 16 sums start from s and stay in registers
 * over all rows: the order of the sum does not depend on how the caller cuts the rows into calls.
 */
function scatter() {
  const f = new Fn(['w', 'z', 's', 'nRows', 'dp', 'panel']);
  ['j0', 'l0', 'i', 'wp', 'zp', 'sp', 'stride', 'wq', 'zq', 'panelBytes'].forEach(id => f.local(id, I32));
  const acc = [0, 1, 2, 3].map(r => [0, 1].map(h => f.local(`a${r}${h}`, V128)));
  ['zv0', 'zv1', 'ws'].forEach(id => f.local(id, V128));
  f.get('dp').i32(3).shl().set('stride');
  f.get('panel').i32(3).shl().set('panelBytes');
  f.get('nRows').eqz().brIf(0);
  f.i32(0).set('j0').get('w').set('wq');
  f.loop(() => {
    f.i32(0).set('l0').get('z').set('zq');
    f.loop(() => {
      // sp = s + (j0·dp + l0)·8
      f.get('s').get('j0').get('stride').mul().add().get('l0').i32(3).shl().add().set('sp');
      for (let r = 0; r < 4; r++) {
        f.load('sp', 0).set(acc[r][0]);
        f.load('sp', 16).set(acc[r][1]);
        if (r < 3) { f.incBy('sp', 'stride'); }
      }
      f.get('wq').set('wp').get('zq').set('zp');
      f.get('nRows').set('i');
      f.loop(() => {
        f.load('zp', 0).set('zv0').load('zp', 16).set('zv1');
        for (let r = 0; r < 4; r++) {
          f.splat('wp', 8 * r).set('ws');
          f.madd(acc[r][0], 'ws', 'zv0').madd(acc[r][1], 'ws', 'zv1');
        }
        f.inc('wp', 32).inc('zp', 32);
        f.get('i').i32(-1).add().set('i').get('i').brIf(0);
      });
      f.get('s').get('j0').get('stride').mul().add().get('l0').i32(3).shl().add().set('sp');
      for (let r = 0; r < 4; r++) {
        f.store('sp', 0, acc[r][0]).store('sp', 16, acc[r][1]);
        if (r < 3) { f.incBy('sp', 'stride'); }
      }
      f.incBy('zq', 'panelBytes').inc('l0', 4);
      f.get('l0').get('j0').leU().brIf(0);
    });
    f.incBy('wq', 'panelBytes').inc('j0', 4);
    f.get('j0').get('dp').ltU().brIf(0);
  });
  return f;
}

/**
 * center(x, mu, z, nTiles, dp): z = x − μ for nTiles row tiles packed as mahalanobis reads them
 * (tile t, column l, row r at ((t·dp + l)·4 + r)·8), μ (dp doubles) subtracted from every row.
 */
function center() {
  const f = new Fn(['x', 'mu', 'z', 'nTiles', 'dp']);
  ['t', 'l', 'mp'].forEach(id => f.local(id, I32));
  f.local('m', V128);
  f.get('nTiles').eqz().brIf(0);
  f.i32(0).set('t');
  f.loop(() => {
    f.get('mu').set('mp').get('dp').set('l');
    f.loop(() => {
      f.splat('mp', 0).set('m');
      f.get('z').load('x', 0).get('m').vsub().emit(simd(11), memarg(3, 0));
      f.get('z').load('x', 16).get('m').vsub().emit(simd(11), memarg(3, 16));
      f.inc('x', 32).inc('z', 32).inc('mp', 8);
      f.get('l').i32(-1).add().set('l').get('l').brIf(0);
    });
    f.inc('t', 1);
    f.get('t').get('nTiles').ltU().brIf(0);
  });
  return f;
}

/**
 * acc[u][h] += splat(sp + 8u) · load(vp + 16h) (u < 4, h < 2) for `count` steps of 32 bytes of
 * both (count may be 0): the precision factor's 4 × 4 sums, each a chain in order of the steps,
 * as productTile of widePrecisionTiles.ts; sp, vp and count are consumed.
 */
function productLoop(f, acc, sp, vp, count) {
  ['w0', 'w1', 'u'].forEach(id => f.local(id, V128));
  f.block(() => {
    f.get(count).eqz().brIf(0);
    f.loop(() => {
      f.load(vp, 0).set('w0').load(vp, 16).set('w1');
      for (let u = 0; u < 4; u++) {
        f.splat(sp, 8 * u).set('u');
        f.madd(acc[u][0], 'u', 'w0').madd(acc[u][1], 'u', 'w1');
      }
      f.inc(sp, 32).inc(vp, 32);
      f.get(count).i32(-1).add().set(count).get(count).brIf(0);
    });
  });
}

/**
 * choleskyTiles(a, l, rcp, dp): the lower Cholesky factor of the dp × dp matrix at a (row-major,
 * dp·8 bytes a row, lower triangle read) into l, laid out by row tile ((i, j) at ((i >> 2)·dp + j)·32 +
 * (i & 3)·8 bytes): choleskyTilesJs of widePrecisionTiles.ts, lane by lane. For each column of
 * tiles J, each row tile I ≥ J: S = the 4 × 4 sums over the columns before 4J (productLoop: a
 * column of the J tile splat, two rows of the I tile a vector, so that a vector is two rows of one
 * column), then column by column c, two rows a vector: s = A − S, s −= L[·][4J + q]·L[j][4J + q]
 * for q < c, · rcp[j]. In the diagonal tile the pivot is √ of row c's lane, checked first (0 is
 * returned when it is not a positive finite number), and rcp[j] = 1 / pivot; the lanes of the rows
 * on and above the pivot are stored too (computed from whatever lies above A's diagonal: nothing
 * reads them). Returns 1.
 */
function choleskyTiles() {
  const f = new Fn(['a', 'l', 'rcp', 'dp'], [I32]);
  ['tileBytes', 'stride', 'lEnd', 'lJ', 'j0b', 'lI', 'i0', 'sp', 'vp', 'm', 'ci', 'cj', 'rj', 'diag', 'ar0', 'ar1', 'ar2', 'ar3'].forEach(id => f.local(id, I32));
  const acc = [0, 1, 2, 3].map(c => [0, 1].map(h => f.local(`s${c}${h}`, V128)));
  const v = [f.local('v0', V128), f.local('v1', V128)];
  const ar = ['ar0', 'ar1', 'ar2', 'ar3'];
  f.local('q', V128);
  f.local('piv', F64);
  f.get('dp').eqz().ifThen(() => f.i32(1).ret());
  f.get('dp').i32(5).shl().set('tileBytes');
  f.get('dp').i32(3).shl().set('stride');
  f.get('l').get('tileBytes').get('dp').i32(2).shrU().mul().add().set('lEnd');
  f.get('l').set('lJ').i32(0).set('j0b');
  f.loop(() => {
    f.get('lJ').set('lI').get('j0b').i32(5).shrU().set('i0');
    f.loop(() => {
      acc.flat().forEach(s => f.zero(s));
      f.get('lJ').set('sp').get('lI').set('vp').get('j0b').i32(5).shrU().set('m');
      productLoop(f, acc, 'sp', 'vp', 'm');
      f.get('lI').get('j0b').add().set('ci').get('lJ').get('j0b').add().set('cj');
      f.get('lI').get('lJ').eq().set('diag');
      f.get('rcp').get('j0b').i32(2).shrU().add().set('rj');
      // A's rows i0 … i0 + 3 from column j0 = j0b / 32
      f.get('a').get('i0').get('stride').mul().add().get('j0b').i32(2).shrU().add().set('ar0');
      for (let r = 1; r < 4; r++) { f.get(ar[r - 1]).get('stride').add().set(ar[r]); }
      for (let c = 0; c < 4; c++) {
        for (let h = 0; h < 2; h++) {
          f.get(ar[2 * h]).f64loadTop(8 * c).emit(simd(20)).get(ar[2 * h + 1]).f64loadTop(8 * c).emit(simd(34), [1]);
          f.get(acc[c][h]).vsub().set(v[h]);
        }
        for (let q = 0; q < c; q++) {
          f.splat('cj', 32 * q + 8 * c).set('q');
          for (let h = 0; h < 2; h++) { f.get(v[h]).load('ci', 32 * q + 16 * h).get('q').vmul().vsub().set(v[h]); }
        }
        f.get('diag').ifThen(() => {
          f.get(v[c >> 1]).lane(c & 1).set('piv');
          // !(s > 0 && s < ∞): not positive definite
          f.get('piv').f64const(0).emit(0x64).get('piv').f64const(Infinity).emit(0x63).and().eqz().ifThen(() => f.i32(0).ret());
          f.get('piv').f64sqrt().set('piv');
          f.f64store('rj', 8 * c, () => f.f64const(1).get('piv').f64div());
        });
        f.splat('rj', 8 * c).set('q');
        for (let h = 0; h < 2; h++) { f.get(v[h]).get('q').vmul().set(v[h]); f.store('ci', 32 * c + 16 * h, v[h]); }
      }
      f.incBy('lI', 'tileBytes').inc('i0', 4);
      f.get('lI').get('lEnd').ltU().brIf(0);
    });
    f.incBy('lJ', 'tileBytes').inc('j0b', 128);
    f.get('lJ').get('lEnd').ltU().brIf(0);
  });
  f.i32(1);
  return f;
}

/**
 * invertTiles(l, rcp, x, p, dp): X = L⁻¹ of the factor at l (by row tile, and rcp, as choleskyTiles
 * leaves them) into x by column tile ((i, j) at ((j >> 2)·dp + i)·32 + (j & 3)·8 bytes), and P = Xᵀ into p
 * (row-major, dp·8 bytes a row; below the diagonal not written): invertTilesJs of
 * widePrecisionTiles.ts, lane by lane. For each column of tiles C, each row tile R ≥ C: S = the
 * 4 × 4 sums over 4C ≤ p < 4R (productLoop: a column of the R tile of L splat, a row of the C tile
 * of X a vector, so that a vector is two columns of one row), then row by row r, two columns a
 * vector: s = [i = j] − S, s −= L[i][4R + q]·X[4R + q][·] for q < r, · rcp[i]; each lane also
 * stored to P, at the transposed place.
 */
function invertTiles() {
  const f = new Fn(['l', 'rcp', 'x', 'p', 'dp']);
  ['tileBytes', 'stride', 'lEnd', 'lC', 'xC', 'c0b', 'lR', 'r0b', 'sp', 'vp', 'm', 'li', 'xi', 'ri', 'diag', 'pr0', 'pr1', 'pr2', 'pr3'].forEach(id => f.local(id, I32));
  const acc = [0, 1, 2, 3].map(r => [0, 1].map(h => f.local(`s${r}${h}`, V128)));
  const v = [f.local('v0', V128), f.local('v1', V128)];
  const pr = ['pr0', 'pr1', 'pr2', 'pr3'];
  f.local('q', V128);
  f.get('dp').eqz().brIf(0);
  f.get('dp').i32(5).shl().set('tileBytes');
  f.get('dp').i32(3).shl().set('stride');
  f.get('l').get('tileBytes').get('dp').i32(2).shrU().mul().add().set('lEnd');
  f.get('l').set('lC').get('x').set('xC').i32(0).set('c0b');
  f.loop(() => {
    f.get('lC').set('lR').get('c0b').set('r0b');
    f.loop(() => {
      acc.flat().forEach(s => f.zero(s));
      f.get('lR').get('c0b').add().set('sp').get('xC').get('c0b').add().set('vp');
      f.get('r0b').get('c0b').sub().i32(5).shrU().set('m');
      productLoop(f, acc, 'sp', 'vp', 'm');
      f.get('lR').get('r0b').add().set('li').get('xC').get('r0b').add().set('xi');
      f.get('lR').get('lC').eq().set('diag');
      f.get('rcp').get('r0b').i32(2).shrU().add().set('ri');
      // P's rows c0 … c0 + 3 from column r0 (c0 = c0b / 32, r0 = r0b / 32)
      f.get('p').get('c0b').i32(5).shrU().get('stride').mul().add().get('r0b').i32(2).shrU().add().set('pr0');
      for (let c = 1; c < 4; c++) { f.get(pr[c - 1]).get('stride').add().set(pr[c]); }
      for (let r = 0; r < 4; r++) {
        for (let h = 0; h < 2; h++) {
          // [i = j]: row r's lane of the identity in the diagonal tile, else 0
          f.get('diag').ifElse(() => f.vconst(r === 2 * h ? 1 : 0, r === 2 * h + 1 ? 1 : 0).set(v[h]), () => f.zero(v[h]));
          f.get(v[h]).get(acc[r][h]).vsub().set(v[h]);
        }
        for (let q = 0; q < r; q++) {
          f.splat('li', 32 * q + 8 * r).set('q');
          for (let h = 0; h < 2; h++) { f.get(v[h]).get('q').load('xi', 32 * q + 16 * h).vmul().vsub().set(v[h]); }
        }
        f.splat('ri', 8 * r).set('q');
        for (let h = 0; h < 2; h++) {
          f.get(v[h]).get('q').vmul().set(v[h]);
          f.store('xi', 32 * r + 16 * h, v[h]);
          for (let lane = 0; lane < 2; lane++) { f.get(pr[2 * h + lane]).get(v[h]).lane(lane).f64storeTop(8 * r); }
        }
      }
      f.incBy('lR', 'tileBytes').inc('r0b', 128);
      f.get('lR').get('lEnd').ltU().brIf(0);
    });
    f.incBy('lC', 'tileBytes').incBy('xC', 'tileBytes').inc('c0b', 128);
    f.get('lC').get('lEnd').ltU().brIf(0);
  });
  return f;
}

/**
 * weigh(x, mu, r, idx, z, w, diff, nRows, dp, panel): the scatter's operands for nRows kept rows of
 * one component. Row m is row idx[m] (a double holding a row number) of the rows at x (row-major,
 * dp doubles a row, zero padding); with its responsibility r[m]: z = x − μ and w = r·z, written in
 * panels of four columns as scatter reads them (column j of row m at ((j >> 2)·panel + 4m + (j & 3))·8),
 * and diff[j] += w[j] with the rows in order. Per lane the operations of the JavaScript loop it
 * replaces (x − μ, r·(x − μ), then the running sum), so the same bits; padding gives exact zeros.
 */
function weigh() {
  const f = new Fn(['x', 'mu', 'r', 'idx', 'z', 'w', 'diff', 'nRows', 'dp', 'panel']);
  ['m', 'q', 'row', 'mp', 'dptr', 'zp', 'wp', 'panelBytes'].forEach(id => f.local(id, I32));
  ['rv', 'z0', 'z1', 'w0', 'w1'].forEach(id => f.local(id, V128));
  f.get('panel').i32(3).shl().set('panelBytes');
  f.get('nRows').eqz().brIf(0);
  f.i32(0).set('m');
  f.loop(() => {
    // row = x + idx[m]·dp·8; rv = (r[m], r[m])
    f.get('x').get('idx').get('m').i32(3).shl().add().f64loadTop(0).emit(0xaa).get('dp').mul().i32(3).shl().add().set('row');
    f.get('r').get('m').i32(3).shl().add().emit(simd(10), memarg(3, 0)).set('rv');
    f.get('mu').set('mp').get('diff').set('dptr');
    f.get('z').get('m').i32(5).shl().add().set('zp');
    f.get('w').get('m').i32(5).shl().add().set('wp');
    f.i32(0).set('q');
    f.loop(() => {
      f.load('row', 0).load('mp', 0).vsub().set('z0');
      f.load('row', 16).load('mp', 16).vsub().set('z1');
      f.get('rv').get('z0').vmul().set('w0');
      f.get('rv').get('z1').vmul().set('w1');
      f.store('zp', 0, 'z0').store('zp', 16, 'z1');
      f.store('wp', 0, 'w0').store('wp', 16, 'w1');
      f.get('dptr').load('dptr', 0).get('w0').vadd().emit(simd(11), memarg(3, 0));
      f.get('dptr').load('dptr', 16).get('w1').vadd().emit(simd(11), memarg(3, 16));
      f.inc('row', 32).inc('mp', 32).inc('dptr', 32).incBy('zp', 'panelBytes').incBy('wp', 'panelBytes').inc('q', 4);
      f.get('q').get('dp').ltU().brIf(0);
    });
    f.inc('m', 1);
    f.get('m').get('nRows').ltU().brIf(0);
  });
  return f;
}

// ---------------------------------------------------------------------------------------------

function assemble(functions) {
  const types = functions.map(([, f]) => [0x60, ...vec(f.params.map(() => I32)), ...vec(f.results)]);
  const magic = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  return Uint8Array.from([
    ...magic,
    ...section(1, vec(types)),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    // one memory, 1 page to start; the caller grows it to what a block needs
    ...section(5, vec([[0x00, 0x01]])),
    ...section(7, vec([
      ...functions.map(([n], i) => [...name(n), 0x00, ...uleb(i)]),
      [...name('memory'), 0x02, 0x00],
    ])),
    ...section(10, vec(functions.map(([, f]) => f.bytes()))),
  ]);
}

/**
 * fusedProbe(at): memory at `at` holds a, b, c (f64); writes the module's a · b + c at at + 24 (two
 * lanes). With a = 1 + 2⁻²⁷, b = 1 − 2⁻²⁷, c = −1 a fused multiply-add gives −2⁻⁵⁴ and a multiply
 * then an add gives 0: which one this engine and CPU do (wideKernels.ts asks before using the module).
 */
function fusedProbe() {
  const f = new Fn(['at']);
  ['va', 'vb', 'vc'].forEach(id => f.local(id, V128));
  f.splat('at', 0).set('va').splat('at', 8).set('vb').splat('at', 16).set('vc');
  f.madd('vc', 'va', 'vb');
  f.store('at', 24, 'vc');
  return f;
}

const KERNELS = [
  ['mahalanobis', mahalanobis], ['scatter', scatter], ['choleskyTiles', choleskyTiles], ['invertTiles', invertTiles],
  ['center', center], ['mahalanobisBounded', mahalanobisBounded], ['weigh', weigh], ['fusedProbe', fusedProbe],
];
/** Set while a module is emitted: Fn.mac reads it. */
let fused = false;
function emitModule(asFused) {
  fused = asFused;
  return assemble(KERNELS.map(([n, make]) => [n, make()]));
}
const plain = emitModule(false), fusedModule = emitModule(true);
new WebAssembly.Module(plain); // validates (the fused one needs relaxed SIMD, which this Node may not have)
const bytes = wasm => Array.from({ length: Math.ceil(wasm.length / 32) }, (_, i) => `  ${[...wasm.subarray(32 * i, 32 * i + 32)].join(', ')},`).join('\n');
const file = path.join(import.meta.dirname, '../src/core/kernels/wideWasm.ts');
writeGenerated(file, `// GENERATED by generateWideKernels.mjs (node scripts/generateWideKernels.mjs): do not edit.
// The WebAssembly modules of the wide-data EM kernels, plain (${plain.length} bytes) and fused (${fusedModule.length} bytes, relaxed SIMD):
// each exports memory, ${KERNELS.map(([n]) => n).join(', ')}.

export const WIDE_KERNELS_WASM = Uint8Array.from([
${bytes(plain)}
]);

export const WIDE_KERNELS_FUSED_WASM = Uint8Array.from([
${bytes(fusedModule)}
]);
`, `${plain.length} + ${fusedModule.length} bytes of WebAssembly`);
