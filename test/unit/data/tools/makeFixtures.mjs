// Writes the hostile corpus and dialect samples into test/fixtures/csv. Text fixtures are spelled
// out here so their exact bytes (CRLF, BOM, missing final newline) are visible in one place.
// usage: node test/unit/data/tools/makeFixtures.mjs
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = path.resolve(import.meta.dirname, '../../../fixtures/csv');
fs.mkdirSync(dir, { recursive: true });
const put = (name, content) => fs.writeFileSync(path.join(dir, name), typeof content === 'string' ? Buffer.from(content, 'utf8') : content);

function rng(seed) {
  let a = seed >>> 0;
  return () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

// ---- hostile corpus
put('empty.csv', '');
put('header-only.csv', 'a,b,c\n');
put('one-row.csv', 'a,b,c\n1,2,3\n');
put('all-text.csv', 'name,city,colour\nAda,London,red\nBob,Paris,blue\nCy,Rome,green\n');
put('one-numeric-column.csv', 'value\n3.5\n1.25\nNA\n7\n');
put('ragged.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n\n13,14,15\n');
put('huge-magnitudes.csv', 'v,w\n1e308,1\n-1e308,2\nInfinity,3\n-inf,4\n0,5\n');
const garbage = Buffer.alloc(2048);
const r = rng(99);
for (let i = 0; i < garbage.length; i++) { garbage[i] = Math.floor(r() * 256); }
Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]).copy(garbage);
put('binary-garbage.csv', garbage);
put('html-script.csv', '<b>name</b>,"<script>alert(1)</script>",x\n<img src=x onerror=alert(1)>,</td><td>,1\n"<script>alert(""x"")</script>",&amp;,2\n');
put('formula-cells.csv', "cmd,x\n=cmd|' /C calc'!A0,1\n+SUM(A1:A2),2\n-2+3,3\n@SUM(1),4\n");
put('duplicate-rows.csv', 'a,b\n1,2\n1,2\n1,2\n3,4\n');
put('constant-column.csv', 'a,k\n1.5,5\n0.5,5\n2.5,5\n');
put('excel-sep-line.csv', 'sep=;\r\na;b\r\n1,5;2\r\n3;4\r\n');
put('trailing-empty-lines.csv', 'a,b\n1,2\n3,4\n\n\n\n');
put('trailing-delimiter.csv', 'a,b,\n1,2,\n3,4,\n');
put('decimal-comma.csv', 'x;y\n1,5;2,25\n-0,5;3\n10;1e-2\n');
put('thousands-quoted.csv', 'city,population\nA,"1,234,567"\nB,"12,000"\nC,950\n');
put('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('naïve,x\nä,1\nö,2\n', 'utf16le')]));
const be = Buffer.from('naïve,x\nä,1\nö,2\n', 'utf16le'); be.swap16();
put('utf16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
put('utf16-no-bom.csv', Buffer.from('a,b\n1,2\n3,4\n', 'utf16le'));
put('only-bom.csv', Buffer.from([0xef, 0xbb, 0xbf]));
put('windows-1252.csv', Buffer.concat([Buffer.from('name,price\n'), Buffer.from([0x43, 0x61, 0x66, 0xe9]), Buffer.from(',3.5\n'), Buffer.from([0x80]), Buffer.from('uro,2\n')]));
put('unterminated-quote.csv', 'a,b\n1,2\n"oops,3\n4,5\n');
put('mostly-numeric.csv', 'x,y\n1,2\n3,4\n5,?\n7,8\n9,10\n11,12\n13,14\n15,16\n17,18\n19,20\n21,22\n');
put('pandas-index.csv', ',a,b\n0,1.5,2.5\n1,2.5,3\n2,0.5,1\n');

// ---- dialect samples (also the writer's round-trip corpus)
put('comma-crlf.csv', 'id,x,y\r\n1,0.5,2\r\n2,1.5,\r\n3,2.5,4\r\n');
// A CRLF file with lone LFs (one line edited on Unix): both end a line, as in pandas; inside quotes an LF stays.
put('crlf-lone-lf.csv', 'id,x,name\r\n1,0.5,a\n2,1.5,"b\nc"\r\n3,2.5,d\n4,,"e"\n5,3.5,f\r\n');
put('semicolon.csv', 'x;y;label\n1.5;2;a\n2.5;3;b\n3.5;4;c\n');
put('tab.tsv', 'x\ty\tlabel\n1\t2\ta b\n3\t4\tc\n5\t6\td\n');
put('pipe.csv', 'x|y|z\n1|2|3\n4|5|6\n7|8|9\n');
put('quoted-multiline.csv', 'note,x,y\r\n"line one\r\nline two",1,2\r\n"a ""quoted"" word, with comma",3,4\r\nplain,5,6\r\n');
put('bom-utf8.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('größe,x\n1,2\n3,4\n')]));
put('no-final-newline.csv', 'x,y\n1,2\n3,4');
put('cr-only.csv', 'x,y\r1,2\r3,4\r');
