/**
 * Facts about files from their path and content: test files, binary and minified content.
 */

const TEST_DIR = /(^|\/)(test|tests|__tests__|__mocks__|spec|specs|fixtures|__fixtures__|e2e|cypress|testdata|test-data|mocks?)\//i;
const TEST_FILE = /(\.(test|spec|e2e|cy|stories)\.[^./]+$)|((^|\/)test_[^/]+\.py$)|(_test\.(py|go|rb)$)|(_spec\.rb$)|((Tests?|IT)\.(java|kt|cs)$)|(Test\.php$)|((^|\/)conftest\.py$)/;

/** True for files that hold tests, fixtures or mocks, by the usual naming conventions of each ecosystem. */
export function isTestPath(path: string): boolean {
  const p = path.replace(/\\/g, '/');
  return TEST_DIR.test(p) || TEST_FILE.test(p);
}

/** True when the text holds a NUL character in its first 8 KB (a binary file read as text). */
export function looksBinary(text: string): boolean {
  return text.slice(0, 8192).includes('\0');
}

/** True for minified or generated one-line bundles: `.min.js`, or very long lines on average. */
export function looksMinified(path: string, text: string): boolean {
  if (/\.min\.[cm]?js$/i.test(path)) return true;
  if (text.length < 4096) return false;
  let lines = 1;
  let longest = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      lines++;
      longest = Math.max(longest, i - start);
      start = i + 1;
    }
  }
  longest = Math.max(longest, text.length - start);
  return longest > 2000 && text.length / lines > 300;
}
