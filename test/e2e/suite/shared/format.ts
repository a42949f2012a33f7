// printf-like formatting (%s %d %i %f %j %o %O %%) as mocha's reporters use it; util.format is Node-only.
export function format(args: unknown[]): string {
  if (args.length === 0) { return ''; }
  let rest = args.slice(1);
  let out = String(args[0]);
  if (typeof args[0] === 'string') {
    out = args[0].replace(/%[sdifjoO%]/g, spec => {
      if (spec === '%%') { return '%'; }
      if (rest.length === 0) { return spec; }
      const v = rest[0];
      rest = rest.slice(1);
      switch (spec) {
        case '%d': case '%i': return String(Math.trunc(Number(v)));
        case '%f': return String(Number(v));
        case '%j': case '%o': case '%O': try { return JSON.stringify(v); } catch { return String(v); }
        default: return String(v);
      }
    });
  }
  return [out, ...rest.map(v => (typeof v === 'string' ? v : JSON.stringify(v)))].join(' ');
}
